"""Forms of the local pre-check and the province's intake: input shape only. Whether a reason is
needed is the services' rule (`application_return`, `application_decide_eligibility`); their
message is shown on the field."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ReasonForm(forms.Form):
    reason = forms.CharField(required=False, strip=True, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, label, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].help_text = help_text

    def refused(self, error):
        """Show the service's refusal on the field and bring the reader (on a phone, far down the
        page) straight back to it."""
        self.add_error("reason", error)
        self.fields["reason"].widget.attrs["autofocus"] = True

    @property
    def reason_text(self):
        return self.cleaned_data.get("reason", "") if self.is_valid() else ""


def return_form(data=None):
    return ReasonForm(data, prefix="return", label=_("Lý do trả lại"),
                      help_text=_("Chủ thể thấy lý do này để bổ sung, hoàn thiện hồ sơ rồi nộp lại."))


def ineligible_form(data=None):
    return ReasonForm(data, prefix="ineligible", label=_("Lý do không đủ điều kiện"),
                      help_text=_("Hồ sơ không đủ điều kiện được đóng lại; chủ thể có thể đăng ký ở đợt sau."))


class WorkingDayForm(forms.Form):
    """A day in a province's own calendar. The province is asked only of someone who works for
    several; otherwise it is the one they work for."""

    province = forms.ModelChoiceField(label=_("Tỉnh"), queryset=None, error_messages={
        "required": _("Hãy chọn tỉnh."), "invalid_choice": _("Hãy chọn tỉnh.")})
    day = forms.DateField(label=_("Ngày"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                          error_messages={"required": _("Hãy chọn ngày."), "invalid": _("Ngày không hợp lệ.")})
    kind = forms.ChoiceField(label=_("Loại ngày"), widget=forms.RadioSelect, initial="off",
                             choices=[("off", _("Nghỉ bù: không tính là ngày làm việc")),
                                      ("working", _("Làm bù: tính là ngày làm việc"))],
                             error_messages={"required": _("Hãy chọn loại ngày.")})
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=255,
                           help_text=_("Ví dụ: số văn bản của Ủy ban nhân dân tỉnh."))

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        if len(provinces) > 1:
            self.fields["province"].queryset = provinces
        else:
            del self.fields["province"]
