"""Producer accounts in the browser, on the Bắc Ninh demo: a household signs up, verifies its email,
creates its producer, cannot submit until the commune's officer confirms it; the producer's
people and its leaders' training; who sees what."""

import datetime
import re
import types
from urllib.parse import urlparse

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluations import services as ev
from evaluations.models import Application
from ocop_portal.core.models import AdministrativeUnit, Role, UnitLevel, User
from producers import services
from producers.models import Gender, Producer, ProducerKind, ProducerMembership, TrainingRecord
from tests.factories import MembershipFactory, ProducerFactory, UserFactory, user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

PASSWORD = "Mật-khẩu-đủ-mạnh-2026"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()  # the "one email a minute" throttle lives in the cache
    yield
    cache.clear()


def today_unit(level, code):
    return AdministrativeUnit.objects.get(level=level, code=code, valid_from__isnull=False)


def yen_phong():
    return today_unit(UnitLevel.COMMUNE, "09193")


def profile(**overrides):
    """What a household in today's Xã Yên Phong types into the profile form."""
    data = {
        "kind": ProducerKind.HOUSEHOLD, "name": "Hộ kinh doanh Lò Thị Mai", "registration_number": "21a8001357",
        "founded_on": "2019-03-01", "province": today_unit(UnitLevel.PROVINCE, "24").pk, "unit": yen_phong().pk,
        "address": "Thôn Đông Thái", "representative_name": "Lò Thị Mai", "representative_gender": Gender.FEMALE,
        "representative_ethnicity": "Thái", "representative_title": "Chủ hộ", "representative_address": "Thôn Đông Thái",
        "phone": "0912 345 678", "email": "",
    }
    return {**data, **overrides}


def sign_up(client, capture, email="Lo.Thi.Mai@Example.vn", **overrides):
    data = {"full_name": "Lò Thị Mai", "email": email, "phone": "0912345678", "password1": PASSWORD, "password2": PASSWORD,
            **overrides}
    with capture(execute=True):
        return client.post(reverse("producers:signup"), data)


def link_in(message):
    return urlparse(re.search(r"https?://\S+", message.body).group(0)).path


def text(response):
    return response.content.decode()


def errors_of(response, field):
    """The error messages shown under one field of the page's form."""
    return [str(e) for e in response.context["form"].errors.get(field, [])]


def a_draft(producer, name="Chè lam Yên Phong"):
    """A draft dossier of `producer` in the open 2026 round."""
    model = Application.objects.filter(round__year=2026).select_related("round", "sheet", "product__product_set").first()
    product = services.product_create(producer=producer, name=name, product_set=model.product.product_set)
    return ev.application_create(product=product, round=model.round, sheet=model.sheet)


def an_owner(producer=None, **fields):
    user = UserFactory(**fields)
    MembershipFactory(producer=producer or ProducerFactory(unit=yen_phong()), user=user, is_owner=True)
    return user


# --- Sign-up to first submission ----------------------------------------------------------------


