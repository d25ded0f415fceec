"""The provincial dashboards on the Bắc Ninh demo: the 2020 overview reads the seed's sentence,
every number equals a count made straight from the tables and opens the list behind it, the
exports carry the same numbers, a local office sees its unit only, and who may open what."""

import datetime
import html
import io
import re

import pytest
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from evaluations.models import Application, Certificate, Result
from ocop_portal.core.models import AdministrativeUnit, AuditEntry, UnitLevel
from producers.models import Producer
from rewards.models import Entitlement

pytestmark = [pytest.mark.django_db, pytest.mark.integration]
OVERVIEW = reverse("dashboard:overview")
SEED_SENTENCE = ("16 chủ thể: 7 doanh nghiệp, 6 hợp tác xã, 3 hộ sản xuất kinh doanh; 36 sản phẩm đăng ký, "
                 "33 đủ điều kiện; 3 sản phẩm 3★, 30 sản phẩm 4★; khen thưởng đã chi 960.000.000 ₫.")


def page(client, user, url=OVERVIEW, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def text_of(body, name):
    """The text of the element marked data-testid=`name`."""
    found = re.search(rf'data-testid="{re.escape(name)}"[^>]*>([^<]*)<', body)
    return html.unescape(found.group(1)).strip() if found else None


def figure_links(body):
    """(test id, number shown, the list it opens) for every figure of the overview."""
    pattern = r'<a href="([^"]+)"><span class="figure__n" data-testid="([^"]+)">([^<]+)</span>'
    return [(name, html.unescape(n), html.unescape(url)) for url, name, n in re.findall(pattern, body)]


def district(code):
    return AdministrativeUnit.objects.get(level=UnitLevel.DISTRICT, code=code)


def by_hand(paths, year=2020):
    """The overview's figures counted straight from the tables for producers under `paths`."""
    within = Q(pk__in=[])
    for path in paths:
        within |= Q(product__producer__unit__path__startswith=path)
    dossiers = Application.objects.filter(within, round__year=year).exclude(status="draft")
    producers = Producer.objects.filter(products__applications__in=dossiers).distinct()
    results = Result.objects.filter(application__in=dossiers, session__status="closed")
    return {
        "producers-total": producers.count(),
        "kind-enterprise": producers.filter(kind="enterprise").count(),
        "kind-cooperative": producers.filter(kind="cooperative").count(),
        "kind-household": producers.filter(kind="household").count(),
        "products-registered": dossiers.count(),
        "products-eligible": results.count(),
        "products-ineligible": dossiers.filter(status="ineligible").count(),
        "star-3": results.filter(star=3).count(),
        "star-4": results.filter(star=4).count(),
        "star-5": results.filter(star=5).count(),
        "paid": Entitlement.objects.filter(application__in=dossiers, status="paid").aggregate(s=Sum("amount_vnd"))["s"] or 0,
    }


def shown(body):
    names = ["producers-total", "kind-enterprise", "kind-cooperative", "kind-household", "products-registered",
             "products-eligible", "products-ineligible", "star-3", "star-4", "star-5"]
    return {**{name: int(text_of(body, name)) for name in names},
            "paid": int(text_of(body, "reward-paid").replace(".", "").replace(" ₫", ""))}


# --- The 2020 overview -------------------------------------------------------------------------


def test_the_2020_overview_reads_the_seeds_sentence(client, bac_ninh_2020):
    body = page(client, bac_ninh_2020["tinh.bacninh"], year=2020)

    assert text_of(body, "headline") == SEED_SENTENCE
    assert text_of(body, "reward-paid") == "960.000.000 ₫"


def test_every_number_equals_a_count_from_the_tables(client, bac_ninh_2020):
    staff = bac_ninh_2020["tinh.bacninh"]
    province = AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE, code="27")

    body = page(client, staff, year=2020)

    assert shown(body) == by_hand([province.path]) == {
        "producers-total": 16, "kind-enterprise": 7, "kind-cooperative": 6, "kind-household": 3, "products-registered": 36,
        "products-eligible": 33, "products-ineligible": 3, "star-3": 3, "star-4": 30, "star-5": 0, "paid": 960_000_000}


