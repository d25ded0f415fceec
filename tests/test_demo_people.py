"""Who does what in the demo: every step of the 2020 round is done by the login whose job it is,
each login holds its roles in the new model (territory role assignments, producer memberships,
council seats), and the 2020 round ends closed."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from evaluations.models import Application, Council, CouncilSession, EvaluationRound, Scorecard
from ocop_portal.core.models import AuditEntry, Role, RoleAssignment
from producers.models import ProducerMembership
from rewards.models import Entitlement

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

COUNCIL_2020 = "1148/QĐ-UBND"
SEATS_2020 = {  # voting seat of council 1148 → its login
    ("chair", "Nguyễn Văn Thành"): "chutich.hoidong",
    ("vice_chair", "Trần Quốc Hùng"): "phochutich.hoidong",
    ("member", "Lê Thị Thu Hà"): "uyvien.hoidong",
    ("member", "Phạm Minh Đức"): "uyvien2.hoidong",
    ("member", "Đỗ Thị Hồng Nhung"): "uyvien3.hoidong",
    ("member", "Vũ Đình Long"): "uyvien4.hoidong",
    ("member", "Hoàng Thị Mai"): "uyvien5.hoidong",
    ("secretary", "Ngô Văn Bình"): "thuky.hoidong",
}


def _assignments(user):
    return {(a.role, a.unit.code, a.unit.level) for a in RoleAssignment.objects.filter(user=user).select_related("unit")}


def _status_entries(model, to_status, **filters):
    return AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), action="status",
                                     to_status=to_status, **filters)


def test_province_logins_hold_their_roles_over_todays_bac_ninh(bac_ninh_2020):
    admin, staff = bac_ninh_2020["admin"], bac_ninh_2020["tinh.bacninh"]

    assert _assignments(admin) == {("provincial_staff", "24", "province")}
    assert admin.is_superuser and admin.is_staff
    assert _assignments(staff) == {("provincial_staff", "24", "province")}
    assert staff.is_staff and not staff.is_superuser
    assert list(staff.groups.values_list("name", flat=True)) == ["Cán bộ cấp tỉnh (xem)"]
    assert _assignments(bac_ninh_2020["pheduyet"]) == {("approver", "24", "province")}
    assert _assignments(bac_ninh_2020["ketoan"]) == {("finance", "24", "province")}
    units = {a.unit for a in RoleAssignment.objects.filter(unit__code="24")}
    assert {(u.level, u.valid_from) for u in units} == {("province", datetime.date(2025, 7, 1))}


def test_huyen_tuson_is_the_tu_son_district_office(bac_ninh_2020):
    officer = bac_ninh_2020["huyen.tuson"]

    assert _assignments(officer) == {("local_officer", "261", "district")}
    assert RoleAssignment.objects.get(user=officer).unit.name == "Thị xã Từ Sơn"


def test_every_2020_district_has_its_own_office_login(bac_ninh_2020):
    officers = RoleAssignment.objects.filter(role=Role.LOCAL_OFFICER, unit__level="district").select_related("unit", "user")

    assert sorted(a.unit.code for a in officers) == ["256", "258", "259", "260", "261", "262", "263", "264"]
    assert all(a.user.username.startswith("huyen.") for a in officers)
    assert len({a.user_id for a in officers}) == 8


def test_each_2020_dossier_was_forwarded_by_the_office_of_its_own_district(bac_ninh_2020):
    applications = list(Application.objects.filter(round__year=2020).select_related("product__producer__unit__parent"))
    forwards = {e.object_id: e.actor for e in _status_entries(Application, "forwarded").select_related("actor")}

    assert len(applications) == 36
    for application in applications:
        district = application.product.producer.unit.parent
        actor = forwards[application.pk]
        assert actor is not None, application.product.name
        officer_units = set(RoleAssignment.objects.filter(user=actor, role=Role.LOCAL_OFFICER).values_list("unit", flat=True))
        assert officer_units == {district.pk}, (application.product.name, actor.username, district.name)
    assert len({forwards[a.pk].pk for a in applications}) == 8  # every district office did its share


def test_the_province_decided_eligibility_and_the_chair_closed_the_session(bac_ninh_2020):
    ids = list(Application.objects.filter(round__year=2020).values_list("pk", flat=True))
    decisions = _status_entries(Application, "eligible", object_id__in=ids) | _status_entries(
        Application, "ineligible", object_id__in=ids)
    session = CouncilSession.objects.get(council__decision_number=COUNCIL_2020)

    assert decisions.count() == 36
    assert set(decisions.values_list("actor__username", flat=True)) == {"tinh.bacninh"}
    assert _status_entries(CouncilSession, "closed", object_id=session.pk).get().actor == bac_ninh_2020["chutich.hoidong"]


def test_every_2020_voting_seat_has_its_own_login(bac_ninh_2020):
    council = Council.objects.get(decision_number=COUNCIL_2020)
    seats = council.members.filter(voting=True).select_related("user")

    assert {(s.role, s.full_name): s.user.username for s in seats} == SEATS_2020
    assert council.members.filter(voting=False, user__isnull=False).count() == 0


def test_every_2020_scorecard_was_submitted_by_its_own_seat(bac_ninh_2020):
    council = Council.objects.get(decision_number=COUNCIL_2020)
    cards = list(Scorecard.objects.filter(session__council=council, status="submitted").select_related("member"))
    submitted_by = {e.object_id: e.actor_id for e in _status_entries(Scorecard, "submitted",
                                                                      object_id__in=[c.pk for c in cards])}

    assert len(cards) == 8 * 33
    for card in cards:
        assert card.member.user_id is not None
        assert submitted_by[card.pk] == card.member.user_id, card.member.full_name


def test_uyvien_is_a_council_member_and_nothing_else(bac_ninh_2020):
    user = bac_ninh_2020["uyvien.hoidong"]

    assert not RoleAssignment.objects.filter(user=user).exists()
    assert not ProducerMembership.objects.filter(user=user).exists()
    seat = user.council_seats.get()
    assert (seat.role, seat.full_name, seat.council.decision_number) == ("member", "Lê Thị Thu Hà", COUNCIL_2020)
    assert not (user.is_staff or user.is_superuser)


def test_the_chair_holds_chair_seats_only(bac_ninh_2020):
    user = bac_ninh_2020["chutich.hoidong"]

    assert not RoleAssignment.objects.filter(user=user).exists()
    assert not ProducerMembership.objects.filter(user=user).exists()
    assert set(user.council_seats.values_list("role", flat=True)) == {"chair"}
    assert user.council_seats.filter(council__decision_number=COUNCIL_2020).exists()


def test_the_secretary_is_also_provincial_staff(bac_ninh_2020):
    user = bac_ninh_2020["thuky.hoidong"]
    council = Council.objects.get(decision_number=COUNCIL_2020)

    assert _assignments(user) == {("provincial_staff", "24", "province")}
    seat = user.council_seats.get(council=council)
    assert (seat.role, seat.full_name) == ("secretary", "Ngô Văn Bình")
    assert council.members.filter(role="secretary").get() == seat  # the existing seat, not a new one
    assert council.members.count() == 12


def test_the_dinh_bang_owner_acts_for_its_producer_only(bac_ninh_2020):
    user = bac_ninh_2020["chuthe.dinhbang"]

    membership = ProducerMembership.objects.get(user=user)
    assert (membership.producer.registration_number, membership.is_owner) == ("2300412345", True)
    assert not RoleAssignment.objects.filter(user=user).exists()
    assert not user.council_seats.exists()


def test_the_2020_round_is_closed_after_the_decision_and_the_payouts(bac_ninh_2020):
    rnd = EvaluationRound.objects.get(year=2020)
    closed = _status_entries(EvaluationRound, "closed", object_id=rnd.pk).get()
    paid = _status_entries(Entitlement, "paid")

    assert rnd.status == "closed"
    assert closed.actor == bac_ninh_2020["tinh.bacninh"]
    assert paid.count() == 33
    assert closed.pk > max(paid.values_list("pk", flat=True))
    assert not rnd.sessions.exclude(status="closed").exists()