def test_a_household_signs_up_verifies_creates_its_producer_and_submits_once_the_commune_confirms(
        client, bac_ninh_2020, django_capture_on_commit_callbacks):
    response = sign_up(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302 and response.url == reverse("producers:check-email")
    user = User.objects.get(email="lo.thi.mai@example.vn")
    assert (user.username, user.is_active, user.full_name) == ("lo.thi.mai@example.vn", False, "Lò Thị Mai")
    assert [(m.to, m.subject) for m in mail.outbox] == [(["lo.thi.mai@example.vn"], "[OCOP] Xác nhận email để kích hoạt tài khoản")]
    assert "lo.thi.mai@example.vn" in text(client.get(response.url))
    assert client.login(username="lo.thi.mai@example.vn", password=PASSWORD) is False  # not before verifying

    response = client.get(link_in(mail.outbox[0]))

    assert response.status_code == 302 and response.url == reverse("producers:create")
    assert User.objects.get(pk=user.pk).is_active is True
    assert "Đã kích hoạt tài khoản" in text(client.get(response.url))

    response = client.post(reverse("producers:create"), profile())

    producer = Producer.objects.get(name="Hộ kinh doanh Lò Thị Mai")
    assert response.status_code == 302 and response.url == reverse("producers:detail", args=[producer.pk])
    assert (producer.registration_number, producer.unit, producer.confirmed_at) == ("21A8001357", yen_phong(), None)
    assert (producer.representative_ethnicity, producer.founded_on) == ("Thái", datetime.date(2019, 3, 1))
    assert list(producer.memberships.values_list("user__username", "is_owner")) == [("lo.thi.mai@example.vn", True)]
    assert "Chờ cán bộ địa phương xác nhận" in text(client.get(response.url))

    draft = a_draft(producer)
    with pytest.raises(ev.EvaluationError) as refused:
        ev.application_submit(application=draft)
    assert refused.value.code == "producer_unconfirmed"

    officer = bac_ninh_2020["xa.yenphong"]
    client.force_login(officer)
    assert producer.name in text(client.get(reverse("producers:pending")))
    assert "Xác nhận chủ thể" in text(client.get(reverse("producers:confirm", args=[producer.pk])))

    response = client.post(reverse("producers:confirm", args=[producer.pk]))

    producer.refresh_from_db()
    assert response.status_code == 302 and response.url == reverse("producers:pending")
    assert (producer.confirmed_by, producer.confirmed_at.date()) == (officer, timezone.localdate())
    assert "Đã xác nhận chủ thể “Hộ kinh doanh Lò Thị Mai”" in text(client.get(response.url))
    assert list(client.get(reverse("producers:pending")).context["page"]) == []
    assert f"Đã xác nhận ngày {timezone.localdate():%d/%m/%Y}" in text(client.get(reverse("producers:detail", args=[producer.pk])))
    submitted = ev.application_submit(application=Application.objects.get(pk=draft.pk))
    assert submitted.status == "submitted" and submitted.receipt_number


def test_a_logged_in_user_is_sent_home_from_the_sign_up_form(client):
    client.force_login(UserFactory())

    response = client.get(reverse("producers:signup"))

    assert (response.status_code, response.url) == (302, reverse("home"))


def test_the_account_keeps_the_language_it_signed_up_in(client, django_capture_on_commit_callbacks):
    client.cookies["django_language"] = "en"

    sign_up(client, django_capture_on_commit_callbacks, email="mai@example.vn")

    assert User.objects.get(email="mai@example.vn").language == "en"


# --- The verification link ----------------------------------------------------------------------


def frozen_signing_clock(monkeypatch, seconds_later):
    """The signing clock `seconds_later` than now (the token's timestamp was taken at send time)."""
    import time

    now = time.time()
    monkeypatch.setattr(signing, "time", types.SimpleNamespace(time=lambda: now + seconds_later))


def test_a_link_works_until_three_days_and_then_says_it_has_expired_and_offers_a_new_one(
        client, monkeypatch, settings, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks, email="mai@example.vn")
    link = link_in(mail.outbox[0])

    frozen_signing_clock(monkeypatch, settings.EMAIL_VERIFICATION_MAX_AGE + 5)
    response = client.get(link)

    assert response.status_code == 200
    assert "Liên kết xác nhận đã hết hạn" in text(response)
    assert response.context["form"].initial == {"email": "mai@example.vn"}  # the new link is one tap away
    assert User.objects.get(email="mai@example.vn").is_active is False

    frozen_signing_clock(monkeypatch, settings.EMAIL_VERIFICATION_MAX_AGE - 5)
    response = client.get(link)

    assert (response.status_code, response.url) == (302, reverse("producers:create"))
    assert User.objects.get(email="mai@example.vn").is_active is True


def test_a_tampered_link_is_refused(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks, email="mai@example.vn")
    token = link_in(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    other = UserFactory(email="khac@example.vn", is_active=False)
    forged = signing.dumps({"u": other.pk, "e": other.email}, salt="another-salt")

    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), forged, "khong-phai-lien-ket"):
        response = client.get(reverse("producers:verify", args=[bad]))

        assert response.status_code == 200
        assert "Liên kết xác nhận không hợp lệ" in text(response)
    assert list(User.objects.filter(email__in=["mai@example.vn", "khac@example.vn"]).values_list("is_active", flat=True)) == [
        False, False]


