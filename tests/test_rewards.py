"""Rewards: schedules by province, period, star and event (the real Bắc Ninh 2020 and 2024 and Bắc
Giang 2024–2025 schedules), entitlements created by issuing a decision (once per certificate and
event) or by the ministry's 5★ answer, events decided by the result (first, upgrade from→to,
re-rating at the same or a lower star), batches proposed, approved by someone else, paid once,
corrected by reversing entries; amounts in words; money never through a float."""

import datetime
import pathlib
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from evaluations import services_issuing as issuing
from evaluations.models import Application, ApplicationStatus, Certificate, RecognitionDecision
from ocop_portal.core.models import AuditEntry, Role, UnitLevel
from ocop_portal.core.state import StatusChangedMeanwhile, TransitionNotAllowed
from rewards import selectors as sel
from rewards import services as rw
from rewards.models import Entitlement, Payout, PayoutBatch, PayoutEntry, RewardSchedule
from rewards.money import as_vnd, vnd_in_words
from tests.factories import (
    ApplicationFactory,
    CouncilFactory,
    ProducerFactory,
    ProductFactory,
    ResultFactory,
    RoundFactory,
    SessionFactory,
    UnitFactory,
    user_with_role,
)

pytestmark = [pytest.mark.django_db, pytest.mark.integration]
S = ApplicationStatus
M = 1_000_000

BAC_NINH_2024 = [{"event": "first", "star": 3, "amount_vnd": 8 * M}, {"event": "first", "star": 4, "amount_vnd": 10 * M},
                 {"event": "upgrade", "from_star": 3, "star": 4, "amount_vnd": 2 * M}]
BAC_GIANG_2024 = [{"event": "first", "star": 3, "amount_vnd": 50 * M}, {"event": "first", "star": 4, "amount_vnd": 150 * M},
                  {"event": "first", "star": 5, "amount_vnd": 300 * M}]


# --- Amounts in words ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("amount", "words"), [
    (960_000_000, "Chín trăm sáu mươi triệu đồng"),
    (0, "Không đồng"),
    (15, "Mười lăm đồng"),
    (21, "Hai mươi mốt đồng"),
    (105, "Một trăm linh năm đồng"),
    (2 * M, "Hai triệu đồng"),
    (20 * M, "Hai mươi triệu đồng"),
    (150 * M, "Một trăm năm mươi triệu đồng"),
    (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
    (1_000_015, "Một triệu không trăm mười lăm đồng"),
    (1_500_000_000, "Một tỷ năm trăm triệu đồng"),
    (1_000_000_000_005, "Một nghìn tỷ không trăm linh năm đồng"),
    ("960.000.000", "Chín trăm sáu mươi triệu đồng"),
    (Decimal("30000000"), "Ba mươi triệu đồng"),
])
def test_amounts_read_in_vietnamese_words(amount, words):
    assert vnd_in_words(amount) == words


@pytest.mark.parametrize("amount", [0.1 + 0.2, 30_000_000.0, Decimal("1.5"), "12,5 triệu", -1, True])
def test_an_amount_is_never_a_float_or_a_fraction(amount):
    with pytest.raises(ValueError):
        as_vnd(amount)


def test_the_rewards_code_never_converts_money_to_float():
    sources = [p.read_text() for p in (pathlib.Path(__file__).parents[1] / "rewards").rglob("*.py")]

    assert [re.findall(r"\bfloat\(|FloatField|DecimalField", s) for s in sources if re.search(r"\bfloat\(|FloatField|DecimalField", s)] == []


# --- A small world: a province, its products, decisions issued through the real services -------------------


@pytest.fixture
def world(bac_ninh_2020):  # the demo brings the criteria catalogue the dossiers' sheets come from
    return World()


