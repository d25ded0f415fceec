"""State machines as data: each model declares `TRANSITIONS = {from: {to, ...}}` on its status
field; `set_status` is the one function that checks, saves and audits a move."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import AuditEntry


class TransitionNotAllowed(ValidationError):
    """A move the state machine does not allow."""

    def __init__(self, obj, to_status):
        self.obj, self.to_status = obj, to_status
        super().__init__(
            _("Không thể chuyển %(object)s từ trạng thái “%(from)s” sang “%(to)s”.")
            % {"object": obj._meta.verbose_name, "from": obj.status, "to": to_status},
            code="transition_not_allowed",
        )


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


def set_status(obj, to_status, *, actor=None, note="", extra_fields=()):
    """Move `obj` to `to_status` if its TRANSITIONS allow it; save only the changed fields and
    write an audit row. Raises TransitionNotAllowed otherwise."""
    from_status = obj.status
    if to_status not in obj.TRANSITIONS.get(from_status, ()):
        raise TransitionNotAllowed(obj, to_status)
    obj.status = to_status
    obj.save(update_fields=["status", *extra_fields])
    audit(obj, action="status", actor=actor, note=note, from_status=from_status, to_status=to_status)
    return obj
