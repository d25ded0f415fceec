"""The producer's account pages: sign-up and email verification (public), the producer's profile,
its people and its leaders' training (its users; the officers over its unit read them), and the
local office's confirmation of new producers. Every write goes through the services; every
object comes through the access layer (404 for outsiders, 403 for a reader who may not act)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ocop_portal.core import access

from . import rules, selectors, services, tokens
from .forms import ETHNICITIES, MemberAddForm, ProducerForm, ResendForm, SignupForm, TrainingRecordForm
from .models import Producer

PER_PAGE = 50
SIGNUP_EMAIL = "producers:signup-email"  # the session remembers the address to prefill "send again"
SHOW_COMMUNES = "show_communes"  # the button that lists a province's communes without script


# --- Sign-up and email verification (public) ----------------------------------------------------


@login_not_required
@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.account_signup(full_name=data["full_name"], email=data["email"], phone=data["phone"],
                                    password=data["password1"], language=get_language())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            request.session[SIGNUP_EMAIL] = data["email"].lower()
            return redirect("producers:check-email")
    return render(request, "registration/signup.html", {"form": form})


@login_not_required
@require_GET
def check_email(request):
    email = request.session.get(SIGNUP_EMAIL, "")
    return render(request, "registration/signup_check_email.html", {
        "email": email, "form": ResendForm(initial={"email": email}), "days": tokens.valid_days()})


@login_not_required
@require_http_methods(["GET", "POST"])
def resend(request):
    """The same answer whether or not the address has an account waiting (no enumeration)."""
    form = ResendForm(request.POST or None, initial={"email": request.session.get(SIGNUP_EMAIL, "")})
    if request.method == "POST" and form.is_valid():
        services.verification_email_resend(email=form.cleaned_data["email"], language=get_language())
        request.session[SIGNUP_EMAIL] = form.cleaned_data["email"].lower()
        return redirect("producers:check-email")
    return render(request, "registration/signup_resend.html", {"form": form})


@login_not_required
@require_GET
def verify(request, token):
    try:
        user, activated = services.account_verify_email(token=token)
    except ValidationError as exc:
        expired = exc.code == "expired"
        email = (exc.params or {}).get("email", "") if expired else ""
        return render(request, "registration/signup_verify_failed.html", {
            "error": " ".join(exc.messages), "expired": expired, "form": ResendForm(initial={"email": email})})
    if activated:
        login(request, user, backend="ocop_portal.core.auth.CaseInsensitiveModelBackend")
        messages.success(request, _("Đã kích hoạt tài khoản. Bước tiếp theo: tạo hồ sơ chủ thể của bạn."))
        return redirect("producers:create")
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect("producer-home")
    messages.info(request, _("Tài khoản này đã được kích hoạt. Hãy đăng nhập bằng email và mật khẩu của bạn."))
    return redirect("login")


# --- The producer's profile ----------------------------------------------------------------------


def _producer(request, pk):
    """The producer if the user may see it (its users, the territory roles over its unit); 404
    otherwise."""
    return access.get_visible_or_404(selectors.producers_visible_to(request.user).select_related("unit", "confirmed_by"), pk=pk)


def _producer_page(request, template, producer, tab, **context):
    """A page of the producer (its tabs), with the way back for this reader: their own producers,
    or the officer's list of producers waiting for confirmation."""
    user = request.user
    back = None
    if producer.pk in selectors.producer_ids_of(user):
        back = {"url": reverse("producer-home"), "label": _("Sản phẩm của tôi")}
    elif rules.can_confirm_producer.test(user, producer):
        back = {"url": reverse("producers:pending"), "label": _("Chủ thể chờ xác nhận")}
    return render(request, template, {"producer": producer, "tab": tab, "back": back, **context})


def _profile_form(request, *, instance=None, locked=()):
    """The profile form: bound to the POST, or (the "show communes" button of a phone without
    script) refilled with what was typed and the chosen province's communes, without errors."""
    if request.method == "POST" and SHOW_COMMUNES in request.POST:
        return ProducerForm(initial=request.POST.dict(), instance=instance, locked=locked), False
    return ProducerForm(request.POST or None, instance=instance, locked=locked), request.method == "POST"


@require_http_methods(["GET", "POST"])
def producer_create(request):
    form, submitted = _profile_form(request)
    if submitted and form.is_valid():
        try:
            producer = services.producer_create(**form.profile(), owners=[request.user], actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã tạo hồ sơ chủ thể “%(name)s”. Cán bộ địa phương sẽ xác nhận chủ thể trước khi "
                                        "bạn nộp hồ sơ sản phẩm đầu tiên.") % {"name": producer.name})
            return redirect("producers:detail", producer.pk)
    return render(request, "producers/producer_form.html", {"form": form, "producer": None, "ethnicities": ETHNICITIES,
                                                            "show_communes": SHOW_COMMUNES})


@require_GET
def communes(request):
    """The commune field for a province (htmx swaps it in when the province changes)."""
    province = request.GET.get("province", "")
    form = ProducerForm(initial={"province": province if province.isdigit() else None})
    return render(request, "producers/producer_form.html#commune-field", {"form": form})


@require_GET
def producer_detail(request, pk):
    producer = _producer(request, pk)
    user = request.user
    return _producer_page(
        request, "producers/producer_detail.html", producer, "profile",
        memberships=producer.memberships.select_related("user").order_by("-is_owner", "pk"),
        records=producer.training_records.order_by("-attended_on", "-pk")[:5],
        record_count=producer.training_records.count(),
        can_edit=rules.can_update_producer.test(user, producer),
        can_confirm=producer.confirmed_at is None and rules.can_confirm_producer.test(user, producer),
    )


