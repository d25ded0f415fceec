"""The demo's current round: Bắc Ninh 2026 under QĐ 26/2026, still open, with dossiers at every
stage of the commune pre-check and the provincial intake, a council session the chair has opened
(members can score) and the next one, planned."""

import datetime
import re
from collections import Counter

import pytest
from django.contrib.contenttypes.models import ContentType

from evaluations.models import Application, Council, CouncilSession, EvaluationRound
from ocop_portal.core.models import AuditEntry, Role, RoleAssignment
from producers.models import Producer, ProducerMembership

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

OLD_TU_SON = {"09367", "09370", "09379", "09385"}
STAGES = ["draft", "submitted", "returned", "forwarded", "eligible"]


@pytest.fixture
def current(bac_ninh_2020):
    return EvaluationRound.objects.select_related("province", "regulation").get(year=2026)


def _applications(rnd):
    return list(rnd.applications.select_related("product__producer__unit__parent", "product__product_set", "sheet"))


def _status_entry(application, to_status):
    return AuditEntry.objects.get(content_type=ContentType.objects.get_for_model(Application), object_id=application.pk,
                                  action="status", to_status=to_status)


def _status_actor(application, to_status):
    return _status_entry(application, to_status).actor


def test_the_current_round_is_open_in_todays_bac_ninh_under_26_2026(current):
    regulation = current.regulation

    assert current.status == "open"
    assert (current.province.code, current.province.level, current.province.valid_from) == (
        "24", "province", datetime.date(2025, 7, 1))
    assert regulation.code == "26/2026"
    assert regulation.effective_from <= current.opens_on <= current.closes_on
    assert regulation.effective_until is None or current.opens_on <= regulation.effective_until


def test_dossiers_wait_at_every_stage(current):
    statuses = Counter(a.status for a in _applications(current))

    for stage in STAGES:
        assert statuses[stage] >= 1, stage
    assert statuses["in_session"] >= 1


def test_dossiers_come_from_two_communes_or_more_outside_the_old_tu_son(current):
    communes = {a.product.producer.unit for a in _applications(current)}

    assert len(communes) >= 2
    for commune in communes:
        assert commune.level == "commune"
        assert commune.parent == current.province
        assert commune.valid_from == datetime.date(2025, 7, 1)
        assert commune.code not in OLD_TU_SON


def test_each_dossier_uses_the_usable_26_2026_sheet_of_its_product_set(current):
    for application in _applications(current):
        assert application.sheet.regulation_id == current.regulation_id
        assert application.sheet.usable
        assert application.sheet.product_set == application.product.product_set


def test_filed_dossiers_have_receipt_numbers_of_their_commune_and_drafts_none(current):
    for application in _applications(current):
        commune = application.product.producer.unit.code
        if application.status == "draft":
            assert application.receipt_number is None
        else:
            assert re.fullmatch(rf"\d{{3}}-\d{{2}}/PĐK-24-{commune}-2026", application.receipt_number), application.receipt_number


def test_a_returned_dossier_says_why(current):
    returned = [a for a in _applications(current) if a.status == "returned"]

    assert returned
    for application in returned:
        assert len(application.decision_reason) > 20
        assert _status_entry(application, "returned").note == application.decision_reason


def test_the_new_producers_are_new_and_each_has_an_owner_login(current):
    producers = {a.product.producer for a in _applications(current)}
    earlier = set(Producer.objects.filter(products__applications__round__year=2020).values_list("registration_number", flat=True))

    assert len(producers) >= 2
    for producer in producers:
        assert producer.registration_number not in earlier
        producer.full_clean()  # the registration number is valid for the producer's kind
        owners = ProducerMembership.objects.filter(producer=producer, is_owner=True).select_related("user")
        assert owners.count() == 1
        owner = owners.get().user
        assert owner.check_password("ocop-demo-2020")
        assert not RoleAssignment.objects.filter(user=owner).exists()


def test_the_owners_filed_and_their_commune_office_forwarded_or_returned(current, bac_ninh_2020):
    for application in _applications(current):
        producer = application.product.producer
        owner = ProducerMembership.objects.get(producer=producer, is_owner=True).user
        if application.status == "draft":
            continue
        assert _status_actor(application, "submitted") == owner
        if application.status == "submitted":
            continue
        officer = _status_actor(application, "returned" if application.status == "returned" else "forwarded")
        assert set(RoleAssignment.objects.filter(user=officer).values_list("role", "unit")) == {
            (Role.LOCAL_OFFICER, producer.unit_id)}
        if application.status in ("eligible", "in_session"):
            assert _status_actor(application, "eligible") == bac_ninh_2020["tinh.bacninh"]


def test_each_commune_of_the_round_has_its_own_office_login(current):
    communes = {a.product.producer.unit_id for a in _applications(current)}
    officers = RoleAssignment.objects.filter(role=Role.LOCAL_OFFICER, unit__in=communes)

    assert {a.unit_id for a in officers} == communes
    assert len({a.user_id for a in officers}) == len(communes)


def test_the_2026_council_has_a_login_on_every_voting_seat(current, bac_ninh_2020):
    council = Council.objects.get(province=current.province)
    voters = list(council.members.filter(voting=True).select_related("user"))

    assert council.decision_number != "1148/QĐ-UBND"
    assert council.members.filter(role="chair").count() == 1
    assert all(m.user is not None for m in voters)
    assert len({m.user_id for m in voters}) == len(voters) >= 3
    assert bac_ninh_2020["uyvien.hoidong"].pk not in {m.user_id for m in voters}


def test_the_chair_has_opened_one_session_and_the_next_is_planned(current, bac_ninh_2020):
    open_session = CouncilSession.objects.get(round=current, status="open")
    planned = CouncilSession.objects.get(round=current, status="planned")

    for session in (open_session, planned):
        assert session.council.province == current.province
        assert session.starts_on >= current.opens_on
        held = list(session.applications.all())
        assert held and {a.status for a in held} == {"in_session"}
        assert not session.scorecards.exists() and not session.results.exists()
    assert (open_session.applications.count(), planned.applications.count()) == (3, 1)
    assert _status_entry_of(open_session, "open").actor == bac_ninh_2020["chutich.hoidong"]


def _status_entry_of(obj, to_status):
    return AuditEntry.objects.get(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk,
                                  action="status", to_status=to_status)
