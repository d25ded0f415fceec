"""A dossier's files and the producers' standing documents in the browser: upload (checked by
content), list, remove, attach, and download through a view that asks the access layer; the
files themselves live on the private storage, which no URL serves.

Who may see a file is the selectors' answer (an outsider gets 404, learning nothing); who may
change one is `rules_files` (403 for a reader who may not act). Every write goes through
`services_evidence` and `producers.services_documents`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ocop_portal.core import access
from producers import services_documents
from producers.selectors import producers_visible_to, standing_documents_visible_to

from . import rules_files, selectors, services_evidence
from .forms_files import EvidenceForm, StandingDocumentForm
from .models import Criterion


def _dossier(request, pk):
    """The dossier if the user may open it (`dossiers_for_page`); 404 otherwise."""
    return access.get_visible_or_404(
        selectors.dossiers_for_page(request.user).select_related("product__producer__unit", "round", "sheet"), pk=pk)


def _next(request, application):
    """Where to go back after a form without JavaScript: the page it came from when that is one of
    ours, else the dossier's files page."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return wanted
    return reverse("files:dossier-files", args=[application.pk])


def _refusal(exc):
    return " ".join(exc.messages)


def _file_response(stored):
    """The stored file as a download: its checked content type, its original name (RFC 5987 for
    Vietnamese names), never sniffed, never cached."""
    try:
        handle = stored.file.storage.open(stored.file.name, "rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=stored.original_name, content_type=stored.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- Evidence ------------------------------------------------------------------------------------


def _block(request, application, criterion, *, error=None, notice=None):
    """The evidence block of one criterion (or of the dossier as a whole), as the htmx answer."""
    files = selectors.evidence_by_criterion(application).get(criterion.pk if criterion else None, [])
    return render(request, "evaluations/partials/evidence_block.html", {
        "application": application, "criterion": criterion, "files": files,
        "can_edit": rules_files.can_change_dossier_files.test(request.user, application),
        "evidence_error": error, "evidence_notice": notice, "next_url": _next(request, application),
    })


def _answer(request, application, criterion, *, error=None, notice=None):
    if request.htmx:
        return _block(request, application, criterion, error=error, notice=notice)
    if error:
        messages.error(request, error)
    elif notice:
        messages.success(request, notice)
    return redirect(_next(request, application))


@require_GET
def dossier_files(request, pk):
    application = _dossier(request, pk)
    user, today = request.user, timezone.localdate()
    can_edit = rules_files.can_change_dossier_files.test(user, application)
    producer = application.product.producer
    return render(request, "evaluations/files/dossier_files.html", {
        "application": application, "groups": selectors.evidence_groups(application), "can_edit": can_edit,
        "totals": selectors.evidence_totals(application), "documents": selectors.dossier_standing_documents(application, today),
        "attachable": selectors.attachable_standing_documents(application, today) if can_edit else [],
        "documents_url": reverse("files:documents", args=[producer.pk])
        if rules_files.can_see_producer_documents.test(user, producer) else None,
        "limits": {"files": services_evidence.MAX_FILES_PER_DOSSIER, "bytes": services_evidence.MAX_BYTES_PER_DOSSIER,
                   "per_criterion": services_evidence.MAX_FILES_PER_CRITERION},
    })


@require_POST
def evidence_upload(request, pk):
    application = _dossier(request, pk)
    if not rules_files.can_add_evidence.test(request.user, application):
        raise PermissionDenied(_("Chỉ tài khoản của chủ thể mới tải lên minh chứng cho hồ sơ."))
    form = EvidenceForm(request.POST, request.FILES)
    form.is_valid()
    data = form.cleaned_data
    criterion = get_object_or_404(Criterion, pk=data["criterion"]) if data.get("criterion") else None
    if form.errors:
        return _answer(request, application, criterion, error=" ".join(e for errors in form.errors.values() for e in errors))
    upload = data.get("file")
    if upload is None:
        return _answer(request, application, criterion, error=_("Hãy chọn tệp để tải lên."))
    try:
        evidence, created = services_evidence.evidence_add(application=application, uploaded_file=upload, criterion=criterion,
                                                           description=data.get("description", ""), actor=request.user)
    except ValidationError as exc:
        return _answer(request, application, criterion, error=_refusal(exc))
    if created:
        notice = _("Đã tải lên “%(name)s”.") % {"name": evidence.original_name}
    else:
        notice = _("Tệp “%(name)s” đã có trong hồ sơ (cùng nội dung, tải lên ngày %(day)s): giữ một bản.") % {
            "name": evidence.original_name, "day": f"{timezone.localtime(evidence.uploaded_at):%d/%m/%Y}"}
    return _answer(request, application, criterion, notice=notice)


@require_POST
def evidence_delete(request, pk):
    evidence = access.get_visible_or_404(selectors.evidence_visible_to(request.user).select_related("criterion"), pk=pk)
    application = _dossier(request, evidence.application_id)
    if not rules_files.can_add_evidence.test(request.user, application):
        raise PermissionDenied(_("Chỉ tài khoản của chủ thể mới xóa minh chứng của hồ sơ."))
    criterion, name = evidence.criterion, evidence.original_name
    try:
        services_evidence.evidence_remove(evidence=evidence, actor=request.user)
    except ValidationError as exc:
        return _answer(request, application, criterion, error=_refusal(exc))
    return _answer(request, application, criterion, notice=_("Đã xóa “%(name)s”.") % {"name": name})


@require_GET
def evidence_download(request, pk):
    return _file_response(access.get_visible_or_404(selectors.evidence_visible_to(request.user), pk=pk))


# --- Standing documents --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def documents(request, pk):
    producer = access.get_visible_or_404(producers_visible_to(request.user).select_related("unit"), pk=pk)
    if not rules_files.can_see_producer_documents.test(request.user, producer):
        raise Http404
    can_manage = rules_files.can_manage_standing_documents.test(request.user, producer)
    form = StandingDocumentForm(request.POST or None, request.FILES or None) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(_("Chỉ tài khoản của chủ thể mới lưu giấy tờ của chủ thể."))
        if form.is_valid():
            data = form.cleaned_data
            try:
                document = services_documents.standing_document_add(
                    producer=producer, kind=data["kind"], title=data["title"], number=data["number"],
                    issued_on=data["issued_on"], expires_on=data["expires_on"], uploaded_file=data["file"], actor=request.user)
            except ValidationError as exc:
                form.refused(exc)
            else:
                messages.success(request, _("Đã lưu “%(title)s”.") % {"title": document.title})
                return redirect("files:documents", producer.pk)
    today = timezone.localdate()
    return render(request, "evaluations/files/documents.html", {
        "producer": producer, "documents": selectors.producer_standing_documents(producer, today), "form": form,
        "can_manage": can_manage, "today": today,
    })


@require_GET
def standing_download(request, pk):
    return _file_response(access.get_visible_or_404(selectors.standing_documents_readable_by(request.user), pk=pk))


@require_POST
def standing_delete(request, pk):
    document = access.get_visible_or_404(standing_documents_visible_to(request.user).select_related("producer"), pk=pk)
    if not rules_files.can_manage_standing_documents.test(request.user, document.producer):
        raise PermissionDenied(_("Chỉ tài khoản của chủ thể mới xóa giấy tờ của chủ thể."))
    try:
        services_documents.standing_document_remove(document=document, actor=request.user)
    except ValidationError as exc:
        messages.error(request, _refusal(exc))
    else:
        messages.success(request, _("Đã xóa “%(title)s”.") % {"title": document.title})
    return redirect("files:documents", document.producer_id)


@require_POST
def standing_attach(request, pk):
    """Attach (`action=attach`) or detach (`action=detach`) one of the producer's documents."""
    application = _dossier(request, pk)
    if not rules_files.can_add_evidence.test(request.user, application):
        raise PermissionDenied(_("Chỉ tài khoản của chủ thể mới chọn giấy tờ cho hồ sơ."))
    document = access.get_visible_or_404(standing_documents_visible_to(request.user), pk=request.POST.get("document"))
    detach = request.POST.get("action") == "detach"
    try:
        if detach:
            services_evidence.dossier_detach_standing_document(application=application, document=document, actor=request.user)
        else:
            services_evidence.dossier_attach_standing_document(application=application, document=document, actor=request.user)
    except ValidationError as exc:
        messages.error(request, _refusal(exc))
    else:
        done = _("Hồ sơ không dùng “%(title)s” nữa.") if detach else _("Hồ sơ dùng “%(title)s”.")
        messages.success(request, done % {"title": document.title})
    return redirect(_next(request, application))
