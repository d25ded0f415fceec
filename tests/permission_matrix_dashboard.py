"""Rows of the permission matrix for this area's routes; `tests/permission_matrix.py` adds them
to CASES and `tests/test_permission_matrix.py` walks them. `PICKERS` maps a label used in a
case's kwargs to a function returning the demo object it opens; `setup(users)` creates, inside
the walk's demo transaction, the objects the demo lacks (`users`: persona name → User).

The dashboards (ocop_portal/dashboard): every territory role opens them for its own territory
(the other province's staff and the other commune's officer see their own, empty, figures); a
producer's users and council members hold no territory and get 403. A unit outside the reader's
territory is a 404, as if it did not exist. The council's analytics are the provincial staff's
(and a council's chair and secretary's): local officers, approvers, finance and plain members get
403. Entering a target's progress is POST only."""

from tests.permission_matrix import Case, outcomes

TERRITORY = outcomes(200, anonymous=302, producer=403, council_member=403, conflicted_member=403, other_producer=403,
                     other_council=403)
TU_SON = {**TERRITORY, "other_province": 404, "other_commune": 404}  # the old Từ Sơn district (261)
OLD_BAC_NINH = {**TU_SON, "local_officer": 404}  # the old province (27): beyond a district office
YEAR = {"year": 2020}

PAGES = ["dashboard:overview", "dashboard:targets", "dashboard:producers", "dashboard:applications",
         "dashboard:certificates", "dashboard:payouts"]
EXPORTS = ["dashboard:overview-export", "dashboard:producers-export", "dashboard:applications-export",
           "dashboard:certificates-export", "dashboard:payouts-export"]

CASES = [
    *[Case(route, TERRITORY, query=YEAR, label="own territory") for route in PAGES],
    *[Case(route, TU_SON, query={**YEAR, "unit": "261"}, label="Từ Sơn") for route in PAGES],
    Case("dashboard:overview", OLD_BAC_NINH, query={**YEAR, "unit": "27"}, label="old Bắc Ninh"),
    *[Case(route, TERRITORY, kwargs={"fmt": fmt}, query=YEAR, label=fmt) for route in EXPORTS for fmt in ("xlsx", "csv")],
    Case("dashboard:applications-export", TU_SON, kwargs={"fmt": "xlsx"}, query={**YEAR, "unit": "261"}, label="Từ Sơn"),
    Case("dashboard:target-progress", outcomes(405, anonymous=302), kwargs={"pk": "evaluations.programmetarget"}),
    Case("dashboard:council", outcomes(403, anonymous=302, provincial_staff=200, superuser=200, other_province=200),
         query=YEAR),
]
PICKERS = {}


def setup(users):
    """A progress entry for a target the portal cannot count (the admin's rows open it)."""
    from evaluations.models import ManualTargetProgress, ProgrammeTarget

    target = ProgrammeTarget.objects.get(province__code="27", metric=ProgrammeTarget.Metric.TOURISM_VILLAGES)
    ManualTargetProgress.objects.create(target=target, year=2024, value=1, evidence="Báo cáo 12/BC-SNN (minh họa)",
                                        entered_by=users["provincial_staff"])
