"""Reads of the rewards app: schedules, rates and payouts a user may see."""

from django.db.models import Q

from ocop_portal.core import access
from ocop_portal.core.models import Role
from producers.selectors import producer_ids_of

from .models import Payout, RewardRate, RewardSchedule

MONEY_ROLES = (Role.PROVINCIAL_STAFF, Role.APPROVER, Role.FINANCE)


def schedules_visible_to(user):
    """A province's schedules are its own staff's, approvers' and finance's business."""
    qs = RewardSchedule.objects.all()
    if not access.is_authenticated(user):
        return qs.none()
    if user.is_superuser:
        return qs
    ids = access.province_ids(user, MONEY_ROLES)
    return qs.filter(province_id__in=ids) if ids else qs.none()


def rates_visible_to(user):
    return RewardRate.objects.filter(schedule__in=schedules_visible_to(user))


def payouts_visible_to(user):
    """The province's money roles see its payouts; a local officer those of their territory; a
    producer's users what their producer is owed."""
    qs = Payout.objects.all()
    if not access.is_authenticated(user):
        return qs.none()
    if user.is_superuser:
        return qs
    unit = "result__application__product__producer__unit"
    own = producer_ids_of(user)
    return qs.filter(
        access.territory_q(user, unit, MONEY_ROLES + (Role.LOCAL_OFFICER,))
        | (Q(result__application__product__producer_id__in=own) if own else access.NOTHING)
    )