def test_a_used_link_does_not_log_anyone_in_again(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks, email="mai@example.vn")
    link = link_in(mail.outbox[0])
    client.get(link)
    client.logout()

    response = client.get(link)

    assert (response.status_code, response.url) == (302, reverse("login"))
    assert "_auth_user_id" not in client.session
    assert "Tài khoản này đã được kích hoạt" in text(client.get(response.url))


def test_a_link_does_not_reopen_an_account_an_administrator_closed(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks, email="mai@example.vn")
    link = link_in(mail.outbox[0])
    client.get(link)
    User.objects.filter(email="mai@example.vn").update(is_active=False)
    client.logout()

    response = client.get(link)

    assert "Liên kết xác nhận không hợp lệ" in text(response)
    assert User.objects.get(email="mai@example.vn").is_active is False


# --- Sign-up refusals -----------------------------------------------------------------------------


def test_an_email_already_used_is_refused_whatever_its_case(client, django_capture_on_commit_callbacks):
    UserFactory(email="Lan.Nguyen@Example.vn")

    response = sign_up(client, django_capture_on_commit_callbacks, email="lan.nguyen@EXAMPLE.VN")

    assert response.status_code == 200
    assert errors_of(response, "email") == ["Email này đã được dùng cho một tài khoản khác."]
    assert (User.objects.filter(email__iexact="lan.nguyen@example.vn").count(), mail.outbox) == (1, [])


@pytest.mark.parametrize(("password1", "password2", "field", "message"), [
    ("12345678", "12345678", "password1", "Mật khẩu này quá phổ biến, dễ bị đoán ra."),
    ("80417263951", "80417263951", "password1", "Mật khẩu không được chỉ gồm chữ số."),
    ("Ab1", "Ab1", "password1", "Mật khẩu quá ngắn: cần ít nhất 8 ký tự."),
    ("lo.thi.mai.example", "lo.thi.mai.example", "password1", "Mật khẩu quá giống email hoặc họ tên của bạn."),
    (PASSWORD, PASSWORD + "x", "password2", "Hai mật khẩu không giống nhau."),
])
def test_weak_or_mismatched_passwords_are_refused_in_vietnamese(client, django_capture_on_commit_callbacks, password1,
                                                                 password2, field, message):
    response = sign_up(client, django_capture_on_commit_callbacks, email="lo.thi.mai@example.vn", password1=password1,
                       password2=password2)

    assert message in errors_of(response, field)
    assert not User.objects.filter(email="lo.thi.mai@example.vn").exists()


# --- Sending the link again -----------------------------------------------------------------------


def resend(client, capture, email):
    """What the visitor is shown after asking for the link again (the address they typed and the
    form's CSRF token aside)."""
    with capture(execute=True):
        response = client.post(reverse("producers:resend"), {"email": email})
    assert (response.status_code, response.url) == (302, reverse("producers:check-email"))
    shown = text(client.get(response.url)).replace(email.lower(), "<email>")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", shown)


def test_resending_answers_the_same_whether_or_not_the_address_has_an_account(client, django_capture_on_commit_callbacks):
    UserFactory(email="waiting@example.vn", is_active=False)
    UserFactory(email="active@example.vn")

    pages = {email: resend(client, django_capture_on_commit_callbacks, email)
             for email in ("nobody@example.vn", "waiting@example.vn", "active@example.vn")}

    assert pages["nobody@example.vn"] == pages["waiting@example.vn"] == pages["active@example.vn"]
    assert [m.to for m in mail.outbox] == [["waiting@example.vn"]]


