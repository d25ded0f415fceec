"""The PDF documents of the portal: each app registers, per kind of document, how to build it
(template and context from its object) and who may read it; the core stores, renders and serves
them. Writes go through `document_request` / `document_retry`; the task calls `document_render`."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .models import Document, DocumentStatus
from .state import audit, set_status


@dataclass(frozen=True)
class DocumentKind:
    """`build(obj, language) -> (template name, context, file name)`; `can_read(user, obj)` asks the
    owning app's access layer; `label` names the document for pages."""

    name: str
    model: type
    build: Callable
    can_read: Callable
    can_manage: Callable = lambda user, obj: user.is_superuser  # may retry a failed render
    label: str = ""
    visible_to: Callable | None = None  # the subjects a user may see, as a queryset (for lists and the admin)


KINDS: dict[str, DocumentKind] = {}


def register(kind):
    KINDS[kind.name] = kind
    return kind


def _latest(obj, kind, language):
    return (Document.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk, kind=kind,
                                    language=language).order_by("-version").first())


def documents_visible_to(user):
    """The documents whose subject the user may see, by each kind's `visible_to` (none for a kind
    without one, except for a superuser)."""
    from django.db.models import Q

    from . import access

    if not access.is_authenticated(user):
        return Document.objects.none()
    if user.is_superuser:
        return Document.objects.all()
    condition = Q(pk__in=[])
    for kind in KINDS.values():
        if kind.visible_to is not None:
            condition |= Q(kind=kind.name, object_id__in=kind.visible_to(user).values("pk"))
    return Document.objects.filter(condition)


def kind_of(document):
    return KINDS.get(document.kind)


def subject_of(document):
    kind = KINDS.get(document.kind)
    return kind.model._default_manager.filter(pk=document.object_id).first() if kind else None


def document_for(obj, kind, language="vi"):
    """The latest version of `obj`'s document of `kind`, or None."""
    return _latest(obj, kind, language)


@transaction.atomic
def document_request(*, obj, kind, language="vi", actor=None, new_version=False):
    """The document of `kind` for `obj` in `language`: the latest version when there is one (a
    double click or a second request creates nothing new), else version 1; with `new_version`
    (the object changed) the next version, the older ones kept. Enqueues its render after commit
    when it is waiting."""
    assert kind in KINDS, kind
    content_type = ContentType.objects.get_for_model(type(obj))
    latest = (Document.objects.select_for_update().filter(content_type=content_type, object_id=obj.pk, kind=kind, language=language)
              .order_by("-version").first())
    if latest is not None and not new_version:
        return latest
    document = Document.objects.create(content_type=content_type, object_id=obj.pk, kind=kind, language=language,
                                       version=(latest.version + 1) if latest else 1)
    audit(document, action="document_request", actor=actor, note=f"{kind} v{document.version}")
    _enqueue(document)
    return document


def _enqueue(document):
    from . import tasks

    document_id = document.pk
    transaction.on_commit(lambda: tasks.render_document.delay(document_id=document_id))


@transaction.atomic
def document_retry(*, document, actor=None):
    """failed → waiting, and render again."""
    set_status(document, DocumentStatus.WAITING, actor=actor, note="retry")
    _enqueue(document)
    return document


def document_render(*, document):
    """Render a waiting document from its object, store the file with its SHA-256 and mark it
    ready. Idempotent: a ready document is left as it is (a redelivered task does nothing), and a
    render that runs twice (a worker killed after rendering) keeps one file."""
    from .pdf import render_pdf

    document = Document.objects.filter(pk=document.pk).first()
    if document is None or document.status != DocumentStatus.WAITING:
        return document
    kind = KINDS[document.kind]
    obj = kind.model._default_manager.filter(pk=document.object_id).first()
    if obj is None:
        return None
    Document.objects.filter(pk=document.pk).update(attempts=document.attempts + 1)
    template, context, filename = kind.build(obj, document.language)
    pdf = render_pdf(template, context, language=document.language)
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        if locked.status != DocumentStatus.WAITING:
            return locked
        if locked.file:
            locked.file.delete(save=False)
        locked.file.save(f"{locked.kind}-{locked.object_id}-v{locked.version}-{locked.language}.pdf", ContentFile(pdf), save=False)
        locked.sha256, locked.size, locked.rendered_at, locked.error = hashlib.sha256(pdf).hexdigest(), len(pdf), timezone.now(), ""
        set_status(locked, DocumentStatus.READY, extra_fields=["file", "sha256", "size", "rendered_at", "error"])
    return locked


def document_fail(*, document, error):
    """The render failed for good (retries exhausted): keep the reason for the staff's page."""
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        if locked.status != DocumentStatus.WAITING:
            return locked
        locked.error = str(error)[:2000]
        return set_status(locked, DocumentStatus.FAILED, extra_fields=["error"], note=locked.error[:200])
