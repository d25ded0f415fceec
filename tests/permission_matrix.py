"""The permission matrix: every route of the portal × every persona → the outcome they get.

`tests/test_permission_matrix.py` walks it with the Bắc Ninh demo's real users and objects and
fails when a route exists that no row lists. A new route goes into this table in the same commit.

Outcomes: 200 ok · 302 sent to a login page (or, for the admin's own redirects, elsewhere in the
admin) · 401 the API asks for credentials · 403 may see but not act · 404 may not see (an outsider
learns nothing) · 405 wrong method.
"""

from dataclasses import dataclass, field

# Who walks the matrix. The first eight are the demo's own users; the last four are created for
# the walk (`tests/test_permission_matrix.py::personas`).
PERSONAS = {
    "anonymous": None,
    "producer": "chuthe.dinhbang",  # owner of Công ty TNHH Thực phẩm truyền thống Đình Bảng (Từ Sơn)
    "local_officer": "huyen.tuson",  # Thị xã Từ Sơn (district, 2020)
    "provincial_staff": "tinh.bacninh",  # Bắc Ninh 24 (and the 27 it replaced); is_staff, view-only admin
    "council_member": "uyvien.hoidong",  # one seat on the 2020 council, nothing else
    "conflicted_member": "phochutich.hoidong",  # vice-chair of 2020, conflicted on the product the cases open
    "approver": "pheduyet",
    "finance": "ketoan",
    "superuser": "admin",
    "other_province": None,  # provincial staff of another province, with the same view-only admin
    "other_commune": None,  # local officer of a commune of today's Bắc Ninh outside the old Từ Sơn
    "other_producer": None,  # owner of another Bắc Ninh producer
    "other_council": None,  # member of another province's council
}
STAFF = {"provincial_staff", "superuser", "other_province"}  # may open the admin (is_staff)
NOT_STAFF = [p for p in PERSONAS if p not in STAFF and p != "anonymous"]


def outcomes(default, **by_persona):
    """One outcome per persona: `default` unless named."""
    unknown = set(by_persona) - set(PERSONAS)
    assert not unknown, unknown
    return {persona: by_persona.get(persona, default) for persona in PERSONAS}


@dataclass(frozen=True)
class Case:
    """One request: a route (URL name, or the pattern of an unnamed route), its arguments (names
    of demo objects, resolved by the test), query string and the expected outcome per persona."""

    route: str
    expected: dict
    kwargs: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)
    label: str = ""

    @property
    def id(self):
        return f"{self.route}{'[' + self.label + ']' if self.label else ''}"


# Territory roles may read statistics; a producer's users and council members may not.
STATS_ROLES = outcomes(200, anonymous=401, producer=403, council_member=403, conflicted_member=403, other_producer=403,
                       other_council=403)

PORTAL = [
    Case("home", outcomes(200)),
    Case("healthz", outcomes(200)),
    Case("login", outcomes(200)),
    Case("logout", outcomes(405, anonymous=302)),  # POST only; an anonymous visitor is sent to log in
    Case("set_language", outcomes(302), query={"next": "/"}),
    Case("schema", outcomes(200)),
    Case("api-docs", outcomes(200)),
    Case("api:stats-summary", STATS_ROLES, query={"year": 2020}, label="own territory"),
    Case("api:stats-summary", {**STATS_ROLES, "other_province": 404, "other_commune": 404},
         query={"year": 2020, "unit": "261"}, label="Từ Sơn"),
    Case("api:stats-summary", {**STATS_ROLES, "local_officer": 404, "other_province": 404, "other_commune": 404},
         query={"year": 2020, "unit": "27"}, label="old Bắc Ninh"),
]


# --- The admin ---------------------------------------------------------------------------------
# Provincial staff (and the other province's staff) hold view permissions on the four apps of
# the portal; rows outside a user's scope are 404 there like everywhere. Reference data (units,
# regulations and their sheets, product sets) is public. Evidence (audit trail, results, chosen
# options, payouts) cannot be added, changed or deleted, even by a superuser: it moves through
# services only.