def test_the_link_is_sent_again_at_most_once_a_minute(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks, email="mai@example.vn")

    resend(client, django_capture_on_commit_callbacks, "MAI@example.vn")
    assert len(mail.outbox) == 1  # the sign-up's own email, a moment ago

    cache.clear()  # a minute later
    resend(client, django_capture_on_commit_callbacks, "mai@example.vn")

    assert len(mail.outbox) == 2
    assert link_in(mail.outbox[1]) != "" and client.get(link_in(mail.outbox[1])).url == reverse("producers:create")


# --- The producer's profile ------------------------------------------------------------------------


@pytest.mark.parametrize(("number", "created"), [("230999888", False), ("2309998887", True), ("2309998887-001", True)])
def test_an_enterprise_needs_a_ten_digit_tax_code(client, bac_ninh_2020, number, created):
    client.force_login(UserFactory())

    response = client.post(reverse("producers:create"), profile(kind=ProducerKind.ENTERPRISE, name="Công ty Mai",
                                                                registration_number=number))

    assert Producer.objects.filter(name="Công ty Mai").exists() is created
    if not created:
        assert errors_of(response, "registration_number") == [
            "Mã số doanh nghiệp/HTX gồm 10 chữ số (chi nhánh thêm “-” và 3 chữ số)."]


def test_a_registration_number_is_registered_once(client, bac_ninh_2020):
    client.force_login(UserFactory())

    response = client.post(reverse("producers:create"), profile(registration_number="21b8002468"))  # Trần Văn Sơn's

    assert errors_of(response, "registration_number") != []
    assert not Producer.objects.filter(name="Hộ kinh doanh Lò Thị Mai").exists()


def test_the_commune_list_follows_the_province_with_or_without_script(client, bac_ninh_2020):
    client.force_login(UserFactory())
    province = today_unit(UnitLevel.PROVINCE, "24")

    listed = text(client.get(reverse("producers:communes"), {"province": province.pk}))
    unknown = text(client.get(reverse("producers:communes"), {"province": "999999"}))
    refilled = client.post(reverse("producers:create"), {**profile(unit=""), "show_communes": "1"})

    assert 'id="commune-field"' in listed and f'value="{yen_phong().pk}"' in listed
    old_yen_trung = AdministrativeUnit.objects.get(level=UnitLevel.COMMUNE, code="09205", valid_from__isnull=True)
    assert f'value="{old_yen_trung.pk}"' not in listed  # the map before 2025 is not offered
    assert 'id="commune-field"' in unknown and f'value="{yen_phong().pk}"' not in unknown
    assert refilled.status_code == 200 and not refilled.context["form"].is_bound
    assert f'value="{yen_phong().pk}"' in text(refilled) and "Lò Thị Mai" in text(refilled)
    assert not Producer.objects.filter(name="Hộ kinh doanh Lò Thị Mai").exists()


def test_the_owner_edits_the_profile_and_the_confirmed_facts_are_locked(client, bac_ninh_2020):
    producer = ProducerFactory(unit=yen_phong(), confirmed_at=None, kind=ProducerKind.HOUSEHOLD, registration_number="21A8004444")
    owner = an_owner(producer)
    client.force_login(owner)

    client.post(reverse("producers:edit", args=[producer.pk]), profile(name="Hộ Lò Thị Mai (đổi tên)",
                                                                         registration_number="21A8004445"))

    producer.refresh_from_db()
    assert (producer.name, producer.registration_number) == ("Hộ Lò Thị Mai (đổi tên)", "21A8004445")

    services.producer_confirm(producer=producer)
    page = client.get(reverse("producers:edit", args=[producer.pk]))
    client.post(reverse("producers:edit", args=[producer.pk]), profile(name="Tên mới", registration_number="21A8009876"))

    producer.refresh_from_db()
    assert "không sửa được ở đây" in text(page) and "registration_number" not in page.context["form"].fields
    assert (producer.name, producer.registration_number) == ("Tên mới", "21A8004445")
    with pytest.raises(ValidationError) as refused:
        services.producer_update(producer=producer, kind=ProducerKind.FARM)
    assert refused.value.message_dict == {"kind": ["Chủ thể đã được địa phương xác nhận: không sửa được mục này."]}


