"""The provincial staff's API token pages: the tokens of their province's office accounts, giving
one (its key shown once, on the answer to the form) and revoking one.

Only provincial staff and a superuser open them (403 for anyone else); a token they may not see
(another province's) is 404. Giving and revoking go through the core's services."""

import secrets

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import access, rules, selectors, services
from .forms_tokens import ApiTokenForm
from .models import AdministrativeUnit, Role

PAGE_SIZE = 50
NONCES = "api_token_nonces"  # session key: the forms this session was given, not yet used
NONCES_KEPT = 10  # as many forms open at once (tabs) as a person reasonably has
NONCE_TTL = 24 * 60 * 60
PENDING = 0  # the nonce's cache value while its token is being made


def _manager(request):
    if not rules.can_manage_api_tokens.test(request.user):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh cấp và thu hồi khóa API."))


def _token(request, pk):
    token = access.get_visible_or_404(
        selectors.api_tokens_visible_to(request.user).select_related("user", "unit", "created_by", "revoked_by"), pk=pk)
    if not rules.gives_api_tokens_to.test(request.user, token.user):
        raise PermissionDenied(_("Bạn không quản lý khóa API của tài khoản này."))
    return token


@require_GET
def api_token_list(request):
    _manager(request)
    tokens = selectors.api_tokens_visible_to(request.user).select_related(
        "user", "unit", "created_by", "revoked_by").order_by("-created_at", "-pk")
    page = Paginator(tokens, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/api_token_list.html", {"page": page, "now": timezone.now()})


# --- Giving a token ----------------------------------------------------------------------------------
# A form carries a one-time nonce, given to the session with the form and claimed (atomically, in
# the cache) by the submission that makes the token: a second submission of the same form (a
# double click, a reload of the answer) makes none and says which token the first one made.


def _nonce_key(nonce):
    return f"api-token-nonce:{nonce}"


def _nonce_issue(request):
    nonce = secrets.token_urlsafe(16)
    request.session[NONCES] = [*request.session.get(NONCES, [])[-(NONCES_KEPT - 1):], nonce]
    return nonce


def _nonce_claim(request, nonce):
    return bool(nonce) and nonce in request.session.get(NONCES, []) and cache.add(_nonce_key(nonce), PENDING, NONCE_TTL)


def _nonce_spent(request, nonce, token):
    cache.set(_nonce_key(nonce), token.pk, NONCE_TTL)
    request.session[NONCES] = [n for n in request.session.get(NONCES, []) if n != nonce]


def _form_page(request, form, status=200, earlier=None, repeated=False):
    units = AdministrativeUnit.objects.filter(
        access.territory_q(request.user, "", roles=(Role.PROVINCIAL_STAFF,))).order_by("path")
    return render(request, "core/api_token_form.html", {"form": form, "units": units, "earlier": earlier,
                                                        "repeated": repeated}, status=status)


def _fresh_form(request, holders):
    return ApiTokenForm(holders=holders, initial={"nonce": _nonce_issue(request)})


@require_http_methods(["GET", "POST"])
def api_token_create(request):
    _manager(request)
    holders = selectors.api_token_holders_for(request.user)
    if request.method == "GET":
        return _form_page(request, _fresh_form(request, holders))
    form = ApiTokenForm(request.POST, holders=holders)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    nonce = form.cleaned_data["nonce"]
    if not _nonce_claim(request, nonce):
        made = cache.get(_nonce_key(nonce)) if nonce else None
        earlier = selectors.api_tokens_visible_to(request.user).filter(pk=made).first() if made else None
        return _form_page(request, _fresh_form(request, holders), status=409, earlier=earlier, repeated=True)
    data = form.cleaned_data
    try:
        token, key = services.api_token_create(user=data["user"], name=data["name"], days=data["days"], unit=data["unit"],
                                               actor=request.user)
    except ValidationError as exc:
        cache.delete(_nonce_key(nonce))  # nothing was made: the same form may be sent again, corrected
        form.refused(exc)
        return _form_page(request, form, status=400)
    _nonce_spent(request, nonce, token)
    example = f"{request.build_absolute_uri(reverse('api:stats-summary'))}?year={timezone.localdate().year}"
    # The key is on this answer only: never in a URL, a message or a cache.
    response = render(request, "core/api_token_created.html", {"token": token, "key": key, "example_url": example})
    response["Cache-Control"] = "no-store"
    return response


# --- Revoking a token --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def api_token_revoke(request, pk):
    _manager(request)
    token = _token(request, pk)
    if request.method == "POST":
        if token.revoked_at is not None:
            messages.info(request, _("Khóa “%(name)s” (%(prefix)s…) đã bị thu hồi từ trước.") % {
                "name": token.name, "prefix": token.prefix})
        else:
            services.api_token_revoke(token=token, actor=request.user)
            messages.success(request, _("Đã thu hồi khóa “%(name)s” (%(prefix)s…): từ giờ khóa này không dùng được nữa.") % {
                "name": token.name, "prefix": token.prefix})
        return redirect("api-tokens")
    return render(request, "core/api_token_revoke.html", {"token": token, "now": timezone.now()})
