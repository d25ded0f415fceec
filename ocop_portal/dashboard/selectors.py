"""The dashboards' reads: every figure is an aggregate computed by the database, each page a fixed
number of queries whatever the size of the data. Every query starts from the apps' own
`…_visible_to(user)` selectors and is then narrowed to the scope (territory and period), so a
dashboard can never show a row its reader could not open elsewhere.

Definitions (the drill-down lists use the same querysets, so a number and its list agree):
- producers: those with at least one registered (submitted, not draft) dossier in the period;
- products registered / eligible: dossiers of the period's rounds, past the province's screening
  for "eligible"; a product is registered once per round;
- stars: the star of the dossier's result in a closed council session (empty: not achieved);
- certificates: those issued for the period's rounds, with their true state today (a stored
  "valid" past its end date is expired);
- rewards: the entitlements of the period's rounds (rewards.selectors), by stage (not yet proposed,
  proposed, approved, paid).
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from evaluations.models import (
    Application,
    Certificate,
    CertificateStatus,
    MinistryAnswer,
    ProgrammeTarget,
    Result,
    Scorecard,
    ScorecardChoice,
)
from evaluations.selectors import (
    BORDERLINES,
    applications_visible_to,
    certificates_visible_to,
    manual_target_progress_visible_to,
    results_visible_to,
    scorecards_visible_to,
    self_answers_visible_to,
    sessions_visible_to,
    targets_visible_to,
)
from evaluations.services_targets import MANUAL_METRICS
from ocop_portal.core import access
from ocop_portal.core.models import AdministrativeUnit, Role
from ocop_portal.stats import NOT_YET_REGISTERED, PAST_ELIGIBILITY
from producers.models import ProducerKind, TrainingRecord
from producers.selectors import producers_visible_to, products_visible_to
from rewards.models import EntitlementStatus
from rewards.selectors import entitlement_rows, entitlements_visible_to

from .scope import presiding_council_ids

EXPIRING_DAYS = 180
STARS = (3, 4, 5)
UNIT = "product__producer__unit"

# --- The querysets behind every number (shared by the overview, the lists and the exports) -----


def _star_of_application():
    """The star of the dossier's latest result in a closed session (None: not achieved or none)."""
    return Subquery(Result.objects.filter(application=OuterRef("pk"), session__status="closed")
                    .order_by("-created_at", "-pk").values("star")[:1], output_field=IntegerField())


def _has_result():
    return Exists(Result.objects.filter(application=OuterRef("pk"), session__status="closed"))


def registered_applications(user, scope):
    """The period's registered (submitted, not draft) dossiers in the scope."""
    return (applications_visible_to(user).filter(scope.q(UNIT), scope.in_period("round__year"))
            .exclude(status__in=NOT_YET_REGISTERED))


def scope_applications(user, scope):
    """`registered_applications`, each with its star (`star`) and whether it has a result in a
    closed session (`scored`)."""
    return registered_applications(user, scope).annotate(star=_star_of_application(), scored=_has_result())


def scope_producers(user, scope):
    """Producers with a registered dossier in the period, with their dossier count and best star."""
    dossiers = registered_applications(user, scope).filter(product__producer=OuterRef("pk"))
    return (producers_visible_to(user).filter(Exists(dossiers))
            .annotate(dossiers=Subquery(dossiers.values("product__producer").annotate(n=Count("pk")).values("n"),
                                        output_field=IntegerField()),
                      best_star=Subquery(Result.objects.filter(application__in=dossiers.values("pk"), session__status="closed")
                                         .values("application__product__producer").annotate(m=Max("star")).values("m"),
                                         output_field=IntegerField())))


