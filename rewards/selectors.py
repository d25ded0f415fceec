"""Reads of the rewards app: schedules, rates, entitlements, batches, payout lines and the ledger a
user may see, and the totals (per batch, decision, year, producer) pages, API and dashboards share.

Who sees what: the province's money roles (provincial staff, approver, finance) everything of
their province; a local officer the entitlements of producers in their territory; a producer's
users what their producer is owed. Batches (the committee's decisions) are the money roles'."""

from django.db.models import Count, OuterRef, Q, Subquery, Sum

from evaluations.models import RecognitionDecision
from ocop_portal.core import access
from ocop_portal.core.models import Role
from producers.selectors import producer_ids_of

from .models import (
    Entitlement,
    EntitlementStatus,
    EntryKind,
    Payout,
    PayoutBatch,
    PayoutEntry,
    RewardRate,
    RewardSchedule,
)

MONEY_ROLES = (Role.PROVINCIAL_STAFF, Role.APPROVER, Role.FINANCE)
UNIT = "application__product__producer__unit"
PRODUCER = "application__product__producer"


def holds_money_role(user):
    """May open the rewards pages: a money role somewhere, or a superuser."""
    return access.is_authenticated(user) and (user.is_superuser or access.has_role(user, *MONEY_ROLES))


def schedules_visible_to(user):
    """A province's schedules are its own staff's, approvers' and finance's business."""
    qs = RewardSchedule.objects.all()
    if not access.is_authenticated(user):
        return qs.none()
    if user.is_superuser:
        return qs
    return qs.filter(access.territory_q(user, "province", MONEY_ROLES))


def rates_visible_to(user):
    return RewardRate.objects.filter(schedule__in=schedules_visible_to(user))


def _entitlement_q(user, prefix=""):
    own = producer_ids_of(user)
    return (access.territory_q(user, f"{prefix}{UNIT}", MONEY_ROLES + (Role.LOCAL_OFFICER,))
            | (Q(**{f"{prefix}{PRODUCER}_id__in": own}) if own else access.NOTHING))


def entitlements_visible_to(user):
    """The province's money roles see its entitlements; a local officer those of their territory;
    a producer's users what their producer is owed."""
    qs = Entitlement.objects.all()
    if not access.is_authenticated(user):
        return qs.none()
    if user.is_superuser:
        return qs
    return qs.filter(_entitlement_q(user))


def payouts_visible_to(user):
    """Payout lines, as their entitlements."""
    qs = Payout.objects.all()
    if not access.is_authenticated(user):
        return qs.none()
    if user.is_superuser:
        return qs
    return qs.filter(_entitlement_q(user, "entitlement__"))


def entries_visible_to(user):
    qs = PayoutEntry.objects.all()
    if not access.is_authenticated(user):
        return qs.none()
    if user.is_superuser:
        return qs
    return qs.filter(_entitlement_q(user, "payout__entitlement__"))


def batches_visible_to(user):
    """Batches are the province's money roles' (the producers see their lines on their page)."""
    qs = PayoutBatch.objects.all()
    if not access.is_authenticated(user):
        return qs.none()
    if user.is_superuser:
        return qs
    return qs.filter(access.territory_q(user, "province", MONEY_ROLES))


# --- Rows for pages and the API ----------------------------------------------------------------------


def with_payment(entitlements):
    """Annotate entitlements with the current payment's date and reference (None unless paid)."""
    current = (PayoutEntry.objects.filter(payout__entitlement=OuterRef("pk"), kind=EntryKind.PAYMENT)
               .order_by("-attempt"))
    return entitlements.annotate(paid_on=Subquery(current.values("paid_on")[:1]),
                                 paid_reference=Subquery(current.values("reference")[:1]))


def entitlement_rows(qs):
    """Entitlements with what a table shows: product, producer and unit, the batch and its reward
    decision, the current payment (in one query)."""
    return with_payment(qs.select_related(f"{PRODUCER}__unit", "application__product", "application__round", "certificate",
                                          "decision", "payout__batch"))


def payout_rows(qs):
    current = PayoutEntry.objects.filter(payout=OuterRef("pk"), kind=EntryKind.PAYMENT).order_by("-attempt")
    return (qs.select_related(f"entitlement__{PRODUCER}__unit", "entitlement__application__product", "entitlement__certificate",
                              "batch")
            .annotate(paid_on=Subquery(current.values("paid_on")[:1]), paid_reference=Subquery(current.values("reference")[:1])))


# --- Totals ------------------------------------------------------------------------------------------


