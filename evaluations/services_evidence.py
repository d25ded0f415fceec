"""Writes of a dossier's files: evidence the producer uploads (for one criterion or for the dossier
as a whole) and the producer's standing documents the dossier reuses.

The producer changes them only while it holds the dossier (a draft, a dossier returned by the
local office, or one the province asked to complete). What was submitted stays: a file uploaded
before the dossier's last submission cannot be removed, so that every submitted version remains
comparable with the next. Who may call these is the views' question (`rules_files`).
"""

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.core.state import audit
from ocop_portal.core.uploads import check_upload, format_size
from producers.services_documents import delete_stored_file_on_commit, store_checked_file

from . import selectors
from .models import Application, EvidenceFile
from .services import EvaluationError

MAX_FILES_PER_CRITERION = 10
MAX_FILES_PER_DOSSIER = 60
MAX_BYTES_PER_DOSSIER = 200 * 1024 * 1024


def _locked(application):
    """The dossier's row, locked for the rest of the transaction and reloaded: two uploads at once
    (two tabs, a double tap) are counted one after the other against the limits."""
    return Application.objects.select_for_update().select_related("product__producer").get(pk=application.pk)


def _refuse_unless_open(application):
    if not selectors.dossier_files_editable(application):
        raise EvaluationError(
            _("Hồ sơ đang ở trạng thái “%(status)s”: chỉ thêm hoặc bớt tài liệu khi hồ sơ còn là bản nháp, bị trả lại "
              "hoặc được yêu cầu bổ sung.") % {"status": application.get_status_display()},
            code="dossier_closed",
        )


@transaction.atomic
def evidence_add(*, application, uploaded_file, criterion=None, description="", actor=None):
    """Attach `uploaded_file` to the dossier as evidence for `criterion` (None: the dossier as a
    whole). In order: refuse unless the dossier is open for changes and the criterion is on its
    sheet; check the file's content (`check_upload`); lock the dossier and check it is still open;
    return the file already there when the same content was uploaded for the same criterion (a
    double submit); refuse beyond the limits (10 files a criterion, 60 files and 200 MB a dossier);
    store it under a random name; audit. Returns (evidence, created)."""
    _refuse_unless_open(application)
    if criterion is not None and criterion.sheet_id != application.sheet_id:
        raise EvaluationError(_("Tiêu chí %(code)s không thuộc phiếu đánh giá của hồ sơ này.") % {"code": criterion.code},
                              code="criterion_not_on_sheet")
    description = (description or "").strip()
    if len(description) > 255:
        raise EvaluationError(_("Mô tả tệp dài tối đa 255 ký tự."), code="description_too_long")
    checked = check_upload(uploaded_file)  # parsing a PDF takes a moment: before the lock, not under it
    application = _locked(application)
    _refuse_unless_open(application)  # again: the dossier may have been submitted meanwhile

    files = EvidenceFile.objects.filter(application=application)
    same = files.filter(sha256=checked.sha256, criterion=criterion).first()
    if same is not None:
        return same, False
    wanted = {"count": Count("pk"), "bytes": Sum("size")}
    if criterion is not None:
        wanted["for_criterion"] = Count("pk", filter=Q(criterion=criterion))
    totals = files.aggregate(**wanted)
    if criterion is not None and totals["for_criterion"] >= MAX_FILES_PER_CRITERION:
        raise EvaluationError(
            _("Tiêu chí %(code)s đã có %(n)s tệp minh chứng, tối đa %(max)s tệp cho mỗi tiêu chí. Hãy gộp nhiều trang vào "
              "một tệp PDF, hoặc xóa bớt tệp chưa nộp.") % {"code": criterion.code, "n": totals["for_criterion"],
                                                           "max": MAX_FILES_PER_CRITERION},
            code="too_many_for_criterion",
        )
    if totals["count"] >= MAX_FILES_PER_DOSSIER:
        raise EvaluationError(
            _("Hồ sơ đã có %(n)s tệp minh chứng, tối đa %(max)s tệp cho mỗi hồ sơ. Hãy gộp nhiều trang vào một tệp PDF, "
              "hoặc xóa bớt tệp chưa nộp.") % {"n": totals["count"], "max": MAX_FILES_PER_DOSSIER},
            code="too_many_for_dossier",
        )
    used = totals["bytes"] or 0
    if used + checked.size > MAX_BYTES_PER_DOSSIER:
        raise EvaluationError(
            _("Tệp “%(name)s” (%(size)s) làm tổng dung lượng minh chứng của hồ sơ vượt %(max)s (đã dùng %(used)s). Hãy giảm "
              "dung lượng tệp hoặc xóa bớt tệp chưa nộp.")
            % {"name": checked.safe_name, "size": format_size(checked.size), "max": format_size(MAX_BYTES_PER_DOSSIER),
               "used": format_size(used)},
            code="dossier_too_large",
        )

    evidence = EvidenceFile(application=application, criterion=criterion, description=description, uploaded_by=actor)
    discard = store_checked_file(evidence, uploaded_file, checked)
    try:
        evidence.full_clean()
        evidence.save()
        audit(application, action="evidence_add", actor=actor,
              note=f"{checked.safe_name} ({criterion.code if criterion else '—'}, sha256 {checked.sha256[:12]})")
    except Exception:
        discard()
        raise
    return evidence, True