@dataclass(frozen=True)
class AdminModel:
    label: str  # app_label.model_name
    public: bool = False  # reference data every staff user may read
    add: bool = True  # the superuser may add one here
    delete: bool = True  # the superuser may delete one here
    portal_app: bool = True  # one of the four apps the staff's view group covers
    scoped: bool = False  # outside the portal's apps but scoped by its selector (`ScopedAdminMixin`)


ADMIN_MODELS = [
    AdminModel("auth.group", portal_app=False),
    AdminModel("core.user"),
    AdminModel("core.administrativeunit", public=True),
    AdminModel("core.auditentry", add=False, delete=False),
    AdminModel("core.roleassignment"),
    AdminModel("core.apitoken", add=False, delete=False),
    AdminModel("core.document", add=False, delete=False),
    AdminModel("producers.producer"),
    AdminModel("producers.productset", public=True),
    AdminModel("producers.product"),
    AdminModel("producers.producermembership"),
    AdminModel("producers.trainingrecord", add=False, delete=False),
    AdminModel("producers.standingdocument", add=False, delete=False),
    AdminModel("evaluations.regulationversion", public=True),
    AdminModel("evaluations.scoringsheet", public=True),
    AdminModel("evaluations.sheetpart", public=True),
    AdminModel("evaluations.sheetsection", public=True),
    AdminModel("evaluations.criterion", public=True),
    AdminModel("evaluations.option", public=True),
    AdminModel("evaluations.evaluationround"),
    AdminModel("evaluations.council"),
    AdminModel("evaluations.councilmember"),
    AdminModel("evaluations.councilsession"),
    AdminModel("evaluations.application"),
    *[AdminModel(f"evaluations.{name}", add=False, delete=False) for name in (
        "selfassessment", "selfassessmentanswer", "evidencefile", "precheck", "advisoryrequest", "dossierversion")],
    AdminModel("evaluations.scorecard"),
    AdminModel("evaluations.scorecardchoice", add=False, delete=False),
    AdminModel("evaluations.conflictofinterest"),
    AdminModel("evaluations.provincesettings"),
    AdminModel("evaluations.workingdayoverride"),
    AdminModel("evaluations.result", add=False, delete=False),
    AdminModel("evaluations.recognitiondecision"),
    AdminModel("evaluations.certificate"),
    AdminModel("evaluations.certificatenotice", add=False, delete=False),
    AdminModel("evaluations.ministryanswer", add=False, delete=False),
    AdminModel("evaluations.programmetarget"),
    AdminModel("evaluations.manualtargetprogress", add=False, delete=False),
    AdminModel("rewards.rewardschedule"),
    AdminModel("rewards.rewardrate"),
    AdminModel("rewards.entitlement", add=False, delete=False),
    AdminModel("rewards.payoutbatch", add=False, delete=False),
    AdminModel("rewards.payout", add=False, delete=False),
    AdminModel("rewards.payoutentry", add=False, delete=False),
    # an office's webhooks: not among the staff's view group's apps (superusers only)
    AdminModel("webhooks.webhookendpoint", add=False, delete=False, portal_app=False, scoped=True),
    AdminModel("webhooks.webhookdelivery", add=False, delete=False, portal_app=False, scoped=True),
]


def admin_outcomes(*, superuser, staff, other, anonymous=302, not_staff=302):
    return outcomes(not_staff, anonymous=anonymous, superuser=superuser, provincial_staff=staff, other_province=other)