def test_every_number_opens_the_list_that_counts_as_many_rows(client, bac_ninh_2020):
    staff = bac_ninh_2020["tinh.bacninh"]
    body = page(client, staff, year=2020)
    links = figure_links(body)

    counted = {name: text_of(page(client, staff, url), "list-count") for name, _n, url in links if "reward" not in name}
    amounts = {name: text_of(page(client, staff, url), "list-total") for name, _n, url in links if "reward" in name}

    assert len(links) >= 20
    assert counted == {name: n for name, n, _url in links if "reward" not in name}
    assert amounts == {name: n for name, n, _url in links if "reward" in name}


def test_the_true_state_of_certificates_counts_a_stored_valid_past_its_end_as_expired(client, bac_ninh_2020):
    today = timezone.localdate()
    certificates = Certificate.objects.filter(decision__round__year=2020).order_by("pk")
    certificates.update(status="valid", ended_on=None)  # as stored before the daily lifecycle job has run
    stored_valid_past_end = certificates.filter(status="valid", valid_until__lt=today).count()
    first, second = certificates[:2]
    Certificate.objects.filter(pk=first.pk).update(valid_until=today + datetime.timedelta(days=90))
    Certificate.objects.filter(pk=second.pk).update(status="revoked", revocation_reason="Ngừng sản xuất",
                                                    revocation_decision="9/QĐ-UBND", ended_on=today)

    body = page(client, bac_ninh_2020["tinh.bacninh"], year=2020)

    assert stored_valid_past_end == 33
    assert [text_of(body, f"cert-{state}") for state in ("current", "expiring", "expired", "revoked")] == ["1", "1", "31", "1"]


def test_a_certificate_beyond_180_days_is_valid_and_not_expiring(client, bac_ninh_2020):
    today = timezone.localdate()
    certificate = Certificate.objects.filter(decision__round__year=2020).order_by("pk").first()
    Certificate.objects.filter(pk=certificate.pk).update(status="valid", valid_until=today + datetime.timedelta(days=181))

    body = page(client, bac_ninh_2020["tinh.bacninh"], year=2020)

    assert (text_of(body, "cert-current"), text_of(body, "cert-expiring")) == ("1", "0")


def test_an_extension_keeps_a_certificate_in_force_past_its_date(client, bac_ninh_2020):
    today = timezone.localdate()
    certificate = Certificate.objects.filter(decision__round__year=2020).order_by("pk").first()
    Certificate.objects.filter(pk=certificate.pk).update(status="valid", valid_until=today - datetime.timedelta(days=10),
                                                         extended_until=today + datetime.timedelta(days=20))

    body = page(client, bac_ninh_2020["tinh.bacninh"], year=2020)

    assert (text_of(body, "cert-current"), text_of(body, "cert-expiring"), text_of(body, "cert-expired")) == ("1", "1", "32")


def test_the_province_sees_its_old_district_with_the_district_officers_figures(client, bac_ninh_2020):
    tu_son = district("261")

    as_province = shown(page(client, bac_ninh_2020["tinh.bacninh"], year=2020, unit="261"))
    as_district = shown(page(client, bac_ninh_2020["huyen.tuson"], year=2020))

    assert as_province == as_district == by_hand([tu_son.path])
    assert as_district["products-registered"] == 6


