"""Writes of the producers' standing documents (business registration, quality declaration,
food-safety certificate, trademark…): kept on the producer with their expiry date and reused by
later dossiers instead of being uploaded again. Also the two helpers every stored file uses
(`StoredFile`: evidence files live in evaluations and call them too)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.core.state import audit
from ocop_portal.core.uploads import check_upload

from .models import StandingDocument

MAX_DOCUMENTS_PER_PRODUCER = 50


def store_checked_file(instance, uploaded_file, checked):
    """Save `uploaded_file` on the private storage under a random name (the model's `upload_to`)
    and fill the instance's `StoredFile` fields from the check (`check_upload`'s result). Returns
    a function that deletes the stored file, for a caller whose save then fails."""
    instance.file.save(checked.safe_name, uploaded_file, save=False)
    instance.original_name = checked.safe_name
    instance.content_type = checked.content_type
    instance.size = checked.size
    instance.sha256 = checked.sha256
    storage, stored = instance.file.storage, instance.file.name
    return lambda: storage.delete(stored)


def delete_stored_file_on_commit(instance):
    """Remove the instance's file from the storage once its row's deletion is committed (never
    before: a rolled-back deletion must still find its file)."""
    storage, name = instance.file.storage, instance.file.name
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def standing_document_add(*, producer, kind, title, uploaded_file, number="", issued_on=None, expires_on=None, actor=None,
                          today=None):
    """Keep a document on the producer. In order: refuse an expiry date already past (a document
    must be valid when it is filed) or one before the issue date, and more than
    MAX_DOCUMENTS_PER_PRODUCER documents; check the file's content (`check_upload`); store it under
    a random name; audit on the producer."""
    today = today or timezone.localdate()
    if expires_on is not None and expires_on < today:
        raise ValidationError(
            {"expires_on": _("Giấy tờ đã hết hạn ngày %(day)s: hãy tải lên bản còn hiệu lực.") % {"day": f"{expires_on:%d/%m/%Y}"}},
            code="document_expired")
    if StandingDocument.objects.filter(producer=producer).count() >= MAX_DOCUMENTS_PER_PRODUCER:
        raise ValidationError(_("Chủ thể đã lưu %(max)s giấy tờ, mức tối đa: hãy xóa bớt giấy tờ cũ không còn dùng.")
                              % {"max": MAX_DOCUMENTS_PER_PRODUCER}, code="too_many_documents")
    document = StandingDocument(producer=producer, kind=kind, title=(title or "").strip(), number=(number or "").strip(),
                                issued_on=issued_on, expires_on=expires_on, uploaded_by=actor)
    document.clean_fields(exclude=["file", "original_name", "content_type", "size", "sha256"])
    if issued_on and expires_on and expires_on < issued_on:
        raise ValidationError({"expires_on": _("Ngày hết hạn phải sau ngày cấp.")}, code="dates_ordered")
    checked = check_upload(uploaded_file)
    discard = store_checked_file(document, uploaded_file, checked)
    try:
        document.full_clean()
        document.save()
        audit(producer, action="standing_document_add", actor=actor,
              note=f"{document.get_kind_display()}: {document.title} ({checked.safe_name})")
    except Exception:
        discard()
        raise
    return document


@transaction.atomic
def standing_document_remove(*, document, actor=None):
    """Remove a standing document and, once committed, its file. Refused once a dossier that has
    been submitted uses it: what a submitted dossier relied on stays."""
    document = StandingDocument.objects.select_for_update().get(pk=document.pk)
    if document.applications.filter(submitted_at__isnull=False).exists():
        raise ValidationError(
            _("“%(title)s” được dùng trong hồ sơ đã nộp nên được giữ lại: hồ sơ đã nộp phải xem lại được đủ giấy tờ của "
              "nó.") % {"title": document.title},
            code="document_in_submitted_dossier",
        )
    note = f"{document.get_kind_display()}: {document.title} ({document.original_name})"
    producer = document.producer
    delete_stored_file_on_commit(document)
    document.delete()
    audit(producer, action="standing_document_remove", actor=actor, note=note)
