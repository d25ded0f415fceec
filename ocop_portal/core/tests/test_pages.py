import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ocop_portal.core.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def test_home_explains_stars_to_anonymous_visitors(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="vi")

    assert response.status_code == 200
    assert b"H\xe1\xba\xa1ng sao OCOP l\xc3\xa0 g\xc3\xac?" in response.content  # "Hạng sao OCOP là gì?"


def test_home_greets_a_logged_in_user_with_their_role(client):
    user = User.objects.create_user("chuthe", password="x", full_name="Nguyễn Thị Hương")
    client.force_login(user)

    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="vi")

    content = response.content.decode()
    assert "Xin chào, Nguyễn Thị Hương" in content
    assert 'data-testid="home-role">Chưa được phân vai trò<' in content


def test_choosing_english_gets_english_navigation(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    response = client.get(reverse("home"))

    content = response.content.decode()
    assert '<html lang="en">' in content
    assert ">Home<" in content
    assert "Trang chủ" not in content


def test_unknown_page_renders_the_portal_404(client, settings):
    settings.DEBUG = False

    response = client.get("/khong-co-trang-nay/", HTTP_ACCEPT_LANGUAGE="vi")

    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_500_page_renders_without_a_request():
    with translation.override("vi"):
        html = render_to_string("500.html")

    assert "Lỗi hệ thống" in html
    assert "/static/css/portal.css" in html
