"""The rewards pages, from the demo's 2020 decision before payment (`seed_demo --until-decision`): a
new department user proposes the 2020 batch, another user approves it, a third marks it paid; the
totals read 960.000.000 ₫ everywhere (rewards pages, dashboard, API, the producer's page) and
nothing makes it pay twice. Then who may do what on the pages, corrections, schedules, and the
query counts of the lists."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from evaluations.models import RecognitionDecision
from ocop_portal.core.models import AdministrativeUnit, Role, UnitLevel
from rewards import services as rw
from rewards.models import Entitlement, Payout, PayoutBatch, PayoutEntry, RewardSchedule
from tests.factories import user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

PAID_ON = datetime.date(2020, 12, 15)
APPROVAL = {"number": "1688/QĐ-UBND", "signed_on": "2020-11-20", "signer_name": "Nguyễn Văn Thành",
            "signer_title": "Phó Chủ tịch UBND tỉnh Bắc Ninh"}


@pytest.fixture(scope="module")
def unpaid_2020(django_db_setup, django_db_blocker):
    """The Bắc Ninh demo seeded until the 2020 decision: 33 entitlements, nothing proposed."""
    from evaluations.catalogue_services import catalogue_load
    from ocop_portal import demo

    with django_db_blocker.unblock():
        with transaction.atomic():
            catalogue_load()
            users, _created = demo.seed_demo(until_decision=True)
            yield users
            transaction.set_rollback(True)


@pytest.fixture
def people(unpaid_2020):
    province = AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE, code="24", valid_from__isnull=False)
    return {"department": user_with_role(Role.PROVINCIAL_STAFF, province, username="so.nongnghiep"),
            "committee": user_with_role(Role.APPROVER, province, username="ubnd.pheduyet"),
            "finance": user_with_role(Role.FINANCE, province, username="ketoan.so"),
            **unpaid_2020}


@pytest.fixture
def decision(unpaid_2020):
    return RecognitionDecision.objects.get(round__year=2020)


def page(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def text_of(content, testid):
    match = re.search(rf'data-testid="{testid}"[^>]*>(.*?)<', content, re.S)
    return match.group(1).strip() if match else None


def test_the_seed_stops_at_the_decision_and_says_so(unpaid_2020):
    out = io.StringIO()

    call_command("seed_demo", "--until-decision", stdout=out)

    assert "Khen thưởng đợt 2020: 33 khoản, tổng 960.000.000 ₫; đã chi 0 ₫, chưa chi 960.000.000 ₫." in out.getvalue()
    assert (Entitlement.objects.filter(status="created").count(), PayoutBatch.objects.count()) == (33, 0)


def test_proposed_approved_and_paid_by_three_people_then_960_million_everywhere_and_never_twice(client, people, decision):
    department, committee, finance = people["department"], people["committee"], people["finance"]

    overview = page(client, department, reverse("rewards:payout-list"))
    assert text_of(overview, "total") == "960.000.000 ₫" and decision.number in overview
    form = page(client, department, reverse("rewards:decision", args=[decision.pk]))
    assert form.count('data-testid="entitlement-row"') == 33 and 'data-testid="propose-form"' in form
    ids = list(Entitlement.objects.filter(decision=decision).values_list("pk", flat=True))
    proposed = client.post(reverse("rewards:batch-propose"), {"decision": decision.pk, "entitlements": ids,
                                                               "note": "Tờ trình 245/TTr-SNN"})
    batch = PayoutBatch.objects.get()
    assert (proposed.status_code, proposed.url, batch.proposed_by) == (302, reverse("rewards:batch-detail", args=[batch.pk]),
                                                                       department)

    own = client.post(reverse("rewards:batch-approve", args=[batch.pk]), APPROVAL)
    assert "Bạn là người đề nghị" in page(client, department, reverse("rewards:batch-detail", args=[batch.pk]))
    client.force_login(committee)
    approved = client.post(reverse("rewards:batch-approve", args=[batch.pk]), APPROVAL)
    not_the_payer = client.post(reverse("rewards:batch-pay", args=[batch.pk]), {})
    batch.refresh_from_db()
    assert (own.status_code, approved.status_code, not_the_payer.status_code) == (403, 302, 403)
    assert (batch.status, batch.approved_by, batch.number) == ("approved", committee, "1688/QĐ-UBND")

    lines = list(batch.payouts.values_list("pk", flat=True))
    pay = {"payouts": lines, "paid_on": f"{PAID_ON:%Y-%m-%d}", "reference": "UNC 001/KBBN-2020"}
    client.force_login(finance)
    paid = client.post(reverse("rewards:batch-pay", args=[batch.pk]), pay)
    again = client.post(reverse("rewards:batch-pay", args=[batch.pk]), {**pay, "reference": "UNC 002/KBBN-2020"})

    batch.refresh_from_db()
    assert (paid.status_code, again.status_code, batch.status) == (302, 400, "paid")
    assert PayoutEntry.objects.filter(kind="payment").count() == 33
    detail = page(client, finance, reverse("rewards:batch-detail", args=[batch.pk]))
    assert (text_of(detail, "total"), text_of(detail, "paid"), text_of(detail, "unpaid")) == ("960.000.000 ₫", "960.000.000 ₫", "0 ₫")
    assert "Bằng chữ: Chín trăm sáu mươi triệu đồng." in detail
    assert text_of(page(client, department, reverse("rewards:payout-list")), "paid") == "960.000.000 ₫"
    dashboard = page(client, department, reverse("dashboard:overview"), year=2020)
    assert text_of(dashboard, "reward-paid") == "960.000.000 ₫"
    client.force_login(finance)
    api = client.get(reverse("api:entitlement-list"), {"year": 2020}).json()
    assert (api["count"], sum(r["amount_vnd"] for r in api["results"]), {r["status"] for r in api["results"]}) == (
        33, 960_000_000, {"paid"})
    owner = page(client, people["chuthe.dinhbang"], reverse("producer-home"))
    assert owner.count("Tiền thưởng: 30.000.000 ₫ (đã chi trả)") == 3
    assert "chi ngày 15/12/2020, chứng từ UNC 001/KBBN-2020" in owner


def test_before_the_proposal_the_producer_sees_its_rewards_not_yet_proposed(client, people):
    owner = page(client, people["chuthe.dinhbang"], reverse("producer-home"))

    assert owner.count("Tiền thưởng: 30.000.000 ₫ (chưa đề nghị chi trả)") == 3


@pytest.mark.parametrize("username", ["chuthe.dinhbang", "huyen.tuson", "uyvien.hoidong"])
def test_the_rewards_pages_are_closed_to_producers_local_offices_and_council_members(client, people, decision, username):
    client.force_login(people[username])

    codes = [client.get(reverse("rewards:payout-list")).status_code,
             client.get(reverse("rewards:decision", args=[decision.pk])).status_code,
             client.post(reverse("rewards:batch-propose"), {"decision": decision.pk}).status_code]

    assert codes == [403, 403, 403]


def test_another_provinces_staff_get_404_on_bac_ninhs_decision_and_cannot_propose_it(client, people, decision):
    outsider = user_with_role(Role.PROVINCIAL_STAFF)
    client.force_login(outsider)
    ids = list(Entitlement.objects.filter(decision=decision).values_list("pk", flat=True))

    codes = [client.get(reverse("rewards:decision", args=[decision.pk])).status_code,
             client.post(reverse("rewards:batch-propose"), {"decision": decision.pk, "entitlements": ids}).status_code]

    assert codes == [404, 404]
    assert PayoutBatch.objects.count() == 0


def test_an_approver_or_finance_cannot_propose(client, people, decision):
    ids = list(Entitlement.objects.filter(decision=decision).values_list("pk", flat=True))[:1]
    codes = []
    for who in ("committee", "finance"):
        client.force_login(people[who])
        codes.append(client.post(reverse("rewards:batch-propose"), {"decision": decision.pk, "entitlements": ids}).status_code)

    assert codes == [403, 403]


def test_an_approval_with_missing_fields_shows_them_in_vietnamese(client, people, decision):
    batch = rw.batch_propose(decision=decision, actor=people["department"])
    client.force_login(people["committee"])

    blank = client.post(reverse("rewards:batch-approve", args=[batch.pk]), {"number": "", "signed_on": "", "signer_name": "A",
                                                                              "signer_title": "B"})
    early = client.post(reverse("rewards:batch-approve", args=[batch.pk]), {"number": "1688/QĐ-UBND", "signed_on": "2020-10-01",
                                                                              "signer_name": "A", "signer_title": "B"})

    assert (blank.status_code, early.status_code) == (400, 400)
    assert "Hãy nhập số quyết định khen thưởng." in blank.content.decode() and "Hãy nhập ngày." in blank.content.decode()
    assert "Quyết định khen thưởng không thể ký trước quyết định công nhận (15/10/2020)." in early.content.decode()
    batch.refresh_from_db()
    assert batch.status == "proposed"


def test_finance_corrects_a_payment_with_a_reversing_entry_on_the_page(client, people, decision):
    batch = rw.batch_propose(decision=decision, actor=people["department"])
    rw.batch_approve(batch=batch, actor=people["committee"], number="1688/QĐ-UBND", signed_on=datetime.date(2020, 11, 20),
                     signer_name="A", signer_title="Phó Chủ tịch")
    lines = list(batch.payouts.select_related("entitlement"))
    rw.batch_mark_paid(batch=batch, payouts=lines, actor=people["finance"], paid_on=PAID_ON, reference="UNC 1")
    client.force_login(people["finance"])

    response = client.post(reverse("rewards:payout-reverse", args=[lines[0].pk]), {"reason": "Chuyển nhầm tài khoản"})

    detail = page(client, people["finance"], reverse("rewards:batch-detail", args=[batch.pk]))
    assert response.status_code == 302
    assert (text_of(detail, "paid"), text_of(detail, "unpaid")) == ("930.000.000 ₫", "30.000.000 ₫")
    assert "Chuyển nhầm tài khoản" in detail and 'data-testid="pay-form"' in detail


def test_provincial_staff_enter_a_schedule_and_an_overlapping_one_is_refused(client, people):
    url = reverse("rewards:schedule-create")
    province = AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE, code="24", valid_from__isnull=False)
    data = {"province": province.pk, "name": "Thưởng OCOP Bắc Ninh 2026", "legal_basis": "Nghị quyết số 05/2026/NQ-HĐND",
            "budget_source": "Ngân sách tỉnh", "valid_from": "2026-01-01", "valid_until": "2026-12-31",
            "rates-TOTAL_FORMS": "3", "rates-INITIAL_FORMS": "0", "rates-MIN_NUM_FORMS": "1", "rates-MAX_NUM_FORMS": "1000",
            "rates-0-event": "first", "rates-0-star": "3", "rates-0-amount_vnd": "8.000.000",
            "rates-1-event": "upgrade", "rates-1-from_star": "3", "rates-1-star": "4", "rates-1-amount_vnd": "2000000",
            "rates-2-event": "", "rates-2-star": "", "rates-2-amount_vnd": ""}
    client.force_login(people["committee"])
    refused = client.get(url).status_code
    client.force_login(people["department"])

    created = client.post(url, data)
    overlap = client.post(url, {**data, "name": "Trùng", "valid_from": "2026-06-01"})

    schedule = RewardSchedule.objects.get(name="Thưởng OCOP Bắc Ninh 2026")
    assert (refused, created.status_code, overlap.status_code) == (403, 302, 400)
    assert sorted(schedule.rates.values_list("event", "from_star", "star", "amount_vnd")) == [
        ("first", None, 3, 8_000_000), ("upgrade", 3, 4, 2_000_000)]
    assert "Thời gian áp dụng trùng với “Thưởng OCOP Bắc Ninh 2026”" in overlap.content.decode()
    listed = page(client, people["finance"], reverse("rewards:schedule-list"))
    assert "Nghị quyết số 05/2026/NQ-HĐND" in listed and "Nâng hạng 3★ → 4★" in listed


# --- Query counts --------------------------------------------------------------------------------------


def _propose(people, n):
    waiting = list(Entitlement.objects.filter(status="created").order_by("pk")[:n])
    return rw.batch_propose(entitlements=waiting, actor=people["department"])


# session, user, role assignments (access), the unit's lineage, memberships and seats (navigation),
# then the page's own reads.
LIST_QUERIES = 18
BATCH_QUERIES = 19


def test_the_overview_costs_the_same_with_1_and_3_batches(client, people, django_assert_num_queries):
    _propose(people, 1)
    client.force_login(people["finance"])
    with django_assert_num_queries(LIST_QUERIES):
        one = client.get(reverse("rewards:payout-list")).content.decode()
    _propose(people, 2)
    _propose(people, 3)

    with django_assert_num_queries(LIST_QUERIES):
        three = client.get(reverse("rewards:payout-list")).content.decode()

    assert (one.count('data-testid="batch-row"'), three.count('data-testid="batch-row"')) == (1, 3)


def test_a_batch_page_costs_the_same_with_1_and_3_lines(client, people, django_assert_num_queries):
    small, large = _propose(people, 1), _propose(people, 3)
    for batch in (small, large):
        rw.batch_approve(batch=batch, actor=people["committee"], number=f"{batch.pk}/QĐ-UBND", signed_on=datetime.date(2020, 11, 20),
                         signer_name="A", signer_title="Phó Chủ tịch")
    client.force_login(people["finance"])
    with django_assert_num_queries(BATCH_QUERIES):
        one = client.get(reverse("rewards:batch-detail", args=[small.pk])).content.decode()

    with django_assert_num_queries(BATCH_QUERIES):
        three = client.get(reverse("rewards:batch-detail", args=[large.pk])).content.decode()

    assert (one.count('data-testid="line"'), three.count('data-testid="line"')) == (1, 3)
    assert Payout.objects.filter(batch=large).count() == 3

