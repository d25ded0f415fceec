"""The one PDF render function: a template and its context in, PDF bytes out. No database, no
network: WeasyPrint may read only the project's own static files (fonts, emblem, seal) and data:
URIs; any other URL stops the render (`OutsideURL`)."""

import mimetypes

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

# WeasyPrint resolves the templates' relative and /static/ URLs against this base; it is never
# fetched over the network.
BASE_URL = "https://portal.invalid/"


class RenderRefused(Exception):
    """The render stopped because the document asked for a URL outside our static files."""


class OutsideURL(BaseException):
    """A document asked for a resource outside our static files. A BaseException subclass of
    WeasyPrint's FatalURLFetchingError, so the render stops instead of skipping the resource."""


def _fatal():
    from weasyprint.urls import FatalURLFetchingError

    return type("OutsideStaticURL", (OutsideURL, FatalURLFetchingError), {})


def _static_prefix():
    return BASE_URL + settings.STATIC_URL.lstrip("/")


class StaticOnlyFetcher:
    """Serves `static/…` from the static files finders (or STATIC_ROOT) and data: URIs."""

    def __init__(self):
        from weasyprint.urls import URLFetcher

        self._data = URLFetcher(allowed_protocols={"data"})
        self._refuse = _fatal()

    def fetch(self, url, headers=None):
        from weasyprint.urls import URLFetcherResponse

        if url.startswith("data:"):
            return self._data.fetch(url, headers)
        prefix = _static_prefix()
        if url.startswith(prefix):
            relative = url[len(prefix):].split("?", 1)[0].split("#", 1)[0]
            if ".." not in relative.split("/"):
                path = finders.find(relative) or (settings.STATIC_ROOT and _in_static_root(relative))
                if path:
                    with open(path, "rb") as handle:
                        body = handle.read()
                    mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})
        raise self._refuse(f"Refused to fetch {url!r}: documents may use only the portal's static files.")

    # WeasyPrint also calls the fetcher as a function in some paths
    def __call__(self, url, headers=None):
        return self.fetch(url, headers)


def _in_static_root(relative):
    from pathlib import Path

    path = (Path(settings.STATIC_ROOT) / relative).resolve()
    return str(path) if path.is_file() and Path(settings.STATIC_ROOT).resolve() in path.parents else None


def html_to_pdf(html):
    from weasyprint import HTML

    try:
        return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()
    except OutsideURL as exc:  # a BaseException inside WeasyPrint, so that it stops the render; an ordinary error out here
        raise RenderRefused(str(exc)) from None


def render_pdf(template_name, context, *, language="vi"):
    """Render `template_name` with `context` (plain data: no querysets) in `language`; PDF bytes."""
    with translation.override(language):
        html = render_to_string(template_name, context)
    return html_to_pdf(html)