def certificate_state(today):
    """The certificate's true state on `today`: revoked, superseded, expired (also a stored
    "valid" past its end, the extension of Điều 12.3 counted), expiring within 180 days, valid."""
    return Case(
        When(status=CertificateStatus.REVOKED, then=Value("revoked")),
        When(status=CertificateStatus.SUPERSEDED, then=Value("superseded")),
        When(Q(status=CertificateStatus.EXPIRED) | Q(effective_until__lt=today), then=Value("expired")),
        When(effective_until__lte=today + datetime.timedelta(days=EXPIRING_DAYS), then=Value("expiring")),
        default=Value("valid"),
    )


def scope_certificates(user, scope, today):
    return (certificates_visible_to(user)
            .filter(scope.q(f"result__application__{UNIT}"), scope.in_period("decision__round__year"))
            .annotate(effective_until=Coalesce("extended_until", "valid_until"))
            .annotate(state=certificate_state(today)))


def scope_payouts(user, scope):
    """The entitlements (what producers are owed, and how far each has got to being paid) of the
    period's rounds in the scope."""
    return entitlements_visible_to(user).filter(scope.q(f"application__{UNIT}"), scope.in_period("application__round__year"))


def scope_payout_rows(user, scope):
    """`scope_payouts` with what the list shows (product, producer, batch, the payment)."""
    return entitlement_rows(scope_payouts(user, scope))


# --- The overview ----------------------------------------------------------------------------


@dataclass
class Row:
    """One line of a breakdown: its label, its number, the filter that lists it."""

    label: str
    n: int
    key: object = None
    amount: int = 0


def _local_units(scope, rows):
    """Fold (unit path, n) rows into the units directly below the scope's roots (the provinces for
    the whole country). One query for the names."""
    folded = {}
    for path, n in rows:
        parts = path.strip("/").split("/")
        if not scope.roots:
            key = int(parts[0])
        else:
            root = next((r for r in scope.roots if path.startswith(r.path)), None)
            if root is None:
                continue
            depth = len(root.path.strip("/").split("/"))
            key = int(parts[depth]) if len(parts) > depth else root.pk
        folded[key] = folded.get(key, 0) + n
    names = {pk: (name, until) for pk, name, until in
             AdministrativeUnit.objects.filter(pk__in=folded).values_list("pk", "name", "valid_until")}
    result = []
    for pk, n in folded.items():
        name, until = names.get(pk, ("?", None))
        label = _("%(name)s (đến %(day)s)") % {"name": name, "day": until.strftime("%d/%m/%Y")} if until else name
        result.append(Row(str(label), n, pk))
    return sorted(result, key=lambda r: (-r.n, r.label))


def overview(user, scope, today):
    """Every figure of the overview page for `scope`, in eleven queries."""
    applications = registered_applications(user, scope)
    counts = applications.aggregate(
        registered=Count("pk"),
        eligible=Count("pk", filter=Q(status__in=PAST_ELIGIBILITY)),
        ineligible=Count("pk", filter=Q(status=Application.S.INELIGIBLE)),
        producers=Count("product__producer", distinct=True),
    )
    by_kind = dict(applications.order_by().values_list("product__producer__kind")
                   .annotate(n=Count("product__producer", distinct=True)))
    stars = dict(scope_applications(user, scope).order_by().filter(scored=True).values_list("star").annotate(n=Count("pk")))
    sectors = [Row(sector or str(_("(chưa phân ngành)")), n, sector) for sector, n in applications.order_by()
               .values_list("product__product_set__sector").annotate(n=Count("pk")).order_by("-n", "product__product_set__sector")]
    product_sets = [Row(f"{number}. {name}", n, pk) for pk, number, name, n in applications.order_by()
                    .values_list("product__product_set", "product__product_set__number", "product__product_set__name")
                    .annotate(n=Count("pk")).order_by("product__product_set__number")]
    units = _local_units(scope, applications.order_by().values_list(f"{UNIT}__path").annotate(n=Count("pk")))

    money = {status: (n, amount or 0) for status, n, amount in scope_payouts(user, scope).order_by()
             .values_list("status").annotate(n=Count("pk"), amount=Sum("amount_vnd"))}
    rewards = [Row(label, money.get(status, (0, 0))[0], status, money.get(status, (0, 0))[1])
               for status, label in EntitlementStatus.choices]

    states = scope_certificates(user, scope, today).aggregate(
        **{state: Count("pk", filter=Q(state=state)) for state in ("valid", "expiring", "expired", "revoked", "superseded")})
    states["current"] = states["valid"] + states["expiring"]
    states["total"] = sum(states[s] for s in ("current", "expired", "revoked", "superseded"))

    scored = sum(stars.values())
    return {
        "producers": {"total": counts["producers"],
                      "kinds": [Row(str(label), by_kind.get(kind, 0), kind) for kind, label in ProducerKind.choices]},
        "products": {"registered": counts["registered"], "eligible": counts["eligible"], "ineligible": counts["ineligible"],
                     "scored": scored, "rated": scored - stars.get(None, 0), "not_achieved": stars.get(None, 0),
                     "stars": [Row(f"{s}★", stars.get(s, 0), s) for s in (5, 4, 3, 2, 1) if s >= 3 or stars.get(s)]},
        "sectors": sectors,
        "product_sets": product_sets,
        "units": units,
        "rewards": {"stages": rewards, "total": sum(r.amount for r in rewards),
                    "paid": money.get(EntitlementStatus.PAID, (0, 0))[1], "count": sum(r.n for r in rewards)},
        "certificates": states,
    }


