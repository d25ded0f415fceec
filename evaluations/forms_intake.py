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


class PrecheckForm(forms.Form):
    """Mẫu 03: the local office's report on some of the dossier's content."""

    complete = forms.BooleanField(label=_("Hồ sơ đầy đủ thành phần (Phiếu đăng ký Mẫu 01, Báo cáo tự đánh giá Mẫu 02, "
                                          "tài liệu minh chứng)"), required=False)
    samples_received = forms.IntegerField(label=_("Số sản phẩm mẫu đã nhận"), required=False, min_value=0, max_value=100,
                                          error_messages={"invalid": _("Nhập một số nguyên."),
                                                          "min_value": _("Số mẫu không âm.")})
    local_materials = forms.CharField(label=_("1. Về sử dụng nguyên liệu địa phương"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 3}),
                                      help_text=_("Mô tả của chủ thể và đánh giá tình hình sử dụng nguyên liệu thực tế trên địa bàn."))
    local_labour = forms.CharField(label=_("2. Về sử dụng lao động địa phương"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text=_("Mô tả của chủ thể và đánh giá tình hình sử dụng lao động địa phương thực tế."))
    idea_origin = forms.CharField(label=_("3. Nguồn gốc ý tưởng sản phẩm"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("Truyền thống hay sản phẩm mới, dựa trên thực tế của địa phương."))
    local_identity = forms.CharField(label=_("4. Bản sắc, trí tuệ địa phương"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}),
                                     help_text=_("Giá trị văn hóa, tri thức bản địa, kinh nghiệm sản xuất của cộng đồng tạo nên "
                                                 "sự khác biệt của sản phẩm."))


class CompletionForm(forms.Form):
    reason = forms.CharField(label=_("Nội dung cần bổ sung"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Chủ thể bổ sung rồi nộp lại thẳng lên tỉnh."))
    recheck_locally = forms.BooleanField(label=_("Yêu cầu địa phương sơ kiểm lại sau khi chủ thể bổ sung"), required=False)


class AdvisoryRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại yêu cầu"), choices=(), widget=forms.RadioSelect,
                             error_messages={"required": _("Hãy chọn loại yêu cầu.")})
    description = forms.CharField(label=_("Nội dung yêu cầu"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("Yêu cầu bổ sung tài liệu sẽ trả hồ sơ cho chủ thể kèm nội dung này."))

    def __init__(self, *args, **kwargs):
        from .models import AdvisoryRequestKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = AdvisoryRequestKind.choices


class OutcomeForm(forms.Form):
    outcome = forms.CharField(label=_("Kết quả"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CarryOverForm(forms.Form):
    round = forms.ModelChoiceField(label=_("Đợt đánh giá sau"), queryset=None, empty_label=None,
                                   error_messages={"required": _("Hãy chọn đợt."), "invalid_choice": _("Hãy chọn đợt.")})

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds
