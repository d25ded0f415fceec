"""The portal's URLs plus stand-ins for the pages other apps are still building, under the URL
names the navigation waits for (ocop_portal.navigation.NAV_ITEMS), so the browser tests can see
each role's full navigation. Stand-ins join the real pages of their app's namespace."""

from django.shortcuts import render
from django.urls import URLResolver, include, path

from evaluations import urls as evaluations_urls
from ocop_portal.urls import urlpatterns as portal_urlpatterns


def placeholder(request):
    return render(request, "base.html")


def _routes(*routes):
    return [path(route, placeholder, name=name) for route, name in routes]


def _app(namespace, *routes):
    return path(f"{namespace}/", include((_routes(*routes), namespace)))


urlpatterns = [
    *[p for p in portal_urlpatterns if not (isinstance(p, URLResolver) and p.namespace == "evaluations")],
    path("council/", include(([*evaluations_urls.urlpatterns,
                               *_routes(("councils/", "council-list"),
                                        ("certificates/", "certificate-lookup"))], "evaluations"))),
]