@transaction.atomic
def evidence_remove(*, evidence, actor=None):
    """Remove an evidence file the producer uploaded since the dossier's last submission, while
    the dossier is open for changes; the stored file goes once the removal is committed. A file
    that was submitted stays: refused with a message that says why."""
    application = _locked(evidence.application)
    _refuse_unless_open(application)
    if not selectors.evidence_removable(application, evidence):
        raise EvaluationError(
            _("Tệp “%(name)s” đã được nộp cùng hồ sơ ngày %(day)s nên được giữ lại: mọi lần nộp hồ sơ đều phải so sánh "
              "được với nhau. Nếu cần thay, hãy tải lên tệp mới và ghi rõ trong phần mô tả.")
            % {"name": evidence.original_name, "day": f"{timezone.localtime(application.submitted_at):%d/%m/%Y}"},
            code="evidence_submitted",
        )
    note = f"{evidence.original_name} (sha256 {evidence.sha256[:12]})"
    delete_stored_file_on_commit(evidence)
    evidence.delete()
    audit(application, action="evidence_remove", actor=actor, note=note)


@transaction.atomic
def dossier_attach_standing_document(*, application, document, actor=None, today=None):
    """Let the dossier use one of its producer's standing documents instead of a new upload.
    Refused unless the dossier is open for changes, the document is its producer's own, and it
    has not expired. Idempotent."""
    application = _locked(application)
    _refuse_unless_open(application)
    if document.producer_id != application.product.producer_id:
        raise EvaluationError(_("Chỉ dùng được giấy tờ của chính chủ thể đứng tên hồ sơ."), code="document_of_another_producer")
    today = today or timezone.localdate()
    if document.expires_on is not None and document.expires_on < today:
        raise EvaluationError(
            _("“%(title)s” đã hết hạn ngày %(day)s: không dùng được cho hồ sơ. Hãy tải lên bản còn hiệu lực trong mục giấy tờ "
              "của chủ thể.") % {"title": document.title, "day": f"{document.expires_on:%d/%m/%Y}"},
            code="document_expired",
        )
    if application.standing_documents.filter(pk=document.pk).exists():
        return False
    application.standing_documents.add(document)
    audit(application, action="standing_document_attach", actor=actor, note=f"{document.get_kind_display()}: {document.title}")
    return True


@transaction.atomic
def dossier_detach_standing_document(*, application, document, actor=None):
    """Stop using a standing document in the dossier (the document stays with the producer).
    Refused unless the dossier is open for changes. Idempotent."""
    application = _locked(application)
    _refuse_unless_open(application)
    if not application.standing_documents.filter(pk=document.pk).exists():
        return False
    application.standing_documents.remove(document)
    audit(application, action="standing_document_detach", actor=actor, note=f"{document.get_kind_display()}: {document.title}")
    return True
