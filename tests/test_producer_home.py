"""The producer's page: its dossiers with state and next step, certificates and rewards."""

import re

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.integration]
URL = reverse("producer-home")


def test_a_2020_producer_sees_its_recognised_products_certificates_and_rewards(client, bac_ninh_2020):
    client.force_login(bac_ninh_2020["chuthe.dinhbang"])

    content = client.get(URL).content.decode()

    assert content.count('class="card dossier-card"') == 3
    assert content.count("Đã được công nhận.") == 3
    assert "Tiền thưởng: 30.000.000 ₫ (đã chi trả)" in content
    assert re.search(r"Giấy chứng nhận 4★ số \d{3}/GCN-OCOP-27-2020, hiệu lực đến 15/10/2023\.", content)


def test_a_2026_producer_sees_each_stage_and_what_comes_next(client, bac_ninh_2020):
    client.force_login(bac_ninh_2020["chuthe.thuanthanh"])

    content = client.get(URL).content.decode()

    assert "Bổ sung theo lý do trả lại rồi nộp lại." in content
    assert "Phiếu kết quả kiểm nghiệm chỉ tiêu an toàn thực phẩm đã hết hạn" in content
    assert "Đủ điều kiện: chờ hội đồng tỉnh chấm điểm." in content
    assert "Hội đồng đang chấm điểm." in content


def test_someone_who_acts_for_no_producer_gets_an_empty_state(client, bac_ninh_2020):
    client.force_login(bac_ninh_2020["huyen.tuson"])

    content = client.get(URL).content.decode()

    assert "Tài khoản của bạn chưa gắn với chủ thể sản xuất nào." in content
    assert 'class="card dossier-card"' not in content


def test_the_page_costs_the_same_queries_for_1_and_3_dossiers(client, bac_ninh_2020, django_assert_num_queries):
    client.force_login(bac_ninh_2020["chuthe.tranvanson"])  # one dossier, submitted: its deadline reads the calendar
    with django_assert_num_queries(QUERIES + 1):
        one = client.get(URL).content.decode()
    client.force_login(bac_ninh_2020["chuthe.giabinh"])  # three dossiers, none awaiting the pre-check

    with django_assert_num_queries(QUERIES):
        three = client.get(URL).content.decode()

    assert (one.count('class="card dossier-card"'), three.count('class="card dossier-card"')) == (1, 3)


# session, user, memberships, producers, assignments, seats, dossiers, certificates, payouts
# (navigation reuses what the request cached); one more for the calendar when a deadline is shown
QUERIES = 9


@pytest.mark.parametrize(("days_left", "shown_open"), [(181, False), (180, True), (120, True), (119, None)])
def test_the_rerating_window_is_shown_and_marked_open_inside_it(client, bac_ninh_2020, days_left, shown_open):
    import datetime

    from django.utils import timezone

    from evaluations.models import Certificate

    certificate = Certificate.objects.filter(result__application__product__producer__memberships__user__username="chuthe.dinhbang").first()
    until = timezone.localdate() + datetime.timedelta(days=days_left)
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=until)
    client.force_login(bac_ninh_2020["chuthe.dinhbang"])

    content = client.get(URL).content.decode()

    windows = re.findall(r'data-testid="rerating-window">\s*(.*?)</p>', content, re.S)
    if shown_open is None:  # 119 days left: the window has closed
        assert windows == []
        return
    first, last = until - datetime.timedelta(days=180), until - datetime.timedelta(days=120)
    assert len(windows) == 1
    assert f"Đăng ký đánh giá lại: từ {first:%d/%m/%Y} đến {last:%d/%m/%Y}" in windows[0]
    assert ("đang mở" in windows[0]) is shown_open
