"""Registering a product for an open round (Mẫu 01), on the Bắc Ninh demo: a household producer of
today's Xã Trung Kênh registers a new or an existing product, finds its product set by an everyday
product name, gives a tourism product its case and no samples, and may ask for an upgrade or a
re-rating only with a certificate that allows it; a double submission makes no second dossier."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Application, ApplicationKind, EvaluationRound, ScoringSheet, SelfAssessmentAnswer
from evaluations.views_dossier import search_matches, search_text
from ocop_portal.core.models import AdministrativeUnit, UnitLevel
from producers.models import Producer, ProducerKind, Product, ProductSet
from tests.factories import CertificateFactory, MembershipFactory, ProducerFactory, ProductFactory, UnitFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

URL = reverse("dossiers:register")


@pytest.fixture
def trung_kenh(bac_ninh_2020):
    """Today's Xã Trung Kênh (province 24, whose 2026 round is open)."""
    return AdministrativeUnit.objects.get(code="09499", level=UnitLevel.COMMUNE, valid_from__isnull=False)


@pytest.fixture
def household(trung_kenh):
    """A confirmed household business of Trung Kênh and its owner's account."""
    producer = ProducerFactory(kind=ProducerKind.HOUSEHOLD, name="Hộ kinh doanh Nguyễn Văn Bình", unit=trung_kenh,
                               registration_number="21C8001357", address="Thôn Lãng Ngâm", phone="0912345678",
                               email="binh@example.vn", representative_name="Nguyễn Văn Bình", representative_title="Chủ hộ")
    owner = MembershipFactory(producer=producer, user=UserFactory(username="chuho.binh")).user
    return producer, owner


@pytest.fixture
def round_2026(bac_ninh_2020):
    return EvaluationRound.objects.get(year=2026)


def product_set(number):
    return ProductSet.objects.get(number=number)


def post(client, producer, round, **fields):
    data = {"producer": producer.pk, "round": round.pk, "kind": "first", "samples_count": "5", **fields}
    return client.post(URL, data)


def visible_sets(content):
    """Numbers of the product sets the picker shows (not hidden)."""
    return [int(n) for n in re.findall(r'<li data-search="[^"]*" data-testid="set-(\d+)">', content)]


def radio(content, name, value):
    """The HTML of one radio button, or None."""
    match = re.search(rf'<input type="radio" name="{name}" value="{value}"[^>]*>', content)
    return match.group(0) if match else None


# --- The page ---------------------------------------------------------------------------------------


def test_the_page_shows_the_producers_identity_and_the_open_round(client, household, round_2026):
    producer, owner = household
    client.force_login(owner)

    content = client.get(URL).content.decode()

    identity = content.split('data-testid="identity"', 1)[1].split("</dl>", 1)[0]
    for text in ("Hộ kinh doanh Nguyễn Văn Bình", "Nguyễn Văn Bình", "Chủ hộ", "Thôn Lãng Ngâm, Xã Trung Kênh", "0912345678",
                 "binh@example.vn"):
        assert text in identity
    assert radio(content, "round", round_2026.pk) is not None and "checked" in radio(content, "round", round_2026.pk)
    assert "checked" in radio(content, "product", "new")  # no product yet: a new one


def test_a_producer_with_no_open_round_in_its_province_sees_why(client):
    elsewhere = UnitFactory(code="98", name="Tỉnh khác")
    producer = ProducerFactory(unit=UnitFactory(code="98001", level=UnitLevel.COMMUNE, parent=elsewhere))
    owner = MembershipFactory(producer=producer).user
    client.force_login(owner)

    content = client.get(URL).content.decode()

    assert 'data-testid="no-round"' in content
    assert "Chưa có đợt đánh giá nào đang mở" in content
    assert 'name="round"' not in content


def test_a_producer_under_the_old_map_registers_in_the_round_of_the_province_that_replaced_its_own(client, bac_ninh_2020, round_2026):
    owner = bac_ninh_2020["chuthe.dinhbang"]  # a 2020 producer of old Từ Sơn (Bắc Ninh 27, merged into 24)
    client.force_login(owner)

    content = client.get(URL).content.decode()

    assert radio(content, "round", round_2026.pk) is not None
    assert radio(content, "round", EvaluationRound.objects.get(year=2020).pk) is None  # closed


