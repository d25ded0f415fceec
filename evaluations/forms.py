"""Forms of the provincial staff's set-up pages: input shape only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Council, EvaluationRound


class RoundRulesForm(forms.ModelForm):
    class Meta:
        model = EvaluationRound
        fields = ("minimum_mode", "spread_limit", "quorum_numerator", "quorum_denominator", "quorum_requires_chair",
                  "scores_visible", "knockout_rule")
        widgets = {"minimum_mode": forms.RadioSelect, "scores_visible": forms.RadioSelect, "knockout_rule": forms.RadioSelect}

    def clean(self):
        cleaned = super().clean()
        numerator, denominator = cleaned.get("quorum_numerator"), cleaned.get("quorum_denominator")
        if numerator and denominator and numerator > denominator:
            self.add_error("quorum_numerator", _("Túc số phải là một phân số không lớn hơn 1 (ví dụ 3/4)."))
        return cleaned


class SessionForm(forms.Form):
    council = forms.ModelChoiceField(label=_("Hội đồng"), queryset=Council.objects.none(),
                                     error_messages={"required": _("Hãy chọn hội đồng."), "invalid_choice": _("Hãy chọn hội đồng.")})
    starts_on = forms.DateField(label=_("Ngày bắt đầu"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    ends_on = forms.DateField(label=_("Ngày kết thúc"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    location = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_on") and cleaned.get("ends_on") and cleaned["ends_on"] < cleaned["starts_on"]:
            self.add_error("ends_on", _("Ngày kết thúc không được trước ngày bắt đầu."))
        return cleaned


class AssignForm(forms.Form):
    applications = forms.ModelMultipleChoiceField(
        label=_("Hồ sơ đủ điều kiện"), queryset=None, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Hãy chọn ít nhất một hồ sơ.")})

    def __init__(self, *args, eligible, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = eligible
        self.fields["applications"].label_from_instance = lambda a: f"{a.product.name} — {a.product.producer.name}"