def series(user, scope):
    """The charts' yearly series over every year of the scope (not only the period): results by
    star, rewards by stage. Two queries."""
    stars = {}
    for year, star, n in (results_visible_to(user).filter(scope.q(f"application__{UNIT}"), session__status="closed")
                          .order_by().values_list("session__round__year", "star").annotate(n=Count("pk"))):
        stars.setdefault(year, {})[star] = n
    money = {}
    for year, status, amount in (entitlements_visible_to(user).filter(scope.q(f"application__{UNIT}")).order_by()
                                 .values_list("application__round__year", "status").annotate(amount=Sum("amount_vnd"))):
        money.setdefault(year, {})[status] = amount or 0
    star_years = sorted(stars)
    money_years = sorted(money)
    return {
        "stars": [{"year": y, **{str(s): stars[y].get(s, 0) for s in STARS}, "none": stars[y].get(None, 0)} for y in star_years],
        "rewards": [{"year": y, **{s: money[y].get(s, 0) for s in EntitlementStatus.values}} for y in money_years],
    }


# --- Targets ---------------------------------------------------------------------------------


def _year_end(year):
    return datetime.date(year, 12, 31)


def _months_before(day, months):
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, 28))


def _recognised(end, min_star):
    """A product recognised at `min_star` or more by `end`: a provincial certificate, or the
    ministry's 5★."""
    q = Exists(Certificate.objects.filter(result__application__product=OuterRef("pk"), issued_on__lte=end, star__gte=min_star))
    return q | Exists(MinistryAnswer.objects.filter(application__product=OuterRef("pk"), outcome="five_star",
                                                    decision_date__lte=end))


def _valid_on(day):
    """A product holding a certificate in force on `day`."""
    in_force = Certificate.objects.filter(result__application__product=OuterRef("pk"), issued_on__lte=day).annotate(
        effective_until=Coalesce("extended_until", "valid_until")).filter(effective_until__gte=day).filter(
        Q(status__in=[CertificateStatus.VALID, CertificateStatus.EXPIRED]) | Q(ended_on__gt=day))
    ministry = MinistryAnswer.objects.filter(application__product=OuterRef("pk"), outcome="five_star", decision_date__lte=day,
                                             decision_date__gt=_months_before(day, Certificate.VALIDITY_MONTHS))
    return Exists(in_force) | Exists(ministry)


def target_provinces(scope):
    """Ids of the provinces (with those they replaced) whose targets apply to the scope."""
    return {int(root.path.strip("/").split("/")[0]) for root in scope.roots}