def test_a_local_officer_sees_only_their_unit_and_no_analytics(client, bac_ninh_2020):
    officer = bac_ninh_2020["huyen.tuson"]
    body = page(client, officer, year=2020)
    client.force_login(officer)

    province = client.get(OVERVIEW, {"year": 2020, "unit": "27"})
    neighbour = client.get(OVERVIEW, {"year": 2020, "unit": "262"})
    analytics = client.get(reverse("dashboard:council"), {"year": 2020})
    listed = page(client, officer, reverse("dashboard:producers"), year=2020)

    assert text_of(body, "scope").startswith("Thị xã Từ Sơn")
    assert reverse("dashboard:council") not in body
    assert (province.status_code, neighbour.status_code, analytics.status_code) == (404, 404, 403)
    assert sorted(re.findall(r'class="row-link" href="[^"]+">([^<]+)<', listed)) == [
        "Công ty TNHH Thực phẩm truyền thống Đình Bảng", "Công ty TNHH Đồ gỗ mỹ nghệ Phù Khê"]


@pytest.mark.parametrize("username", ["chuthe.dinhbang", "uyvien.hoidong", "chutich.hoidong"])
def test_producers_and_council_members_may_not_open_the_dashboard(client, bac_ninh_2020, username):
    client.force_login(bac_ninh_2020[username])

    statuses = [client.get(reverse(name), {"year": 2020}).status_code
                for name in ("dashboard:overview", "dashboard:targets", "dashboard:applications")]

    assert statuses == [403, 403, 403]


def test_the_navigation_leads_provincial_staff_and_local_officers_to_the_dashboard(client, bac_ninh_2020):
    staff = page(client, bac_ninh_2020["tinh.bacninh"], reverse("home"))
    officer = page(client, bac_ninh_2020["huyen.tuson"], reverse("home"))
    producer = page(client, bac_ninh_2020["chuthe.dinhbang"], reverse("home"))

    assert [f'href="{OVERVIEW}"' in body for body in (staff, officer, producer)] == [True, True, False]


def test_charts_get_their_numbers_from_a_data_block_and_a_static_script(client, bac_ninh_2020):
    body = page(client, bac_ninh_2020["tinh.bacninh"], year=2020)

    scripts = re.findall(r"<script([^>]*)>", body)

    assert '<script id="dashboard-charts" type="application/json">' in body
    assert all('src="' in attrs or 'type="application/json"' in attrs for attrs in scripts)
    assert '/static/vendor/chartjs/chart.umd.js' in body and '/static/js/dashboard.js' in body
    assert 'data-testid="table-stars"' in body and "<td>3</td><td>30</td><td>0</td>" in body


def test_a_period_of_several_years_adds_them_up(client, bac_ninh_2020):
    body = page(client, bac_ninh_2020["tinh.bacninh"], year=2020, to=2026)
    by_year = [shown(page(client, bac_ninh_2020["tinh.bacninh"], year=y)) for y in (2020, 2026)]

    assert text_of(body, "scope") == "Tỉnh Bắc Ninh · giai đoạn 2020–2026"
    assert int(text_of(body, "products-registered")) == sum(f["products-registered"] for f in by_year)


# --- Drill-down lists ----------------------------------------------------------------------------


def rows(body):
    return [html.unescape(name) for name in re.findall(r'<tr data-testid="list-row">\s*<th scope="row">(?:<a[^>]*>)?([^<]+)<', body)]


def test_filters_search_and_sorting_narrow_the_dossiers(client, bac_ninh_2020):
    staff = bac_ninh_2020["tinh.bacninh"]
    url = reverse("dashboard:applications")
    tu_son = district("261")

    three_stars = page(client, staff, url, year=2020, star=3, o="product")
    searched = page(client, staff, url, year=2020, q="Đình Bảng")
    in_tu_son = page(client, staff, url, year=2020, area=tu_son.pk)
    ineligible = page(client, staff, url, year=2020, stage="ineligible", kind="cooperative")
    by_star = page(client, staff, url, year=2020, o="-star")

    assert rows(three_stars) == ["Bánh khúc Văn Môn", "Bánh tẻ làng Chờ", "Giò chả Trí Quả"]
    assert text_of(searched, "list-count") == "3"
    assert text_of(in_tu_son, "list-count") == "6"
    assert rows(ineligible) == ["Bánh đa vừng Lâm Thao", "Bột nếp cái hoa vàng Trung Kênh"]
    assert re.findall(r'class="stars">(\d)★', by_star)[:30] == ["4"] * 30