class World:
    def __init__(self):
        self.province = UnitFactory(level=UnitLevel.PROVINCE, name="Tỉnh Thử")
        self.commune = UnitFactory(level=UnitLevel.COMMUNE, parent=self.province)
        self.staff = user_with_role(Role.PROVINCIAL_STAFF, self.province)
        self.approver = user_with_role(Role.APPROVER, self.province)
        self.finance = user_with_role(Role.FINANCE, self.province)
        self.count = 0

    def schedule(self, rates, start, end=None, name="Mức thưởng"):
        return rw.schedule_create(province=self.province, name=name, valid_from=start, valid_until=end, rates=rates,
                                  legal_basis="Nghị quyết số 12/2023/NQ-HĐND", budget_source="Ngân sách tỉnh", actor=self.staff)

    def product(self, name="Mật ong"):
        return ProductFactory(producer=ProducerFactory(unit=self.commune), name=name)

    def _session(self, day):
        rnd = RoundFactory(province=self.province, year=day.year, opens_on=day.replace(month=1, day=1),
                           closes_on=day.replace(month=12, day=31))
        session = SessionFactory(council=CouncilFactory(province=self.province), round=rnd, status="closed",
                                 starts_on=day - datetime.timedelta(days=10), ends_on=day - datetime.timedelta(days=9))
        return rnd, session

    def rate(self, outcomes, day, kind="first"):
        """A closed session with one result per (product, star) and the decision issued on `day`."""
        rnd, session = self._session(day)
        for product, star in outcomes:
            band = star
            score = {3: "60.00", 4: "80.00", 5: "95.00"}[star]
            application = ApplicationFactory(product=product, round=rnd, session=session, status=S.RATED, kind=kind)
            ResultFactory(application=application, session=session, score=score, band_star=band, star=star)
        self.count += 1
        decision = issuing.decision_prepare(session=session, actor=self.staff, number=f"{self.count}/QĐ-UBND", signed_on=day,
                                            signer_name="Nguyễn Văn A", signer_title="Phó Chủ tịch UBND tỉnh")
        return issuing.decision_issue_draft(decision=decision, actor=self.staff)

    def entitlement_of(self, product):
        return Entitlement.objects.filter(application__product=product).order_by("-due_on", "-pk").first()


# --- Schedules -------------------------------------------------------------------------------------------


def test_the_real_schedules_are_expressible(world):
    bac_ninh_2024 = world.schedule(BAC_NINH_2024, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), name="Bắc Ninh 2024")
    bac_giang = world.schedule(BAC_GIANG_2024, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), name="Bắc Giang 2024–2025")

    assert sorted(bac_ninh_2024.rates.values_list("event", "from_star", "star", "amount_vnd")) == [
        ("first", None, 3, 8 * M), ("first", None, 4, 10 * M), ("upgrade", 3, 4, 2 * M)]
    assert sorted(bac_giang.rates.values_list("star", "amount_vnd")) == [(3, 50 * M), (4, 150 * M), (5, 300 * M)]
    assert {type(a) for a in bac_giang.rates.values_list("amount_vnd", flat=True)} == {int}
    demo = RewardSchedule.objects.get(name="Thưởng sản phẩm OCOP tỉnh Bắc Ninh năm 2020")
    assert sorted(demo.rates.values_list("star", "amount_vnd")) == [(3, 20 * M), (4, 30 * M)]
    assert demo.legal_basis.startswith("Quyết định số 1245/QĐ-UBND")


@pytest.mark.parametrize(("start", "end", "overlaps"), [
    (datetime.date(2024, 6, 1), datetime.date(2025, 5, 31), True),  # inside the open-ended one
    (datetime.date(2023, 1, 1), datetime.date(2024, 1, 1), True),  # ends on its first day
    (datetime.date(2023, 1, 1), None, True),  # open-ended before it
    (datetime.date(2023, 1, 1), datetime.date(2023, 12, 31), False),  # the day before
])
def test_overlapping_periods_of_a_province_are_refused(world, start, end, overlaps):
    world.schedule(BAC_NINH_2024, datetime.date(2024, 1, 1))

    if overlaps:
        with pytest.raises(ValidationError, match="Thời gian áp dụng trùng với"):
            world.schedule(BAC_NINH_2024, start, end, name="Mới")
        assert RewardSchedule.objects.filter(province=world.province).count() == 1
    else:
        world.schedule(BAC_NINH_2024, start, end, name="Mới")
        assert RewardSchedule.objects.filter(province=world.province).count() == 2


