"""Predicates of the rewards app: propose, approve (never the proposer), mark paid."""

import rules

from ocop_portal.core import access
from ocop_portal.core.models import Role


def _unit(payout):
    return payout.result.application.product.producer.unit


@rules.predicate
def proposes_for(user, payout):
    return payout is not None and access.covers(user, _unit(payout), (Role.PROVINCIAL_STAFF,))


@rules.predicate
def approves_for(user, payout):
    return payout is not None and access.covers(user, _unit(payout), (Role.APPROVER,))


@rules.predicate
def pays_for(user, payout):
    return payout is not None and access.covers(user, _unit(payout), (Role.FINANCE,))


@rules.predicate
def is_not_proposer(user, payout):
    return payout is not None and payout.proposed_by_id != user.pk


can_propose_payout = proposes_for
can_approve_payout = approves_for & is_not_proposer
can_mark_payout_paid = pays_for

rules.add_perm("rewards.propose_payout", can_propose_payout)
rules.add_perm("rewards.approve_payout", can_approve_payout)
rules.add_perm("rewards.mark_payout_paid", can_mark_payout_paid)
