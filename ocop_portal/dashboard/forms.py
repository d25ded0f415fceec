"""The dashboards' inputs: the progress of a target the portal cannot count (shape only; the rules
are in `evaluations.services_targets`)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class TargetProgressForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int)
    value = forms.IntegerField(label=_("Số đạt được (lũy kế đến cuối năm)"), min_value=0, max_value=100_000)
    evidence = forms.CharField(
        label=_("Căn cứ, minh chứng"), max_length=2000,
        help_text=_("Số, ngày của văn bản, quyết định hoặc báo cáo xác nhận số liệu."),
        widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, target, **kwargs):
        super().__init__(*args, **kwargs)
        years = range(target.period_end, target.period_start - 1, -1)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        self.target = target