def test_a_member_and_the_officers_read_the_profile_but_cannot_edit_it(client, bac_ninh_2020):
    producer = ProducerFactory(unit=yen_phong())
    member = UserFactory()
    MembershipFactory(producer=producer, user=member, is_owner=False)

    for user in (member, bac_ninh_2020["xa.yenphong"], bac_ninh_2020["tinh.bacninh"]):
        client.force_login(user)

        assert client.get(reverse("producers:detail", args=[producer.pk])).status_code == 200
        assert client.get(reverse("producers:edit", args=[producer.pk])).status_code == 403


def test_another_producer_and_another_commune_get_404_on_every_page(client, bac_ninh_2020):
    producer = ProducerFactory(unit=yen_phong(), confirmed_at=None)
    membership = MembershipFactory(producer=producer)
    record = services.training_record_add(producer=producer, person_name="A", course="B", organiser="C",
                                          attended_on=datetime.date(2025, 1, 2))
    urls = [reverse(f"producers:{name}", args=[producer.pk]) for name in ("detail", "edit", "members", "training", "confirm")]
    urls += [reverse("producers:member-remove", args=[membership.pk]), reverse("producers:training-delete", args=[record.pk])]

    for user in (an_owner(), bac_ninh_2020["phuong.thuanthanh"], bac_ninh_2020["huyen.yenphong"]):
        client.force_login(user)

        assert {url: client.get(url).status_code for url in urls} == {url: 404 for url in urls}
        assert client.post(reverse("producers:confirm", args=[producer.pk])).status_code == 404
    producer.refresh_from_db()
    assert producer.confirmed_at is None


# --- The producer's people -------------------------------------------------------------------------


def test_the_owner_adds_a_member_by_email_promotes_demotes_and_removes_them(client, bac_ninh_2020):
    producer = ProducerFactory(unit=yen_phong())
    owner = an_owner(producer)
    colleague = UserFactory(email="Con.Gai@example.vn", full_name="Lò Thị Hoa")
    client.force_login(owner)
    members_url = reverse("producers:members", args=[producer.pk])

    response = client.post(members_url, {"email": "con.gai@EXAMPLE.vn", "is_owner": "member"})

    membership = ProducerMembership.objects.get(producer=producer, user=colleague)
    assert (response.status_code, membership.is_owner) == (302, False)
    assert "Lò Thị Hoa" in text(client.get(members_url))

    client.post(reverse("producers:member-role", args=[membership.pk]), {"is_owner": "1"})
    membership.refresh_from_db()
    assert membership.is_owner is True

    client.post(reverse("producers:member-role", args=[membership.pk]), {"is_owner": "0"})
    membership.refresh_from_db()
    assert membership.is_owner is False

    confirm_page = client.get(reverse("producers:member-remove", args=[membership.pk]))
    assert "Gỡ Lò Thị Hoa khỏi chủ thể?" in text(confirm_page)
    assert ProducerMembership.objects.filter(pk=membership.pk).exists()  # asking is not removing

    client.post(reverse("producers:member-remove", args=[membership.pk]))

    assert list(producer.memberships.values_list("user", flat=True)) == [owner.pk]


def test_the_last_owner_can_neither_leave_nor_be_demoted(client, bac_ninh_2020):
    producer = ProducerFactory(unit=yen_phong())
    owner = an_owner(producer)
    membership = producer.memberships.get(user=owner)
    client.force_login(owner)

    for url, data in ((reverse("producers:member-remove", args=[membership.pk]), {}),
                      (reverse("producers:member-role", args=[membership.pk]), {"is_owner": "0"})):
        response = client.post(url, data, follow=True)

        assert "Chủ thể phải còn ít nhất một tài khoản chủ sở hữu." in text(response)
        membership.refresh_from_db()
        assert membership.is_owner is True


