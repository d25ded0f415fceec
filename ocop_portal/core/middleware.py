from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header


class LanguageMiddleware:
    """Vietnamese unless the user chose another language with the switch (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a visitor with an
    English browser would land on English pages; a Vietnamese government portal starts in
    Vietnamese for everyone. The API is for programs, which have no language switch: it answers
    in the language of `Accept-Language` (Vietnamese when absent or unsupported), all of one
    response in one language."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}
        self.api_prefix = "/api/"

    def _from_header(self, header):
        """The first supported language of an Accept-Language header, by quality."""
        for code, _quality in parse_accept_lang_header(header):
            primary = code.split("-")[0].lower()
            if primary in self.supported:
                return primary
        return None

    def __call__(self, request):
        if request.path_info.startswith(self.api_prefix):
            chosen = self._from_header(request.headers.get("Accept-Language", ""))
        else:
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        with translation.override(language):  # restored afterwards: nothing leaks to the next request
            response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language",) if request.path_info.startswith(self.api_prefix) else ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
