"""Forms of the producer's account pages: input shape only. Who may do what, uniqueness, the
password rules and the locks after confirmation are the services' (their refusals are shown on
the fields)."""

from django import forms
from django.core.validators import RegexValidator
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import Producer, TrainingRecord

PHONE = RegexValidator(r"^\+?[0-9][0-9 .-]{7,18}$", _("Số điện thoại gồm 8–15 chữ số (có thể bắt đầu bằng +84)."))

# The 54 ethnic groups of Viet Nam (Danh mục các dân tộc Việt Nam), offered as suggestions: the
# field stays free text.
ETHNICITIES = (
    "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "Mông", "Dao", "Gia Rai", "Ê Đê", "Ba Na", "Sán Chay", "Chăm",
    "Cơ Ho", "Xơ Đăng", "Sán Dìu", "Hrê", "Ra Glai", "Mnông", "Thổ", "Xtiêng", "Khơ Mú", "Bru - Vân Kiều", "Cơ Tu", "Giáy",
    "Tà Ôi", "Mạ", "Giẻ Triêng", "Co", "Chơ Ro", "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào", "La Chí", "Kháng", "Phù Lá",
    "La Hủ", "La Ha", "Pà Thẻn", "Lự", "Ngái", "Chứt", "Lô Lô", "Mảng", "Cơ Lao", "Bố Y", "Cống", "Si La", "Pu Péo",
    "Rơ Măm", "Brâu", "Ơ Đu",
)


def date_input(**attrs):
    return forms.DateInput(attrs={"type": "date", **attrs}, format="%Y-%m-%d")


# --- Sign-up --------------------------------------------------------------------------------------


class SignupForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150,
                                widget=forms.TextInput(attrs={"autocomplete": "name", "autofocus": True}))
    email = forms.EmailField(label=_("Email"), max_length=150,
                             help_text=_("Chúng tôi gửi liên kết kích hoạt tài khoản đến địa chỉ này."),
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(label=_("Số điện thoại (không bắt buộc)"), max_length=20, required=False, validators=[PHONE],
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}))
    password1 = forms.CharField(label=_("Mật khẩu"), strip=False,
                                help_text=_("Ít nhất 8 ký tự; không quá phổ biến, không chỉ gồm chữ số, không giống tên hay email."),
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Nhập lại mật khẩu"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("Hai mật khẩu không giống nhau."))
        return data


class ResendForm(forms.Form):
    email = forms.EmailField(label=_("Email đã đăng ký"), max_length=150,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))


# --- The producer's profile -------------------------------------------------------------------------


