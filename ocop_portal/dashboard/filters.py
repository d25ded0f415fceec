"""The drill-down lists' filters (django-filter): search, the breakdowns of the overview (kind,
stage, star, sector, product set, local unit, certificate state, payout stage) and sorting. Shape
only; the querysets come from `selectors`, narrowed to the scope before these apply."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from evaluations.models import Application
from ocop_portal.core.models import AdministrativeUnit, UnitLevel
from ocop_portal.stats import PAST_ELIGIBILITY
from producers.models import ProducerKind, ProductSet
from rewards.models import EntitlementStatus

STAR_CHOICES = [(5, "5★"), (4, "4★"), (3, "3★")]
STAGES = [
    ("eligible", _("Đủ điều kiện")),
    ("ineligible", _("Không đủ điều kiện")),
    ("pending", _("Chưa xét xong điều kiện")),
    ("rated", _("Đạt hạng sao")),
    ("not_achieved", _("Không đạt")),
]
CERTIFICATE_STATES = [
    ("current", _("Còn hiệu lực")),
    ("expiring", _("Sắp hết hạn (180 ngày)")),
    ("expired", _("Hết hiệu lực")),
    ("revoked", _("Bị thu hồi")),
    ("superseded", _("Được thay thế")),
]
S = Application.S


def area_choices(scope):
    """The units directly below the scope's roots (the provinces for the whole country), as
    (id, label) and {id: path}: one query, reused to filter without another."""
    if scope.roots:
        units = AdministrativeUnit.objects.filter(parent__in=[r.pk for r in scope.roots])
    else:
        units = AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE)
    choices, paths = [], {}
    for pk, name, path, until in units.order_by("-valid_from", "name").values_list("pk", "name", "path", "valid_until"):
        label = _("%(name)s (đến %(day)s)") % {"name": name, "day": until.strftime("%d/%m/%Y")} if until else name
        choices.append((pk, label))
        paths[pk] = path
    return choices, paths


class ScopedFilterSet(django_filters.FilterSet):
    """A list's filters, knowing the scope: the local unit offered are those below it. Subclasses
    name `unit_field` (the foreign key to AdministrativeUnit) and `search_fields`."""

    unit_field = "unit"
    search_fields = ()

    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="search")
    area = django_filters.ChoiceFilter(label=_("Đơn vị trực thuộc"), method="in_area", empty_label=_("Tất cả"))

    def __init__(self, data=None, queryset=None, *, scope, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.scope = scope
        choices, self.area_paths = area_choices(scope)
        self.filters["area"].extra["choices"] = choices

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        q = Q()
        for field in self.search_fields:
            q |= Q(**{f"{field}__icontains": value})
        return queryset.filter(q)

    def in_area(self, queryset, name, value):
        path = self.area_paths.get(int(value))
        return queryset.filter(**{f"{self.unit_field}__path__startswith": path}) if path else queryset.none()


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorting that ends on the primary key, so pages never share or skip a row."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "pk") if value else qs


def _ordering(*triples):
    """A sorting filter from (field, parameter, label) triples: `?o=<parameter>`, `-` reverses."""
    return StableOrderingFilter(
        label=_("Sắp xếp"), fields=[(field, param) for field, param, _label in triples],
        field_labels={field: label for field, _param, label in triples}, empty_label=_("Mặc định"))


class ProducerFilter(ScopedFilterSet):
    unit_field = "unit"
    search_fields = ("name", "registration_number", "representative_name")

    kind = django_filters.ChoiceFilter(label=_("Loại hình"), choices=ProducerKind.choices, empty_label=_("Tất cả"))
    o = _ordering(("name", "name", _("Tên chủ thể")), ("kind", "kind", _("Loại hình")), ("unit__name", "unit", _("Địa bàn")),
                  ("dossiers", "dossiers", _("Số hồ sơ")), ("best_star", "star", _("Hạng sao cao nhất")))


class ApplicationFilter(ScopedFilterSet):
    unit_field = "product__producer__unit"
    search_fields = ("product__name", "product__producer__name", "receipt_number", "product__code")

    stage = django_filters.ChoiceFilter(label=_("Giai đoạn"), choices=STAGES, method="in_stage", empty_label=_("Tất cả"))
    star = django_filters.ChoiceFilter(label=_("Hạng sao"), choices=STAR_CHOICES, empty_label=_("Tất cả"))
    kind = django_filters.ChoiceFilter(label=_("Loại hình chủ thể"), choices=ProducerKind.choices,
                                       field_name="product__producer__kind", empty_label=_("Tất cả"))
    sector = django_filters.CharFilter(label=_("Ngành"), field_name="product__product_set__sector",
                                       widget=forms.HiddenInput)
    product_set = django_filters.ModelChoiceFilter(label=_("Bộ sản phẩm"), field_name="product__product_set",
                                                   queryset=ProductSet.objects.order_by("number"), empty_label=_("Tất cả"))
    o = _ordering(("product__name", "product", _("Sản phẩm")), ("product__producer__name", "producer", _("Chủ thể")),
                  ("submitted_at", "submitted", _("Ngày nộp")), ("status", "status", _("Trạng thái")),
                  ("star", "star", _("Hạng sao")))

    def in_stage(self, queryset, name, value):
        return queryset.filter({
            "eligible": Q(status__in=PAST_ELIGIBILITY),
            "ineligible": Q(status=S.INELIGIBLE),
            "pending": Q(status__in=[S.SUBMITTED, S.RETURNED, S.FORWARDED, S.COMPLETION]),
            "rated": Q(scored=True, star__isnull=False),
            "not_achieved": Q(scored=True, star__isnull=True),
        }[value])


class CertificateFilter(ScopedFilterSet):
    unit_field = "result__application__product__producer__unit"
    search_fields = ("number", "result__application__product__name", "result__application__product__producer__name")

    state = django_filters.ChoiceFilter(label=_("Tình trạng hôm nay"), choices=CERTIFICATE_STATES, method="in_state",
                                        empty_label=_("Tất cả"))
    star = django_filters.ChoiceFilter(label=_("Hạng sao"), choices=STAR_CHOICES, empty_label=_("Tất cả"))
    o = _ordering(("number", "number", _("Số giấy chứng nhận")), ("result__application__product__name", "product", _("Sản phẩm")),
                  ("star", "star", _("Hạng sao")), ("issued_on", "issued", _("Ngày cấp")),
                  ("effective_until", "until", _("Hiệu lực đến")))

    def in_state(self, queryset, name, value):
        if value == "current":
            return queryset.filter(state__in=["valid", "expiring"])
        return queryset.filter(state=value)


class PayoutFilter(ScopedFilterSet):
    """The entitlements' list (what producers are owed and how far it has been paid)."""

    unit_field = "application__product__producer__unit"
    search_fields = ("application__product__name", "application__product__producer__name", "payout__batch__number")

    status = django_filters.ChoiceFilter(label=_("Giai đoạn chi trả"), choices=EntitlementStatus.choices, empty_label=_("Tất cả"))
    star = django_filters.ChoiceFilter(label=_("Hạng sao"), choices=STAR_CHOICES, field_name="star", empty_label=_("Tất cả"))
    o = _ordering(("application__product__name", "product", _("Sản phẩm")), ("amount_vnd", "amount", _("Số tiền")),
                  ("status", "status", _("Giai đoạn")), ("paid_on", "paid", _("Ngày chi")))