def targets_for(user, scope):
    """The targets that apply to the scope, every period (one query)."""
    if not scope.roots:
        return []
    return list(targets_visible_to(user).filter(province_id__in=target_provinces(scope)).select_related("province")
                .order_by("-period_start", "metric"))


def stock(user, scope, years, today):
    """For each year (at its end, or today for the current year): products recognised 3★+ since
    the start of the programme, each once at its highest star, the 4★+ and 5★ among them, those
    holding a certificate in force; enterprises and cooperatives in the programme; the share of
    producers in the programme whose leaders were trained. Two queries."""
    products = products_visible_to(user).filter(scope.q("producer__unit"))
    aggregates = {}
    for year in years:
        end = min(_year_end(year), today)
        aggregates[f"p3_{year}"] = Count("pk", filter=Q(_recognised(end, 3)))
        aggregates[f"p4_{year}"] = Count("pk", filter=Q(_recognised(end, 4)))
        aggregates[f"p5_{year}"] = Count("pk", filter=Q(_recognised(end, 5)))
        aggregates[f"valid_{year}"] = Count("pk", filter=Q(_valid_on(end)))
    product_counts = products.aggregate(**aggregates) if aggregates else {}

    producers = producers_visible_to(user).filter(scope.q("unit"))
    aggregates = {}
    for year in years:
        end = min(_year_end(year), today)
        taking_part = Exists(Application.objects.filter(product__producer=OuterRef("pk"), round__year__lte=year)
                             .exclude(status__in=NOT_YET_REGISTERED))
        trained = Exists(TrainingRecord.objects.filter(producer=OuterRef("pk"), attended_on__lte=end))
        aggregates[f"firms_{year}"] = Count("pk", filter=Q(taking_part) & Q(kind__in=[ProducerKind.ENTERPRISE,
                                                                                         ProducerKind.COOPERATIVE]))
        aggregates[f"all_{year}"] = Count("pk", filter=Q(taking_part))
        aggregates[f"trained_{year}"] = Count("pk", filter=Q(taking_part) & Q(trained))
    producer_counts = producers.aggregate(**aggregates) if aggregates else {}

    out = {}
    for year in years:
        p = {k: product_counts[f"{k}_{year}"] for k in ("p3", "p4", "p5", "valid")}
        everyone = producer_counts[f"all_{year}"]
        out[year] = {
            **p, "three": p["p3"] - p["p4"], "four": p["p4"] - p["p5"], "five": p["p5"],
            "firms": producer_counts[f"firms_{year}"], "producers": everyone,
            "trained": producer_counts[f"trained_{year}"],
            "trained_pct": round(100 * producer_counts[f"trained_{year}"] / everyone) if everyone else 0,
        }
    return out


COUNTED = {
    ProgrammeTarget.Metric.PRODUCERS: "firms",
    ProgrammeTarget.Metric.PRODUCTS_3_PLUS: "p3",
    ProgrammeTarget.Metric.PRODUCTS_5: "p5",
    ProgrammeTarget.Metric.LEADER_TRAINING_PCT: "trained_pct",
}


