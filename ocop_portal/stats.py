"""Statistics for a territory and a year, shared by the API and, later, the dashboards.
Top-level composition: reads through the three apps' models, a fixed number of queries."""

from django.db.models import Count, Q, Sum

from evaluations.models import Application, ApplicationStatus, Certificate, Result
from producers.models import ProducerKind
from rewards.models import Entitlement, EntitlementStatus

S = ApplicationStatus
PAST_ELIGIBILITY = [S.ELIGIBLE, S.IN_SESSION, S.SCORED, S.RATED, S.NOT_ACHIEVED, S.RECOGNISED, S.REFERRED]
NOT_YET_REGISTERED = [S.DRAFT]


def _within(field, unit_paths):
    """Rows whose producer's unit lies under one of `unit_paths`; everything when None."""
    if unit_paths is None:
        return Q()
    q = Q(pk__in=[])
    for path in unit_paths:
        q |= Q(**{f"{field}__path__startswith": path})
    return q


def stats_summary(*, year, unit_paths=None):
    """Producers, products, stars and rewards of the rounds held in `year`, for the producers whose
    unit lies under one of `unit_paths` (a unit and the units it replaced), or everywhere when
    None. Six queries whatever the size of the data."""
    applications = (Application.objects.filter(_within("product__producer__unit", unit_paths), round__year=year)
                    .exclude(status__in=NOT_YET_REGISTERED))
    counts = applications.aggregate(
        registered=Count("pk"),
        eligible=Count("pk", filter=Q(status__in=PAST_ELIGIBILITY)),
        ineligible=Count("pk", filter=Q(status=S.INELIGIBLE)),
        producers=Count("product__producer", distinct=True),
    )
    by_kind = dict(applications.values_list("product__producer__kind").annotate(n=Count("product__producer", distinct=True))
                   .order_by())

    results_in_scope = Result.objects.filter(_within("application__product__producer__unit", unit_paths),
                                             session__round__year=year, session__status="closed")
    stars = dict(results_in_scope.filter(star__isnull=False).values_list("star").annotate(n=Count("pk")).order_by())
    results = results_in_scope.aggregate(scored=Count("pk"), not_achieved=Count("pk", filter=Q(star__isnull=True)))

    certificates = Certificate.objects.filter(_within("result__application__product__producer__unit", unit_paths),
                                              decision__round__year=year).count()

    money = Entitlement.objects.filter(_within("application__product__producer__unit", unit_paths),
                                       application__round__year=year).aggregate(
        total=Sum("amount_vnd"), paid=Sum("amount_vnd", filter=Q(status=EntitlementStatus.PAID)), count=Count("pk")
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
