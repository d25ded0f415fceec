"""The form that gives an office account an API token: input shape only. Who may receive a token,
the length of its validity and whether the unit lies in the holder's territory are the rules of
`services.api_token_create`; its refusals are shown on the fields they name."""

from django import forms
from django.db.models import F
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import access
from .models import AdministrativeUnit
from .services import TOKEN_DAYS_DEFAULT, TOKEN_DAYS_MAX


class HolderChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.username})" if obj.full_name else obj.username


class ApiTokenForm(forms.Form):
    user = HolderChoice(label=_("Tài khoản được cấp khóa"), queryset=None, empty_label=_("— Chọn tài khoản —"),
                        help_text=_("Tài khoản của cán bộ có địa bàn phụ trách trong tỉnh; khóa làm việc với quyền của tài khoản này."),
                        error_messages={"required": _("Hãy chọn tài khoản được cấp khóa."),
                                        "invalid_choice": _("Hãy chọn một tài khoản trong danh sách.")})
    # The service says whether the name is missing and how long a token may last (one rule, one place).
    name = forms.CharField(label=_("Tên hệ thống dùng khóa"), max_length=100, required=False,
                           help_text=_("Ví dụ: phần mềm một cửa của xã."),
                           error_messages={"max_length": _("Tên khóa dài tối đa %(limit_value)d ký tự.")})
    days = forms.IntegerField(label=_("Thời hạn (ngày)"), initial=TOKEN_DAYS_DEFAULT,
                              widget=forms.NumberInput(attrs={"min": 1, "max": TOKEN_DAYS_MAX, "inputmode": "numeric",
                                                              "class": "input--short"}),
                              error_messages={"required": _("Hãy nhập thời hạn của khóa (số ngày)."),
                                              "invalid": _("Thời hạn là một số ngày nguyên.")})
    unit = forms.CharField(label=_("Giới hạn trong địa bàn (mã đơn vị hành chính, không bắt buộc)"), required=False,
                           max_length=10,
                           widget=forms.TextInput(attrs={"list": "unit-codes", "autocomplete": "off", "inputmode": "numeric",
                                                         "class": "input--short"}),
                           help_text=_("Ví dụ: 09193 (Xã Yên Phong). Bỏ trống: khóa dùng được cho mọi địa bàn của tài khoản."),
                           error_messages={"max_length": _("Mã đơn vị hành chính dài tối đa %(limit_value)d ký tự.")})
    nonce = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, holders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = holders
        self.fields["days"].help_text = gettext("Từ 1 đến %(max)d ngày; hết hạn thì khóa ngừng hoạt động.") % {"max": TOKEN_DAYS_MAX}

    def clean(self):
        """Turn the unit's code into the unit: of the units bearing it (an old and a new one may share
        it), the newest the chosen account covers, else the newest (the service then says why not)."""
        cleaned = super().clean()
        code = (cleaned.get("unit") or "").strip()
        if not code:
            cleaned["unit"] = None
            return cleaned
        candidates = list(AdministrativeUnit.objects.filter(code=code).order_by(F("valid_from").desc(nulls_last=True), "-pk"))
        if not candidates:
            self.add_error("unit", _("Không có đơn vị hành chính mã %(code)s.") % {"code": code})
            return cleaned
        holder = cleaned.get("user")
        covered = [u for u in candidates if holder is not None and access.covers(holder, u)]
        cleaned["unit"] = (covered or candidates)[0]
        return cleaned

    def refused(self, error):
        """Show a service's refusal on the fields it names (the others above the form)."""
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, error)
