"""Rows of the permission matrix for this area's routes; `tests/permission_matrix.py` adds them
to CASES and `tests/test_permission_matrix.py` walks them. `PICKERS` maps a label used in a
case's kwargs to a function returning the demo object it opens; `setup(users)` creates, inside
the walk's demo transaction, the objects the demo lacks (`users`: persona name → User).

The rewards area. Its pages are the paying province's money roles' — provincial staff (the
department), the approver (the committee), finance — and a superuser's: anyone else logged in gets
403 (a producer sees what it is owed on its own page), another province's staff 404 on Bắc Ninh's
decision and batch (their own lists are empty). Creating a schedule is the provincial staff's
(403 for approver and finance). The actions are POST only. The API
lists are each user's own (possibly empty); the detail of a Đình Bảng (old Từ Sơn) entitlement or
payout is for the province's money roles, the old Từ Sơn office and the producer itself."""

from tests.permission_matrix import Case, outcomes

DINH_BANG = "2300412345"
MONEY = outcomes(403, anonymous=302, provincial_staff=200, approver=200, finance=200, superuser=200, other_province=200)
BAC_NINH_MONEY = {**MONEY, "other_province": 404}
POST_ONLY = outcomes(405, anonymous=302)
SEES_DINH_BANG = outcomes(404, anonymous=401, producer=200, local_officer=200, provincial_staff=200, approver=200, finance=200,
                          superuser=200)

CASES = [
    Case("rewards:payout-list", MONEY),
    Case("rewards:decision", BAC_NINH_MONEY, kwargs={"pk": "evaluations.recognitiondecision"}),
    Case("rewards:batch-detail", BAC_NINH_MONEY, kwargs={"pk": "rewards.payoutbatch"}),
    Case("rewards:schedule-list", MONEY),
    Case("rewards:schedule-create", {**MONEY, "approver": 403, "finance": 403}),  # the demo's admin is also Bắc Ninh's staff
    Case("rewards:batch-propose", POST_ONLY),
    *[Case(f"rewards:{route}", POST_ONLY, kwargs={"pk": label}) for route, label in (
        ("decision-compute", "evaluations.recognitiondecision"), ("batch-approve", "rewards.payoutbatch"),
        ("batch-pay", "rewards.payoutbatch"), ("payout-reverse", "rewards.payout"))],
    Case("api:entitlement-list", outcomes(200, anonymous=401)),
    Case("api:entitlement-list", outcomes(200, anonymous=401), query={"year": 2020}, label="year"),
    Case("api:entitlement-detail", SEES_DINH_BANG, kwargs={"pk": "rewards.entitlement:dinhbang"}, label="Đình Bảng"),
    Case("api:payout-list", outcomes(200, anonymous=401)),
    Case("api:payout-list", outcomes(200, anonymous=401), query={"year": 2020}, label="year"),
    Case("api:payout-detail", SEES_DINH_BANG, kwargs={"pk": "rewards.payout:dinhbang"}, label="Đình Bảng"),
]


def _dinh_bang_entitlement():
    from rewards.models import Entitlement

    return Entitlement.objects.filter(application__product__producer__registration_number=DINH_BANG).order_by("pk").first()


def _dinh_bang_payout():
    return _dinh_bang_entitlement().payout


PICKERS = {"rewards.entitlement:dinhbang": _dinh_bang_entitlement, "rewards.payout:dinhbang": _dinh_bang_payout}


def setup(users):
    """The demo has everything these rows open."""
