"""The local office's pre-check and the province's intake in the browser, on the Bắc Ninh demo:
the commune officer's queue with its 15-working-day deadline, a dossier's page with its status
trail and actions, and the province's screening of a round."""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from evaluations import services as ev
from evaluations.models import Application, EvaluationRound, WorkingDayOverride
from ocop_portal import demo_data as D
from ocop_portal.core.models import AdministrativeUnit, AuditEntry
from producers.models import Producer, ProductSet
from producers.services import product_create
from tests.factories import precheck_complete

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

REAL_LOCALDATE = timezone.localdate


@pytest.fixture
def today(monkeypatch):
    """Fix the portal's clock on a day: `today(datetime.date(...))`."""

    def fix(day):
        monkeypatch.setattr(timezone, "localdate", lambda value=None, tz=None: day if value is None else REAL_LOCALDATE(value, tz))
        return day

    return fix


def login(client, users, username):
    client.force_login(users[username])
    return users[username]


def dossier(product_name):
    return Application.objects.select_related("product__producer", "round").get(product__name=product_name)


def page(client, url, **params):
    return client.get(url, params).content.decode()


def waiting_products(content):
    table = content.split('data-testid="waiting"', 1)[1].split("</table>", 1)[0] if 'data-testid="waiting"' in content else ""
    return re.findall(r'class="row-link" href="[^"]+">([^<]+)</a>', table)


def handled_products(content):
    table = content.split('data-testid="handled"', 1)[1].split("</table>", 1)[0] if 'data-testid="handled"' in content else ""
    return re.findall(r'class="row-link" href="[^"]+">([^<]+)</a>', table)


def status_moves(application):
    return list(AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Application), object_id=application.pk,
                                          action="status").order_by("pk").values_list("from_status", "to_status", "actor__username",
                                                                                       "note"))


def submit_new(producer_name, product_name, *, at):
    """One more dossier of a 2026 producer, filed and submitted through the services."""
    producer = Producer.objects.get(name=producer_name)
    model = Application.objects.filter(product__producer=producer).select_related("round", "sheet", "product").first()
    product = product_create(producer=producer, name=product_name, product_set=ProductSet.objects.get(number=model.product.product_set.number))
    application = ev.application_create(product=product, round=model.round, sheet=model.sheet)
    return ev.application_submit(application=application, at=timezone.make_aware(at))


# --- The local officer's queue ------------------------------------------------------------------


def test_the_queue_shows_exactly_the_officers_territory(client, bac_ninh_2020):
    login(client, bac_ninh_2020, "xa.yenphong")

    content = page(client, reverse("evaluations:precheck-queue"))

    assert waiting_products(content) == ["Giò bò Yên Phong"]
    assert sorted(handled_products(content)) == ["Bánh đa nem Yên Phong", "Gạo nếp cái hoa vàng Yên Phong"]
    assert "Thuận Thành" not in content and "Dưa lê Yên Phong" not in content  # another commune; a draft


def test_another_communes_officer_sees_their_own_returned_dossier_and_nothing_of_yen_phong(client, bac_ninh_2020):
    login(client, bac_ninh_2020, "phuong.thuanthanh")

    content = page(client, reverse("evaluations:precheck-queue"))

    assert waiting_products(content) == []
    assert sorted(handled_products(content)) == ["Bánh tẻ Thuận Thành", "Nem chua Thuận Thành", "Trà sen Thuận Thành"]
    assert "Yên Phong" not in content