def test_another_province_may_use_the_same_period(world):
    world.schedule(BAC_NINH_2024, datetime.date(2024, 1, 1))
    other = UnitFactory(level=UnitLevel.PROVINCE)

    rw.schedule_create(province=other, name="Khác", valid_from=datetime.date(2024, 1, 1), rates=BAC_GIANG_2024)

    assert RewardSchedule.objects.filter(valid_from=datetime.date(2024, 1, 1)).count() == 2


def test_a_float_amount_is_refused_and_nothing_is_saved(world):
    with pytest.raises(ValidationError, match="số nguyên đồng"):
        world.schedule([{"event": "first", "star": 3, "amount_vnd": 8e6}], datetime.date(2024, 1, 1))

    assert not RewardSchedule.objects.filter(province=world.province).exists()


# --- Entitlements from issuing, events decided by the result ---------------------------------------------


def test_issuing_a_decision_creates_one_entitlement_per_certificate_from_the_schedule_in_force(world):
    world.schedule(BAC_NINH_2024, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    honey, tea = world.product("Mật ong"), world.product("Chè")

    decision = world.rate([(honey, 3), (tea, 4)], datetime.date(2024, 10, 15))

    rows = sorted(Entitlement.objects.filter(decision=decision).values_list("application__product__name", "event", "star",
                                                                              "amount_vnd", "status", "due_on"))
    assert rows == [("Chè", "first", 4, 10 * M, "created", datetime.date(2024, 10, 15)),
                    ("Mật ong", "first", 3, 8 * M, "created", datetime.date(2024, 10, 15))]
    assert AuditEntry.objects.filter(action="entitlements_create", object_id=decision.pk).count() == 1
    assert rw.entitlements_create_for_decision(decision=decision, actor=world.staff) == []  # nothing twice
    assert Entitlement.objects.filter(decision=decision).count() == 2


def test_the_database_holds_one_entitlement_per_certificate_and_event(world):
    world.schedule(BAC_NINH_2024, datetime.date(2024, 1, 1))
    world.rate([(world.product(), 4)], datetime.date(2024, 10, 15))
    entitlement = Entitlement.objects.get(application__round__province=world.province)

    with pytest.raises(IntegrityError), transaction.atomic():
        Entitlement.objects.create(**{f.attname: getattr(entitlement, f.attname) for f in Entitlement._meta.concrete_fields
                                      if f.name not in ("id", "created_at")})


def test_an_upgrade_pays_the_upgrade_amount_not_the_full_one(world):
    world.schedule(BAC_NINH_2024, datetime.date(2024, 1, 1))
    honey = world.product()
    world.rate([(honey, 3)], datetime.date(2024, 3, 1))

    world.rate([(honey, 4)], datetime.date(2024, 10, 15), kind="upgrade")

    latest = world.entitlement_of(honey)
    assert (latest.event, latest.from_star, latest.star, latest.amount_vnd, latest.event_label) == (
        "upgrade", 3, 4, 2 * M, "Nâng hạng 3★ → 4★")
    assert sum(Entitlement.objects.filter(application__product=honey).values_list("amount_vnd", flat=True)) == 10 * M


def test_a_rerating_at_the_same_star_pays_only_if_the_schedule_says_so(world):
    schedule = world.schedule(BAC_NINH_2024, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    honey = world.product()
    world.rate([(honey, 4)], datetime.date(2024, 3, 1))

    world.rate([(honey, 4)], datetime.date(2024, 11, 1), kind="rerating")  # this schedule pays no re-rating
    assert Entitlement.objects.filter(application__product=honey).count() == 1

    schedule.rates.create(event="rerating", star=4, amount_vnd=1 * M)
    world.rate([(honey, 4)], datetime.date(2024, 12, 1), kind="rerating")
    latest = world.entitlement_of(honey)
    assert (latest.event, latest.from_star, latest.star, latest.amount_vnd) == ("rerating", 4, 4, 1 * M)


def test_a_lower_star_is_a_rerating_at_the_new_star(world):
    schedule = world.schedule(BAC_NINH_2024, datetime.date(2024, 1, 1))
    schedule.rates.create(event="rerating", star=3, amount_vnd=500_000)
    honey = world.product()
    world.rate([(honey, 4)], datetime.date(2024, 3, 1))

    world.rate([(honey, 3)], datetime.date(2024, 11, 1), kind="rerating")

    latest = world.entitlement_of(honey)
    assert (latest.event, latest.from_star, latest.star, latest.amount_vnd) == ("rerating", 4, 3, 500_000)


def test_without_a_schedule_in_force_issuing_creates_nothing_and_the_page_can_compute_later(world):
    decision = world.rate([(world.product(), 4)], datetime.date(2024, 10, 15))
    assert Entitlement.objects.filter(decision=decision).count() == 0
    with pytest.raises(ValidationError, match="Chưa có mức thưởng của tỉnh áp dụng vào ngày 15/10/2024"):
        rw.entitlements_create_for_decision(decision=decision, actor=world.staff)

    world.schedule(BAC_NINH_2024, datetime.date(2024, 1, 1))
    created = rw.entitlements_create_for_decision(decision=decision, actor=world.staff)

    assert [(e.star, e.amount_vnd) for e in created] == [(4, 10 * M)]


def test_five_stars_are_due_on_the_ministrys_answer_not_on_the_provincial_decision(world):
    world.schedule(BAC_GIANG_2024, datetime.date(2024, 1, 1), datetime.date(2025, 12, 31))
    wine, sauce = world.product("Rượu"), world.product("Tương")
    decision = world.rate([(wine, 5), (sauce, 4)], datetime.date(2024, 10, 15))
    referred = Application.objects.get(product=wine)
    assert Entitlement.objects.filter(application=referred).count() == 0
    assert Entitlement.objects.get(decision=decision).amount_vnd == 150 * M

    issuing.ministry_answer_record(application=referred, outcome="five_star", decision_number="1234/QĐ-BNNMT",
                                   decision_date=datetime.date(2025, 3, 20), certificate_number="05/OCOP-5S", actor=world.staff)

    five = Entitlement.objects.get(application=referred)
    assert (five.event, five.star, five.amount_vnd, five.due_on, five.decision, five.certificate) == (
        "first", 5, 300 * M, datetime.date(2025, 3, 20), None, None)
    assert five.ministry_answer.decision_number == "1234/QĐ-BNNMT"
    assert list(sel.unproposed(world.staff).values_list("pk", flat=True)) == [five.pk]


def test_a_below_90_answer_pays_nothing_until_the_province_recognises_the_product(world):
    world.schedule(BAC_GIANG_2024, datetime.date(2024, 1, 1), datetime.date(2025, 12, 31))
    wine = world.product("Rượu")
    world.rate([(wine, 5)], datetime.date(2024, 10, 15))
    referred = Application.objects.get(product=wine)
    issuing.ministry_answer_record(application=referred, outcome="below_90", decision_number="1236/QĐ-BNNMT",
                                   decision_date=datetime.date(2025, 3, 20), central_score=Decimal("85.00"), actor=world.staff)
    assert Entitlement.objects.filter(application=referred).count() == 0

    certificate = issuing.referral_recognise_locally(
        application=referred, star=4, actor=world.staff,
        decision=RecognitionDecision(number="310/QĐ-UBND", signed_on=datetime.date(2025, 4, 2), signer_name="Nguyễn Văn A",
                                     signer_title="Phó Chủ tịch UBND tỉnh"))

    entitlement = Entitlement.objects.get(application=referred)
    assert (entitlement.certificate, entitlement.star, entitlement.amount_vnd, entitlement.due_on) == (
        certificate, 4, 150 * M, datetime.date(2025, 4, 2))


# --- Batches: proposed, approved by someone else, paid once, corrected by reversing entries -----------------


@pytest.fixture
def issued(world):
    world.schedule(BAC_NINH_2024, datetime.date(2024, 1, 1))
    world.decision = world.rate([(world.product("Mật ong"), 3), (world.product("Chè"), 4), (world.product("Gạo"), 4)],
                                datetime.date(2024, 10, 15))
    return world


APPROVAL = {"number": "2001/QĐ-UBND", "signed_on": datetime.date(2024, 11, 20), "signer_name": "Trần Văn B",
            "signer_title": "Phó Chủ tịch UBND tỉnh"}


def test_the_department_proposes_all_of_a_decision_and_nothing_twice(issued):
    batch = rw.batch_propose(decision=issued.decision, actor=issued.staff, note="Tờ trình 12/TTr-SNN")

    assert (batch.status, batch.province, batch.decision, batch.proposed_by) == ("proposed", issued.province, issued.decision,
                                                                                  issued.staff)
    assert sel.batch_totals(batch) == {"count": 3, "total": 28 * M, "paid_count": 0, "paid": 0, "created": 0,
                                           "proposed": 28 * M, "approved": 0, "unpaid": 28 * M}
    with pytest.raises(ValidationError, match="Không còn khoản thưởng nào chờ đề nghị"):
        rw.batch_propose(decision=issued.decision, actor=issued.staff)
    with pytest.raises(ValidationError, match="đã được đề nghị ở đợt khác"):
        rw.batch_propose(entitlements=list(Entitlement.objects.filter(decision=issued.decision)), actor=issued.staff)
    assert Payout.objects.count() == 3 + 33  # the demo's 33 and these 3


def test_a_selection_may_be_proposed_and_the_rest_later(issued):
    first = Entitlement.objects.filter(decision=issued.decision).order_by("pk").first()

    one = rw.batch_propose(entitlements=[first], actor=issued.staff)
    rest = rw.batch_propose(decision=issued.decision, actor=issued.staff)

    assert (one.payouts.count(), rest.payouts.count(), one.decision, rest.decision) == (1, 2, issued.decision, issued.decision)


def test_the_proposer_cannot_approve_and_the_database_refuses_it_too(issued):
    batch = rw.batch_propose(decision=issued.decision, actor=issued.staff)

    with pytest.raises(ValidationError, match="Người đề nghị không được tự phê duyệt"):
        rw.batch_approve(batch=batch, actor=issued.staff, **APPROVAL)
    with pytest.raises(IntegrityError), transaction.atomic():
        PayoutBatch.objects.filter(pk=batch.pk).update(approved_by=issued.staff)

    batch.refresh_from_db()
    assert (batch.status, batch.approved_by) == ("proposed", None)


def test_an_approved_batch_is_the_reward_decision_and_its_lines_are_approved(issued):
    batch = rw.batch_propose(decision=issued.decision, actor=issued.staff)

    rw.batch_approve(batch=batch, actor=issued.approver, **APPROVAL)

    batch.refresh_from_db()
    assert (batch.status, batch.approved_by, batch.number, batch.signed_on) == ("approved", issued.approver, "2001/QĐ-UBND",
                                                                                 datetime.date(2024, 11, 20))
    assert set(Entitlement.objects.filter(payout__batch=batch).values_list("status", flat=True)) == {"approved"}
    with pytest.raises(TransitionNotAllowed):
        rw.batch_approve(batch=batch, actor=user_with_role(Role.APPROVER, issued.province), **{**APPROVAL, "number": "2002/QĐ-UBND"})


def test_an_approval_needs_a_free_number_a_date_not_before_the_recognition_and_a_signer(issued):
    batch = rw.batch_propose(decision=issued.decision, actor=issued.staff)

    with pytest.raises(ValidationError) as refused:
        rw.batch_approve(batch=batch, actor=issued.approver, number="", signed_on=datetime.date(2024, 10, 1), signer_name="",
                         signer_title="")

    assert set(refused.value.message_dict) == {"number", "signed_on", "signer_name", "signer_title"}
    assert "không thể ký trước quyết định công nhận (15/10/2024)" in refused.value.message_dict["signed_on"][0]


def test_finance_pays_each_line_once_with_a_date_and_a_reference(issued):
    batch = rw.batch_propose(decision=issued.decision, actor=issued.staff)
    with pytest.raises(ValidationError, match="chưa được phê duyệt"):
        rw.payout_mark_paid(payout=batch.payouts.first(), actor=issued.finance, paid_on=datetime.date(2024, 12, 1), reference="UNC 1")
    rw.batch_approve(batch=batch, actor=issued.approver, **APPROVAL)
    first, *others = list(batch.payouts.select_related("entitlement").order_by("pk"))

    for wrong in (issued.staff, issued.approver):
        with pytest.raises(ValidationError, match="không được ghi chi trả"):
            rw.payout_mark_paid(payout=first, actor=wrong, paid_on=datetime.date(2024, 12, 1), reference="UNC 1")
    rw.payout_mark_paid(payout=first, actor=issued.finance, paid_on=datetime.date(2024, 12, 1), reference="UNC 1")
    batch.refresh_from_db()
    assert batch.status == "partially_paid"

    with pytest.raises((StatusChangedMeanwhile, TransitionNotAllowed)):
        rw.payout_mark_paid(payout=first, actor=issued.finance, paid_on=datetime.date(2024, 12, 2), reference="UNC 2")
    rw.batch_mark_paid(batch=batch, payouts=others, actor=issued.finance, paid_on=datetime.date(2024, 12, 3), reference="UNC 3")

    batch.refresh_from_db()
    assert batch.status == "paid"
    assert sorted(PayoutEntry.objects.filter(payout__batch=batch).values_list("kind", "attempt", "paid_on", "reference")) == [
        ("payment", 1, datetime.date(2024, 12, 1), "UNC 1"), ("payment", 1, datetime.date(2024, 12, 3), "UNC 3"),
        ("payment", 1, datetime.date(2024, 12, 3), "UNC 3")]
    assert sel.batch_totals(batch)["paid"] == sel.ledger_total(batch) == 28 * M


@pytest.mark.parametrize(("paid_on", "reference", "field"), [
    (datetime.date(2024, 11, 19), "UNC 1", "paid_on"),  # before the reward decision
    (datetime.date(2999, 1, 1), "UNC 1", "paid_on"),  # in the future
    (datetime.date(2024, 12, 1), "  ", "reference"),
])
def test_a_payment_needs_a_plausible_date_and_a_reference(issued, paid_on, reference, field):
    batch = rw.batch_propose(decision=issued.decision, actor=issued.staff)
    rw.batch_approve(batch=batch, actor=issued.approver, **APPROVAL)

    with pytest.raises(ValidationError) as refused:
        rw.payout_mark_paid(payout=batch.payouts.first(), actor=issued.finance, paid_on=paid_on, reference=reference)

    assert list(refused.value.message_dict) == [field]
    assert PayoutEntry.objects.filter(payout__batch=batch).count() == 0


def test_a_correction_is_a_reversing_entry_and_the_line_is_paid_again(issued):
    batch = rw.batch_propose(decision=issued.decision, actor=issued.staff)
    rw.batch_approve(batch=batch, actor=issued.approver, **APPROVAL)
    lines = list(batch.payouts.select_related("entitlement").order_by("pk"))
    rw.batch_mark_paid(batch=batch, payouts=lines, actor=issued.finance, paid_on=datetime.date(2024, 12, 1), reference="UNC 1")
    wrong = Payout.objects.select_related("entitlement").get(pk=lines[0].pk)

    rw.payout_reverse(payout=wrong, actor=issued.finance, reason="Chuyển nhầm tài khoản", on=datetime.date(2024, 12, 5))

    wrong.refresh_from_db()
    batch.refresh_from_db()
    assert (wrong.entitlement.status, batch.status) == ("approved", "partially_paid")
    assert sel.batch_totals(batch)["paid"] == sel.ledger_total(batch) == 28 * M - wrong.amount_vnd
    with pytest.raises(ValidationError, match="chưa được chi"):
        rw.payout_reverse(payout=Payout.objects.select_related("entitlement").get(pk=wrong.pk), actor=issued.finance, reason="x")

    rw.payout_mark_paid(payout=Payout.objects.select_related("entitlement").get(pk=wrong.pk), actor=issued.finance,
                        paid_on=datetime.date(2024, 12, 6), reference="UNC 7")

    batch.refresh_from_db()
    assert batch.status == "paid"
    assert list(PayoutEntry.objects.filter(payout=wrong).values_list("kind", "attempt", "amount_vnd", "reference")) == [
        ("payment", 1, wrong.amount_vnd, "UNC 1"), ("reversal", 1, wrong.amount_vnd, "UNC 1"), ("payment", 2, wrong.amount_vnd, "UNC 7")]
    assert sel.batch_totals(batch)["paid"] == sel.ledger_total(batch) == 28 * M
    with pytest.raises(IntegrityError), transaction.atomic():
        PayoutEntry.objects.create(payout=wrong, attempt=2, kind="payment", amount_vnd=1, paid_on=datetime.date(2024, 12, 6),
                                   reference="UNC 8", recorded_by=issued.finance)


# --- The demo ----------------------------------------------------------------------------------------------


def test_the_demo_owes_and_paid_960_million_for_33_products_once(bac_ninh_2020):
    staff = bac_ninh_2020["tinh.bacninh"]
    batch = PayoutBatch.objects.get()

    assert sel.totals(sel.entitlements_visible_to(staff).filter(application__round__year=2020)) == {
        "count": 33, "total": 960 * M, "paid_count": 33, "paid": 960 * M, "created": 0, "proposed": 0, "approved": 0, "unpaid": 0}
    assert (batch.status, batch.number, batch.proposed_by.username, batch.approved_by.username) == (
        "paid", "1688/QĐ-UBND (minh họa)", "tinh.bacninh", "pheduyet")
    assert sel.ledger_total(batch) == 960 * M
    assert set(PayoutEntry.objects.values_list("recorded_by__username", "paid_on")) == {("ketoan", datetime.date(2020, 12, 15))}
    assert PayoutEntry.objects.values("reference").distinct().count() == 16  # one transfer per producer
    assert [r["total"] for r in sel.totals_by(Entitlement.objects.all(), "due_on__year")] == [960 * M]
    by_producer = {r["key"]: r["total"] for r in sel.totals_by(Entitlement.objects.all(), "application__product__producer")}
    assert (len(by_producer), sum(by_producer.values())) == (16, 960 * M)
    assert vnd_in_words(sel.batch_totals(batch)["total"]) == "Chín trăm sáu mươi triệu đồng"
    certificates = Certificate.objects.filter(decision__round__year=2020)
    assert Entitlement.objects.filter(certificate__in=certificates).count() == certificates.count() == 33


def test_a_decision_issued_before_its_schedule_is_flagged_and_computed_from_its_page(client, world):
    from django.urls import reverse

    decision = world.rate([(world.product(), 4)], datetime.date(2024, 10, 15))
    client.force_login(world.staff)
    before = client.get(reverse("rewards:payout-list")).content.decode()
    refused = client.post(reverse("rewards:decision-compute", args=[decision.pk]), follow=True).content.decode()
    world.schedule(BAC_NINH_2024, datetime.date(2024, 1, 1))
    client.force_login(world.approver)
    not_staff = client.post(reverse("rewards:decision-compute", args=[decision.pk])).status_code
    client.force_login(world.staff)

    computed = client.post(reverse("rewards:decision-compute", args=[decision.pk]), follow=True).content.decode()

    assert 'data-testid="not-computed"' in before
    assert "Chưa có mức thưởng của tỉnh áp dụng vào ngày 15/10/2024." in refused
    assert not_staff == 403
    assert "Đã tính 1 khoản thưởng theo mức đang áp dụng." in computed
    assert Entitlement.objects.get(decision=decision).amount_vnd == 10 * M