def test_adding_someone_without_an_active_account_or_already_in_is_refused(client, bac_ninh_2020):
    producer = ProducerFactory(unit=yen_phong())
    owner = an_owner(producer, email="chu@example.vn")
    UserFactory(email="chua.kich.hoat@example.vn", is_active=False)
    client.force_login(owner)
    url = reverse("producers:members", args=[producer.pk])

    refusals = {email: errors_of(client.post(url, {"email": email, "is_owner": "member"}), "email")
                for email in ("khong.co@example.vn", "chua.kich.hoat@example.vn", "chu@example.vn")}

    assert refusals == {
        "khong.co@example.vn": ["Không có tài khoản đang hoạt động nào dùng email này. Người đó cần đăng ký và xác nhận "
                                "email trước."],
        "chua.kich.hoat@example.vn": ["Không có tài khoản đang hoạt động nào dùng email này. Người đó cần đăng ký và xác "
                                      "nhận email trước."],
        "chu@example.vn": ["Tài khoản này đã thuộc chủ thể."],
    }
    assert producer.memberships.count() == 1


def test_a_member_sees_the_people_but_cannot_manage_them(client, bac_ninh_2020):
    producer = ProducerFactory(unit=yen_phong())
    owner = an_owner(producer, full_name="Chủ Hộ")
    member = UserFactory()
    MembershipFactory(producer=producer, user=member, is_owner=False)
    client.force_login(member)

    page = client.get(reverse("producers:members", args=[producer.pk]))

    assert "Chủ Hộ" in text(page) and page.context["form"] is None and "Thêm tài khoản" not in text(page)
    owner_membership = producer.memberships.get(user=owner)
    assert client.post(reverse("producers:members", args=[producer.pk]), {"email": "x@example.vn"}).status_code == 403
    assert client.post(reverse("producers:member-remove", args=[owner_membership.pk])).status_code == 403
    assert client.post(reverse("producers:member-role", args=[owner_membership.pk]), {"is_owner": "0"}).status_code == 403
    assert producer.memberships.count() == 2


# --- Training records --------------------------------------------------------------------------------


def training(**overrides):
    return {"person_name": "Lò Thị Mai", "position": "Chủ hộ", "course": "Xây dựng hồ sơ sản phẩm OCOP",
            "organiser": "Văn phòng Điều phối NTM tỉnh Bắc Ninh", "attended_on": "2026-03-12", **overrides}


def test_a_member_records_training_not_in_the_future_and_deletes_it_after_confirming(client, bac_ninh_2020):
    producer = ProducerFactory(unit=yen_phong())
    member = UserFactory()
    MembershipFactory(producer=producer, user=member, is_owner=False)
    client.force_login(member)
    url = reverse("producers:training", args=[producer.pk])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    future = client.post(url, training(attended_on=tomorrow.isoformat()))
    today = client.post(url, training(attended_on=timezone.localdate().isoformat(), course="Hôm nay"))
    client.post(url, training())

    assert errors_of(future, "attended_on") == ["Ngày tập huấn không được sau hôm nay."]
    assert today.status_code == 302
    assert list(producer.training_records.values_list("course", "attended_on")) == [
        ("Hôm nay", timezone.localdate()), ("Xây dựng hồ sơ sản phẩm OCOP", datetime.date(2026, 3, 12))]
    assert "12/03/2026" in text(client.get(url))

    record = producer.training_records.get(course="Hôm nay")
    assert "Xóa khóa tập huấn này?" in text(client.get(reverse("producers:training-delete", args=[record.pk])))
    client.post(reverse("producers:training-delete", args=[record.pk]))

    assert list(producer.training_records.values_list("course", flat=True)) == ["Xây dựng hồ sơ sản phẩm OCOP"]


def test_the_service_refuses_a_training_date_in_the_future():
    producer = ProducerFactory()

    with pytest.raises(ValidationError) as refused:
        services.training_record_add(producer=producer, person_name="A", course="B", organiser="C",
                                     attended_on=timezone.localdate() + datetime.timedelta(days=1))

    assert refused.value.message_dict == {"attended_on": ["Ngày tập huấn không được sau hôm nay."]}
    assert TrainingRecord.objects.count() == 0