def _model_cases(m):
    app, model = m.label.split(".")
    name = f"admin:{app}_{model}"
    read = 200 if m.portal_app else 403
    inside = read  # the demo object each case opens lies in Bắc Ninh: inside the staff's scope
    outside = read if (m.public or not m.portal_app) else 404
    obj = {"object_id": m.label}
    return [
        Case(f"{name}_changelist", admin_outcomes(superuser=200, staff=read, other=read)),
        Case(f"{name}_add", admin_outcomes(superuser=200 if m.add else 403, staff=403, other=403)),
        Case(f"{name}_change", admin_outcomes(superuser=200, staff=inside, other=outside), kwargs=obj),
        Case(f"{name}_delete", admin_outcomes(superuser=200 if m.delete else 403, staff=403, other=403), kwargs=obj),
        # Django's history view looks the object up before asking for the permission (the change
        # view asks first): a scoped row outside the user's scope is 404 there even without one.
        Case(f"{name}_history", admin_outcomes(superuser=200, staff=inside, other=404 if m.scoped else outside), kwargs=obj),
        # the admin's bare object URL redirects to the change page (or to a login page)
        Case(f"admin/{app}/{model}/<path:object_id>/", admin_outcomes(superuser=302, staff=302, other=302), kwargs=obj),
    ]


ADMIN = [
    Case("admin:index", admin_outcomes(superuser=200, staff=200, other=200)),
    Case("admin:login", admin_outcomes(superuser=302, staff=302, other=302, anonymous=200, not_staff=200)),
    Case("admin:logout", admin_outcomes(superuser=405, staff=405, other=405)),
    Case("admin:password_change", admin_outcomes(superuser=200, staff=200, other=200)),
    Case("admin:password_change_done", admin_outcomes(superuser=200, staff=200, other=200)),
    Case("admin:jsi18n", admin_outcomes(superuser=200, staff=200, other=200)),
    Case("admin:autocomplete", admin_outcomes(superuser=403, staff=403, other=403)),  # no field named: refused
    Case("admin:view_on_site", admin_outcomes(superuser=404, staff=404, other=404),
         kwargs={"content_type_id": "ct:producers.producer", "object_id": "producers.producer"}),
    Case("admin/(?P<url>.*)$", admin_outcomes(superuser=404, staff=404, other=404), kwargs={"url": "khong-co-trang-nay/"}),
    *[Case("admin:app_list", admin_outcomes(superuser=200, staff=200 if app in {"core", "producers", "evaluations", "rewards"} else 404,
                                            other=200 if app in {"core", "producers", "evaluations", "rewards"} else 404),
           kwargs={"app_label": app}, label=app)
      for app in ("auth", "core", "producers", "evaluations", "rewards")],
    # Django asks for the change permission before looking the user up: without it, 403 for every
    # id alike (so it reveals nothing about which accounts exist).
    Case("admin:auth_user_password_change", admin_outcomes(superuser=200, staff=403, other=403), kwargs={"id": "core.user"}),
    *[case for m in ADMIN_MODELS for case in _model_cases(m)],
]

# The council member's pages: only a seat on the session's council opens them (404 for everyone
# else, the province's staff included: theirs is the board); the 2020 session, closed.
SEAT_2020 = outcomes(404, anonymous=302, council_member=200)
ON_2020_SESSION = {"pk": "evaluations.councilsession", "application_pk": "evaluations.application"}
COUNCIL = [
    Case("evaluations:session-list", outcomes(200, anonymous=302)),
    Case("evaluations:session-detail", {**SEAT_2020, "conflicted_member": 200}, kwargs={"pk": "evaluations.councilsession"}),
    Case("evaluations:scorecard", SEAT_2020, kwargs=ON_2020_SESSION),
    Case("evaluations:scorecard-submit", SEAT_2020, kwargs=ON_2020_SESSION),
    Case("evaluations:scorecard-choose", outcomes(405, anonymous=302), kwargs=ON_2020_SESSION),  # POST only
    Case("evaluations:conflict-declare", outcomes(405, anonymous=302), kwargs=ON_2020_SESSION),  # POST only
]

