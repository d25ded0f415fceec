import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from ocop_portal.core.context_processors import nav_links, navigation
from ocop_portal.core.models import Role, User

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def labels(links):
    return [str(link["label"]) for link in links]


def test_navigation_skips_pages_that_are_not_built_yet():
    staff = User(username="tinh", role=Role.PROVINCIAL_STAFF, is_staff=True)

    links = nav_links(staff, "/admin/")

    assert [(str(link["label"]), link["url"], link["current"]) for link in links] == [
        ("Trang chủ", "/", False),
        ("Quản trị", "/admin/", True),
    ]


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        (User(username="cs", role=Role.PRODUCER), ["Trang chủ", "Sản phẩm của tôi"]),
        (User(username="xa", role=Role.LOCAL_OFFICER), ["Trang chủ", "Hồ sơ địa bàn"]),
        (User(username="tv", role=Role.COUNCIL_MEMBER), ["Trang chủ", "Phiên chấm điểm"]),
        (User(username="kt", role=Role.FINANCE), ["Trang chủ", "Khen thưởng"]),
        (User(username="su", is_superuser=True, is_staff=True), ["Trang chủ", "Đợt đánh giá", "Hội đồng", "Khen thưởng", "Quản trị"]),
    ],
    ids=["producer", "local_officer", "council_member", "finance", "superuser"],
)
def test_navigation_follows_the_role_once_pages_exist(settings, user, expected):
    settings.ROOT_URLCONF = "tests.e2e.urls"

    links = nav_links(user)

    assert labels(links) == expected


def test_anonymous_navigation_offers_certificate_lookup_once_it_exists(settings):
    from django.contrib.auth.models import AnonymousUser

    settings.ROOT_URLCONF = "tests.e2e.urls"

    links = nav_links(AnonymousUser())

    assert labels(links) == ["Trang chủ", "Tra cứu chứng nhận"]


def test_navigation_context_names_the_role():
    request = RequestFactory().get("/")
    request.user = User(username="cs", role=Role.PRODUCER)

    context = navigation(request)

    assert (context["user_role"], str(context["user_role_label"])) == ("producer", "Chủ thể sản xuất")


def test_home_explains_stars_to_anonymous_visitors(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="vi")

    assert response.status_code == 200
    assert b"H\xe1\xba\xa1ng sao OCOP l\xc3\xa0 g\xc3\xac?" in response.content  # "Hạng sao OCOP là gì?"


def test_home_greets_a_logged_in_user_with_their_role(client):
    user = User.objects.create_user("chuthe", password="x", role=Role.PRODUCER, full_name="Nguyễn Thị Hương")
    client.force_login(user)

    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="vi")

    content = response.content.decode()
    assert "Xin chào, Nguyễn Thị Hương" in content
    assert 'data-testid="home-role">Chủ thể sản xuất<' in content


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
