"""Forms of the issuing pages: input shape only. Whether a number is free, a session closed, a star
within the central score's band is the services' rule (`services_issuing`); their messages are
shown on the fields they name."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MinistryAnswer

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label, **kwargs):
    return forms.DateField(label=label, widget=DATE_WIDGET, error_messages={
        "required": _("Hãy nhập ngày."), "invalid": _("Ngày không hợp lệ.")}, **kwargs)


class ServiceErrorsMixin:
    def refused(self, error):
        """Show a service's refusal on the fields it names (the others above the form)."""
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, error)


class DecisionForm(ServiceErrorsMixin, forms.Form):
    """The decision's number, date and signer."""

    number = forms.CharField(label=_("Số quyết định"), max_length=40, help_text=_("Ví dụ: 1502/QĐ-UBND."),
                             error_messages={"required": _("Hãy nhập số quyết định.")})
    signed_on = _date(_("Ngày ký"))
    signer_name = forms.CharField(label=_("Người ký"), max_length=150, error_messages={"required": _("Hãy nhập họ tên người ký.")})
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=150, help_text=_("Ví dụ: Phó Chủ tịch UBND tỉnh."),
                                   error_messages={"required": _("Hãy nhập chức vụ người ký.")})

    @classmethod
    def of(cls, decision, data=None, **kwargs):
        return cls(data, initial={name: getattr(decision, name) for name in cls.base_fields}, **kwargs)


class MinistryAnswerForm(ServiceErrorsMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Kết quả của Bộ"), choices=MinistryAnswer.OUTCOMES, widget=forms.RadioSelect,
                                error_messages={"required": _("Hãy chọn kết quả của Bộ.")})
    decision_number = forms.CharField(label=_("Số quyết định của Bộ"), max_length=80, required=False)
    decision_date = _date(_("Ngày quyết định"), required=False)
    central_score = forms.DecimalField(label=_("Điểm đánh giá cấp trung ương"), required=False, min_value=0, max_value=100,
                                       max_digits=5, decimal_places=2,
                                       help_text=_("Bắt buộc khi sản phẩm không đạt 90 điểm."),
                                       error_messages={"invalid": _("Điểm phải là một số từ 0 đến 100.")})
    certificate_number = forms.CharField(label=_("Số giấy chứng nhận 5 sao của Bộ"), max_length=80, required=False,
                                         help_text=_("Bắt buộc khi sản phẩm được công nhận 5 sao."))


class LocalRecognitionForm(DecisionForm):
    """The province recognises a product the ministry scored below 90: the star and the province's
    new decision."""

    star = forms.TypedChoiceField(label=_("Hạng sao tỉnh công nhận"), coerce=int, widget=forms.RadioSelect,
                                  choices=[(3, "3★"), (4, "4★")], error_messages={"required": _("Hãy chọn hạng sao.")})

    field_order = ["star", "number", "signed_on", "signer_name", "signer_title"]
