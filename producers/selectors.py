"""Reads of the producers app: which producers and products a user may see."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from ocop_portal.core import access
from ocop_portal.core.models import UNIT_ROLES, AdministrativeUnit, Role, UnitLevel

from .models import Producer, ProducerMembership, Product, ProductSet, TrainingRecord


def producer_ids_of(user):
    """Ids of the producers the user acts for (member or owner); cached for the request."""
    if not access.is_authenticated(user):
        return set()
    cache = access._cache(user)
    if "producer_ids" not in cache:
        cache["producer_ids"] = dict(ProducerMembership.objects.filter(user=user).values_list("producer_id", "is_owner"))
    return set(cache["producer_ids"])


def owned_producer_ids(user):
    producer_ids_of(user)
    return {pk for pk, owner in access._cache(user).get("producer_ids", {}).items() if owner}


def is_producer_user(user):
    return bool(producer_ids_of(user))


def producers_visible_to(user):
    """Everything for a superuser; otherwise the producers in the user's territory (any territory
    role) and the producers the user acts for."""
    qs = Producer.objects.all()
    if not access.is_authenticated(user):
        return qs.none()
    if user.is_superuser:
        return qs
    return qs.filter(access.territory_q(user, "unit", UNIT_ROLES) | _own(user, "pk"))


def products_visible_to(user):
    qs = Product.objects.all()
    if not access.is_authenticated(user):
        return qs.none()
    if user.is_superuser:
        return qs
    return qs.filter(access.territory_q(user, "producer__unit", UNIT_ROLES) | _own(user, "producer_id"))


def memberships_visible_to(user):
    qs = ProducerMembership.objects.all()
    if not access.is_authenticated(user):
        return qs.none()
    if user.is_superuser:
        return qs
    return qs.filter(access.territory_q(user, "producer__unit", UNIT_ROLES) | _own(user, "producer_id"))


def product_sets_visible_to(user):
    """The 26 product sets are public reference data."""
    return ProductSet.objects.all()


def _own(user, field):
    ids = producer_ids_of(user)
    return Q(**{f"{field}__in": ids}) if ids else access.NOTHING


# --- Accounts, the profile's address, confirmation, people and training --------------------------


def email_taken(email):
    """Does any user already have `email` (as address or username), in any case?"""
    email = email.strip()
    return get_user_model().objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists()


def communes_today():
    """Today's communes and wards (the map since the 2025 reform), which a new producer's address
    is chosen from."""
    return AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, valid_from__isnull=False, valid_until__isnull=True)


def provinces_today():
    """The provinces today's communes lie in, by name."""
    return AdministrativeUnit.objects.filter(pk__in=communes_today().values("parent_id")).order_by("name")


# Who confirms a new producer: the local office of its commune, or the province's staff.
CONFIRMING_ROLES = (Role.LOCAL_OFFICER, Role.PROVINCIAL_STAFF)


def producers_pending_confirmation(user):
    """Producers not yet confirmed, in the territory the user confirms for (everything for a
    superuser), oldest first."""
    qs = Producer.objects.filter(confirmed_at__isnull=True)
    if not access.is_authenticated(user):
        return qs.none()
    if not user.is_superuser:
        qs = qs.filter(access.territory_q(user, "unit", CONFIRMING_ROLES))
    return qs.order_by("created_at", "pk")


def training_records_visible_to(user):
    qs = TrainingRecord.objects.all()
    if not access.is_authenticated(user):
        return qs.none()
    if user.is_superuser:
        return qs
    return qs.filter(access.territory_q(user, "producer__unit", UNIT_ROLES) | _own(user, "producer_id"))


# --- Standing documents (the files area) ----------------------------------------------------------

# Who reads a producer's standing documents besides its own users: the officers over its unit.
# (A council member reads those attached to a dossier of their session: evaluations' selectors.)
DOCUMENT_ROLES = (Role.LOCAL_OFFICER, Role.PROVINCIAL_STAFF)
EXPIRING_WITHIN_DAYS = 30


def standing_documents_visible_to(user):
    """Everything for a superuser; otherwise the documents of the producers the user acts for and
    of the producers in their territory as a local officer or provincial staff."""
    from .models import StandingDocument

    qs = StandingDocument.objects.all()
    if not access.is_authenticated(user):
        return qs.none()
    if user.is_superuser:
        return qs
    return qs.filter(access.territory_q(user, "producer__unit", DOCUMENT_ROLES) | _own(user, "producer_id"))


def standing_document_state(document, today):
    """"none" (no expiry date), "valid", "expiring" (within EXPIRING_WITHIN_DAYS days) or "expired"
    (its expiry date is before `today`)."""
    import datetime

    if document.expires_on is None:
        return "none"
    if document.expires_on < today:
        return "expired"
    if document.expires_on <= today + datetime.timedelta(days=EXPIRING_WITHIN_DAYS):
        return "expiring"
    return "valid"