def test_the_deadline_is_15_working_days_after_submission_and_overdue_the_day_after(client, bac_ninh_2020, today):
    login(client, bac_ninh_2020, "xa.yenphong")
    url = reverse("evaluations:precheck-queue")
    today(datetime.date(2026, 10, 1))

    on_the_day = page(client, url)
    today(datetime.date(2026, 10, 2))
    the_day_after = page(client, url)

    # submitted Thu 10/09/2026; 15 working days (no holiday in between): Thu 01/10/2026
    assert timezone.localdate(dossier("Giò bò Yên Phong").submitted_at) == datetime.date(2026, 9, 10)
    assert re.findall(r'data-testid="deadline">([^<]+)<', on_the_day) == ["01/10/2026"]
    assert ("Đến hạn hôm nay" in on_the_day, 'data-testid="overdue"' in on_the_day) == (True, False)
    assert ('data-testid="overdue"' in the_day_after, "1 hồ sơ đã quá hạn sơ kiểm." in the_day_after) == (True, True)


def test_a_day_off_given_by_the_province_moves_the_deadline(client, bac_ninh_2020, today):
    login(client, bac_ninh_2020, "xa.yenphong")
    province = AdministrativeUnit.objects.get(level="province", code="24", valid_from__isnull=False)
    WorkingDayOverride.objects.create(province=province, day=datetime.date(2026, 9, 25), note="Nghỉ bù (minh họa)")
    today(datetime.date(2026, 10, 2))

    content = page(client, reverse("evaluations:precheck-queue"))

    assert re.findall(r'data-testid="deadline">([^<]+)<', content) == ["02/10/2026"]
    assert 'data-testid="overdue"' not in content


def test_the_queue_costs_the_same_queries_for_1_and_3_waiting_dossiers(client, bac_ninh_2020, django_assert_num_queries):
    login(client, bac_ninh_2020, "xa.yenphong")
    url = reverse("evaluations:precheck-queue")
    # session, user, assignments, units replaced as local officer and in every territory role,
    # memberships, seats, the waiting dossiers, the provinces' calendars, handled count and rows
    with django_assert_num_queries(11):
        one = client.get(url)
    submit_new("Hợp tác xã Nông nghiệp sạch Yên Phong", "Bánh gai Yên Phong", at=datetime.datetime(2026, 11, 2, 9))
    submit_new("Hộ kinh doanh Trần Văn Sơn", "Chả bò Yên Phong", at=datetime.datetime(2026, 11, 3, 9))

    with django_assert_num_queries(11):
        three = client.get(url)

    assert len(waiting_products(one.content.decode())) == 1
    assert len(waiting_products(three.content.decode())) == 3


# --- A dossier's page and the local officer's actions -----------------------------------------------


def test_the_officer_sees_the_dossier_with_its_history_and_both_actions(client, bac_ninh_2020):
    login(client, bac_ninh_2020, "xa.yenphong")
    application = dossier("Giò bò Yên Phong")

    content = page(client, reverse("evaluations:dossier-detail", args=[application.pk]))

    assert application.receipt_number in content
    assert "Hộ kinh doanh Trần Văn Sơn" in content and "Xã Yên Phong" in content and "Đánh giá lần đầu" in content
    assert ('data-testid="forward"' in content, 'data-testid="return"' in content, 'data-testid="eligible"' in content) == (
        True, True, False)
    history = content.split('data-testid="history"', 1)[1]
    assert re.findall(r"<strong>([^<]+)</strong>", history) == ["Nháp", "Đã nộp"]


def test_returning_needs_a_reason(client, bac_ninh_2020):
    login(client, bac_ninh_2020, "xa.yenphong")
    application = dossier("Giò bò Yên Phong")

    response = client.post(reverse("evaluations:dossier-return", args=[application.pk]),
                           {"return-reason": "   ", "expected_status": "submitted"})

    application.refresh_from_db()
    assert response.status_code == 200
    assert "Cần ghi rõ lý do trả lại hồ sơ." in response.content.decode()
    assert application.status == "submitted"
    assert status_moves(application)[-1][1] == "submitted"


