"""Rewards' writes: schedules (no two of a province overlapping), entitlements (created by the
issuing of a recognition decision or by the ministry's 5★ answer, through the hooks evaluations
offers), payout batches proposed by the department, approved by someone else (the committee),
paid line by line by finance (a third person), corrections as reversing entries.

Every amount is an int of VND, read through `money.as_vnd` (a float is refused)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.models import ApplicationKind, Certificate, MinistryAnswer, RecognitionDecision
from ocop_portal.core import documents
from ocop_portal.core.formats import format_vnd
from ocop_portal.core.state import audit, set_status

from .models import (
    BatchStatus,
    Entitlement,
    EntitlementStatus,
    EntryKind,
    Payout,
    PayoutBatch,
    PayoutEntry,
    RewardEvent,
    RewardRate,
    RewardSchedule,
)
from .money import as_vnd

E = EntitlementStatus
REWARD_DECISION_KIND = "reward_decision"


class RewardError(ValidationError):
    """A reward rule refused the action; the message is meant for the user."""


def _lock(obj):
    """Lock `obj`'s row until the transaction ends (two people, two tabs, a double click)."""
    type(obj).objects.select_for_update().filter(pk=obj.pk).values_list("pk").first()
    return obj


def _amount(value):
    try:
        return as_vnd(value)
    except ValueError as exc:
        raise RewardError({"amount_vnd": _("Số tiền phải là số nguyên đồng, không âm (ví dụ 30000000).")}, code="amount") from exc


# --- Schedules ---------------------------------------------------------------------------------------


@transaction.atomic
def schedule_create(*, province, name, valid_from, rates, valid_until=None, legal_basis="", budget_source="", actor=None):
    """A province's schedule for a period with its rates; `rates` is a list of dicts (event, star,
    amount_vnd, from_star for an upgrade). Refused when its period meets another schedule of the
    province (the province's row is locked so two schedules cannot slip in together), when a
    rate repeats or is not an integer amount."""
    _lock(province)
    schedule = RewardSchedule(province=province, name=(name or "").strip(), valid_from=valid_from, valid_until=valid_until,
                              legal_basis=(legal_basis or "").strip(), budget_source=(budget_source or "").strip())
    schedule.full_clean()
    schedule.save()
    seen = set()
    for rate in rates:
        event, star, from_star = rate["event"], int(rate["star"]), rate.get("from_star")
        from_star = int(from_star) if from_star not in (None, "") and event == RewardEvent.UPGRADE else None
        key = (event, star, from_star)
        if key in seen:
            raise RewardError(_("Mức thưởng cho cùng sự kiện và hạng sao được khai hai lần."), code="rate_repeated")
        seen.add(key)
        r = RewardRate(schedule=schedule, event=event, star=star, from_star=from_star, amount_vnd=_amount(rate["amount_vnd"]))
        r.full_clean(exclude=["schedule"], validate_unique=False)
        r.save()
    audit(schedule, action="schedule_create", actor=actor, note=schedule.name)
    return schedule


