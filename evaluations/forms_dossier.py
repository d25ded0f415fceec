"""Forms of the producer's dossier pages: input shape only. Whether the round, the product and its
certificate allow the registration, and whether the dossier may still change, is the services'
rule (`services_dossier`, `services.application_create`); their message is shown on the field."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from producers.models import ProductSet

from .models import ApplicationKind, SelfAssessment
from .services_dossier import MAX_SAMPLES, TOURISM_SET

NEW_PRODUCT = "new"
CASE_CHOICES = [(1, _("Trường hợp 1")), (2, _("Trường hợp 2"))]


SAMPLES_RANGE = format_lazy(_("Số sản phẩm mẫu từ 1 đến {max}."), max=MAX_SAMPLES)
SAMPLES_ERRORS = {"invalid": _("Nhập một số."), "min_value": SAMPLES_RANGE, "max_value": SAMPLES_RANGE}


def _required(message):
    return {"required": message, "invalid_choice": message}


class RegistrationForm(forms.Form):
    """Mẫu 01: the round, the product (one of the producer's or a new one with its product set),
    the case of a set-26 product, the samples and the kind of registration."""

    round = forms.ModelChoiceField(label=_("Đợt đánh giá"), queryset=None, empty_label=None, widget=forms.RadioSelect,
                                   error_messages=_required(_("Hãy chọn đợt đánh giá.")))
    product = forms.ChoiceField(label=_("Sản phẩm"), widget=forms.RadioSelect,
                                error_messages=_required(_("Hãy chọn sản phẩm đã có hoặc “Sản phẩm mới”.")))
    new_name = forms.CharField(label=_("Tên sản phẩm mới"), required=False, max_length=255)
    new_description = forms.CharField(label=_("Mô tả ngắn (không bắt buộc)"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 3}))
    product_set = forms.ModelChoiceField(label=_("Bộ sản phẩm"), queryset=ProductSet.objects.all(), required=False,
                                         empty_label=None, widget=forms.RadioSelect,
                                         error_messages=_required(_("Hãy chọn bộ sản phẩm.")))
    alternative_case = forms.TypedChoiceField(label=_("Trường hợp đánh giá"), choices=CASE_CHOICES, coerce=int, required=False,
                                              empty_value=None, widget=forms.RadioSelect,
                                              error_messages=_required(_("Hãy chọn Trường hợp 1 hoặc 2.")))
    samples_count = forms.IntegerField(label=_("Số sản phẩm mẫu"), required=False, min_value=1, max_value=MAX_SAMPLES,
                                       error_messages=SAMPLES_ERRORS)
    kind = forms.ChoiceField(label=_("Lần đăng ký đánh giá"), choices=ApplicationKind.choices, widget=forms.RadioSelect,
                             error_messages=_required(_("Hãy chọn lần đăng ký đánh giá.")))
    search = forms.CharField(label=_("Tìm bộ sản phẩm theo tên sản phẩm"), required=False)

    def __init__(self, *args, rounds, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds
        self.products = {str(p.pk): p for p in products}
        self.fields["product"].choices = [(key, p.name) for key, p in self.products.items()] + [(NEW_PRODUCT, _("Sản phẩm mới"))]

    def set_number(self):
        """The product set of the product chosen (the existing product's, or the new one's)."""
        product = self.cleaned_data.get("product")
        if product == NEW_PRODUCT:
            chosen = self.cleaned_data.get("product_set")
            return chosen.number if chosen else None
        return self.products[product].product_set.number if product in self.products else None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("product") == NEW_PRODUCT:
            if not cleaned.get("new_name", "").strip():
                self.add_error("new_name", _("Hãy nhập tên sản phẩm."))
            if cleaned.get("product_set") is None and "product_set" not in self.errors:
                self.add_error("product_set", _("Hãy chọn bộ sản phẩm."))
        number = self.set_number()
        if number == TOURISM_SET:
            cleaned["samples_count"] = None
            self.errors.pop("samples_count", None)
            if cleaned.get("alternative_case") is None and "alternative_case" not in self.errors:
                self.add_error("alternative_case", _("Sản phẩm dịch vụ du lịch: hãy chọn Trường hợp 1 hoặc 2."))
        else:
            cleaned["alternative_case"] = None
        return cleaned

    def refused(self, error):
        """Show a service's refusal: on its field when it names one, else on the kind of
        registration (the certificate rules), else above the form."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        elif getattr(error, "code", None) in ("no_certificate", "rerating_window"):
            self.add_error("kind", error)
        else:
            self.add_error(None, error)


class RegistrationEditForm(forms.Form):
    """What a registration may change once made: the samples and, for a set-26 product, the case."""

    samples_count = forms.IntegerField(label=_("Số sản phẩm mẫu"), min_value=1, max_value=MAX_SAMPLES, required=False,
                                       error_messages=SAMPLES_ERRORS)
    alternative_case = forms.TypedChoiceField(label=_("Trường hợp đánh giá"), choices=CASE_CHOICES, coerce=int, required=False,
                                              empty_value=None, widget=forms.RadioSelect,
                                              error_messages=_required(_("Hãy chọn Trường hợp 1 hoặc 2.")))

    def __init__(self, *args, tourism, has_cases, **kwargs):
        super().__init__(*args, **kwargs)
        if tourism:
            del self.fields["samples_count"]
        else:
            self.fields["samples_count"].required = True
            self.fields["samples_count"].error_messages["required"] = _("Nhập số sản phẩm mẫu.")
        if not has_cases:
            del self.fields["alternative_case"]
        else:
            self.fields["alternative_case"].required = True

    def refused(self, error):
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)


class GeneralInfoForm(forms.Form):
    """Mẫu 02, Phần I (7–9), II and IV: saved as the producer types, so nothing is required here;
    what the dossier needs before it is handed in is `services_dossier.dossier_missing`'s rule."""

    product_spec = forms.CharField(label=_("Tên sản phẩm, mô tả quy cách sản phẩm, tiêu chuẩn"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 4}))
    declarations = forms.MultipleChoiceField(label=_("Giấy tờ đã có (đánh dấu mục tương ứng)"), required=False,
                                             choices=SelfAssessment.DECLARATIONS, widget=forms.CheckboxSelectMultiple)
    history = forms.CharField(label=_("Lịch sử hình thành của chủ thể (các giai đoạn hình thành và phát triển)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    organisation = forms.CharField(label=_("Cơ cấu tổ chức của chủ thể"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    business_results = forms.CharField(
        label=_("Kết quả thực hiện phương án sản xuất kinh doanh"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Vùng nguyên liệu, công nghệ sản xuất, đóng gói; thay đổi về chất lượng, bao bì, nhãn mác; thị trường "
                    "phân phối; doanh thu, lợi nhuận."))
    business_plan = forms.CharField(
        label=_("Kế hoạch sản xuất, kinh doanh"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Định hướng, kế hoạch thời gian tới về phát triển sản phẩm, tổ chức sản xuất, thị trường."))