def test_the_officer_returns_a_dossier_with_a_reason_and_the_producer_reads_it(client, bac_ninh_2020):
    officer = login(client, bac_ninh_2020, "xa.yenphong")
    application = dossier("Giò bò Yên Phong")
    reason = "Thiếu bản sao giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm."

    response = client.post(reverse("evaluations:dossier-return", args=[application.pk]),
                           {"return-reason": reason, "expected_status": "submitted"})
    login(client, bac_ninh_2020, "chuthe.tranvanson")
    seen = page(client, reverse("evaluations:dossier-detail", args=[application.pk]))

    assert response.url == reverse("evaluations:precheck-queue")
    assert status_moves(application)[-1] == ("submitted", "returned", officer.username, reason)
    assert reason in seen.split('data-testid="reason"', 1)[1]
    assert "Lý do trả lại" in seen


def test_the_officer_forwards_a_dossier_and_the_audit_names_them(client, bac_ninh_2020):
    officer = login(client, bac_ninh_2020, "xa.yenphong")
    application = dossier("Giò bò Yên Phong")
    precheck_complete(application)

    response = client.post(reverse("evaluations:dossier-forward", args=[application.pk]), {"expected_status": "submitted"})
    queue = client.get(response.url).content.decode()

    application.refresh_from_db()
    assert application.status == "forwarded"
    assert status_moves(application)[-1] == ("submitted", "forwarded", officer.username, "")
    assert "Đã chuyển hồ sơ “Giò bò Yên Phong” lên tỉnh." in queue
    assert waiting_products(queue) == []


def test_a_forward_sent_twice_from_stale_pages_is_refused_with_a_clear_message(client, bac_ninh_2020):
    login(client, bac_ninh_2020, "xa.yenphong")
    application = dossier("Giò bò Yên Phong")
    precheck_complete(application)
    url = reverse("evaluations:dossier-forward", args=[application.pk])

    first = client.post(url, {"expected_status": "submitted"})
    second = client.post(url, {"expected_status": "submitted"}, follow=True)

    content = second.content.decode()
    assert first.status_code == 302
    assert second.status_code == 200
    assert ("Hồ sơ đăng ký vừa được người khác cập nhật (trạng thái hiện tại: “Đã chuyển tỉnh”). "
            "Hãy tải lại trang rồi thử lại.") in content
    assert [move[1] for move in status_moves(application)].count("forwarded") == 1


def test_a_return_after_another_officer_forwarded_is_refused_and_keeps_the_forward(client, bac_ninh_2020):
    login(client, bac_ninh_2020, "xa.yenphong")
    application = dossier("Giò bò Yên Phong")
    precheck_complete(application)
    ev.application_forward(application=application, actor=bac_ninh_2020["admin"])  # someone else, meanwhile

    response = client.post(reverse("evaluations:dossier-return", args=[application.pk]),
                           {"return-reason": "Thiếu hồ sơ", "expected_status": "submitted"}, follow=True)

    application.refresh_from_db()
    assert "vừa được người khác cập nhật" in response.content.decode()
    assert (application.status, application.decision_reason) == ("forwarded", "")


@pytest.mark.parametrize("route", ["dossier-detail", "dossier-forward", "dossier-return", "dossier-eligibility"])
def test_another_communes_officer_gets_404_on_the_dossier_and_its_actions(client, bac_ninh_2020, route):
    login(client, bac_ninh_2020, "phuong.thuanthanh")
    application = dossier("Giò bò Yên Phong")
    url = reverse(f"evaluations:{route}", args=[application.pk])

    response = client.get(url) if route == "dossier-detail" else client.post(
        url, {"expected_status": "submitted", "return-reason": "x", "decision": "eligible"})

    application.refresh_from_db()
    assert (response.status_code, application.status) == (404, "submitted")


def test_the_producer_sees_their_own_dossier_read_only(client, bac_ninh_2020):
    login(client, bac_ninh_2020, "chuthe.tranvanson")
    application = dossier("Giò bò Yên Phong")

    response = client.get(reverse("evaluations:dossier-detail", args=[application.pk]))
    forward = client.post(reverse("evaluations:dossier-forward", args=[application.pk]), {"expected_status": "submitted"})

    content = response.content.decode()
    assert "<h1>Giò bò Yên Phong</h1>" in content
    assert re.findall(r'data-testid="(forward|return|eligible|ineligible)"', content) == []
    assert "<form" not in content.split('id="main"', 1)[1]
    assert forward.status_code == 403


