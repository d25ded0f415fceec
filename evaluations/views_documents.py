"""The evaluations app's PDF documents in the browser: the blank scoring sheets of every
regulation (anyone logged in), the staff's request for a decision's PDF and all its certificates
(with the progress polled by htmx), and the minutes of a closed session. Downloads, the status
partial and the retry of one document are the core's (`document-download`, `document-status`,
`document-retry`); who may read a document is `evaluations.documents`' rule for its kind.

The round page and the session's results page get their documents' sections from
`round_documents_context` and `minutes_context` here."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ocop_portal.core import access
from ocop_portal.core.documents import document_for, document_request, document_retry
from ocop_portal.core.models import DocumentStatus
from ocop_portal.core.views_documents import status_context

from . import documents, selectors

LANGUAGE = "vi"  # the province's official documents are made in Vietnamese


def _status(request, document, can_manage, label):
    return {"document": document, "can_retry": document.status == DocumentStatus.FAILED and can_manage, "label": label}


# --- Blank scoring sheets ----------------------------------------------------------------------


@require_GET
def sheet_list(request):
    groups = documents.sheets_with_documents(LANGUAGE)
    can_manage = documents.can_manage_blank_sheet(request.user, None)
    label = documents.BLANK_SHEET_LABEL
    rows = [(regulation, [(sheet, _status(request, document, can_manage, label) if document else None) for sheet, document in sheets])
            for regulation, sheets in groups]
    return render(request, "evaluations/documents/sheet_list.html", {"groups": rows})


@require_POST
def sheet_request(request, pk):
    sheet = access.get_visible_or_404(selectors.sheets_visible_to(request.user), pk=pk)
    document = document_request(obj=sheet, kind=documents.BLANK_SHEET, language=LANGUAGE, actor=request.user)
    if document.status == DocumentStatus.FAILED and documents.can_manage_blank_sheet(request.user, sheet):
        document = document_retry(document=document, actor=request.user)
    document.refresh_from_db()
    if request.htmx:
        return render(request, "core/document_status.html", status_context(request, document))
    return redirect("docs:sheet-list")


# --- A decision and its certificates ---------------------------------------------------------------


def _decision(request, pk):
    decision = access.get_visible_or_404(selectors.decisions_visible_to(request.user).select_related("round", "province"), pk=pk)
    if not documents.can_read_decision(request.user, decision):
        raise Http404
    return decision


@require_POST
def decision_request(request, pk):
    """The decision's PDF and one per certificate, in one action; with `regenerate`, new versions."""
    decision = _decision(request, pk)
    if not documents.can_manage_decision(request.user, decision):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh của tỉnh ban hành quyết định mới tạo được văn bản."))
    regenerate = request.POST.get("regenerate") == "1"
    made = documents.decision_documents_request(decision=decision, actor=request.user, language=LANGUAGE, regenerate=regenerate)
    messages.success(request, _("Đã yêu cầu tạo %(n)s văn bản: quyết định %(number)s và các giấy chứng nhận.")
                     % {"n": len(made), "number": decision.number})
    return redirect("evaluations:round-detail", decision.round_id)


@require_GET
def decision_progress(request, pk):
    decision = _decision(request, pk)
    return render(request, "evaluations/documents/decision_progress.html",
                  {"item": _decision_item(request, decision, documents.decision_progress(decision, LANGUAGE))})


def _decision_item(request, decision, progress, document=None):
    can_manage = documents.can_manage_decision(request.user, decision)
    label = documents.CERTIFICATE_LABEL
    return {"decision": decision, "progress": progress, "can_manage": can_manage,
            "document": _status(request, document, can_manage, documents.DECISION_LABEL) if document else None,
            "failed": [_status(request, d, can_manage, label) for d in progress["failed_documents"]],
            "complete": progress["ready"] == progress["total"] and document is not None and document.status == DocumentStatus.READY}


def round_documents_context(request, rnd):
    """The round page's section "Quyết định và giấy chứng nhận": for the province's staff, each
    decision of the round with its PDF's state and its certificates' progress."""
    if not documents.can_read_decisions_of(request.user, rnd.province):
        return {}
    items = [_decision_item(request, decision, progress, document)
             for decision, document, progress in documents.round_decisions(rnd, LANGUAGE)]
    return {"decision_documents": items}


# --- The minutes of a closed session -------------------------------------------------------------


def minutes_context(request, session):
    """The session results page's minutes: its PDF's state for those who may read it, and the
    button to make it for those who manage the session."""
    if session.status != "closed" or not documents.can_read_minutes(request.user, session):
        return {}
    can_manage = documents.can_manage_minutes(request.user, session)
    document = document_for(session, documents.MINUTES, LANGUAGE)
    return {"minutes": {"session": session, "can_manage": can_manage,
                        "status": _status(request, document, can_manage, documents.MINUTES_LABEL) if document else None}}


@require_POST
def minutes_request(request, pk):
    session = access.get_visible_or_404(selectors.sessions_visible_to(request.user).select_related("council__province"), pk=pk)
    if not documents.can_read_minutes(request.user, session):
        raise Http404
    if session.status != "closed" or not documents.can_manage_minutes(request.user, session):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh, chủ tịch và thư ký hội đồng tạo biên bản của phiên họp đã kết thúc."))
    regenerate = request.POST.get("regenerate") == "1"
    existing = document_for(session, documents.MINUTES, LANGUAGE)
    document = document_request(obj=session, kind=documents.MINUTES, language=LANGUAGE, actor=request.user,
                                new_version=regenerate and existing is not None)
    if document.status == DocumentStatus.FAILED:
        document_retry(document=document, actor=request.user)
    messages.success(request, _("Đã yêu cầu tạo biên bản phiên họp."))
    return redirect("evaluations:session-results", session.pk)