def test_the_commune_officer_reads_training_but_records_none(client, bac_ninh_2020):
    producer = ProducerFactory(unit=yen_phong())
    record = services.training_record_add(producer=producer, person_name="A", course="Khóa A", organiser="C",
                                          attended_on=datetime.date(2025, 1, 2))
    client.force_login(bac_ninh_2020["xa.yenphong"])

    page = client.get(reverse("producers:training", args=[producer.pk]))

    assert "Khóa A" in text(page) and page.context["form"] is None
    assert client.post(reverse("producers:training", args=[producer.pk]), training()).status_code == 403
    assert client.post(reverse("producers:training-delete", args=[record.pk])).status_code == 403
    assert producer.training_records.count() == 1


# --- Confirmation by the local office ----------------------------------------------------------------


def test_the_pending_list_holds_the_officers_unconfirmed_producers_only(client, bac_ninh_2020):
    mine = ProducerFactory(unit=yen_phong(), confirmed_at=None, name="Hộ chờ xác nhận Yên Phong")
    ProducerFactory(unit=yen_phong(), name="Hộ đã xác nhận Yên Phong")
    ProducerFactory(unit=today_unit(UnitLevel.COMMUNE, "09400"), confirmed_at=None, name="Hộ chờ xác nhận Thuận Thành")

    client.force_login(bac_ninh_2020["xa.yenphong"])
    officer_page = client.get(reverse("producers:pending"))
    client.force_login(bac_ninh_2020["tinh.bacninh"])
    province_page = client.get(reverse("producers:pending"))

    assert [p.name for p in officer_page.context["page"]] == [mine.name]
    assert sorted(p.name for p in province_page.context["page"]) == ["Hộ chờ xác nhận Thuận Thành", "Hộ chờ xác nhận Yên Phong"]


def test_approver_and_finance_see_the_producer_but_cannot_confirm_it(client, bac_ninh_2020):
    producer = ProducerFactory(unit=yen_phong(), confirmed_at=None)

    for username in ("pheduyet", "ketoan"):
        client.force_login(bac_ninh_2020[username])

        assert client.get(reverse("producers:detail", args=[producer.pk])).status_code == 200
        assert client.post(reverse("producers:confirm", args=[producer.pk])).status_code == 403
    producer.refresh_from_db()
    assert producer.confirmed_at is None


# --- Query counts: constant as rows grow -----------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 3])
def test_the_pending_list_runs_a_fixed_number_of_queries(client, bac_ninh_2020, django_assert_num_queries, rows):
    officer = user_with_role(Role.LOCAL_OFFICER, unit=yen_phong())
    for _ in range(rows):
        ProducerFactory(unit=yen_phong(), confirmed_at=None)
    client.force_login(officer)

    # session, user, assignments, the commune's predecessors, count, rows; the header's memberships
    # and seats
    with django_assert_num_queries(8):
        response = client.get(reverse("producers:pending"))

    assert len(response.context["page"]) == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_the_people_page_runs_a_fixed_number_of_queries(client, bac_ninh_2020, django_assert_num_queries, rows):
    producer = ProducerFactory(unit=yen_phong())
    owner = an_owner(producer)
    for _ in range(rows - 1):
        MembershipFactory(producer=producer, is_owner=False)
    client.force_login(owner)

    # session, user, assignments, memberships, the producer, seats, the people
    with django_assert_num_queries(7):
        response = client.get(reverse("producers:members", args=[producer.pk]))

    assert len(response.context["memberships"]) == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_the_training_page_runs_a_fixed_number_of_queries(client, bac_ninh_2020, django_assert_num_queries, rows):
    producer = ProducerFactory(unit=yen_phong())
    owner = an_owner(producer)
    for i in range(rows):
        services.training_record_add(producer=producer, person_name=f"Người {i}", course="Khóa", organiser="Tỉnh",
                                     attended_on=datetime.date(2025, 1, 1 + i))
    client.force_login(owner)

    # session, user, assignments, memberships, the producer, seats, the records
    with django_assert_num_queries(7):
        response = client.get(reverse("producers:training", args=[producer.pk]))

    assert len(response.context["records"]) == rows
