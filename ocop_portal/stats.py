"""Selectors for province/year statistics shared by the API and, later, the dashboards.
Top-level composition: reads through the three apps' models, a fixed number of queries."""

from django.db.models import Count, Q, Sum

from evaluations.models import Application, ApplicationStatus, Certificate, Result
from producers.models import ProducerKind
from rewards.models import Payout

S = ApplicationStatus
PAST_ELIGIBILITY = [S.ELIGIBLE, S.IN_SESSION, S.SCORED, S.RATED, S.NOT_ACHIEVED, S.RECOGNISED, S.REFERRED]
NOT_YET_REGISTERED = [S.DRAFT]


def stats_summary(*, year, province_ids=None):
    """Producers, products, stars and rewards of the rounds held in `year` in the provinces
    `province_ids` (a province and its predecessors), or everywhere when None. Six queries
    whatever the size of the data."""
    scoped = province_ids is not None
    round_filter = Q(round__year=year) & (Q(round__province__in=province_ids) if scoped else Q())
    applications = Application.objects.filter(round_filter).exclude(status__in=NOT_YET_REGISTERED)
    counts = applications.aggregate(
        registered=Count("pk"),
        eligible=Count("pk", filter=Q(status__in=PAST_ELIGIBILITY)),
        ineligible=Count("pk", filter=Q(status=S.INELIGIBLE)),
        producers=Count("product__producer", distinct=True),
    )
    by_kind = dict(applications.values_list("product__producer__kind").annotate(n=Count("product__producer", distinct=True))
                   .order_by())

    result_filter = Q(session__round__year=year, session__status="closed") & (Q(session__round__province__in=province_ids) if scoped else Q())
    stars = dict(Result.objects.filter(result_filter, star__isnull=False).values_list("star").annotate(n=Count("pk")).order_by())
    results = Result.objects.filter(result_filter).aggregate(scored=Count("pk"), not_achieved=Count("pk", filter=Q(star__isnull=True)))

    cert_filter = Q(decision__round__year=year) & (Q(decision__round__province__in=province_ids) if scoped else Q())
    certificates = Certificate.objects.filter(cert_filter).count()

    payout_filter = Q(result__session__round__year=year) & (Q(result__session__round__province__in=province_ids) if scoped else Q())
    money = Payout.objects.filter(payout_filter).aggregate(
        total=Sum("amount_vnd"), paid=Sum("amount_vnd", filter=Q(status="paid")), count=Count("pk")
    )
    return {
        "year": year,
        "producers": {"total": counts["producers"], **{k.value: by_kind.get(k.value, 0) for k in ProducerKind}},
        "products": {
            "registered": counts["registered"],
            "eligible": counts["eligible"],
            "ineligible": counts["ineligible"],
            "scored": results["scored"],
            "not_achieved": results["not_achieved"],
            "stars": {str(s): stars.get(s, 0) for s in (1, 2, 3, 4, 5)},
            "certificates": certificates,
        },
        "rewards": {"total_vnd": money["total"] or 0, "paid_vnd": money["paid"] or 0, "payouts": money["count"]},
    }