def test_another_producer_gets_404(client, bac_ninh_2020):
    login(client, bac_ninh_2020, "chuthe.thuanthanh")

    response = client.get(reverse("evaluations:dossier-detail", args=[dossier("Giò bò Yên Phong").pk]))

    assert response.status_code == 404


# --- The province's eligibility decision ---------------------------------------------------------


def test_the_province_finds_a_forwarded_dossier_eligible(client, bac_ninh_2020):
    staff = login(client, bac_ninh_2020, "tinh.bacninh")
    application = dossier("Bánh đa nem Yên Phong")
    detail = page(client, reverse("evaluations:dossier-detail", args=[application.pk]))

    response = client.post(reverse("evaluations:dossier-eligibility", args=[application.pk]),
                           {"decision": "eligible", "expected_status": "forwarded"})

    application.refresh_from_db()
    assert re.findall(r'data-testid="(forward|return|eligible|ineligible)"', detail) == ["eligible", "ineligible"]
    assert response.url == f"{reverse('evaluations:intake')}?round={application.round_id}"
    assert application.status == "eligible"
    assert status_moves(application)[-1] == ("forwarded", "eligible", staff.username, "")


def test_ineligible_needs_a_written_reason_which_everyone_concerned_then_reads(client, bac_ninh_2020):
    staff = login(client, bac_ninh_2020, "tinh.bacninh")
    application = dossier("Tương nếp Gia Bình")
    url = reverse("evaluations:dossier-eligibility", args=[application.pk])
    reason = "Sản phẩm chưa có tiêu chuẩn công bố áp dụng."

    refused = client.post(url, {"decision": "ineligible", "ineligible-reason": "", "expected_status": "forwarded"})
    client.post(url, {"decision": "ineligible", "ineligible-reason": reason, "expected_status": "forwarded"})
    intake = page(client, reverse("evaluations:intake"), round=application.round_id)
    login(client, bac_ninh_2020, "chuthe.giabinh")
    producer_view = page(client, reverse("evaluations:dossier-detail", args=[application.pk]))

    application.refresh_from_db()
    assert "Hồ sơ không đủ điều kiện phải có lý do." in refused.content.decode()
    assert (application.status, application.decision_reason) == ("ineligible", reason)
    assert status_moves(application)[-1] == ("forwarded", "ineligible", staff.username, reason)
    assert reason in re.findall(r'data-testid="reason">([^<]+)<', intake)
    assert "Lý do không đủ điều kiện" in producer_view and reason in producer_view


def test_the_local_officer_may_not_decide_and_the_province_may_not_forward(client, bac_ninh_2020):
    forwarded, submitted = dossier("Bánh đa nem Yên Phong"), dossier("Giò bò Yên Phong")
    login(client, bac_ninh_2020, "xa.yenphong")
    decide = client.post(reverse("evaluations:dossier-eligibility", args=[forwarded.pk]), {"decision": "eligible"})
    login(client, bac_ninh_2020, "tinh.bacninh")

    forward = client.post(reverse("evaluations:dossier-forward", args=[submitted.pk]))

    assert (decide.status_code, forward.status_code) == (403, 403)
    assert (Application.objects.get(pk=forwarded.pk).status, Application.objects.get(pk=submitted.pk).status) == (
        "forwarded", "submitted")


# --- The province's intake -----------------------------------------------------------------------