def test_a_user_acting_for_several_producers_chooses_one_first(client, household, trung_kenh):
    producer, owner = household
    other = ProducerFactory(name="Hợp tác xã Lãng Ngâm", unit=trung_kenh)
    MembershipFactory(producer=other, user=owner)
    client.force_login(owner)

    choose = client.get(URL).content.decode()
    chosen = client.get(URL, {"producer": other.pk}).content.decode()

    assert re.findall(r'<a class="tile" href="[^"]+">([^<]+)</a>', choose) == ["Hộ kinh doanh Nguyễn Văn Bình", "Hợp tác xã Lãng Ngâm"]
    assert 'name="round"' not in choose
    assert f'name="producer" value="{other.pk}"' in chosen


def test_a_user_acting_for_no_producer_may_not_register(client, bac_ninh_2020):
    client.force_login(bac_ninh_2020["xa.yenphong"])

    response = client.get(URL)

    assert response.status_code == 403


# --- Registering ---------------------------------------------------------------------------------


def test_a_new_product_is_registered_and_the_dossier_is_a_draft(client, household, round_2026):
    producer, owner = household
    client.force_login(owner)

    response = post(client, producer, round_2026, product="new", new_name="Bánh gai Lãng Ngâm",
                    new_description="Bánh gai nhân đậu xanh", product_set=product_set(6).pk, samples_count="6")

    application = Application.objects.get(product__producer=producer)
    assert response.status_code == 302 and response.url == reverse("dossiers:detail", args=[application.pk])
    assert (application.product.name, application.product.description, application.product.product_set.number) == (
        "Bánh gai Lãng Ngâm", "Bánh gai nhân đậu xanh", 6)
    assert (application.round, application.sheet.set_number, application.sheet.regulation.code) == (round_2026, 6, "26/2026")
    assert (application.status, application.kind, application.samples_count, application.alternative_case) == ("draft", "first", 6, None)
    page = client.get(response.url).content.decode()
    assert 'data-testid="status">Nháp<' in page


def test_an_existing_product_is_registered_with_its_own_product_set(client, household, round_2026):
    producer, owner = household
    product = ProductFactory(producer=producer, name="Giò lụa Lãng Ngâm", product_set=product_set(8))
    client.force_login(owner)

    response = post(client, producer, round_2026, product=product.pk, product_set=product_set(1).pk)

    application = Application.objects.get(product=product)
    assert response.status_code == 302
    assert (application.sheet.set_number, application.samples_count) == (8, 5)
    assert Product.objects.filter(producer=producer).count() == 1


def test_a_new_product_needs_a_name_and_a_product_set(client, household, round_2026):
    producer, owner = household
    client.force_login(owner)

    response = post(client, producer, round_2026, product="new", new_name=" ")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Hãy nhập tên sản phẩm." in content and "Hãy chọn bộ sản phẩm." in content
    assert not Application.objects.filter(product__producer=producer).exists()


def test_the_set_picker_finds_rice_based_foods_by_banh_chung(client, household):
    _producer, owner = household
    client.force_login(owner)

    found = client.get(URL, {"search": "bánh chưng"}).content.decode()
    without_marks = client.get(URL, {"search": "banh chung"}).content.decode()
    everything = client.get(URL).content.decode()

    assert visible_sets(found) == [6]
    assert "Chế biến từ gạo, ngũ cốc" in found
    assert "Tìm thấy 1 bộ sản phẩm." in found
    assert visible_sets(without_marks) == [6]
    assert visible_sets(everything) == list(range(1, 27))


@pytest.mark.parametrize(("query", "sets"), [
    ("mật ong", [4, 8]),  # raw honey, and products made from honey
    ("homestay", [26]),
    ("nước mắm", [9]),
    ("Gạo, ngũ cốc", [3, 6]),  # the sets' own description: their names
    ("banh chun", [6]),  # the last word is still being typed
])
def test_the_set_search_reads_everyday_names_and_the_sets_description(client, household, query, sets):
    _producer, owner = household
    client.force_login(owner)

    content = client.get(URL, {"search": query}).content.decode()

    assert visible_sets(content) == sets


