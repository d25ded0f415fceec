"""Provincial staff set the 2026 round and a session up in the browser."""

import re

import pytest
from django.urls import reverse

from evaluations import services as ev
from evaluations.models import Application, CouncilSession, EvaluationRound
from ocop_portal.core.models import AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

RULES = {"minimum_mode": "consensus", "spread_limit": 12, "quorum_numerator": 2, "quorum_denominator": 3,
         "quorum_requires_chair": "on", "scores_visible": "after_own_submit", "knockout_rule": "any"}


@pytest.fixture
def staff(client, bac_ninh_2020):
    client.force_login(bac_ninh_2020["tinh.bacninh"])
    return bac_ninh_2020["tinh.bacninh"]


@pytest.fixture
def round_2026(bac_ninh_2020):
    """The demo's 2026 round as it was before its chair opened the first session."""
    rnd = EvaluationRound.objects.get(year=2026)
    rnd.sessions.update(status="planned")
    return rnd


def test_the_round_list_shows_both_rounds_with_a_fixed_number_of_queries(client, staff, django_assert_num_queries):
    # session, user, assignments, units replaced (2) and their rows, memberships, seats, the list
    with django_assert_num_queries(9):
        response = client.get(reverse("evaluations:round-list"))

    assert len(re.findall(r'href="/council/rounds/\d+/"', response.content.decode())) == 2


def test_the_staff_change_the_rules_before_the_first_session_opens(client, staff, round_2026):
    response = client.post(reverse("evaluations:round-detail", args=[round_2026.pk]), RULES)

    round_2026.refresh_from_db()
    assert response.status_code == 302
    assert (round_2026.minimum_mode, round_2026.spread_limit, round_2026.quorum_numerator, round_2026.quorum_denominator,
            round_2026.scores_visible, round_2026.knockout_rule) == ("consensus", 12, 2, 3, "after_own_submit", "any")
    assert AuditEntry.objects.filter(action="round_rules", object_id=round_2026.pk).count() == 1


def test_a_quorum_over_one_is_refused_with_a_message(client, staff, round_2026):
    response = client.post(reverse("evaluations:round-detail", args=[round_2026.pk]), {**RULES, "quorum_numerator": 5})

    round_2026.refresh_from_db()
    assert "Túc số phải là một phân số không lớn hơn 1 (ví dụ 3/4)." in response.content.decode()
    assert round_2026.quorum_numerator == 3


def test_the_rules_lock_once_the_first_session_opens(client, staff, round_2026):
    ev.session_open(session=round_2026.sessions.order_by("pk").first(), actor=staff)

    page = client.get(reverse("evaluations:round-detail", args=[round_2026.pk])).content.decode()
    client.post(reverse("evaluations:round-detail", args=[round_2026.pk]), RULES)

    round_2026.refresh_from_db()
    assert "Quy tắc đã khóa" in page
    assert (round_2026.spread_limit, round_2026.minimum_mode) == (10, "per_member")


def test_a_session_is_created_and_given_the_eligible_dossiers(client, staff, round_2026):
    eligible = list(Application.objects.filter(round=round_2026, status="eligible", session__isnull=True))
    council = round_2026.sessions.first().council

    created = client.post(reverse("evaluations:session-create", args=[round_2026.pk]),
                          {"council": council.pk, "starts_on": "2026-12-20", "ends_on": "2026-12-20", "location": "Hội trường Sở"})
    session = CouncilSession.objects.get(round=round_2026, starts_on="2026-12-20")
    client.post(reverse("evaluations:session-setup", args=[session.pk]), {"applications": [a.pk for a in eligible]})

    assert created.url == reverse("evaluations:session-setup", args=[session.pk])
    assert set(session.applications.values_list("pk", flat=True)) == {a.pk for a in eligible} != set()
    assert set(session.applications.values_list("status", flat=True)) == {"in_session"}


def test_dates_in_the_wrong_order_are_refused(client, staff, round_2026):
    council = round_2026.sessions.first().council

    response = client.post(reverse("evaluations:session-create", args=[round_2026.pk]),
                           {"council": council.pk, "starts_on": "2026-12-20", "ends_on": "2026-12-19"})

    assert "Ngày kết thúc không được trước ngày bắt đầu." in response.content.decode()
    assert not CouncilSession.objects.filter(starts_on="2026-12-20").exists()


@pytest.mark.parametrize(("username", "status"), [("xa.yenphong", 403), ("huyen.tuson", 404), ("uyvien.hoidong", 404), ("chuthe.dinhbang", 404)])
def test_only_the_provinces_staff_set_up(client, bac_ninh_2020, round_2026, username, status):
    client.force_login(bac_ninh_2020[username])

    response = client.get(reverse("evaluations:session-create", args=[round_2026.pk]))

    assert response.status_code == status
