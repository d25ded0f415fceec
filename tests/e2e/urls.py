"""The portal's URLs plus stand-ins for the pages other apps are still building, under the URL
names the navigation waits for (ocop_portal.core.context_processors.NAV_ITEMS), so the browser
tests can see each role's full navigation."""

from django.shortcuts import render
from django.urls import include, path

from ocop_portal.urls import urlpatterns as portal_urlpatterns


def placeholder(request):
    return render(request, "base.html")


def _app(namespace, *routes):
    return path(f"{namespace}/", include(([path(route, placeholder, name=name) for route, name in routes], namespace)))


urlpatterns = [
    *portal_urlpatterns,
    _app("producers", ("products/", "product-list"), ("queue/", "application-queue")),
    _app(
        "evaluations",
        ("rounds/", "round-list"),
        ("councils/", "council-list"),
        ("sessions/", "session-list"),
        ("certificates/", "certificate-lookup"),
    ),
    _app("rewards", ("payouts/", "payout-list")),
]