def schedule_in_force(*, province, day):
    """The province's schedule whose period holds `day`, or None."""
    return (
        RewardSchedule.objects.filter(province=province, valid_from__lte=day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .order_by("-valid_from")
        .first()
    )


# --- Which event a recognition is --------------------------------------------------------------------


def previous_stars(product_ids, *, before, exclude_certificates=(), exclude_answer=None):
    """{product id: the star it held before `before`}: its latest provincial certificate issued
    on or before that day (any status: an expired or superseded one still says where it stood) or
    the ministry's 5★ recognition, whichever is later. Two queries."""
    latest = {}
    for product_id, day, pk, star in (Certificate.objects.filter(result__application__product_id__in=product_ids,
                                                                 issued_on__lte=before)
                                      .exclude(pk__in=list(exclude_certificates))
                                      .values_list("result__application__product_id", "issued_on", "pk", "star")):
        if product_id not in latest or (day, pk) > latest[product_id][:2]:
            latest[product_id] = (day, pk, star)
    answers = MinistryAnswer.objects.filter(application__product_id__in=product_ids, outcome="five_star", decision_date__lte=before)
    if exclude_answer is not None:
        answers = answers.exclude(pk=exclude_answer)
    for product_id, day in answers.values_list("application__product_id", "decision_date"):
        if product_id not in latest or day >= latest[product_id][0]:
            latest[product_id] = (day, 0, 5)
    return {product_id: star for product_id, (_day, _pk, star) in latest.items()}


def event_for(*, previous, star, kind=ApplicationKind.FIRST):
    """(event, from star) of a recognition at `star`, decided by the result: no earlier star is a
    first recognition (a re-rating dossier of a product certified before the portal kept its
    records stays a re-rating); a higher star than before is an upgrade from→to; the same or a
    lower one is a re-rating at the new star."""
    if previous is None:
        return (RewardEvent.RERATING, None) if kind == ApplicationKind.RERATING else (RewardEvent.FIRST, None)
    if star > previous:
        return RewardEvent.UPGRADE, previous
    return RewardEvent.RERATING, previous


def _rate(rates, event, star, from_star):
    return rates.get((event, star, from_star if event == RewardEvent.UPGRADE else None))


def _rates(schedule):
    return {(r.event, r.star, r.from_star): r for r in schedule.rates.all()}


# --- Entitlements --------------------------------------------------------------------------------------


@transaction.atomic
def entitlements_for_certificates(*, decision, certificates, actor=None):
    """One entitlement per certificate issued under `decision` whose event the schedule in force
    on the decision's date pays (`evaluations.hooks.on_certificates_issued`). Certificates already
    entitled for their event are skipped, so a second call adds nothing; without a schedule in
    force nothing is created (the decision's rewards page offers to compute them once one is
    entered). Returns the new entitlements."""
    ids = [c.pk for c in certificates if c.pk is not None]
    # (a backend that does not return the keys of a bulk insert: the decision's certificates)
    qs = Certificate.objects.filter(pk__in=ids) if len(ids) == len(certificates) else Certificate.objects.filter(decision=decision)
    certificates = list(qs.select_related("result__application").order_by("number"))
    if not certificates:
        return []
    schedule = schedule_in_force(province=decision.province, day=decision.signed_on)
    if schedule is None:
        return []
    rates = _rates(schedule)
    products = {c.pk: c.result.application.product_id for c in certificates}
    previous = previous_stars(set(products.values()), before=decision.signed_on, exclude_certificates=products.keys())
    already = set(Entitlement.objects.filter(certificate__in=certificates).values_list("certificate_id", "event"))
    created = []
    for certificate in certificates:
        application = certificate.result.application
        event, from_star = event_for(previous=previous.get(application.product_id), star=certificate.star, kind=application.kind)
        rate = _rate(rates, event, certificate.star, from_star)
        if (certificate.pk, event) in already or rate is None:
            continue  # entitled already, or the schedule pays nothing for this star and event
        created.append(Entitlement(application=application, certificate=certificate, decision=decision, schedule=schedule,
                                   rate=rate, event=event, from_star=from_star, star=certificate.star,
                                   amount_vnd=rate.amount_vnd, due_on=decision.signed_on))
    if created:
        try:
            with transaction.atomic():
                Entitlement.objects.bulk_create(created)
        except IntegrityError as exc:  # another request created them first
            raise RewardError(_("Các khoản thưởng này vừa được tạo ở nơi khác; hãy tải lại trang."), code="exists") from exc
        audit(decision, action="entitlements_create", actor=actor,
              note=f"{len(created)}: {format_vnd(sum(e.amount_vnd for e in created))} ({schedule.name})")
    return created


def on_certificates_issued(*, decision, certificates, actor=None):
    """The handler `rewards.apps` registers with `evaluations.hooks`."""
    entitlements_for_certificates(decision=decision, certificates=certificates, actor=actor)


@transaction.atomic
def entitlements_create_for_decision(*, decision, actor=None):
    """The entitlements of an issued decision's certificates, from the schedule in force on its
    date (when the schedule was entered after the decision was issued). Idempotent; refused
    without a schedule in force, or for a draft."""
    _lock(decision)
    if decision.status != "issued":
        raise RewardError(_("Quyết định chưa ban hành."), code="draft")
    if schedule_in_force(province=decision.province, day=decision.signed_on) is None:
        raise RewardError(_("Chưa có mức thưởng của tỉnh áp dụng vào ngày %(day)s.") % {"day": f"{decision.signed_on:%d/%m/%Y}"},
                          code="no_schedule")
    return entitlements_for_certificates(decision=decision, certificates=list(decision.certificates.all()), actor=actor)


@transaction.atomic
def entitlement_for_ministry_answer(*, answer, actor=None):
    """The 5★ entitlement of a product the ministry recognised (`evaluations.hooks.on_ministry_answer`):
    due on the ministry's decision date, from the schedule of the round's province in force then;
    the event is decided by the product's earlier star (none: first; 4★: upgrade 4→5; 5★: re-rating).
    Nothing for a below-90 answer, without a schedule or a rate. At most one (database)."""
    if answer.outcome != "five_star":
        return None
    answer = MinistryAnswer.objects.select_related("application__round__province").get(pk=answer.pk)
    application = answer.application
    schedule = schedule_in_force(province=application.round.province, day=answer.decision_date)
    if schedule is None:
        return None
    previous = previous_stars([application.product_id], before=answer.decision_date, exclude_answer=answer.pk)
    event, from_star = event_for(previous=previous.get(application.product_id), star=5, kind=application.kind)
    rate = _rate(_rates(schedule), event, 5, from_star)
    if rate is None or Entitlement.objects.filter(ministry_answer=answer, event=event).exists():
        return None
    entitlement = Entitlement.objects.create(application=application, ministry_answer=answer, schedule=schedule, rate=rate,
                                             event=event, from_star=from_star, star=5, amount_vnd=rate.amount_vnd,
                                             due_on=answer.decision_date)
    audit(entitlement, action="entitlement_create", actor=actor, note=f"5★ {answer.decision_number}: {format_vnd(rate.amount_vnd)}")
    return entitlement


def on_ministry_answer(*, answer, actor=None):
    """The handler `rewards.apps` registers with `evaluations.hooks`."""
    entitlement_for_ministry_answer(answer=answer, actor=actor)


# --- Batches ---------------------------------------------------------------------------------------------


def _request_document(batch, actor, *, new_version=False):
    if REWARD_DECISION_KIND in documents.KINDS:
        documents.document_request(obj=batch, kind=REWARD_DECISION_KIND, actor=actor, new_version=new_version)


@transaction.atomic
def batch_propose(*, actor, decision=None, entitlements=None, note=""):
    """A batch of entitlements waiting to be proposed: every one of `decision` still waiting, or
    the chosen `entitlements` (one paying province; of `decision` when it is given). Each
    entitlement moves created → proposed; one line each (the database holds one line per
    entitlement, so nothing is proposed twice). Requests the draft reward decision's PDF."""
    if entitlements is None:
        if decision is None:
            raise RewardError(_("Chọn quyết định công nhận hoặc các khoản thưởng cần đề nghị."), code="nothing")
        ids = list(Entitlement.objects.filter(decision=decision, status=E.CREATED).values_list("pk", flat=True))
    else:
        ids = [e.pk if isinstance(e, Entitlement) else int(e) for e in entitlements]
    if not ids:
        raise RewardError(_("Không còn khoản thưởng nào chờ đề nghị."), code="nothing")
    rows = list(Entitlement.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    rows = list(Entitlement.objects.filter(pk__in=[r.pk for r in rows]).select_related("schedule__province").order_by("pk"))
    if len(rows) != len(set(ids)):
        raise RewardError(_("Có khoản thưởng không tồn tại."), code="unknown")
    taken = [r for r in rows if r.status != E.CREATED]
    if taken:
        raise RewardError(_("%(count)d khoản thưởng đã được đề nghị ở đợt khác; hãy tải lại trang.") % {"count": len(taken)},
                          code="already_proposed")
    provinces = {r.schedule.province_id for r in rows}
    if len(provinces) > 1:
        raise RewardError(_("Một đợt chi thưởng chỉ gồm khoản thưởng của một tỉnh."), code="provinces")
    decisions = {r.decision_id for r in rows}
    if decision is not None and decisions != {decision.pk}:
        raise RewardError(_("Các khoản thưởng được chọn không thuộc quyết định này."), code="other_decision")
    if decision is None and len(decisions) == 1 and None not in decisions:
        decision = RecognitionDecision.objects.get(pk=decisions.pop())
    batch = PayoutBatch.objects.create(province=rows[0].schedule.province, decision=decision, proposed_by=actor,
                                       note=(note or "").strip())
    try:
        with transaction.atomic():
            Payout.objects.bulk_create([Payout(batch=batch, entitlement=r, amount_vnd=r.amount_vnd) for r in rows])
    except IntegrityError as exc:
        raise RewardError(_("Các khoản thưởng này vừa được đề nghị ở nơi khác; hãy tải lại trang."), code="already_proposed") from exc
    for row in rows:
        set_status(row, E.PROPOSED, actor=actor)
    audit(batch, action="batch_propose", actor=actor, to_status=BatchStatus.PROPOSED,
          note=f"{len(rows)}: {format_vnd(sum(r.amount_vnd for r in rows))}")
    _request_document(batch, actor)
    return batch


@transaction.atomic
def batch_approve(*, batch, actor, number, signed_on, signer_name, signer_title):
    """proposed → approved, as the reward decision (number, date, signer), by someone other than
    the proposer (refused here, and by the database). Every line's entitlement moves to approved;
    the reward decision's PDF is made again, final."""
    if batch.proposed_by_id == getattr(actor, "pk", None):
        raise RewardError(_("Người đề nghị không được tự phê duyệt đợt chi thưởng."), code="same_person")
    number, signer_name, signer_title = (number or "").strip(), (signer_name or "").strip(), (signer_title or "").strip()
    errors = {}
    if not number:
        errors["number"] = _("Hãy nhập số quyết định khen thưởng.")
    if signed_on is None:
        errors["signed_on"] = _("Hãy nhập ngày ký quyết định khen thưởng.")
    elif batch.decision_id and signed_on < batch.decision.signed_on:
        errors["signed_on"] = _("Quyết định khen thưởng không thể ký trước quyết định công nhận (%(day)s).") % {
            "day": f"{batch.decision.signed_on:%d/%m/%Y}"}
    if not signer_name:
        errors["signer_name"] = _("Hãy nhập người ký.")
    if not signer_title:
        errors["signer_title"] = _("Hãy nhập chức vụ người ký.")
    if number and PayoutBatch.objects.filter(province_id=batch.province_id, number=number).exclude(pk=batch.pk).exists():
        errors["number"] = _("Số quyết định “%(number)s” đã được dùng cho một đợt chi thưởng khác của tỉnh.") % {"number": number}
    if errors:
        raise RewardError(errors, code="invalid")
    batch.approved_by, batch.approved_at = actor, timezone.now()
    batch.number, batch.signed_on, batch.signer_name, batch.signer_title = number, signed_on, signer_name, signer_title
    set_status(batch, BatchStatus.APPROVED, actor=actor,
               extra_fields=["approved_by", "approved_at", "number", "signed_on", "signer_name", "signer_title"])
    for entitlement in Entitlement.objects.filter(payout__batch=batch).order_by("pk"):
        set_status(entitlement, E.APPROVED, actor=actor)
    _request_document(batch, actor, new_version=True)
    return batch


def _locked_batch(batch_id):
    return PayoutBatch.objects.select_for_update().get(pk=batch_id)


def _check_payer(batch, actor):
    if getattr(actor, "pk", None) in (batch.proposed_by_id, batch.approved_by_id):
        raise RewardError(_("Người đề nghị hoặc người phê duyệt không được ghi chi trả cho đợt này."), code="same_person")
    if batch.status == BatchStatus.PROPOSED:
        raise RewardError(_("Đợt chi thưởng chưa được phê duyệt."), code="not_approved")


def _settle(batch, actor):
    """The batch's status from its lines: paid when all are, partially when some are."""
    statuses = list(Entitlement.objects.filter(payout__batch=batch).values_list("status", flat=True))
    paid = sum(1 for s in statuses if s == E.PAID)
    target = BatchStatus.PAID if paid == len(statuses) else BatchStatus.PARTIALLY_PAID if paid else BatchStatus.APPROVED
    if target != batch.status:
        set_status(batch, target, actor=actor)


@transaction.atomic
def payout_mark_paid(*, payout, actor, paid_on, reference):
    """Record the payment of one line: approved → paid, a payment entry (date, voucher or transfer
    reference). The batch's row is locked, so payments of a batch take turns; a line already paid
    (another tab, a double click, a second finance officer) is refused and nothing is written."""
    batch = _locked_batch(payout.batch_id)
    _check_payer(batch, actor)
    reference = (reference or "").strip()
    errors = {}
    if not reference:
        errors["reference"] = _("Hãy nhập số chứng từ (ủy nhiệm chi, phiếu chi).")
    if paid_on is None:
        errors["paid_on"] = _("Hãy nhập ngày chi.")
    elif batch.signed_on and paid_on < batch.signed_on:
        errors["paid_on"] = _("Ngày chi không thể trước ngày ký quyết định khen thưởng (%(day)s).") % {"day": f"{batch.signed_on:%d/%m/%Y}"}
    elif paid_on > timezone.localdate():
        errors["paid_on"] = _("Ngày chi không thể sau hôm nay.")
    if errors:
        raise RewardError(errors, code="invalid")
    entitlement = payout.entitlement
    set_status(entitlement, E.PAID, actor=actor, note=reference)
    attempt = PayoutEntry.objects.filter(payout=payout, kind=EntryKind.PAYMENT).count() + 1
    entry = PayoutEntry.objects.create(payout=payout, attempt=attempt, kind=EntryKind.PAYMENT, amount_vnd=payout.amount_vnd,
                                       paid_on=paid_on, reference=reference, recorded_by=actor)
    _settle(batch, actor)
    return entry


@transaction.atomic
def batch_mark_paid(*, batch, actor, payouts, paid_on, reference):
    """Several lines of one batch paid together (one transfer list): all or none."""
    lines = list(Payout.objects.filter(batch=batch, pk__in=[p.pk if isinstance(p, Payout) else int(p) for p in payouts])
                 .select_related("entitlement").order_by("pk"))
    if not lines:
        raise RewardError(_("Chọn ít nhất một khoản để ghi chi trả."), code="nothing")
    return [payout_mark_paid(payout=line, actor=actor, paid_on=paid_on, reference=reference) for line in lines]


@transaction.atomic
def payout_reverse(*, payout, actor, reason, on=None):
    """A correction: the line's current payment is reversed by an entry of the same amount (the
    payment stays in the ledger, never edited); the entitlement goes back to approved and may be
    paid again (the next attempt)."""
    batch = _locked_batch(payout.batch_id)
    _check_payer(batch, actor)
    reason = (reason or "").strip()
    if not reason:
        raise RewardError({"reason": _("Hãy ghi lý do điều chỉnh.")}, code="invalid")
    entries = list(PayoutEntry.objects.filter(payout=payout).order_by("attempt", "kind"))
    payments = {e.attempt: e for e in entries if e.kind == EntryKind.PAYMENT}
    reversed_ = {e.attempt for e in entries if e.kind == EntryKind.REVERSAL}
    current = next((payments[a] for a in sorted(payments, reverse=True) if a not in reversed_), None)
    if current is None:
        raise RewardError(_("Khoản này chưa được chi nên không có gì để điều chỉnh."), code="not_paid")
    set_status(payout.entitlement, E.APPROVED, actor=actor, note=reason)
    entry = PayoutEntry.objects.create(payout=payout, attempt=current.attempt, kind=EntryKind.REVERSAL,
                                       amount_vnd=current.amount_vnd, paid_on=on or timezone.localdate(),
                                       reference=current.reference, reason=reason, recorded_by=actor)
    _settle(batch, actor)
    return entry
