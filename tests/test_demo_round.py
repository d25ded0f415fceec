"""The Bắc Ninh 2020 round, built by `seed_demo` through the services, gives the published figures;
a second seed changes nothing."""

import datetime
import io
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from evaluations.models import (
    Application,
    Certificate,
    Council,
    CouncilMember,
    CouncilSession,
    EvaluationRound,
    ProgrammeTarget,
    Result,
    Scorecard,
)
from ocop_portal.core.models import AuditEntry, RoleAssignment, User
from producers.models import Producer, ProducerMembership, Product
from rewards.models import Entitlement, PayoutEntry

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

EXPECTED_SUMMARY = {
    "year": 2020,
    "producers": {"total": 16, "enterprise": 7, "cooperative": 6, "household": 3},
    "products": {"registered": 36, "eligible": 33, "stars": {"3": 3, "4": 30, "5": 0}},
    "rewards": {"total_vnd": 960000000},
}


def _subset(actual, expected):
    """The parts of `actual` that `expected` names, so the comparison shows what differs."""
    if isinstance(expected, dict):
        return {k: _subset(actual.get(k), v) for k, v in expected.items()}
    return actual


def _snapshot():
    models = [User, RoleAssignment, Producer, ProducerMembership, Product, EvaluationRound, Application, Council, CouncilMember,
              CouncilSession, Scorecard, Result, Certificate, Entitlement, PayoutEntry, ProgrammeTarget, AuditEntry]
    return {m.__name__: m.objects.count() for m in models}


def test_summary_endpoint_gives_the_published_figures(client, bac_ninh_2020, api_token):
    token = api_token(bac_ninh_2020["tinh.bacninh"])

    response = client.get(reverse("api:stats-summary"), {"year": 2020}, HTTP_AUTHORIZATION=f"Token {token}")

    assert response.status_code == 200
    assert _subset(response.json(), EXPECTED_SUMMARY) == EXPECTED_SUMMARY
    assert response.json()["products"]["ineligible"] == 3
    assert response.json()["products"]["certificates"] == 33


def test_second_seed_changes_nothing(client, bac_ninh_2020, api_token):
    token = api_token(bac_ninh_2020["tinh.bacninh"])
    before = _snapshot()
    out = io.StringIO()

    call_command("seed_demo", stdout=out)

    assert _snapshot() == before
    assert "không thay đổi gì" in out.getvalue()
    response = client.get(reverse("api:stats-summary"), {"year": 2020}, HTTP_AUTHORIZATION=f"Token {token}")
    assert _subset(response.json(), EXPECTED_SUMMARY) == EXPECTED_SUMMARY


def test_seed_prints_every_login_with_its_roles(bac_ninh_2020):
    out = io.StringIO()

    call_command("seed_demo", stdout=out)

    lines = {line.split()[0]: line for line in out.getvalue().splitlines() if line.startswith("  ")}
    assert set(lines) == set(bac_ninh_2020)
    assert "ocop-demo-2020" in out.getvalue()
    assert "Cán bộ cấp tỉnh – Tỉnh Bắc Ninh (24)" in lines["tinh.bacninh"]
    assert "Cán bộ cấp huyện/xã – Thị xã Từ Sơn (261)" in lines["huyen.tuson"]
    assert "Cán bộ cấp tỉnh – Tỉnh Bắc Ninh (24)" in lines["thuky.hoidong"]
    assert "Ủy viên thư ký – Hội đồng 1148/QĐ-UBND" in lines["thuky.hoidong"]
    assert "Chủ tịch – Hội đồng 1148/QĐ-UBND" in lines["chutich.hoidong"]
    assert "Lãnh đạo phê duyệt – Tỉnh Bắc Ninh (24)" in lines["pheduyet"]
    assert "Kế toán – Tỉnh Bắc Ninh (24)" in lines["ketoan"]
    assert "Chủ sở hữu – Công ty TNHH Thực phẩm truyền thống Đình Bảng" in lines["chuthe.dinhbang"]
    assert "Quản trị hệ thống" in lines["admin"]


def test_council_and_session_are_those_of_decision_1148(bac_ninh_2020):
    council = Council.objects.get(decision_number="1148/QĐ-UBND")
    session = council.sessions.get()

    assert council.decision_date == datetime.date(2020, 8, 24)
    assert (session.starts_on, session.ends_on, session.status) == (datetime.date(2020, 9, 4), datetime.date(2020, 9, 5), "closed")
    voters = council.members.filter(voting=True).count()
    assert council.members.filter(voting=False).count() == 4
    # every voting member submitted a sheet for every eligible product
    assert session.scorecards.filter(status="submitted").count() == voters * 33


def test_every_result_comes_from_the_members_sheets(bac_ninh_2020):
    results = Result.objects.filter(session__round__year=2020).prefetch_related("application__scorecards")

    assert len(results) == 33
    for result in results:
        totals = [c.total for c in result.application.scorecards.all()]
        mean = (Decimal(sum(totals)) / len(totals)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        assert result.score == mean
        assert result.explanation["minimums"]["applied"] is False
        assert "chỉ xét theo khoảng điểm" in result.explanation["minimums"]["message"]


def test_three_dossiers_were_screened_out_with_reasons(bac_ninh_2020):
    ineligible = Application.objects.filter(round__year=2020, status="ineligible")

    assert ineligible.count() == 3
    assert all(len(a.decision_reason) > 20 for a in ineligible)


def test_certificates_run_36_months_and_rewards_are_paid_once(bac_ninh_2020):
    certificates = Certificate.objects.all()

    assert {c.valid_until for c in certificates} == {datetime.date(2023, 10, 15)}
    assert sorted(Entitlement.objects.values_list("amount_vnd", flat=True)) == [20_000_000] * 3 + [30_000_000] * 30
    assert set(Entitlement.objects.values_list("status", flat=True)) == {"paid"}
    assert PayoutEntry.objects.filter(kind="payment").count() == 33
    assert Product.objects.exclude(code=None).count() == 33


def test_targets_2021_2025_are_recorded(bac_ninh_2020):
    targets = {t.metric: (t.target, t.qualifier) for t in ProgrammeTarget.objects.filter(period_start=2021, period_end=2025)}

    assert targets == {
        "producers": (50, "about"), "products_3_plus": (150, "at_least"), "products_5": (5, "at_least"),
        "tourism_villages": (2, "about"), "showrooms": (1, "exact"), "leader_training_pct": (100, "exact"),
    }


def test_seed_demo_without_criteria_says_what_to_run(tmp_path):
    env_db = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    import os

    env = {**os.environ, "DATABASE_URL": env_db}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, check=True)

    done = subprocess.run([sys.executable, "manage.py", "seed_demo"], env=env, capture_output=True, text=True, check=False)

    assert done.returncode == 1
    assert "load_criteria" in done.stderr


def test_provincial_staff_can_read_the_round_in_the_admin_but_not_change_it(client, bac_ninh_2020):
    client.force_login(bac_ninh_2020["tinh.bacninh"])

    listing = client.get(reverse("admin:evaluations_result_changelist"))
    adding = client.get(reverse("admin:producers_producer_add"))

    assert listing.status_code == 200
    assert "Bánh phu thê Đình Bảng" in listing.content.decode()
    assert adding.status_code == 403