def test_the_2020_screening_shows_36_registered_33_eligible_3_ineligible_with_their_reasons(client, bac_ninh_2020):
    login(client, bac_ninh_2020, "tinh.bacninh")
    round_2020 = EvaluationRound.objects.get(year=2020)

    content = page(client, reverse("evaluations:intake"), round=round_2020.pk)

    counts = dict(re.findall(r'data-testid="count-(\w+)">(\d+)<', content))
    assert counts == {"registered": "36", "forwarded": "0", "submitted": "0", "returned": "0", "eligible": "33", "ineligible": "3"}
    reasons = [outcome for *_rest, products in D.PRODUCERS for *_p, outcome in products if isinstance(outcome, str)]
    assert sorted(re.findall(r'data-testid="reason">([^<]+)<', content)) == sorted(reasons)
    assert len(reasons) == 3
    assert content.count('data-testid="dossier-row"') == 36


def test_forwarded_dossiers_come_first_and_the_open_round_is_the_default(client, bac_ninh_2020):
    login(client, bac_ninh_2020, "tinh.bacninh")

    content = page(client, reverse("evaluations:intake"))

    statuses = re.findall(r'class="badge badge--(\w+)">', content.split('data-testid="dossiers"', 1)[1])
    assert statuses[:2] == ["forwarded", "forwarded"]
    assert "forwarded" not in statuses[2:]
    assert f'<option value="{EvaluationRound.objects.get(year=2026).pk}" selected>' in content


def test_the_intake_filters_by_stage_and_refuses_a_round_outside_the_province(client, bac_ninh_2020):
    login(client, bac_ninh_2020, "tinh.bacninh")
    round_2020 = EvaluationRound.objects.get(year=2020)

    ineligible = page(client, reverse("evaluations:intake"), round=round_2020.pk, stage="ineligible")
    login(client, bac_ninh_2020, "xa.yenphong")
    officer = client.get(reverse("evaluations:intake"), {"round": round_2020.pk})

    assert ineligible.count('data-testid="dossier-row"') == 3
    assert officer.status_code == 404


def test_the_intake_list_costs_the_same_queries_for_1_and_3_dossiers(client, bac_ninh_2020, django_assert_num_queries):
    login(client, bac_ninh_2020, "tinh.bacninh")
    url = reverse("evaluations:intake")
    query = {"round": EvaluationRound.objects.get(year=2026).pk, "stage": "submitted"}
    # session, user, assignments; units replaced (2) and their rows as provincial staff, then in
    # every territory role (3); rounds, memberships, seats, the list's count and rows, the counts
    with django_assert_num_queries(15):
        one = client.get(url, query)
    submit_new("Hợp tác xã Mật ong Gia Bình", "Sáp ong Gia Bình", at=datetime.datetime(2026, 11, 2, 9))
    submit_new("Công ty TNHH Nông sản Thuận Thành", "Tương Thuận Thành", at=datetime.datetime(2026, 11, 3, 9))

    with django_assert_num_queries(15):
        three = client.get(url, query)

    assert one.content.decode().count('data-testid="dossier-row"') == 1
    assert three.content.decode().count('data-testid="dossier-row"') == 3


def test_the_intake_pages_by_50(client, bac_ninh_2020):
    login(client, bac_ninh_2020, "tinh.bacninh")
    rnd = EvaluationRound.objects.get(year=2026)
    for i in range(52):
        submit_new("Hợp tác xã Mật ong Gia Bình", f"Sản phẩm thử {i:02d}", at=datetime.datetime(2026, 11, 2, 9))

    first = page(client, reverse("evaluations:intake"), round=rnd.pk)
    second = page(client, reverse("evaluations:intake"), round=rnd.pk, page=2)

    assert (first.count('data-testid="dossier-row"'), "Trang 1 / 2" in first) == (50, True)
    assert second.count('data-testid="dossier-row"') == rnd.applications.exclude(status="draft").count() - 50


# --- The province's own calendar ------------------------------------------------------------------


