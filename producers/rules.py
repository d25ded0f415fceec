"""Predicates of the producers app: acting for a producer."""

import rules

from ocop_portal.core.models import Role
from ocop_portal.core.rules import covers_unit, is_superuser

from . import selectors


@rules.predicate
def is_producer_user(user):
    return selectors.is_producer_user(user)


@rules.predicate
def acts_for_producer(user, producer):
    return producer is not None and producer.pk in selectors.producer_ids_of(user)


@rules.predicate
def owns_producer(user, producer):
    return producer is not None and producer.pk in selectors.owned_producer_ids(user)


@rules.predicate
def oversees_producer(user, producer):
    """A local officer or provincial staff whose territory holds the producer."""
    return producer is not None and covers_unit(Role.LOCAL_OFFICER, Role.PROVINCIAL_STAFF)(user, producer.unit)


@rules.predicate
def local_office_of_producer(user, producer):
    """A local officer whose territory holds the producer: may register and prepare its dossiers
    on its behalf (a household without a computer, an office's one-stop system through the API)."""
    return producer is not None and covers_unit(Role.LOCAL_OFFICER)(user, producer.unit)


can_edit_producer = is_superuser | owns_producer | oversees_producer
can_manage_producer_members = is_superuser | owns_producer
can_add_product = is_superuser | acts_for_producer | oversees_producer

rules.add_perm("producers.change_producer_profile", can_edit_producer)
rules.add_perm("producers.manage_members", can_manage_producer_members)
rules.add_perm("producers.add_product_for", can_add_product)

# The producer's own pages. Officers over its unit read them (and confirm the producer); its
# owners edit the profile and manage its people; every user acting for it records training.
can_update_producer = is_superuser | owns_producer
can_record_training = is_superuser | acts_for_producer

# The local office (or the province's staff) over the producer's unit confirms a new producer.
can_confirm_producer = is_superuser | oversees_producer
