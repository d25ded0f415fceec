"""Payouts: created once per result and event, approved by someone else, paid once."""

import pytest
from django.db import IntegrityError, transaction

from ocop_portal.core.models import Role
from rewards import services as rw
from rewards.models import Payout
from tests.factories import UserFactory, user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def decision(bac_ninh_2020):
    from evaluations.models import RecognitionDecision

    return RecognitionDecision.objects.get()


def test_creating_payouts_again_adds_nothing(decision):
    assert rw.payouts_create_for_decision(decision=decision) == []
    assert Payout.objects.count() == 33


def test_the_database_holds_one_payout_per_result_and_event(decision):
    payout = Payout.objects.first()

    with pytest.raises(IntegrityError), transaction.atomic():
        Payout.objects.create(result=payout.result, rate=payout.rate, event=payout.event, amount_vnd=1)


def test_a_proposer_cannot_approve_their_own_proposal(decision):
    payout = Payout.objects.first()
    Payout.objects.filter(pk=payout.pk).update(status="created", approved_by=None, paid_on=None)
    payout.refresh_from_db()
    proposer = user_with_role(Role.PROVINCIAL_STAFF)
    rw.payout_propose(payout=payout, actor=proposer)

    with pytest.raises(rw.RewardError, match="không được tự phê duyệt"):
        rw.payout_approve(payout=payout, actor=proposer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Payout.objects.filter(pk=payout.pk).update(approved_by=proposer)

    payout.refresh_from_db()
    assert (payout.status, payout.approved_by) == ("proposed", None)


def test_a_paid_payout_cannot_be_paid_twice(decision):
    from ocop_portal.core.state import TransitionNotAllowed

    payout = Payout.objects.filter(status="paid").first()

    with pytest.raises(TransitionNotAllowed):
        rw.payout_mark_paid(payout=payout, actor=UserFactory(), paid_on=payout.paid_on)


def test_no_schedule_in_force_is_a_clear_error(decision):
    from rewards.models import RewardSchedule

    RewardSchedule.objects.update(valid_from="2021-01-01", valid_until="2021-12-31")

    with pytest.raises(rw.RewardError, match="Chưa có mức thưởng của tỉnh áp dụng vào ngày 15/10/2020"):
        rw.payouts_create_for_decision(decision=decision)