# The chair's and the secretary's pages: a plain member may see the session but not its board
# (403); anyone without a seat gets 404. Results, once the session is closed, are for the seats
# and for every territory role of the province (each sees the results its selectors allow).
COUNCIL += [
    Case("evaluations:session-board", outcomes(404, anonymous=302, council_member=403, conflicted_member=403),
         kwargs={"pk": "evaluations.councilsession"}),
    Case("evaluations:session-close", outcomes(404, anonymous=302, council_member=403, conflicted_member=403),
         kwargs={"pk": "evaluations.councilsession"}),
    Case("evaluations:session-open", outcomes(405, anonymous=302), kwargs={"pk": "evaluations.councilsession"}),  # POST only
    Case("evaluations:application-reopen", outcomes(405, anonymous=302), kwargs=ON_2020_SESSION),  # POST only
    Case("evaluations:spread-keep", outcomes(405, anonymous=302), kwargs=ON_2020_SESSION),  # POST only
    Case("evaluations:application-case", outcomes(405, anonymous=302), kwargs=ON_2020_SESSION),  # POST only
    Case("evaluations:scorecard-stop", outcomes(405, anonymous=302), kwargs=ON_2020_SESSION),  # POST only
    Case("evaluations:session-results", outcomes(200, anonymous=302, producer=404, other_province=404, other_producer=404,
                                                 other_council=404), kwargs={"pk": "evaluations.councilsession"}),
]

# Rounds: everyone with a territory, producers of the province and seat holders see the rounds
# that concern them (the list is filtered, so 200 for all); the 2020 round's page is visible to
# the province's roles, its producers and its council; set-up pages are the provincial staff's.
ROUND_2020 = {"pk": "evaluations.evaluationround"}
ROUND_SEEN = outcomes(200, anonymous=302, other_province=404, other_council=404)
COUNCIL += [
    Case("evaluations:round-list", outcomes(200, anonymous=302)),
    Case("evaluations:round-detail", ROUND_SEEN, kwargs=ROUND_2020),
    Case("evaluations:session-create", {**ROUND_SEEN, "producer": 403, "local_officer": 403, "council_member": 403,
                                         "conflicted_member": 403,
                                         "approver": 403, "finance": 403, "other_commune": 403, "other_producer": 403},
         kwargs=ROUND_2020),
    Case("evaluations:session-setup", outcomes(404, anonymous=302, provincial_staff=200, superuser=200, local_officer=403,
                                               council_member=403, conflicted_member=403, approver=403, finance=403,
                                               other_commune=403),
         kwargs={"pk": "evaluations.councilsession"}),
]

# The local pre-check and the province's intake. The queue and the intake list are filtered
# (every logged-in user gets their own, possibly empty, 200). A dossier's page is for whoever may
# see the dossier (its producer's users, the territory roles over its commune, the council it is
# scored by, less a member conflicted on it); the actions are POST only. The 2020 dossier the
# cases open is from Đình Bảng (old Từ Sơn), the 2026 one a submitted dossier of today's Xã Yên
# Phong, outside the old Từ Sơn district office's territory.
DOSSIER_2020 = {"pk": "evaluations.application"}
DOSSIER_2026 = {"pk": "evaluations.application:2026-submitted"}
INTAKE = [
    Case("evaluations:precheck-queue", outcomes(200, anonymous=302)),
    Case("evaluations:intake", outcomes(200, anonymous=302)),
    Case("evaluations:dossier-detail", outcomes(404, anonymous=302, producer=200, local_officer=200, provincial_staff=200,
                                                council_member=200, approver=200, finance=200, superuser=200),
         kwargs=DOSSIER_2020, label="2020"),
    Case("evaluations:dossier-detail", outcomes(404, anonymous=302, provincial_staff=200, approver=200, finance=200,
                                                superuser=200),
         kwargs=DOSSIER_2026, label="2026 submitted"),
    *[Case(f"evaluations:{route}", outcomes(405, anonymous=302), kwargs=DOSSIER_2026)  # POST only
      for route in ("dossier-forward", "dossier-return", "dossier-eligibility", "dossier-precheck", "dossier-completion",
                    "advisory-add", "dossier-carry-over")],
    Case("evaluations:advisory-outcome", outcomes(405, anonymous=302), kwargs={**DOSSIER_2026, "request_pk": 1}),
    # the submitted versions: whoever may see the dossier
    Case("evaluations:dossier-versions", outcomes(404, anonymous=302, producer=200, local_officer=200, provincial_staff=200,
                                                  council_member=200, approver=200, finance=200, superuser=200),
         kwargs=DOSSIER_2020, label="2020"),
    Case("evaluations:dossier-versions", outcomes(404, anonymous=302, provincial_staff=200, approver=200, finance=200,
                                                  superuser=200),
         kwargs=DOSSIER_2026, label="2026 submitted"),
    # the province's calendar: each user sees the days of their provinces (the form for its staff)
    Case("evaluations:working-days", outcomes(200, anonymous=302)),
    Case("evaluations:working-day-delete", outcomes(405, anonymous=302), kwargs={"pk": "evaluations.workingdayoverride"}),
]