def test_the_search_without_javascript_keeps_what_was_filled_in(client, household, round_2026):
    producer, owner = household
    client.force_login(owner)

    response = post(client, producer, round_2026, product="new", new_name="Bánh tẻ Lãng Ngâm", search="bánh tẻ", find="1")

    content = response.content.decode()
    assert 'value="Bánh tẻ Lãng Ngâm"' in content
    assert visible_sets(content) == [6]
    assert "Hãy chọn bộ sản phẩm." not in content  # searching is not submitting
    assert not Application.objects.filter(product__producer=producer).exists()


def test_search_text_drops_the_marks_the_way_the_script_does():
    assert search_text("Bánh Chưng, ĐẬU phụ!") == "banh chung dau phu"
    assert search_matches("bánh chưng", search_text("bánh chưng, bánh tét"))
    assert not search_matches("bánh chưng", search_text("bánh mì, xúc xích"))


def test_a_product_set_without_a_usable_sheet_is_refused_clearly(client, household, round_2026):
    producer, owner = household
    product = ProductFactory(producer=producer, name="Giò lụa Lãng Ngâm", product_set=product_set(8))
    ScoringSheet.objects.filter(regulation=round_2026.regulation, set_number__in=[6, 8]).update(
        usable=False, unusable_reason="Bảng điểm gốc có lỗi, chờ đính chính")
    client.force_login(owner)

    new = post(client, producer, round_2026, product="new", new_name="Bánh gai Lãng Ngâm", product_set=product_set(6).pk)
    existing = post(client, producer, round_2026, product=product.pk)

    message = "Quy định 26/2026 của đợt chưa có phiếu đánh giá dùng được cho bộ sản phẩm “{}”: chưa thể đăng ký sản phẩm thuộc bộ này."
    assert message.format("6. Chế biến từ gạo, ngũ cốc") in new.content.decode().split('id="set-picker"', 1)[1]
    assert message.format(product.product_set) in existing.content.decode().split("2. Tên sản phẩm", 1)[1].split("</fieldset>", 1)[0]
    assert not Application.objects.filter(product__producer=producer).exists()
    assert Product.objects.filter(producer=producer).count() == 1  # the new product was not kept either


# --- Tourism (set 26): the case, no samples --------------------------------------------------------


def test_the_page_explains_each_case_of_set_26(client, household):
    _producer, owner = household
    client.force_login(owner)

    content = client.get(URL).content.decode()

    case_1 = content.split('data-testid="case-1">', 1)[1].split("</span>", 1)[0]
    case_2 = content.split('data-testid="case-2">', 1)[1].split("</span>", 1)[0]
    assert case_1 == "Dịch vụ du lịch do cộng đồng cung cấp."
    assert case_2 == "Điểm dịch vụ du lịch; Dịch vụ du lịch do tổ chức, cá nhân cung cấp."


def test_a_tourism_product_gets_its_case_and_no_samples(client, household, round_2026):
    producer, owner = household
    client.force_login(owner)

    response = post(client, producer, round_2026, product="new", new_name="Homestay Lãng Ngâm", product_set=product_set(26).pk,
                    alternative_case="2", samples_count="5")

    application = Application.objects.get(product__producer=producer)
    assert response.status_code == 302
    assert (application.sheet.set_number, application.alternative_case, application.samples_count) == (26, 2, 0)
    sheet = client.get(reverse("dossiers:self-assessment", args=[application.pk])).content.decode()
    assert "Trường hợp 2: Điểm dịch vụ du lịch" in sheet
    assert "Trường hợp 1:" not in sheet  # only the options of the dossier's case
    detail = client.get(reverse("dossiers:detail", args=[application.pk])).content.decode()
    assert 'data-testid="samples">Không nộp mẫu<' in detail


def test_a_tourism_product_needs_its_case(client, household, round_2026):
    producer, owner = household
    client.force_login(owner)

    response = post(client, producer, round_2026, product="new", new_name="Homestay Lãng Ngâm", product_set=product_set(26).pk)

    assert "Sản phẩm dịch vụ du lịch: hãy chọn Trường hợp 1 hoặc 2." in response.content.decode()
    assert not Application.objects.filter(product__producer=producer).exists()


