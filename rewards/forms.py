"""Forms of the rewards pages: input shape only. Who may act, a proposer approving, a line paid twice,
overlapping schedules are the services' rules; their refusals are shown on the fields they name."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.forms_issuing import ServiceErrorsMixin

from .models import REWARD_STARS, RewardEvent
from .money import as_vnd

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label, **kwargs):
    return forms.DateField(label=label, widget=DATE_WIDGET, error_messages={
        "required": _("Hãy nhập ngày."), "invalid": _("Ngày không hợp lệ.")}, **kwargs)


class EntitlementChoices(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj.application.product.name} — {obj.application.product.producer.name} · {obj.event_label}"


class ProposeForm(ServiceErrorsMixin, forms.Form):
    entitlements = EntitlementChoices(label=_("Khoản thưởng đề nghị chi"), queryset=None,
                                      error_messages={"required": _("Chọn ít nhất một khoản thưởng.")})
    note = forms.CharField(label=_("Ghi chú (tờ trình)"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Ví dụ: Tờ trình số 245/TTr-SNN ngày 02/11/2020 của Sở Nông nghiệp và PTNT."))

    def __init__(self, *args, entitlements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entitlements"].queryset = entitlements
        self.fields["entitlements"].initial = [e.pk for e in entitlements]


class ApproveForm(ServiceErrorsMixin, forms.Form):
    """The committee's reward decision: number, date, signer."""

    number = forms.CharField(label=_("Số quyết định khen thưởng"), max_length=60, help_text=_("Ví dụ: 1688/QĐ-UBND."),
                             error_messages={"required": _("Hãy nhập số quyết định khen thưởng.")})
    signed_on = _date(_("Ngày ký"))
    signer_name = forms.CharField(label=_("Người ký"), max_length=150, error_messages={"required": _("Hãy nhập họ tên người ký.")})
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=150, help_text=_("Ví dụ: Phó Chủ tịch UBND tỉnh."),
                                   error_messages={"required": _("Hãy nhập chức vụ người ký.")})


class PayoutChoices(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj.entitlement.application.product.producer.name} — {obj.entitlement.application.product.name}"


class PayForm(ServiceErrorsMixin, forms.Form):
    """Lines paid together (one transfer): their date and the voucher or transfer reference."""

    payouts = PayoutChoices(label=_("Khoản đã chi"), queryset=None, error_messages={"required": _("Chọn ít nhất một khoản.")})
    paid_on = _date(_("Ngày chi"))
    reference = forms.CharField(label=_("Số chứng từ"), max_length=80, help_text=_("Ủy nhiệm chi hoặc phiếu chi, ví dụ UNC 012/KBBN."),
                                error_messages={"required": _("Hãy nhập số chứng từ.")})

    def __init__(self, *args, payouts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payouts"].queryset = payouts


class ReverseForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do điều chỉnh"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Hãy ghi lý do điều chỉnh.")})


class AmountField(forms.CharField):
    """Integer VND as typed ("30.000.000", "30000000"); never a float."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return as_vnd(value)
        except ValueError as exc:
            raise forms.ValidationError(_("Nhập số tiền là số nguyên đồng, ví dụ 30.000.000."), code="amount") from exc


class ScheduleForm(ServiceErrorsMixin, forms.Form):
    province = forms.ModelChoiceField(label=_("Tỉnh"), queryset=None, empty_label=None)
    name = forms.CharField(label=_("Tên"), max_length=200, help_text=_("Ví dụ: Thưởng sản phẩm OCOP tỉnh Bắc Ninh năm 2024."))
    legal_basis = forms.CharField(label=_("Căn cứ pháp lý"), max_length=255,
                                  help_text=_("Số, ngày và cơ quan ban hành văn bản quy định mức thưởng."))
    budget_source = forms.CharField(label=_("Nguồn kinh phí"), max_length=255, required=False)
    valid_from = _date(_("Áp dụng từ"))
    valid_until = _date(_("Áp dụng đến"), required=False, help_text=_("Để trống: đang áp dụng."))

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces
        if len(provinces) == 1:
            self.fields["province"].initial = provinces[0].pk


class RateForm(forms.Form):
    # Blank first choices: a row left untouched is not a rate (the formset skips it).
    event = forms.ChoiceField(label=_("Sự kiện"), choices=[("", "—"), *RewardEvent.choices],
                              error_messages={"required": _("Chọn sự kiện.")})
    from_star = forms.TypedChoiceField(label=_("Từ hạng (nâng hạng)"), required=False, coerce=int, empty_value=None,
                                       choices=[("", "—"), *REWARD_STARS])
    star = forms.TypedChoiceField(label=_("Hạng sao"), coerce=int, choices=[("", "—"), *REWARD_STARS],
                                  error_messages={"required": _("Chọn hạng sao.")})
    amount_vnd = AmountField(label=_("Số tiền (đồng)"), error_messages={"required": _("Nhập số tiền.")})

    def clean(self):
        data = super().clean()
        if data.get("event") == RewardEvent.UPGRADE:
            if not data.get("from_star") or (data.get("star") and data["from_star"] >= data["star"]):
                self.add_error("from_star", _("Nâng hạng: chọn hạng trước thấp hơn hạng sao mới."))
        else:
            data["from_star"] = None
        return data


RateFormSet = forms.formset_factory(RateForm, extra=3, min_num=1, validate_min=True)