def target_progress(user, scope, targets, period, today):
    """Each target of `period` with its trend (the stock at the end of each year, from the year
    before the period), its value now (the end of the period, or the latest year so far) and, for
    products, how many still hold a certificate in force. Manually counted targets read the newest
    entry of each year, carried forward. Three queries."""
    start, end = period
    years = list(range(start - 1, min(end, today.year) + 1))
    counted = stock(user, scope, years, today)
    chosen = [t for t in targets if (t.period_start, t.period_end) == period]
    entries = {}
    manual_ids = [t.pk for t in chosen if t.metric in MANUAL_METRICS]
    if manual_ids:
        for entry in (manual_target_progress_visible_to(user).filter(target_id__in=manual_ids).select_related("entered_by")
                      .order_by("target", "year", "-entered_at", "-pk")):
            entries.setdefault(entry.target_id, {}).setdefault(entry.year, entry)
    rows = []
    for target in chosen:
        manual = target.metric in MANUAL_METRICS
        trend, last = [], None
        for year in years:
            if manual:
                latest = entries.get(target.pk, {}).get(year)
                last = latest or last
                value = last.value if last else 0
            else:
                value = counted[year][COUNTED[target.metric]]
            trend.append({"year": year, "value": value, "baseline": year < start})
        now = trend[-1]["value"] if trend else 0
        rows.append({
            "target": target, "manual": manual, "trend": trend, "value": now,
            "percent": min(100, round(100 * now / target.target)) if target.target else 100,
            "reached": now >= target.target,
            "valid": counted[years[-1]]["valid"] if target.metric == ProgrammeTarget.Metric.PRODUCTS_3_PLUS else None,
            "entries": list(entries.get(target.pk, {}).values()),
            "unit_label": "%" if target.metric == ProgrammeTarget.Metric.LEADER_TRAINING_PCT else "",
        })
    return {"rows": rows, "years": years, "stock": counted}


# --- Council analytics -------------------------------------------------------------------------


def analytics_sessions(user):
    """Sessions whose analytics the user may read: their provinces' for the provincial staff, their
    councils' for a chair or secretary, every one for a superuser."""
    qs = sessions_visible_to(user).select_related("council", "round")
    if user.is_superuser:
        return qs
    provinces = access.province_ids(user, (Role.PROVINCIAL_STAFF,))
    councils = presiding_council_ids(user)
    return qs.filter((Q(council__province_id__in=provinces) if provinces else access.NOTHING)
                     | (Q(council_id__in=councils) if councils else access.NOTHING))


def _product_mean(cards):
    same = cards.filter(application=OuterRef("application"), session=OuterRef("session"))
    return (Subquery(same.values("application").annotate(m=Avg("total")).values("m"), output_field=FloatField()),
            Subquery(same.values("application").annotate(n=Count("pk")).values("n"), output_field=IntegerField()))


def council_analytics(user, sessions):
    """For the given sessions: results with a spread over the limit, borderline results (within a
    point of a band's edge), each member's severity or leniency (mean of their total minus the
    product's mean), the agreement (ICC(2,1)) per session, and the criteria producers over-rate
    most in their self-assessment against the council. Seven queries."""
    session_ids = [s.pk for s in sessions]
    results = results_visible_to(user).filter(session__in=session_ids).select_related(
        "application__product__producer", "session")
    near = Q(pk__in=[])
    for edge in BORDERLINES:
        near |= Q(score__gte=edge - 1, score__lte=edge + 1)
    summary = results.aggregate(total=Count("pk"), flagged=Count("pk", filter=Q(spread_flagged=True)),
                                borderline=Count("pk", filter=near), mean_spread=Avg("spread"))
    flagged = list(results.filter(spread_flagged=True).order_by("-spread", "application__product__name")[:50])
    borderline = list(results.filter(near).order_by("score", "application__product__name")[:50])

    cards = scorecards_visible_to(user).filter(session__in=session_ids, status="submitted")
    mean, count = _product_mean(Scorecard.objects.filter(status="submitted"))
    members = list(cards.annotate(product_mean=mean, sheets=count).filter(sheets__gte=2).order_by()
                   .values("member", "member__full_name", "member__role")
                   .annotate(deviation=Avg(F("total") - F("product_mean")), products=Count("pk"), mean_total=Avg("total"))
                   .order_by("deviation", "member__full_name"))

    return {
        "summary": summary, "flagged": flagged, "borderline": borderline, "members": members,
        "agreement": agreement(cards, session_ids),
        "criteria": self_assessment_gaps(user, session_ids),
    }


