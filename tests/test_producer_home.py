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