class ProducerForm(forms.ModelForm):
    """The profile. The address is a province, then one of its communes (today's map): the
    commune list follows the province (htmx, or the "show communes" button without script)."""

    province = forms.ModelChoiceField(label=_("Tỉnh/thành phố"), queryset=None, empty_label=_("— Chọn tỉnh/thành phố —"),
                                      error_messages={"required": _("Hãy chọn tỉnh/thành phố."),
                                                      "invalid_choice": _("Hãy chọn tỉnh/thành phố trong danh sách.")})

    fieldsets = (
        (_("Chủ thể"), ["kind", "name", "registration_number", "founded_on"]),
        (_("Địa chỉ"), ["province", "unit", "address"]),
        (_("Người đại diện theo pháp luật"), ["representative_name", "representative_gender", "representative_ethnicity",
                                               "representative_title", "representative_address", "representative_disabled"]),
        (_("Liên hệ"), ["phone", "email"]),
    )

    class Meta:
        model = Producer
        fields = ["kind", "name", "registration_number", "founded_on", "unit", "address", "representative_name",
                  "representative_gender", "representative_ethnicity", "representative_title", "representative_address",
                  "representative_disabled", "phone", "email"]
        labels = {
            "kind": _("Loại hình"), "name": _("Tên chủ thể"), "registration_number": _("Số đăng ký kinh doanh / mã số thuế"),
            "founded_on": _("Ngày thành lập / đăng ký kinh doanh (không bắt buộc)"), "unit": _("Xã/phường"),
            "address": _("Địa chỉ (thôn, xóm, số nhà)"), "representative_name": _("Họ và tên"),
            "representative_gender": _("Giới tính"), "representative_ethnicity": _("Dân tộc"),
            "representative_title": _("Chức vụ (không bắt buộc)"),
            "representative_address": _("Địa chỉ thường trú (không bắt buộc)"),
            "representative_disabled": _("Người đại diện là người khuyết tật"),
            "phone": _("Điện thoại (không bắt buộc)"), "email": _("Email của chủ thể (không bắt buộc)"),
        }
        help_texts = {
            "registration_number": _("Doanh nghiệp, hợp tác xã: mã số 10 chữ số (chi nhánh thêm “-” và 3 chữ số). Tổ hợp tác, "
                                     "trang trại, hộ kinh doanh: số giấy chứng nhận đăng ký, ví dụ 21A8001234."),
            "kind": _("Hội/hiệp hội chỉ dành cho sản phẩm du lịch cộng đồng, điểm du lịch."),
            "representative_ethnicity": _("Gõ vài chữ để chọn trong danh sách 54 dân tộc."),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "representative_gender": forms.RadioSelect,
            "founded_on": date_input(),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "representative_ethnicity": forms.TextInput(attrs={"list": "ethnicities", "autocomplete": "off"}),
        }
        error_messages = {
            "unit": {"required": _("Hãy chọn xã/phường."), "invalid_choice": _("Hãy chọn xã/phường trong danh sách.")},
            "kind": {"required": _("Hãy chọn loại hình.")},
            "representative_gender": {"required": _("Hãy chọn giới tính.")},
        }

    def __init__(self, *args, locked=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in locked:  # confirmed by the local office: shown, not editable (see the template)
            self.fields.pop(name, None)
        for name in ("kind", "representative_gender"):  # radios: no empty choice
            if name in self.fields:
                self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
        self.fields["founded_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        if "unit" in self.fields:
            self._address_fields()
        else:
            self.fields.pop("province")

    def _address_fields(self):
        provinces = selectors.provinces_today()
        self.fields["province"].queryset = provinces
        # htmx swaps in the chosen province's communes; without script, the form's own button does
        self.fields["province"].widget.attrs.update({
            "hx-get": reverse("producers:communes"), "hx-target": "#commune-field", "hx-swap": "outerHTML",
            "hx-trigger": "change", "autocomplete": "off",
        })
        province_id = self._chosen_province(provinces)
        if province_id and not self.is_bound:
            self.initial["province"] = province_id
        communes = selectors.communes_today().filter(parent_id=province_id) if province_id else selectors.communes_today().none()
        if self.instance.unit_id:  # a unit of the old map stays choosable for a producer that has it
            communes = communes | type(self.instance.unit).objects.filter(pk=self.instance.unit_id)
        field = self.fields["unit"]
        field.queryset = communes.order_by("name")
        field.empty_label = _("— Chọn xã/phường —") if province_id else _("— Chọn tỉnh/thành phố trước —")

    def _chosen_province(self, provinces):
        """The province whose communes to list: the one submitted, else the producer's, else the
        only one there is."""
        if self.is_bound:
            raw = self.data.get(self.add_prefix("province"))
            return int(raw) if raw and raw.isdigit() else None
        if self.initial.get("province"):
            return int(self.initial["province"])
        if self.instance.unit_id:
            return self.instance.unit.parent_id
        only = list(provinces.values_list("pk", flat=True)[:2])
        return only[0] if len(only) == 1 else None

    def clean_registration_number(self):
        return self.cleaned_data["registration_number"].strip().upper()

    def grouped(self):
        return [(legend, [self[name] for name in names if name in self.fields]) for legend, names in self.fieldsets]

    def profile(self):
        """The cleaned values the services take (the province only chose the commune list)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "province"}


# --- People and training ---------------------------------------------------------------------------


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=_("Email của tài khoản"), max_length=150,
                             help_text=_("Người được thêm phải có tài khoản đã kích hoạt trên cổng."),
                             widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    is_owner = forms.TypedChoiceField(label=_("Quyền"), widget=forms.RadioSelect, coerce=lambda v: v == "owner",
                                      initial="member", choices=[
                                          ("member", _("Thành viên: chuẩn bị và nộp hồ sơ")),
                                          ("owner", _("Chủ sở hữu: thêm quản lý hồ sơ chủ thể và tài khoản")),
                                      ])


class TrainingRecordForm(forms.ModelForm):
    class Meta:
        model = TrainingRecord
        fields = ["person_name", "position", "course", "organiser", "attended_on"]
        labels = {"person_name": _("Họ và tên người được tập huấn"), "position": _("Chức vụ (không bắt buộc)"),
                  "course": _("Khóa tập huấn"), "organiser": _("Đơn vị tổ chức"), "attended_on": _("Ngày tập huấn")}
        widgets = {"attended_on": date_input()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended_on"].widget.attrs["max"] = timezone.localdate().isoformat()
