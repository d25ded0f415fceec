"""The producer's page: every producer the user acts for, its dossiers with their state and what
is expected next, its certificates and what it is owed. Top-floor composition: it reads the
producers, evaluations and rewards apps through their selectors."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from evaluations import selectors as ev
from evaluations import services as ev_services
from evaluations.models import ApplicationStatus
from evaluations.status_texts import NEXT_STEP
from producers import selectors as pr
from producers.models import Producer
from rewards import selectors as rw

S = ApplicationStatus


@require_GET
def producer_home(request):
    user = request.user
    own = pr.producer_ids_of(user)
    producers = list(Producer.objects.filter(pk__in=own).select_related("unit").order_by("name"))
    dossiers = list(ev.applications_visible_to(user).filter(product__producer__in=own)
                    .select_related("product", "round").order_by("-round__year", "product__name"))
    deadlines = ev.precheck_deadlines([d for d in dossiers if d.status == S.SUBMITTED])
    certificates = {c.result.application_id: c for c in ev.certificates_visible_to(user)
                    .filter(result__application__in=[d.pk for d in dossiers]).select_related("result")}
    rewards = {}
    for entitlement in (rw.with_payment(rw.entitlements_visible_to(user).filter(application__in=[d.pk for d in dossiers]))
                        .order_by("due_on", "pk")):
        rewards.setdefault(entitlement.application_id, []).append(entitlement)
    today = timezone.localdate()
    regulation = ev.regulation_in_force(today) if certificates else None
    by_producer = {p.pk: [] for p in producers}
    for d in dossiers:
        by_producer[d.product.producer_id].append({
            "application": d, "next": NEXT_STEP.get(d.status, ""), "deadline": deadlines.get(d.pk),
            "certificate": certificates.get(d.pk), "rewards": rewards.get(d.pk, []),
            "rerating": _rerating(certificates.get(d.pk), regulation, today),
        })
    return render(request, "producer_home.html", {
        "producers": [{"producer": p, "dossiers": by_producer[p.pk]} for p in producers],
        "today": today,
    })


def _rerating(certificate, regulation, today):
    """When the certificate's re-rating may be filed (180 to 120 days before it expires, or the
    transitional period of Điều 12.3), and whether that is now."""
    if certificate is None or certificate.status in ("revoked", "superseded") or regulation is None:
        return None
    transitional = ev_services.transitional_rerating(certificate, regulation)
    first, last = transitional or ev_services.rerating_window(certificate)
    if last < today:
        return None
    return {"first": first, "last": last, "open": first <= today <= last, "transitional": transitional is not None}
