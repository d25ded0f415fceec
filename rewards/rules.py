"""Predicates of the rewards app. Three people, three roles of the paying province: provincial
staff (the department) propose a batch, an approver (the committee) approves it, finance marks its
lines paid and records corrections — and none of them acts twice on the same batch (the approver
is never the proposer, which the database also holds; finance is neither of them)."""

import rules

from ocop_portal.core import access
from ocop_portal.core.models import AdministrativeUnit, Role


def _province(obj):
    """The paying province of a batch, a payout line, a recognition decision or a schedule (or the
    province itself)."""
    if isinstance(obj, AdministrativeUnit):
        return obj
    for path in ("province", "batch.province", "entitlement.schedule.province"):
        target = obj
        for name in path.split("."):
            target = getattr(target, name, None)
        if target is not None:
            return target
    return None


@rules.predicate
def proposes_for(user, obj):
    """Provincial staff of the province: proposes batches, keeps its schedules."""
    return obj is not None and access.covers(user, _province(obj), (Role.PROVINCIAL_STAFF,))


@rules.predicate
def approves_for(user, batch):
    return batch is not None and access.covers(user, _province(batch), (Role.APPROVER,))


@rules.predicate
def pays_for(user, batch):
    return batch is not None and access.covers(user, _province(batch), (Role.FINANCE,))


@rules.predicate
def is_not_proposer(user, batch):
    return batch is not None and batch.proposed_by_id != user.pk


@rules.predicate
def is_not_approver(user, batch):
    return batch is not None and batch.approved_by_id != user.pk


can_propose = proposes_for  # a decision's entitlements (obj: the decision) or a selection (obj: the province's batch)
can_manage_schedules = proposes_for
can_approve_batch = approves_for & is_not_proposer
can_pay_batch = pays_for & is_not_proposer & is_not_approver

rules.add_perm("rewards.propose_batch", can_propose)
rules.add_perm("rewards.approve_batch", can_approve_batch)
rules.add_perm("rewards.pay_batch", can_pay_batch)
