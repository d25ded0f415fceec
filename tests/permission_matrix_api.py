"""Rows of the permission matrix for the office API's resources (`ocop_portal/api_urls.py`'s
router); `tests/permission_matrix.py` adds them to CASES. The office API is for territory roles
(local offices, provincial staff, approvers, finance) and superusers: anonymous callers get 401,
a producer's users and council members 403 on every route. An object outside the caller's
territory is 404 (the other province's staff, another commune's office). The walk opens the
objects of Đình Bảng (old Từ Sơn, 2020); its moves are POST only (the walk's GET gets 405 once
the caller is let in). Units are public reference data."""

from tests.permission_matrix import Case, outcomes

# Territory roles in, a producer's users and council members out.
OFFICE = outcomes(200, anonymous=401, producer=403, council_member=403, conflicted_member=403, other_producer=403,
                  other_council=403)
# The same, for an object of old Từ Sơn: the other province and the other commune do not see it.
TU_SON = {**OFFICE, "other_province": 404, "other_commune": 404}
# Objects of the province (its rounds, councils, sessions): the other province does not see them.
BAC_NINH = {**OFFICE, "other_province": 404}
POST_ONLY = {**OFFICE, **{p: 405 for p, code in OFFICE.items() if code == 200}}

DOSSIER = {"pk": "evaluations.application"}
CASES = [
    *[Case(f"api:{name}-list", OFFICE) for name in ("unit", "producer", "product", "application", "document", "round",
                                                      "council", "session", "result")],
    Case("api:application-list", OFFICE, query={"year": 2020, "unit": "261"}, label="filters"),
    Case("api:unit-detail", OFFICE, kwargs={"pk": "core.administrativeunit"}),
    Case("api:producer-detail", TU_SON, kwargs={"pk": "producers.producer:dinhbang"}),
    Case("api:product-detail", TU_SON, kwargs={"pk": "producers.product:dinhbang"}),
    Case("api:application-detail", TU_SON, kwargs=DOSSIER),
    Case("api:application-self-assessment", TU_SON, kwargs=DOSSIER),
    Case("api:application-precheck", TU_SON, kwargs=DOSSIER),
    *[Case(f"api:application-{move}", POST_ONLY, kwargs=DOSSIER) for move in ("submit", "forward", "return")],
    Case("api:document-detail", TU_SON, kwargs={"pk": "evaluations.evidencefile:2020"}),
    Case("api:round-detail", BAC_NINH, kwargs={"pk": "evaluations.evaluationround"}),
    Case("api:council-detail", BAC_NINH, kwargs={"pk": "evaluations.council"}),
    Case("api:session-detail", BAC_NINH, kwargs={"pk": "evaluations.councilsession"}),
    Case("api:result-detail", TU_SON, kwargs={"pk": "evaluations.result:dinhbang"}),
]

DINH_BANG = "2300412345"


def _dinh_bang(model):
    from django.apps import apps

    field = "producer__registration_number" if model == "producers.product" else (
        "application__product__producer__registration_number" if model == "evaluations.result" else "registration_number")
    return apps.get_model(model).objects.filter(**{field: DINH_BANG}).order_by("pk").first()


PICKERS = {
    "producers.producer:dinhbang": lambda: _dinh_bang("producers.producer"),
    "producers.product:dinhbang": lambda: _dinh_bang("producers.product"),
    "evaluations.result:dinhbang": lambda: _dinh_bang("evaluations.result"),
}


def setup(users):
    """Nothing beyond the demo (the files area adds the evidence file the document row opens)."""