def test_changing_the_case_drops_the_options_of_the_other_case(client, household, round_2026):
    producer, owner = household
    client.force_login(owner)
    post(client, producer, round_2026, product="new", new_name="Homestay Lãng Ngâm", product_set=product_set(26).pk, alternative_case="1")
    application = Application.objects.get(product__producer=producer)
    criterion = application.sheet.criteria.get(code="8")
    case_1 = criterion.options.filter(alternative_group__contains="Trường hợp 1").first()
    client.post(reverse("dossiers:answer", args=[application.pk]),
                {"criterion": criterion.pk, "option": case_1.pk, "description": "Cộng đồng thôn cung cấp dịch vụ"})

    response = client.post(reverse("dossiers:edit", args=[application.pk]), {"alternative_case": "2"})

    application.refresh_from_db()
    answer = SelfAssessmentAnswer.objects.get(application=application, criterion=criterion)
    assert response.status_code == 302
    assert (application.alternative_case, answer.option, answer.description) == (2, None, "Cộng đồng thôn cung cấp dịch vụ")


def test_the_registration_can_change_its_samples_while_a_draft(client, household, round_2026):
    producer, owner = household
    client.force_login(owner)
    post(client, producer, round_2026, product="new", new_name="Bánh gai Lãng Ngâm", product_set=product_set(6).pk)
    application = Application.objects.get(product__producer=producer)

    refused = client.post(reverse("dossiers:edit", args=[application.pk]), {"samples_count": "0"})
    changed = client.post(reverse("dossiers:edit", args=[application.pk]), {"samples_count": "8"})

    application.refresh_from_db()
    assert "Số sản phẩm mẫu từ 1 đến 100." in refused.content.decode()
    assert changed.status_code == 302 and application.samples_count == 8


# --- Kind: first time, upgrade, re-rating ---------------------------------------------------------


def test_upgrade_and_rerating_are_offered_only_for_a_product_holding_a_certificate(client, household):
    producer, owner = household
    ProductFactory(producer=producer, name="Giò lụa Lãng Ngâm", product_set=product_set(8))
    client.force_login(owner)

    without = client.get(URL).content.decode()
    certified = ProductFactory(producer=producer, name="Chả cá Lãng Ngâm", product_set=product_set(8))
    CertificateFactory(result__application__product=certified)
    with_one = client.get(URL).content.decode()

    assert (radio(without, "kind", "upgrade"), radio(without, "kind", "rerating")) == (None, None)
    assert 'data-testid="kind-note"' in without
    assert radio(with_one, "kind", "upgrade") is not None
    assert radio(with_one, "kind", "rerating") is not None
    assert 'data-upgrade="1" data-rerating="0"' in with_one.split(f'value="{certified.pk}"', 1)[1][:200]


def test_an_upgrade_without_a_certificate_is_refused_on_the_form(client, household, round_2026):
    producer, owner = household
    product = ProductFactory(producer=producer, name="Giò lụa Lãng Ngâm", product_set=product_set(8))
    client.force_login(owner)

    response = post(client, producer, round_2026, product=product.pk, kind="upgrade")

    content = response.content.decode()
    assert "chưa có giấy chứng nhận OCOP còn hiệu lực: chỉ đăng ký đánh giá lần đầu." in content.split('id="kind-field"', 1)[1]
    assert not Application.objects.filter(product=product).exists()


@pytest.mark.parametrize(("days_left", "open_"), [
    (181, False),  # the window opens tomorrow
    (180, True),  # it opens today
    (120, True),  # it closes today
    (119, False),  # it closed yesterday
])
def test_rerating_is_offered_and_accepted_only_inside_its_window(client, household, round_2026, days_left, open_):
    producer, owner = household
    product = ProductFactory(producer=producer, name="Chả cá Lãng Ngâm", product_set=product_set(8))
    today = timezone.localdate()
    certificate = CertificateFactory(result__application__product=product, valid_until=today + datetime.timedelta(days=days_left))
    first = certificate.valid_until - datetime.timedelta(days=180)
    last = certificate.valid_until - datetime.timedelta(days=120)
    client.force_login(owner)

    page = client.get(URL).content.decode()
    response = post(client, producer, round_2026, product=product.pk, kind="rerating")

    window = page.split(f'data-testid="window-{product.pk}">', 1)[1].split("</span>", 1)[0]
    assert f"từ {first:%d/%m/%Y} đến {last:%d/%m/%Y}" in window
    assert ("disabled" in radio(page, "kind", "rerating")) is not open_
    if open_:
        assert response.status_code == 302
        assert Application.objects.get(product=product, round=round_2026).kind == ApplicationKind.RERATING
    else:
        assert f"từ {first:%d/%m/%Y} đến {last:%d/%m/%Y} (180 đến 120 ngày" in response.content.decode()
        assert not Application.objects.filter(product=product, round=round_2026).exists()


