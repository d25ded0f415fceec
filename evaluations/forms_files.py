"""Forms of the files area: input shape only. Whether a file is accepted (its content, its size,
the dossier's limits) is `check_upload`'s and the services' rule; their message is shown on the
file field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ocop_portal.core.uploads import ACCEPT, format_size, upload_max_bytes
from producers.models import StandingDocumentKind

DATE_WIDGET = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class StandingDocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại giấy tờ"), choices=StandingDocumentKind.choices,
                             error_messages={"required": _("Hãy chọn loại giấy tờ."), "invalid_choice": _("Hãy chọn loại giấy tờ.")})
    title = forms.CharField(label=_("Tên giấy tờ"), max_length=255,
                            help_text=_("Ví dụ: Giấy chứng nhận đăng ký hợp tác xã."),
                            error_messages={"required": _("Hãy ghi tên giấy tờ.")})
    number = forms.CharField(label=_("Số hiệu"), max_length=80, required=False)
    issued_on = forms.DateField(label=_("Ngày cấp"), required=False, error_messages={"invalid": _("Ngày không hợp lệ.")},
                                **DATE_WIDGET)
    expires_on = forms.DateField(label=_("Ngày hết hạn"), required=False, help_text=_("Bỏ trống nếu giấy tờ không có thời hạn."),
                                 error_messages={"invalid": _("Ngày không hợp lệ.")}, **DATE_WIDGET)
    file = forms.FileField(label=_("Tệp (PDF, JPG, PNG)"), allow_empty_file=True, widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
                           error_messages={"required": _("Hãy chọn tệp để tải lên.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, JPG hoặc PNG, tối đa %(limit)s. Bản giấy: hãy quét (scan) hoặc chụp ảnh.") % {
            "limit": format_size(upload_max_bytes())}

    def refused(self, error):
        """Show a service's refusal: on the field it names, or on the file."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error("file", error)


class EvidenceForm(forms.Form):
    """The evidence block's upload: the file, its description, and the criterion it proves (empty:
    the dossier as a whole)."""

    file = forms.FileField(required=False, allow_empty_file=True)  # an empty file: check_upload says so, naming it
    description = forms.CharField(required=False, max_length=255, strip=True,
                                  error_messages={"max_length": _("Mô tả tệp dài tối đa 255 ký tự.")})
    criterion = forms.IntegerField(required=False, min_value=1)