# The producer's page: everyone logged in gets it (an empty state when they act for no producer).
PRODUCER_PAGES = [Case("producer-home", outcomes(200, anonymous=302))]

# Issuing: a round's decisions are listed for whoever sees the round (each sees the decisions
# its selectors allow); the 2020 decision (issued) for the province's territory roles and the
# producers it certified (both 2020 producers hold one of its certificates). Preparing, editing
# and issuing are the provincial staff's (403 for the others who see the session or decision; an
# issued decision's edit and issue pages say it is issued). Referrals are followed by the
# province's staff, approvers and finance; the demo refers no product, so the referral page of
# its first dossier is 404 for everyone (tests/test_issuing.py walks a referred one); the
# ministry's answer and the local recognition are POST only.
ISSUE_2020 = outcomes(404, anonymous=302, provincial_staff=200, superuser=200, local_officer=403, approver=403, finance=403,
                      other_commune=403)
ISSUING = [
    Case("evaluations:decision-list", ROUND_SEEN, kwargs=ROUND_2020),
    Case("evaluations:decision-prepare", {**ISSUE_2020, "council_member": 403, "conflicted_member": 403},
         kwargs={"pk": "evaluations.councilsession"}),
    *[Case(f"evaluations:{route}", outcomes(404, anonymous=302, provincial_staff=200, superuser=200, local_officer=200,
                                             approver=200, finance=200, other_commune=200, producer=200, other_producer=200),
           kwargs={"pk": "evaluations.recognitiondecision"}) for route in ("decision-detail", "decision-progress")],
    *[Case(f"evaluations:{route}", {**ISSUE_2020, "producer": 403, "other_producer": 403},
           kwargs={"pk": "evaluations.recognitiondecision"})
      for route in ("decision-edit", "decision-issue")],
    Case("evaluations:referral-list", {**ROUND_SEEN, "producer": 403, "local_officer": 403, "council_member": 403,
                                       "conflicted_member": 403, "other_commune": 403, "other_producer": 403},
         kwargs=ROUND_2020),
    Case("evaluations:referral-detail", outcomes(404, anonymous=302), kwargs=DOSSIER_2020),
    *[Case(f"evaluations:{route}", outcomes(405, anonymous=302), kwargs=DOSSIER_2020)  # POST only
      for route in ("ministry-answer", "referral-recognise")],
]

CASES = PORTAL + ADMIN + COUNCIL + PRODUCER_PAGES + INTAKE + ISSUING


def _areas():
    """The areas that keep their rows in their own module (accounts, dossiers, files, documents,
    certificates, dashboard, rewards)."""
    from tests import (
        permission_matrix_accounts,
        permission_matrix_api,
        permission_matrix_certificates,
        permission_matrix_dashboard,
        permission_matrix_documents,
        permission_matrix_dossier,
        permission_matrix_files,
        permission_matrix_imports,
        permission_matrix_rewards,
        permission_matrix_tokens,
        permission_matrix_webhooks,
    )

    return (permission_matrix_accounts, permission_matrix_dossier, permission_matrix_files, permission_matrix_documents,
            permission_matrix_certificates, permission_matrix_dashboard, permission_matrix_rewards,
            permission_matrix_api, permission_matrix_tokens, permission_matrix_imports, permission_matrix_webhooks)


AREAS = _areas()
CASES = CASES + [case for area in AREAS for case in area.CASES]