def test_a_certificate_run_out_under_the_transitional_rule_may_still_be_rerated(client, household, round_2026, monkeypatch):
    """Điều 12.3: its window opened before QĐ 26/2026 took effect (22/05/2026), so it stays valid
    until the result, at most 180 days past its expiry; a re-rating is filed meanwhile."""
    producer, owner = household
    monkeypatch.setattr(timezone, "localdate", lambda value=None, tz=None: datetime.date(2026, 11, 29))
    product = ProductFactory(producer=producer, name="Chả cá Lãng Ngâm", product_set=product_set(8))
    CertificateFactory(result__application__product=product, valid_until=datetime.date(2026, 8, 30), status="expired")
    client.force_login(owner)

    page = client.get(URL).content.decode()
    response = post(client, producer, round_2026, product=product.pk, kind="rerating")

    assert 'data-upgrade="0" data-rerating="1"' in page.split(f'value="{product.pk}"', 1)[1][:200]
    assert "disabled" in radio(page, "kind", "upgrade")  # no product holds a certificate today
    window = page.split(f'data-testid="window-{product.pk}">', 1)[1].split("</span>", 1)[0]
    assert "đăng ký đánh giá lại từ 22/05/2026 đến 26/02/2027 (Điều 12.3)" in window
    assert response.status_code == 302
    assert Application.objects.get(product=product, round=round_2026).kind == ApplicationKind.RERATING


# --- A second submission --------------------------------------------------------------------------


def test_submitting_the_form_twice_makes_one_dossier_and_links_to_it(client, household, round_2026):
    producer, owner = household
    client.force_login(owner)
    fields = {"product": "new", "new_name": "Bánh gai Lãng Ngâm", "product_set": product_set(6).pk}

    first = post(client, producer, round_2026, **fields)
    second = post(client, producer, round_2026, **fields)

    application = Application.objects.get(product__producer=producer)
    content = second.content.decode()
    assert first.status_code == 302 and second.status_code == 200
    assert "Sản phẩm này đã có hồ sơ trong đợt." in content
    assert f'href="{reverse("dossiers:detail", args=[application.pk])}" data-testid="existing-dossier"' in content
    assert Product.objects.filter(producer=producer).count() == 1


def test_registering_an_existing_product_twice_links_to_its_dossier(client, household, round_2026):
    producer, owner = household
    product = ProductFactory(producer=producer, name="Giò lụa Lãng Ngâm", product_set=product_set(8))
    client.force_login(owner)

    post(client, producer, round_2026, product=product.pk)
    second = post(client, producer, round_2026, product=product.pk)

    assert "Sản phẩm này đã có hồ sơ trong đợt." in second.content.decode()
    assert Application.objects.filter(product=product).count() == 1


def test_a_producer_cannot_register_for_another_producer(client, household, round_2026, bac_ninh_2020):
    producer, _owner = household
    client.force_login(bac_ninh_2020["chuthe.yenphong"])

    response = post(client, producer, round_2026, product="new", new_name="Bánh gai", product_set=product_set(6).pk)

    assert response.status_code == 404
    assert not Application.objects.filter(product__name="Bánh gai").exists()


# --- Queries ------------------------------------------------------------------------------------------


def test_the_page_costs_the_same_queries_for_1_and_3_products(client, household, django_assert_num_queries):
    producer, owner = household
    client.force_login(owner)
    certified = ProductFactory(producer=producer, name="Chả cá Lãng Ngâm", product_set=product_set(8))
    CertificateFactory(result__application__product=certified)
    # session, user, memberships, producers, the province's successors, rounds, products,
    # certificates, dossiers of the products, set 26's cases, product sets, and the header's roles
    # and seats
    with django_assert_num_queries(13):
        one = client.get(URL)
    for name in ("Giò lụa Lãng Ngâm", "Nem chua Lãng Ngâm"):
        CertificateFactory(result__application__product=ProductFactory(producer=producer, name=name, product_set=product_set(8)))

    with django_assert_num_queries(13):
        three = client.get(URL)

    assert one.content.decode().count('name="product" value="') == 2  # and "Sản phẩm mới"
    assert three.content.decode().count('name="product" value="') == 4
    assert Producer.objects.get(pk=producer.pk).products.count() == 3
