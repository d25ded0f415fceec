"""A document's state (waiting / ready / failed, polled by htmx while waiting), its download and
the staff's retry. Who may read it is the owning app's rule (`core.documents.KINDS`); an
outsider gets 404."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import documents
from .models import Document, DocumentStatus


def _readable(request, pk):
    document = get_object_or_404(Document, pk=pk)
    kind, subject = documents.kind_of(document), documents.subject_of(document)
    if kind is None or subject is None or not kind.can_read(request.user, subject):
        raise Http404
    return document, kind, subject


def status_context(request, document, kind=None, subject=None):
    kind = kind or documents.kind_of(document)
    subject = subject if subject is not None else documents.subject_of(document)
    return {"document": document, "can_retry": document.status == DocumentStatus.FAILED and kind.can_manage(request.user, subject),
            "label": kind.label}


@require_GET
def document_status(request, pk):
    document, kind, subject = _readable(request, pk)
    return render(request, "core/document_status.html", status_context(request, document, kind, subject))


@require_GET
def document_download(request, pk):
    document, _kind, _subject = _readable(request, pk)
    if document.status != DocumentStatus.READY:
        raise Http404
    response = FileResponse(document.file.open("rb"), content_type="application/pdf", as_attachment=False,
                            filename=f"{document.kind}-{document.object_id}-v{document.version}.pdf")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Document-SHA256"] = document.sha256
    return response


@require_POST
def document_retry(request, pk):
    document, kind, subject = _readable(request, pk)
    if not kind.can_manage(request.user, subject):
        raise PermissionDenied(_("Chỉ cán bộ phụ trách mới tạo lại văn bản."))
    if document.status == DocumentStatus.FAILED:
        document = documents.document_retry(document=document, actor=request.user)
        document.refresh_from_db()
    return render(request, "core/document_status.html", status_context(request, document, kind, subject))