def test_the_lists_page_through_the_rows(client, bac_ninh_2020, monkeypatch):
    from ocop_portal.dashboard import views

    monkeypatch.setattr(views, "PER_PAGE", 10)
    staff = bac_ninh_2020["tinh.bacninh"]
    url = reverse("dashboard:applications")

    pages = [rows(page(client, staff, url, year=2020, o="product", page=n)) for n in (1, 2, 3, 4)]

    assert [len(p) for p in pages] == [10, 10, 10, 6]
    assert len({name for p in pages for name in p}) == 36
    assert 'rel="next" href="?year=2020&amp;o=product&amp;page=2"' in page(client, staff, url, year=2020,
                                                                                 o="product")


def test_the_payout_list_adds_up_to_the_amount_paid(client, bac_ninh_2020):
    body = page(client, bac_ninh_2020["tinh.bacninh"], reverse("dashboard:payouts"), year=2020, status="paid")

    assert (text_of(body, "list-count"), text_of(body, "list-total")) == ("33", "960.000.000 ₫")


def test_an_invalid_filter_value_lists_nothing_rather_than_everything(client, bac_ninh_2020):
    body = page(client, bac_ninh_2020["tinh.bacninh"], reverse("dashboard:applications"), year=2020, star=9)

    assert text_of(body, "list-count") == "0"


# --- Exports -------------------------------------------------------------------------------------


def download(client, user, name, fmt, **params):
    client.force_login(user)
    response = client.get(reverse(name, kwargs={"fmt": fmt}), {"year": 2020, **params})
    assert response.status_code == 200
    return response