def test_the_province_gives_a_day_off_and_the_officers_deadline_moves(client, bac_ninh_2020, today):
    staff = login(client, bac_ninh_2020, "tinh.bacninh")
    today(datetime.date(2026, 10, 2))

    response = client.post(reverse("evaluations:working-days"), {"day": "2026-09-25", "kind": "off", "note": "Nghỉ bù (minh họa)"})
    calendar = page(client, reverse("evaluations:working-days"))
    login(client, bac_ninh_2020, "xa.yenphong")
    queue = page(client, reverse("evaluations:precheck-queue"))

    override = WorkingDayOverride.objects.get(day=datetime.date(2026, 9, 25))
    assert response.url == reverse("evaluations:working-days")
    assert (override.province.code, override.is_working, override.note) == ("24", False, "Nghỉ bù (minh họa)")
    assert AuditEntry.objects.filter(action="working_day_set", actor=staff, object_id=override.pk).count() == 1
    assert "25/09/2026" in calendar.split('data-testid="overrides"', 1)[1] and "Quốc khánh" in calendar
    assert re.findall(r'data-testid="deadline">([^<]+)<', queue) == ["02/10/2026"]


def test_a_made_up_working_saturday_brings_the_deadline_forward(client, bac_ninh_2020, today):
    login(client, bac_ninh_2020, "tinh.bacninh")
    client.post(reverse("evaluations:working-days"), {"day": "2026-09-26", "kind": "working"})
    login(client, bac_ninh_2020, "xa.yenphong")

    content = page(client, reverse("evaluations:precheck-queue"))

    assert re.findall(r'data-testid="deadline">([^<]+)<', content) == ["30/09/2026"]


def test_a_day_without_a_date_is_refused_in_vietnamese(client, bac_ninh_2020):
    login(client, bac_ninh_2020, "tinh.bacninh")

    response = client.post(reverse("evaluations:working-days"), {"day": "", "kind": "off"})

    assert "Hãy chọn ngày." in response.content.decode()
    assert not WorkingDayOverride.objects.exists()


def test_only_the_provinces_staff_keep_its_calendar(client, bac_ninh_2020):
    province = AdministrativeUnit.objects.get(level="province", code="24", valid_from__isnull=False)
    override = WorkingDayOverride.objects.create(province=province, day=datetime.date(2026, 12, 31))
    login(client, bac_ninh_2020, "xa.yenphong")

    seen = page(client, reverse("evaluations:working-days"))
    add = client.post(reverse("evaluations:working-days"), {"day": "2026-12-30", "kind": "off"})
    delete = client.post(reverse("evaluations:working-day-delete", args=[override.pk]))
    login(client, bac_ninh_2020, "tinh.bacninh")
    deleted = client.post(reverse("evaluations:working-day-delete", args=[override.pk]))

    assert "31/12/2026" in seen and 'data-testid="save-day"' not in seen
    assert (add.status_code, delete.status_code, deleted.status_code) == (403, 403, 302)
    assert not WorkingDayOverride.objects.exists()


def test_the_calendar_costs_the_same_queries_for_1_and_3_days(client, bac_ninh_2020, django_assert_num_queries):
    login(client, bac_ninh_2020, "tinh.bacninh")
    province = AdministrativeUnit.objects.get(level="province", code="24", valid_from__isnull=False)
    url = reverse("evaluations:working-days")
    WorkingDayOverride.objects.create(province=province, day=datetime.date(2026, 12, 31))
    # session, user, assignments; units replaced (2) and their rows in every territory role, then
    # as provincial staff (3); the days, whether the user keeps a province's calendar, memberships, seats
    with django_assert_num_queries(13):
        one = client.get(url)
    WorkingDayOverride.objects.create(province=province, day=datetime.date(2026, 12, 30))
    WorkingDayOverride.objects.create(province=province, day=datetime.date(2026, 12, 26), is_working=True)

    with django_assert_num_queries(13):
        three = client.get(url)

    assert one.content.decode().count('action="/council/intake/calendar/') == 1
    assert three.content.decode().count('action="/council/intake/calendar/') == 3
