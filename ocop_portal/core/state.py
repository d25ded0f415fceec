"""State machines as data: each model declares `TRANSITIONS = {from: {to, ...}}` on its status
field; `set_status` is the one function that checks, saves and audits a move."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import AuditEntry


class TransitionNotAllowed(ValidationError):
    """A move the state machine does not allow."""

    def __init__(self, obj, to_status):
        self.obj, self.to_status = obj, to_status
        super().__init__(
            _("Không thể chuyển %(object)s từ trạng thái “%(from)s” sang “%(to)s”.")
            % {"object": obj._meta.verbose_name, "from": _status_label(obj, obj.status), "to": _status_label(obj, to_status)},
            code="transition_not_allowed",
        )


class StatusChangedMeanwhile(TransitionNotAllowed):
    """Someone else moved the object since this request loaded it (two tabs, a double click, two
    people): the second move is refused rather than applied over the first."""

    def __init__(self, obj, to_status, current):
        self.obj, self.to_status, self.current = obj, to_status, current
        ValidationError.__init__(
            self,
            _("%(object)s vừa được người khác cập nhật (trạng thái hiện tại: “%(current)s”). Hãy tải lại trang rồi thử lại.")
            % {"object": str(obj._meta.verbose_name).capitalize(), "current": _status_label(obj, current)},
            code="status_changed",
        )


def _status_label(obj, status):
    return dict(type(obj)._meta.get_field("status").flatchoices).get(status, status)


def audit(obj, *, action, actor=None, note="", from_status="", to_status=""):
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        action=action,
        from_status=from_status,
        to_status=to_status,
        actor=actor if getattr(actor, "pk", None) else None,
        note=note,
    )


@transaction.atomic
def set_status(obj, to_status, *, actor=None, note="", extra_fields=()):
    """Move `obj` to `to_status` if its TRANSITIONS allow it; save only the changed fields and
    write an audit row, in one transaction with the row locked. Raises StatusChangedMeanwhile when
    the stored status is no longer the one `obj` was loaded with, TransitionNotAllowed when the
    move is not in the table."""
    current = type(obj).objects.select_for_update().filter(pk=obj.pk).values_list("status", flat=True).first()
    if current is not None and current != obj.status:
        raise StatusChangedMeanwhile(obj, to_status, current)
    from_status = obj.status
    if to_status not in obj.TRANSITIONS.get(from_status, ()):
        raise TransitionNotAllowed(obj, to_status)
    obj.status = to_status
    obj.save(update_fields=["status", *extra_fields])
    audit(obj, action="status", actor=actor, note=note, from_status=from_status, to_status=to_status)
    return obj