def test_the_overview_xlsx_carries_the_same_numbers_in_vietnamese(client, bac_ninh_2020):
    response = download(client, bac_ninh_2020["tinh.bacninh"], "dashboard:overview-export", "xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    lines = {(row[0].value, row[1].value): row[2] for row in sheet.iter_rows(min_row=4) if row[0].value}

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert [c.value for c in sheet[3]] == ["Nhóm", "Chỉ tiêu", "Giá trị"]
    assert sheet["A1"].value == "Thống kê chương trình OCOP"
    assert {key: lines[key].value for key in [("Chủ thể", "Tổng số chủ thể"), ("Chủ thể", "Doanh nghiệp"),
                                              ("Chủ thể", "Hợp tác xã"), ("Chủ thể", "Hộ sản xuất kinh doanh"),
                                              ("Sản phẩm", "Sản phẩm đăng ký"), ("Sản phẩm", "Đủ điều kiện đánh giá"),
                                              ("Hạng sao", "3★"), ("Hạng sao", "4★")]} == {
        ("Chủ thể", "Tổng số chủ thể"): 16, ("Chủ thể", "Doanh nghiệp"): 7, ("Chủ thể", "Hợp tác xã"): 6,
        ("Chủ thể", "Hộ sản xuất kinh doanh"): 3, ("Sản phẩm", "Sản phẩm đăng ký"): 36,
        ("Sản phẩm", "Đủ điều kiện đánh giá"): 33, ("Hạng sao", "3★"): 3, ("Hạng sao", "4★"): 30}
    paid = lines[("Khen thưởng", "Đã chi trả: số tiền")]
    assert (paid.value, type(paid.value), paid.number_format) == (960_000_000, int, '#,##0 "₫"')


def test_the_payouts_xlsx_has_integer_amounts_formatted_in_vnd(client, bac_ninh_2020):
    response = download(client, bac_ninh_2020["tinh.bacninh"], "dashboard:payouts-export", "xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[3]]
    amounts = [row[header.index("Số tiền (đồng)")] for row in sheet.iter_rows(min_row=4)]
    paid_on = sheet.cell(row=4, column=header.index("Ngày chi") + 1)

    assert header[:3] == ["Sản phẩm", "Chủ thể", "Địa bàn"]
    assert (len(amounts), sum(c.value for c in amounts)) == (33, 960_000_000)
    assert {(type(c.value), c.number_format) for c in amounts} == {(int, '#,##0 "₫"')}
    assert (paid_on.value.date(), paid_on.number_format) == (datetime.date(2020, 12, 15), "dd/mm/yyyy")


def test_the_csv_starts_with_a_byte_order_mark_and_carries_the_filtered_rows(client, bac_ninh_2020):
    response = download(client, bac_ninh_2020["tinh.bacninh"], "dashboard:applications-export", "csv", star=3)

    text = response.content.decode("utf-8")
    lines = text.splitlines()

    assert response.content.startswith(b"\xef\xbb\xbf")
    assert lines[0] == ("\ufeffSản phẩm,Chủ thể,Loại hình chủ thể,Địa bàn,Ngành,Bộ sản phẩm,Năm,Ngày nộp,Trạng thái,"
                        "Hạng sao")
    assert len(lines) == 1 + 3
    assert all(line.endswith(",3") for line in lines[1:])


def test_a_local_officers_export_holds_only_their_unit(client, bac_ninh_2020):
    response = download(client, bac_ninh_2020["huyen.tuson"], "dashboard:producers-export", "csv")

    lines = response.content.decode("utf-8").splitlines()[1:]

    assert sorted(line.split(",")[0] for line in lines) == [
        "Công ty TNHH Thực phẩm truyền thống Đình Bảng", "Công ty TNHH Đồ gỗ mỹ nghệ Phù Khê"]


# --- Targets -----------------------------------------------------------------------------------


def test_the_targets_count_the_stock_since_the_programme_began(client, bac_ninh_2020):
    body = page(client, bac_ninh_2020["tinh.bacninh"], reverse("dashboard:targets"), year=2020)

    products = body[body.index('data-testid="target-products_3_plus"'):]
    firms = body[body.index('data-testid="target-producers"'):]

    assert text_of(body, "period").startswith("Mục tiêu giai đoạn 2021–2025 của Tỉnh Bắc Ninh")
    assert (text_of(products, "value"), text_of(products, "still-valid")) == ("33", "0 còn hiệu lực hôm nay")
    assert text_of(firms, "value") == "13"  # 7 enterprises and 6 cooperatives of 2020, in the programme since
    assert 'value="33"' in products and 'max="150"' in products


def test_a_product_counts_once_at_its_highest_star_and_as_still_valid_while_in_force(client, bac_ninh_2020):
    from tests.factories import CertificateFactory, DecisionFactory, ResultFactory, SessionFactory

    today = timezone.localdate()
    upgraded = Certificate.objects.filter(decision__round__year=2020, star=4).order_by("pk").first()
    application = upgraded.result.application
    session = SessionFactory(round=application.round, council=upgraded.result.session.council)
    result = ResultFactory(application=application, session=session, star=5, band_star=5, score="91.00")
    CertificateFactory(result=result, star=5, issued_on=datetime.date(2024, 3, 1), valid_until=today + datetime.timedelta(days=700),
                       decision=DecisionFactory(round=application.round, province=application.round.province))

    body = page(client, bac_ninh_2020["tinh.bacninh"], reverse("dashboard:targets"), year=2021)

    products = body[body.index('data-testid="target-products_3_plus"'):]
    five = body[body.index('data-testid="target-products_5"'):]
    assert (text_of(products, "value"), text_of(products, "still-valid")) == ("33", "1 còn hiệu lực hôm nay")
    assert text_of(five, "value") == "1"


def test_provincial_staff_enter_progress_for_a_target_the_portal_cannot_count(client, bac_ninh_2020):
    from evaluations.models import ManualTargetProgress, ProgrammeTarget

    staff = bac_ninh_2020["tinh.bacninh"]
    target = ProgrammeTarget.objects.get(province__code="27", metric="tourism_villages")
    client.force_login(staff)
    url = reverse("dashboard:target-progress", args=[target.pk]) + "?year=2020&period=2021-2025"

    response = client.post(url, {f"t{target.pk}-year": 2024, f"t{target.pk}-value": 1,
                                 f"t{target.pk}-evidence": "Quyết định 456/QĐ-UBND ngày 10/05/2024"})
    body = page(client, staff, reverse("dashboard:targets"), year=2020)

    villages = body[body.index('data-testid="target-tourism_villages"'):]
    assert response.status_code == 302
    assert text_of(villages, "value") == "1"  # the 2024 entry carried to the end of the period
    assert "Quyết định 456/QĐ-UBND ngày 10/05/2024" in villages
    entry = ManualTargetProgress.objects.get(target=target)
    assert (entry.year, entry.value, entry.entered_by) == (2024, 1, staff)
    assert AuditEntry.objects.filter(object_id=target.pk, action="target_progress_recorded").count() == 1


def test_progress_without_evidence_or_for_a_counted_target_is_refused(client, bac_ninh_2020):
    from evaluations.models import ManualTargetProgress, ProgrammeTarget

    client.force_login(bac_ninh_2020["tinh.bacninh"])
    showroom = ProgrammeTarget.objects.get(province__code="27", metric="showrooms")
    counted = ProgrammeTarget.objects.get(province__code="27", metric="products_3_plus")

    no_evidence = client.post(reverse("dashboard:target-progress", args=[showroom.pk]) + "?year=2020",
                              {f"t{showroom.pk}-year": 2025, f"t{showroom.pk}-value": 1, f"t{showroom.pk}-evidence": "  "})
    for_counted = client.post(reverse("dashboard:target-progress", args=[counted.pk]) + "?year=2020",
                              {f"t{counted.pk}-year": 2025, f"t{counted.pk}-value": 200, f"t{counted.pk}-evidence": "x"})

    assert (no_evidence.status_code, for_counted.status_code) == (400, 400)
    assert "Trường này là bắt buộc" in no_evidence.content.decode()
    assert "do cổng tự đếm từ hồ sơ" in for_counted.content.decode()
    assert ManualTargetProgress.objects.count() == 0


def test_only_the_provinces_staff_may_enter_progress(client, bac_ninh_2020):
    from evaluations.models import ProgrammeTarget
    from ocop_portal.core.models import Role
    from tests.factories import user_with_role

    target = ProgrammeTarget.objects.get(province__code="27", metric="showrooms")
    url = reverse("dashboard:target-progress", args=[target.pk])
    data = {f"t{target.pk}-year": 2025, f"t{target.pk}-value": 1, f"t{target.pk}-evidence": "Báo cáo 1/BC"}
    outcomes = {}
    for name, user in [("local officer", bac_ninh_2020["huyen.tuson"]), ("approver", bac_ninh_2020["pheduyet"]),
                       ("other province", user_with_role(Role.PROVINCIAL_STAFF)),
                       ("producer", bac_ninh_2020["chuthe.dinhbang"])]:
        client.force_login(user)
        outcomes[name] = client.post(url, data).status_code
    officer_page = page(client, bac_ninh_2020["huyen.tuson"], reverse("dashboard:targets"), year=2020)

    assert outcomes == {"local officer": 403, "approver": 403, "other province": 404, "producer": 403}
    assert 'data-testid="progress-form"' not in officer_page
    assert "các số dưới đây chỉ là phần đóng góp của Thị xã Từ Sơn" in officer_page


# --- Council analytics ---------------------------------------------------------------------------


def test_the_analytics_agree_with_the_pure_functions(client, bac_ninh_2020):
    from evaluations.analytics import icc_2_1, member_deviation
    from evaluations.models import Scorecard

    body = page(client, bac_ninh_2020["tinh.bacninh"], reverse("dashboard:council"), year=2020)

    totals = {}
    for card in Scorecard.objects.filter(session__round__year=2020, status="submitted").select_related("member"):
        totals.setdefault(card.application_id, {})[card.member.full_name] = card.total
    members = sorted({m for row in totals.values() for m in row})
    icc = icc_2_1([[row[m] for m in members] for row in totals.values()])
    deviation = member_deviation(totals)
    severest = min(deviation, key=deviation.get)
    shown_members = re.findall(r'<tr data-testid="member-row"><th scope="row">([^<]+)</th><td[^>]*>([^<]+)</td>', body)

    assert text_of(body, "results-total") == "33"
    assert text_of(body, "icc") == f"{icc:.3f}".replace(".", ",")
    assert shown_members[0] == (severest, f"{deviation[severest]:.2f}".replace(".", ","))
    assert len(shown_members) == 8


def test_the_criteria_producers_over_rate_most_come_first(client, bac_ninh_2020):
    from evaluations.models import Option, ScorecardChoice, SelfAssessmentAnswer

    application = Application.objects.filter(round__year=2020, results__isnull=False).order_by("pk").first()
    choices = ScorecardChoice.objects.filter(scorecard__application=application, scorecard__status="submitted")
    criteria = list(application.sheet.criteria.order_by("position")[:3])
    expected = {}
    for criterion in criteria:
        best = Option.objects.filter(criterion=criterion).order_by("-points").first()
        SelfAssessmentAnswer.objects.create(application=application, criterion=criterion, option=best)
        council = [c.option.points for c in choices.filter(criterion=criterion).select_related("option")]
        expected[criterion.code] = best.points - sum(council) / len(council)

    body = page(client, bac_ninh_2020["tinh.bacninh"], reverse("dashboard:council"), year=2020)

    gaps = re.findall(r'<tr data-testid="criterion-row"><th scope="row">Bộ \d+ · (\S+) [^<]*</th>'
                      r"<td>[^<]*</td><td>[^<]*</td><td[^>]*>([^<]+)</td>", body)
    assert [code for code, _gap in gaps] == sorted(expected, key=lambda code: (-expected[code], code))
    assert {code: gap for code, gap in gaps} == {code: ("+" if g > 0 else "") + f"{g:.2f}".replace(".", ",")
                                                 for code, g in expected.items()}


@pytest.mark.parametrize(("username", "status"), [("tinh.bacninh", 200), ("chutich.hoidong", 200), ("thuky.hoidong", 200),
                                                  ("uyvien.hoidong", 403), ("huyen.tuson", 403), ("pheduyet", 403),
                                                  ("chuthe.dinhbang", 403)])
def test_the_analytics_are_for_the_province_and_the_councils_chair_and_secretary(client, bac_ninh_2020, username, status):
    client.force_login(bac_ninh_2020[username])

    response = client.get(reverse("dashboard:council"), {"year": 2020})

    assert response.status_code == status


def test_a_chair_reads_their_own_sessions_analytics_and_no_one_elses(client, bac_ninh_2020):
    from evaluations.models import CouncilSession
    from tests.factories import SessionFactory

    chair = bac_ninh_2020["chutich.hoidong"]
    own = CouncilSession.objects.get(round__year=2020)
    elsewhere = SessionFactory()
    client.force_login(chair)

    mine = client.get(reverse("dashboard:council"), {"session": own.pk})
    theirs = client.get(reverse("dashboard:council"), {"session": elsewhere.pk})

    assert (mine.status_code, theirs.status_code) == (200, 404)
    assert text_of(mine.content.decode(), "results-total") == "33"