def agreement(cards, session_ids):
    """ICC(2,1) (two-way random effects, absolute agreement, single rater) per session over the
    products every member who handed in a sheet scored, from sums of squares the database adds up:
    SS = Σx² − N·ḡ², rows from Σ of each cell's product mean², columns from its member mean²."""
    submitted = Scorecard.objects.filter(status="submitted", session__in=session_ids)
    raters = Subquery(submitted.filter(session=OuterRef("session")).values("session")
                      .annotate(k=Count("member", distinct=True)).values("k"), output_field=IntegerField())
    sheets = Subquery(submitted.filter(session=OuterRef("session"), application=OuterRef("application")).values("application")
                      .annotate(n=Count("pk")).values("n"), output_field=IntegerField())
    complete = submitted.annotate(k=raters, n=sheets).filter(n=F("k"))
    row_mean = Subquery(complete.filter(session=OuterRef("session"), application=OuterRef("application"))
                        .values("application").annotate(m=Avg("total")).values("m"), output_field=FloatField())
    col_mean = Subquery(complete.filter(session=OuterRef("session"), member=OuterRef("member"))
                        .values("member").annotate(m=Avg("total")).values("m"), output_field=FloatField())
    rows = (cards.annotate(k=raters, n=sheets).filter(n=F("k"))
            .annotate(r=row_mean, c=col_mean).order_by().values("session")
            .annotate(cells=Count("pk"), raters=Max("k"), s=Sum(F("total") * 1.0, output_field=FloatField()),
                      q=Sum(F("total") * F("total") * 1.0, output_field=FloatField()),
                      rr=Sum(F("r") * F("r"), output_field=FloatField()), cc=Sum(F("c") * F("c"), output_field=FloatField())))
    out = {}
    for row in rows:
        out[row["session"]] = icc_from_sums(cells=row["cells"], raters=row["raters"], total=row["s"], squares=row["q"],
                                            row_squares=row["rr"], col_squares=row["cc"])
    return out


def icc_from_sums(*, cells, raters, total, squares, row_squares, col_squares):
    """ICC(2,1) from the sums the database returns; None below 2 × 2 or without variation."""
    k = raters or 0
    n = cells // k if k else 0
    if n < 2 or k < 2:
        return None
    correction = total * total / cells
    ss_total = squares - correction
    ss_rows = row_squares - correction
    ss_cols = col_squares - correction
    ss_error = ss_total - ss_rows - ss_cols
    ms_rows, ms_cols, ms_error = ss_rows / (n - 1), ss_cols / (k - 1), ss_error / ((n - 1) * (k - 1))
    denominator = ms_rows + (k - 1) * ms_error + k * (ms_cols - ms_error) / n
    return None if abs(denominator) < 1e-12 else {"icc": (ms_rows - ms_error) / denominator, "products": n, "members": k}


def self_assessment_gaps(user, session_ids, limit=10):
    """Per criterion: the producers' own points (Mẫu 02) against the mean of the council's sheets
    for the same dossiers, most over-rated first. One query."""
    council = (ScorecardChoice.objects.filter(scorecard__status="submitted", scorecard__session__in=session_ids,
                                              scorecard__application=OuterRef("application"), criterion=OuterRef("criterion"))
               .values("criterion").annotate(m=Avg("option__points")).values("m"))
    return list(self_answers_visible_to(user).filter(option__isnull=False)
                .annotate(council=Subquery(council, output_field=FloatField())).filter(council__isnull=False).order_by()
                .values("criterion", "criterion__code", "criterion__name", "criterion__max_points", "criterion__sheet__set_number")
                .annotate(gap=Avg(F("option__points") - F("council")), own=Avg("option__points"), council_mean=Avg("council"),
                          dossiers=Count("application", distinct=True))
                .order_by("-gap", "criterion__code")[:limit])


def analytics_years(sessions_qs):
    return list(sessions_qs.order_by("-round__year").values_list("round__year", flat=True).distinct())


def sessions_of(sessions_qs, year):
    return list(sessions_qs.filter(round__year=year).order_by("starts_on", "pk"))

