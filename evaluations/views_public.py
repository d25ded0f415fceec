"""Pages anyone may open without an account: the check of a certificate by its code (where its QR
code leads), the form to type a code, and the catalogue of the products rated today. Lookups are
limited per client address so that codes cannot be guessed in bulk."""

import time

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from .forms_public import CatalogueFilter, LookupForm
from .selectors_certificates import catalogue_certificates, certificate_by_code, certificate_documents, certificate_state

LOOKUPS_PER_MINUTE = 30  # per client address; a person checking certificates by hand never gets near it
WINDOW_SECONDS = 60
CATALOGUE_PER_PAGE = 20


def _client_address(request):
    return request.META.get("REMOTE_ADDR") or "unknown"


def lookup_allowed(address, now=None):
    """Count one lookup from `address`; False once it made more than LOOKUPS_PER_MINUTE in the
    last WINDOW_SECONDS (a sliding window kept in Django's cache, so every worker sees it when
    the cache is shared)."""
    now = time.time() if now is None else now
    key = f"certificate-lookups:{address}"
    recent = [t for t in cache.get(key, []) if t > now - WINDOW_SECONDS]
    allowed = len(recent) < LOOKUPS_PER_MINUTE
    if allowed:
        recent.append(now)
    cache.set(key, recent, WINDOW_SECONDS)
    return allowed


def _too_many(request):
    response = render(request, "evaluations/public/rate_limited.html",
                      {"per_minute": LOOKUPS_PER_MINUTE}, status=429)
    response["Retry-After"] = str(WINDOW_SECONDS)
    return response


def _lower_first(name):
    """"Tỉnh Bắc Ninh" → "tỉnh Bắc Ninh", as it reads after "Ủy ban nhân dân"."""
    return name[:1].lower() + name[1:]


@login_not_required
@require_GET
def verify(request, code):
    if not lookup_allowed(_client_address(request)):
        return _too_many(request)
    certificate = certificate_by_code(code.strip().lower()[:64])
    if certificate is None:
        return render(request, "evaluations/public/not_found.html", {"code": code[:64], "form": LookupForm()}, status=404)
    today = timezone.localdate()
    documents = certificate_documents(certificate)
    product = certificate.result.application.product
    units, unit = [], product.producer.unit
    while unit is not None:
        units.append(unit.name)
        unit = unit.parent
    return render(request, "evaluations/public/verify.html", {
        "certificate": certificate, "state": certificate_state(certificate, today), "today": today,
        "product": product, "producer": product.producer, "units": units, "decision": certificate.decision,
        "province": _lower_first(certificate.decision.province.name),
        "document": documents[0] if documents else None, "older_documents": documents[1:],
    })


@login_not_required
@require_GET
def certificate_lookup(request):
    form = LookupForm(request.GET or None)
    if form.is_valid():
        return redirect("verify", code=form.cleaned_data["code"])
    return render(request, "evaluations/public/lookup.html", {"form": form})


@login_not_required
@require_GET
def catalogue(request):
    today = timezone.localdate()
    search = CatalogueFilter(request.GET or None, queryset=catalogue_certificates(today))
    page = Paginator(search.qs, CATALOGUE_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "evaluations/public/catalogue.html", {
        "filter": search, "page": page, "query": query.urlencode(), "today": today,
        "searched": any(v for k, v in request.GET.items() if k != "page"),
    })
