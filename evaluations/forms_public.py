"""The public's inputs: the code typed (or pasted) to check a certificate, and the catalogue's
search. Shape only; the reads are in `selectors_certificates`."""

import re

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop_portal.core.models import AdministrativeUnit, UnitLevel
from producers.models import ProductSet

CODE_RE = re.compile(r"([0-9a-f]{16})/?$")


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác thực"), max_length=300,
        help_text=_("16 ký tự (chữ số 0–9 và chữ cái a–f) in dưới mã QR của giấy chứng nhận, hoặc đường dẫn đọc được từ mã QR."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false",
                                      "inputmode": "text", "placeholder": "3f9a…"}),
    )

    def clean_code(self):
        """The 16 hexadecimal characters, from the code as typed (spaces, dashes, capitals) or
        from the verification link read off the QR code."""
        typed = re.sub(r"[\s\-]", "", self.cleaned_data["code"]).lower()
        found = CODE_RE.search(typed)
        if found is None:
            raise forms.ValidationError(_("Mã xác thực gồm 16 ký tự: chữ số 0–9 và chữ cái a–f."), code="format")
        return found.group(1)


STAR_FILTER_CHOICES = [(3, _("3 sao")), (4, _("4 sao")), (5, _("5 sao"))]


def _provinces(request=None):
    return AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE).valid_on(timezone.localdate()).order_by("name")


class CatalogueFilter(django_filters.FilterSet):
    """Search the products rated today: by name (product, producer or OCOP code), product set,
    star, province (with the provinces it replaced in 2025) and commune or ward (by name)."""

    q = django_filters.CharFilter(label=_("Tên sản phẩm, chủ thể hoặc mã OCOP"), method="search")
    product_set = django_filters.ModelChoiceFilter(
        label=_("Bộ sản phẩm"), queryset=ProductSet.objects.order_by("number"),
        field_name="result__application__product__product_set", empty_label=_("Tất cả"))
    star = django_filters.ChoiceFilter(label=_("Hạng sao"), choices=STAR_FILTER_CHOICES, empty_label=_("Tất cả"))
    province = django_filters.ModelChoiceFilter(label=_("Tỉnh, thành phố"), queryset=_provinces, method="in_province",
                                                empty_label=_("Tất cả"))
    commune = django_filters.CharFilter(label=_("Xã, phường"), method="in_commune",
                                        help_text=_("Tên xã, phường (hoặc huyện, thị xã trước ngày 01/07/2025)."))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        product = "result__application__product__"
        return queryset.filter(Q(**{f"{product}name__icontains": value}) | Q(**{f"{product}producer__name__icontains": value})
                               | Q(**{f"{product}code__icontains": value}))

    def in_province(self, queryset, name, value):
        paths = AdministrativeUnit.objects.filter(pk__in=AdministrativeUnit.objects.lineage_ids(value)).values_list("path", flat=True)
        where = Q(pk__in=[])
        for path in paths:
            where |= Q(result__application__product__producer__unit__path__startswith=path)
        return queryset.filter(where)

    def in_commune(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        unit = "result__application__product__producer__unit__"
        return queryset.filter(Q(**{f"{unit}name__icontains": value}) | Q(**{f"{unit}parent__name__icontains": value}))
