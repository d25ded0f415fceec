"""Reward schedules and payouts: created from a recognition decision, proposed, approved by a
different person, then paid once."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from evaluations.models import ApplicationKind, Certificate
from ocop_portal.core.state import audit, set_status

from .models import Payout, RewardEvent, RewardRate, RewardSchedule

EVENT_FOR_KIND = {ApplicationKind.FIRST: RewardEvent.FIRST, ApplicationKind.UPGRADE: RewardEvent.UPGRADE,
                  ApplicationKind.RERATING: RewardEvent.RERATING}


class RewardError(ValidationError):
    """A reward rule refused the action; the message is meant for the user."""


@transaction.atomic
def schedule_create(*, province, name, valid_from, rates, valid_until=None, legal_basis="", budget_source="", actor=None):
    """A schedule with its rates; `rates` is a list of dicts (event, star, amount_vnd, from_star)."""
    schedule = RewardSchedule(province=province, name=name, valid_from=valid_from, valid_until=valid_until,
                              legal_basis=legal_basis, budget_source=budget_source)
    schedule.full_clean()
    schedule.save()
    for rate in rates:
        r = RewardRate(schedule=schedule, event=rate["event"], star=rate["star"], from_star=rate.get("from_star"),
                       amount_vnd=int(rate["amount_vnd"]))
        r.full_clean()
        r.save()
    audit(schedule, action="schedule_create", actor=actor, note=name)
    return schedule


def schedule_in_force(*, province, day):
    return (
        RewardSchedule.objects.filter(province=province, valid_from__lte=day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .order_by("-valid_from")
        .first()
    )


@transaction.atomic
def payouts_create_for_decision(*, decision, actor=None):
    """One payout per certificate of `decision`, at the rate of the schedule in force on the day
    it was signed. Certificates already paid for this event are skipped (a second call adds nothing)."""
    schedule = schedule_in_force(province=decision.province, day=decision.signed_on)
    if schedule is None:
        raise RewardError(_("Chưa có mức thưởng của tỉnh áp dụng vào ngày %(day)s.") % {"day": f"{decision.signed_on:%d/%m/%Y}"})
    rates = {(r.event, r.star, r.from_star): r for r in schedule.rates.all()}
    created = []
    certificates = Certificate.objects.filter(decision=decision).select_related("result__application")
    already = set(Payout.objects.filter(result__certificate__decision=decision).values_list("result_id", "event"))
    for certificate in certificates:
        event = EVENT_FOR_KIND[certificate.result.application.kind]
        if (certificate.result_id, event) in already:
            continue
        rate = rates.get((event, certificate.star, None))
        if rate is None:
            continue  # the schedule pays nothing for this star and event
        created.append(Payout(result=certificate.result, rate=rate, event=event, amount_vnd=rate.amount_vnd))
    try:
        Payout.objects.bulk_create(created)
    except IntegrityError as exc:  # another request created them first
        raise RewardError(_("Các khoản thưởng này vừa được tạo ở nơi khác; hãy tải lại trang.")) from exc
    audit(decision, action="payouts_create", actor=actor, note=str(len(created)))
    return created


@transaction.atomic
def payout_propose(*, payout, actor, decision_number=""):
    payout.proposed_by, payout.decision_number = actor, decision_number
    return set_status(payout, "proposed", actor=actor, extra_fields=["proposed_by", "decision_number"])


@transaction.atomic
def payout_approve(*, payout, actor):
    """proposed → approved, by someone other than the proposer."""
    if payout.proposed_by_id == actor.pk:
        raise RewardError(_("Người đề nghị không được tự phê duyệt khoản thưởng."), code="same_person")
    payout.approved_by = actor
    return set_status(payout, "approved", actor=actor, extra_fields=["approved_by"])


@transaction.atomic
def payout_mark_paid(*, payout, actor, paid_on):
    payout.paid_on = paid_on
    return set_status(payout, "paid", actor=actor, extra_fields=["paid_on"])
