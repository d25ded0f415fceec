"""Reads of the producers app: which producers and products a user may see."""

from django.db.models import Q

from ocop_portal.core import access
from ocop_portal.core.models import UNIT_ROLES

from .models import Producer, ProducerMembership, Product, ProductSet


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