@require_http_methods(["GET", "POST"])
def producer_edit(request, pk):
    producer = _producer(request, pk)
    if not rules.can_update_producer.test(request.user, producer):
        raise PermissionDenied(_("Chỉ chủ sở hữu của chủ thể mới sửa hồ sơ chủ thể."))
    locked = services.LOCKED_ONCE_CONFIRMED if producer.confirmed_at else ()
    form, submitted = _profile_form(request, instance=Producer.objects.select_related("unit").get(pk=producer.pk), locked=locked)
    if submitted and form.is_valid():
        try:
            services.producer_update(producer=producer, actor=request.user, **form.profile())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu hồ sơ chủ thể."))
            return redirect("producers:detail", producer.pk)
    return render(request, "producers/producer_form.html", {"form": form, "producer": producer, "ethnicities": ETHNICITIES,
                                                            "show_communes": SHOW_COMMUNES, "locked": bool(locked)})


# --- The producer's people ------------------------------------------------------------------------


def _membership(request, pk):
    return access.get_visible_or_404(selectors.memberships_visible_to(request.user).select_related("producer__unit", "user"), pk=pk)


def _may_manage(request, producer):
    if not rules.can_manage_producer_members.test(request.user, producer):
        raise PermissionDenied(_("Chỉ chủ sở hữu của chủ thể mới quản lý tài khoản của chủ thể."))


@require_http_methods(["GET", "POST"])
def members(request, pk):
    producer = _producer(request, pk)
    manages = rules.can_manage_producer_members.test(request.user, producer)
    form = MemberAddForm(request.POST or None) if manages else None
    if request.method == "POST":
        _may_manage(request, producer)
        if form.is_valid():
            try:
                membership = services.membership_add_by_email(producer=producer, email=form.cleaned_data["email"],
                                                              is_owner=form.cleaned_data["is_owner"], actor=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Đã thêm %(who)s vào chủ thể.") % {"who": membership.user})
                return redirect("producers:members", producer.pk)
    return _producer_page(request, "producers/members.html", producer, "members", form=form, manages=manages,
                          memberships=producer.memberships.select_related("user").order_by("-is_owner", "pk"))


@require_POST
def member_role(request, pk):
    membership = _membership(request, pk)
    _may_manage(request, membership.producer)
    is_owner = request.POST.get("is_owner") == "1"
    try:
        services.membership_set_owner(membership=membership, is_owner=is_owner, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        done = _("%(who)s nay là chủ sở hữu.") if is_owner else _("%(who)s nay là thành viên.")
        messages.success(request, done % {"who": membership.user})
    return redirect("producers:members", membership.producer_id)


@require_http_methods(["GET", "POST"])
def member_remove(request, pk):
    membership = _membership(request, pk)
    producer = membership.producer
    _may_manage(request, producer)
    if request.method == "POST":
        try:
            services.membership_remove(producer=producer, user=membership.user, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("producers:members", producer.pk)
        if membership.user_id == request.user.pk:
            messages.success(request, _("Bạn đã rời chủ thể “%(name)s”.") % {"name": producer.name})
            return redirect("producer-home")
        messages.success(request, _("Đã gỡ %(who)s khỏi chủ thể.") % {"who": membership.user})
        return redirect("producers:members", producer.pk)
    return _producer_page(request, "producers/member_remove.html", producer, "members", membership=membership)


# --- Training of the producer's leaders ------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def training(request, pk):
    producer = _producer(request, pk)
    records = rules.can_record_training.test(request.user, producer)
    form = TrainingRecordForm(request.POST or None) if records else None
    if request.method == "POST":
        if not records:
            raise PermissionDenied(_("Chỉ tài khoản của chủ thể mới ghi nhận tập huấn."))
        if form.is_valid():
            try:
                services.training_record_add(producer=producer, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Đã ghi nhận khóa tập huấn."))
                return redirect("producers:training", producer.pk)
    return _producer_page(request, "producers/training.html", producer, "training", form=form, records_allowed=records,
                          records=producer.training_records.order_by("-attended_on", "-pk"))


@require_http_methods(["GET", "POST"])
def training_delete(request, pk):
    record = access.get_visible_or_404(selectors.training_records_visible_to(request.user).select_related("producer"), pk=pk)
    producer = record.producer
    if not rules.can_record_training.test(request.user, producer):
        raise PermissionDenied(_("Chỉ tài khoản của chủ thể mới xóa tập huấn."))
    if request.method == "POST":
        services.training_record_delete(record=record, actor=request.user)
        messages.success(request, _("Đã xóa khóa tập huấn “%(course)s”.") % {"course": record.course})
        return redirect("producers:training", producer.pk)
    return _producer_page(request, "producers/training_delete.html", producer, "training", record=record)


# --- The local office confirms new producers ---------------------------------------------------------


@require_GET
def pending(request):
    rows = selectors.producers_pending_confirmation(request.user).select_related("unit__parent")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "producers/pending.html", {"page": page})


@require_http_methods(["GET", "POST"])
def confirm(request, pk):
    producer = _producer(request, pk)
    if not rules.can_confirm_producer.test(request.user, producer):
        raise PermissionDenied(_("Chỉ cán bộ địa phương phụ trách địa bàn của chủ thể mới xác nhận chủ thể."))
    if request.method == "POST":
        already = producer.confirmed_at is not None
        producer = services.producer_confirm(producer=producer, actor=request.user)
        if already:
            messages.info(request, _("Chủ thể “%(name)s” đã được xác nhận trước đó.") % {"name": producer.name})
        else:
            messages.success(request, _("Đã xác nhận chủ thể “%(name)s”: chủ thể nay nộp được hồ sơ sản phẩm.")
                             % {"name": producer.name})
        return redirect(reverse("producers:pending"))
    return render(request, "producers/confirm.html", {"producer": producer})