def totals(entitlements):
    """{"count", "total", "paid_count", "paid", "unpaid", "proposed", "approved", "created"} of a
    queryset of entitlements, in one query. Amounts are integers."""
    row = entitlements.order_by().aggregate(
        count=Count("pk"), total=Sum("amount_vnd"),
        paid_count=Count("pk", filter=Q(status=EntitlementStatus.PAID)),
        paid=Sum("amount_vnd", filter=Q(status=EntitlementStatus.PAID)),
        created=Sum("amount_vnd", filter=Q(status=EntitlementStatus.CREATED)),
        proposed=Sum("amount_vnd", filter=Q(status=EntitlementStatus.PROPOSED)),
        approved=Sum("amount_vnd", filter=Q(status=EntitlementStatus.APPROVED)),
    )
    result = {key: int(value or 0) for key, value in row.items()}
    result["unpaid"] = result["total"] - result["paid"]
    return result


def batch_totals(batch):
    return totals(Entitlement.objects.filter(payout__batch=batch))


def ledger_total(batch):
    """What the ledger says was paid on a batch: payments less reversals (equals the paid
    entitlements' total; shown beside it as the check)."""
    row = PayoutEntry.objects.filter(payout__batch=batch).aggregate(
        paid=Sum("amount_vnd", filter=Q(kind=EntryKind.PAYMENT)), reversed=Sum("amount_vnd", filter=Q(kind=EntryKind.REVERSAL)))
    return int(row["paid"] or 0) - int(row["reversed"] or 0)


def totals_by(entitlements, field):
    """[{field value, count, total, paid}] of entitlements grouped by `field` (e.g. "due_on__year",
    "decision", "application__product__producer"), one query."""
    return [{"key": key, "count": n, "total": int(total or 0), "paid": int(paid or 0)}
            for key, n, total, paid in entitlements.order_by().values_list(field).annotate(
                n=Count("pk"), total=Sum("amount_vnd"), paid=Sum("amount_vnd", filter=Q(status=EntitlementStatus.PAID)))
            .order_by(field)]


def decisions_with_entitlements(user):
    """The issued recognition decisions of the provinces whose money the user keeps, each with its
    certificates, its entitlements' totals and what is still to propose, newest first (two
    queries). A decision without entitlements is listed too: its schedule may be missing."""
    decisions = RecognitionDecision.objects.filter(status="issued")
    if not user.is_superuser:
        decisions = decisions.filter(access.territory_q(user, "province", MONEY_ROLES))
    decisions = list(decisions.select_related("round", "province").annotate(certificate_count=Count("certificates"))
                     .order_by("-signed_on", "-pk"))
    rows = {r["decision"]: r for r in entitlements_visible_to(user).filter(decision__in=decisions).order_by().values("decision")
            .annotate(n=Count("pk"), total=Sum("amount_vnd"), paid=Sum("amount_vnd", filter=Q(status=EntitlementStatus.PAID)),
                      to_propose=Count("pk", filter=Q(status=EntitlementStatus.CREATED)))}
    empty = {"n": 0, "total": 0, "paid": 0, "to_propose": 0}
    return [{"decision": d, "certificates": d.certificate_count, "count": rows.get(d.pk, empty)["n"],
             "total": int(rows.get(d.pk, empty)["total"] or 0), "paid": int(rows.get(d.pk, empty)["paid"] or 0),
             "to_propose": rows.get(d.pk, empty)["to_propose"]} for d in decisions]


def producer_totals(entitlements):
    """[{producer id, name, count, total, paid}] of entitlements, by producer name (one query)."""
    return [{"key": pk, "name": name, "count": n, "total": int(total or 0), "paid": int(paid or 0)}
            for pk, name, n, total, paid in entitlements.order_by().values_list(
                f"{PRODUCER}_id", f"{PRODUCER}__name").annotate(
                n=Count("pk"), total=Sum("amount_vnd"), paid=Sum("amount_vnd", filter=Q(status=EntitlementStatus.PAID)))
            .order_by(f"{PRODUCER}__name")]


def batches_with_totals(user):
    """The batches the user sees, with their line count and totals (one query)."""
    return (batches_visible_to(user).select_related("decision", "proposed_by", "approved_by", "province")
            .annotate(n=Count("payouts"), total=Sum("payouts__amount_vnd"),
                      paid=Sum("payouts__amount_vnd", filter=Q(payouts__entitlement__status=EntitlementStatus.PAID)))
            .order_by("-proposed_at", "-pk"))


def unproposed(user, *, decision=None):
    """Entitlements not yet in a batch that the user sees: of `decision`, or those without a
    provincial decision (5★ from the ministry) when `decision` is None."""
    qs = entitlements_visible_to(user).filter(status=EntitlementStatus.CREATED)
    return qs.filter(decision=decision) if decision is not None else qs.filter(decision__isnull=True)


def schedule_provinces(user):
    """The provinces whose schedules and proposals the user keeps (provincial staff), with the
    provinces they replaced (today's Bắc Ninh keeps the old one's): a queryset, newest map first."""
    from ocop_portal.core.models import AdministrativeUnit, UnitLevel

    units = access.territory_units(user, (Role.PROVINCIAL_STAFF,))
    if not units:
        return AdministrativeUnit.objects.none()
    return (AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE, pk__in=[u.pk for u in units])
            .order_by("-valid_from", "name"))
