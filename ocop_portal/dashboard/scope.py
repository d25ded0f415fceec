"""Who may open the dashboards, and for which territory and period: `?unit=<code>` (a province, a
district before the 2025 reform, a commune after it, each with the units it replaced) and
`?year=` (with `?to=` for a period of several years). Without `unit`, the user's own territory;
a superuser without `unit` sees the whole country. A unit outside the user's territory is a 404,
as if it did not exist; a user with no territory role (a producer, a council member) gets 403."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.models import MemberRole
from evaluations.selectors import rounds_visible_to, seats_of
from ocop_portal.core import access
from ocop_portal.core.models import AdministrativeUnit, Role, UnitLevel
from ocop_portal.core.rules import can_view_unit_statistics

LEVEL_ORDER = {UnitLevel.PROVINCE: 0, UnitLevel.DISTRICT: 1, UnitLevel.COMMUNE: 2}
FIRST_YEAR, LAST_YEAR = 2018, 2100


def may_open_dashboard(user):
    """Territory roles (provincial staff, local officers, approvers, finance) and superusers."""
    return access.is_authenticated(user) and (user.is_superuser or bool(access.territory_units(user)))


def presiding_council_ids(user):
    """Councils on which the user is the chair or the secretary."""
    return {s.council_id for s in seats_of(user) if s.role in (MemberRole.CHAIR, MemberRole.SECRETARY)}


def may_see_council_analytics(user):
    """The province's staff, and the council's chair and secretary; not local offices."""
    return access.is_authenticated(user) and (
        user.is_superuser or access.has_role(user, Role.PROVINCIAL_STAFF) or bool(presiding_council_ids(user)))


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False)
    to = forms.IntegerField(label=_("Đến năm"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False)
    unit = forms.CharField(label=_("Địa bàn"), max_length=10, required=False)


@dataclass
class Scope:
    """A territory (the naming unit and the subtrees in scope) and a period of round years."""

    unit: AdministrativeUnit | None  # None: the whole country
    roots: list = field(default_factory=list)  # units whose subtrees are in scope; empty: everything
    year_from: int = 0
    year_to: int = 0
    years: list = field(default_factory=list)  # years with a round the user may see, newest first
    explicit_unit: bool = False

    def q(self, unit_field):
        """A filter on `unit_field` (a foreign key to AdministrativeUnit) keeping the scope."""
        if not self.roots:
            return Q()
        q = access.NOTHING
        for root in self.roots:
            q |= Q(**{f"{unit_field}__path__startswith": root.path})
        return q

    def in_period(self, year_field):
        return Q(**{f"{year_field}__gte": self.year_from, f"{year_field}__lte": self.year_to})

    @property
    def is_period(self):
        return self.year_to != self.year_from

    @property
    def period_label(self):
        return f"{self.year_from}–{self.year_to}" if self.is_period else str(self.year_from)

    @property
    def label(self):
        return self.unit.name if self.unit else _("Toàn quốc")

    @property
    def params(self):
        """The query string's scope part, for every link that keeps it."""
        params = {"year": self.year_from}
        if self.is_period:
            params["to"] = self.year_to
        if self.explicit_unit and self.unit:
            params["unit"] = self.unit.code
        return params

    @property
    def query(self):
        return urlencode(self.params)

    def contains(self, unit):
        return not self.roots or any(unit.path.startswith(root.path) for root in self.roots)


def _broadest(units):
    """The unit that names a territory: the highest level, then the newest."""
    return sorted(units, key=lambda u: (LEVEL_ORDER[u.level], -(u.valid_from.toordinal() if u.valid_from else 0)))[0]


def _visible_unit(user, code):
    """The newest unit with this code the user may see; 404 otherwise (an outsider cannot tell a
    unit outside their territory from one that does not exist)."""
    for unit in AdministrativeUnit.objects.filter(code=code).order_by("-valid_from", "level"):
        if can_view_unit_statistics(user, unit):
            return unit
    raise Http404


def _lineage(unit):
    ids = AdministrativeUnit.objects.lineage_ids(unit)
    return [unit] if ids == {unit.pk} else sorted(AdministrativeUnit.objects.filter(pk__in=ids), key=lambda u: u.path)


def round_years(user):
    """Years with a round the user may see, newest first (one query)."""
    return list(rounds_visible_to(user).order_by("-year").values_list("year", flat=True).distinct())


def dashboard_scope(request):
    """The scope of a dashboard request; PermissionDenied without a territory role, Http404 for a
    unit outside the user's territory."""
    user = request.user
    if not may_open_dashboard(user):
        raise PermissionDenied(_("Trang thống kê dành cho cán bộ cấp tỉnh, cán bộ địa phương, lãnh đạo phê duyệt và kế toán."))
    form = PeriodForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    code = (data.get("unit") or "").strip()
    if code:
        unit = _visible_unit(user, code)
        roots = _lineage(unit)
    elif user.is_superuser and not access.territory_units(user):
        unit, roots = None, []
    else:
        roots = access.territory_units(user)
        unit = _broadest(roots)
    years = round_years(user)
    year_from = data.get("year") or (years[0] if years else timezone.localdate().year)
    year_to = data.get("to") or year_from
    year_from, year_to = min(year_from, year_to), max(year_from, year_to)
    return Scope(unit=unit, roots=roots, year_from=year_from, year_to=year_to, years=years, explicit_unit=bool(code))


def unit_choices(user, scope):
    """(code, label) of the territories the user may pick: their own units and the units directly
    below the scope's (old units named with the date they ended). One query."""
    if user.is_superuser and not access.territory_units(user):
        candidates = AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE)
    else:
        own = access.territory_units(user)
        candidates = AdministrativeUnit.objects.filter(Q(pk__in=[u.pk for u in own])
                                                       | Q(parent__in=[u.pk for u in scope.roots or own]))
    seen, choices = set(), []
    for unit in candidates.order_by("level", "-valid_from", "name"):
        if unit.code in seen:
            continue
        seen.add(unit.code)
        label = unit.name
        if unit.valid_until:
            label = _("%(name)s (đến %(day)s)") % {"name": unit.name, "day": unit.valid_until.strftime("%d/%m/%Y")}
        choices.append((unit.code, label))
    return choices
