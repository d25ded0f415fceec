"""Template helpers of the files area: what the upload forms tell the user about accepted files,
stated once in `ocop_portal.core.uploads`."""

from django import template

from ocop_portal.core.uploads import ACCEPT, format_size, upload_max_bytes

register = template.Library()


@register.simple_tag
def upload_accept():
    """For `<input type="file" accept="…">`: ".pdf,.jpg,.jpeg,.png"."""
    return ACCEPT


@register.simple_tag
def upload_max_size():
    """The size limit of one file, as messages state it: "10 MB"."""
    return format_size(upload_max_bytes())


@register.filter
def file_size(n):
    """{{ 10485760|file_size }} → "10 MB", as the upload messages write sizes."""
    return "" if n is None else format_size(n)
