"""POST /api/v1/imports/producers/ and /api/v1/imports/products/: bulk import from CSV or XLSX with
a dry run that reports every row's errors, and a real import that keeps every row or none."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from ocop_portal.core.data.units_bac_ninh import REFORM_DAY
from ocop_portal.core.models import AdministrativeUnit, AuditEntry
from producers import imports
from producers.models import Producer, Product

pytestmark = [pytest.mark.django_db, pytest.mark.integration]
PRODUCERS_URL = reverse("api:import-producers")
PRODUCTS_URL = reverse("api:import-products")

HEADER = ["kind", "name", "registration_number", "unit_code", "address", "representative_name", "representative_gender",
          "phone", "email", "founded_on"]
GOOD = [
    ["household", "Hộ kinh doanh Nguyễn Văn An", "21B8009001", "09193", "Thôn Đông Thái", "Nguyễn Văn An", "Nam",
     "0912345678", "", "15/03/2019"],
    ["Hợp tác xã", "Hợp tác xã Rau sạch Yên Phong", "2302209001", "09193", "Thôn Ngô Khê", "Trần Thị Bình", "female",
     "", "htx@example.vn", "2021-06-01"],
    ["ENTERPRISE", "Công ty TNHH Mật ong Yên Phong", "2302209002", "09193", "Thôn Trung Bạn", "Lê Văn Cường", "male",
     "", "", ""],
]
BAD = [  # (row, what is wrong with it)
    ["xưởng", "Xưởng mộc Đông Thái", "21B8009002", "09193", "Thôn Đông Thái", "Phạm Văn Dũng", "Nam", "", "", ""],
    ["enterprise", "Công ty Sai mã số", "12345", "09193", "Thôn Đông Thái", "Vũ Thị Em", "Nữ", "", "", ""],
    ["household", "Hộ kinh doanh Tam Giang", "21B8009003", "09202", "Thôn Tam Giang", "Đỗ Văn Phúc", "Nam", "", "", ""],
    ["household", "Hộ kinh doanh trùng số", "21b8009001", "09193", "Thôn Đông Thái", "Ngô Văn Giang", "Nam", "", "", ""],
    ["cooperative", "Hợp tác xã đã có", "2302101234", "09193", "Thôn Đông Thái", "Nguyễn Thị Vân", "Nữ", "", "", ""],
    ["household", "Hộ kinh doanh ngày sai", "21B8009004", "09193", "Thôn Đông Thái", "Hoàng Văn Hải", "Nam", "", "thu-sai",
     "31/02/2020"],
]
# The errors the bad rows get, by (line, column), in the order of the file: GOOD are lines 2–4.
BAD_ERRORS = [
    (5, "kind"), (6, "registration_number"), (7, "unit_code"), (8, "registration_number"), (9, "registration_number"),
    (10, "founded_on"), (10, "email"),
]
NEW_NUMBERS = ["21B8009001", "2302209001", "2302209002"]


def csv_bytes(rows, *, delimiter=",", bom=False):
    text = "\n".join(delimiter.join(f'"{cell}"' if delimiter in cell else cell for cell in row) for row in rows) + "\n"
    return ("\ufeff" if bom else "").encode() + text.encode()


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.create_sheet("Ghi chú").append(["Trang thứ hai không được đọc"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def post(client, url, token, content, name="chu_the.csv", dry_run=None):
    data = {"file": SimpleUploadedFile(name, content)}
    if dry_run is not None:
        data["dry_run"] = "true" if dry_run else "false"
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    return client.post(url, data, **headers)


def imported(numbers):
    return sorted(Producer.objects.filter(registration_number__in=numbers).values_list("registration_number", flat=True))


@pytest.fixture
def commune_token(bac_ninh_2020, api_token):
    return api_token(bac_ninh_2020["xa.yenphong"])


# --- Producers -------------------------------------------------------------------------------------


def test_a_dry_run_lists_every_bad_row_with_its_field_and_creates_nothing(client, commune_token):
    content = csv_bytes([HEADER, *GOOD, *BAD])

    response = post(client, PRODUCERS_URL, commune_token, content, dry_run=True)

    body = response.json()
    assert (response.status_code, body["dry_run"], body["valid"], body["rows"], body["created"]) == (200, True, False, 9, 0)
    assert [(e["row"], e["field"]) for e in body["errors"]] == BAD_ERRORS
    messages = {(e["row"], e["field"]): e["message"] for e in body["errors"]}
    assert messages[(5, "kind")].startswith("Loại hình không hợp lệ. Dùng một trong: enterprise (Doanh nghiệp), ")
    assert messages[(6, "registration_number")] == ("Mã số doanh nghiệp/HTX gồm 10 chữ số (chi nhánh thêm “-” và 3 chữ "
                                                    "số).")
    assert messages[(7, "unit_code")] == "Xã/phường này không thuộc địa bàn bạn phụ trách."
    assert messages[(8, "registration_number")] == "Số đăng ký này đã có ở dòng 2 của tệp."
    assert messages[(9, "registration_number")] == "Chủ thể có Số đăng ký kinh doanh / mã số thuế đã tồn tại."
    assert messages[(10, "email")] == "Nhập địa chỉ email hợp lệ."
    assert messages[(10, "founded_on")] == "Ngày không hợp lệ: ghi theo dạng dd/mm/yyyy hoặc yyyy-mm-dd."
    assert imported(NEW_NUMBERS + ["21B8009002", "21B8009003", "21B8009004"]) == []


def test_a_real_import_with_bad_rows_is_refused_and_creates_nothing(client, commune_token):
    content = csv_bytes([HEADER, *GOOD, *BAD])
    audits_before = AuditEntry.objects.count()

    response = post(client, PRODUCERS_URL, commune_token, content, dry_run=False)

    error = response.json()["error"]
    assert (response.status_code, error["code"]) == (400, "import_rows_invalid")
    assert error["message"] == "Tệp có 7 lỗi: chưa nhập dòng nào. Hãy sửa các dòng được liệt kê rồi gửi lại cả tệp."
    assert (error["details"]["valid"], error["details"]["created"], error["details"]["rows"]) == (False, 0, 9)
    assert [(e["row"], e["field"]) for e in error["details"]["errors"]] == BAD_ERRORS
    assert imported(NEW_NUMBERS) == []
    assert AuditEntry.objects.count() == audits_before  # no producer, no confirmation, no import row


def test_the_corrected_file_passes_the_dry_run_then_imports_every_row_confirmed_by_the_office(client, bac_ninh_2020,
                                                                                               commune_token):
    content = csv_bytes([HEADER, *GOOD], delimiter=";", bom=True)
    office = bac_ninh_2020["xa.yenphong"]

    checked = post(client, PRODUCERS_URL, commune_token, content, dry_run=True)
    after_check = imported(NEW_NUMBERS)
    done = post(client, PRODUCERS_URL, commune_token, content, name="chu_the.CSV", dry_run=False)

    assert (checked.status_code, checked.json()) == (200, {"dry_run": True, "valid": True, "rows": 3, "created": 0, "errors": []})
    assert after_check == []
    assert (done.status_code, done.json()) == (201, {"dry_run": False, "valid": True, "rows": 3, "created": 3, "errors": []})
    producers = Producer.objects.filter(registration_number__in=NEW_NUMBERS).order_by("registration_number")
    assert [(p.registration_number, p.kind, p.representative_gender, p.unit.code, p.confirmed_by, p.confirmed_at is not None)
            for p in producers] == [
        ("21B8009001", "household", "male", "09193", office, True),
        ("2302209001", "cooperative", "female", "09193", office, True),
        ("2302209002", "enterprise", "male", "09193", office, True),
    ]
    assert producers[0].founded_on == datetime.date(2019, 3, 15)
    assert producers[1].founded_on == datetime.date(2021, 6, 1)
    assert AuditEntry.objects.filter(action="producer_confirm", object_id__in=[p.pk for p in producers]).count() == 3
    assert list(AuditEntry.objects.filter(action="producers_import").values_list("actor__username", "note")) == [
        ("xa.yenphong", "3 (chu_the.CSV)")]


def test_an_omitted_dry_run_is_a_dry_run(client, commune_token):
    response = post(client, PRODUCERS_URL, commune_token, csv_bytes([HEADER, *GOOD]))

    assert (response.status_code, response.json()["dry_run"], response.json()["created"]) == (200, True, 0)
    assert imported(NEW_NUMBERS) == []


def test_an_xlsx_file_is_checked_and_imported_the_same_way(client, commune_token):
    cells = [[*row[:-1], datetime.date.fromisoformat(row[-1]) if row[-1] == "2021-06-01" else row[-1]] for row in GOOD]
    bad = xlsx_bytes([HEADER, *cells, BAD[2]])
    good = xlsx_bytes([HEADER, *cells])

    refused = post(client, PRODUCERS_URL, commune_token, bad, name="chu_the.xlsx", dry_run=False)
    checked = post(client, PRODUCERS_URL, commune_token, good, name="chu_the.xlsx", dry_run=True)
    done = post(client, PRODUCERS_URL, commune_token, good, name="chu_the.xlsx", dry_run=False)

    assert refused.status_code == 400
    assert [(e["row"], e["field"], e["message"]) for e in refused.json()["error"]["details"]["errors"]] == [
        (5, "unit_code", "Xã/phường này không thuộc địa bàn bạn phụ trách.")]
    assert (checked.status_code, checked.json()["valid"], checked.json()["created"]) == (200, True, 0)
    assert (done.status_code, done.json()["created"]) == (201, 3)
    assert Producer.objects.get(registration_number="2302209001").founded_on == datetime.date(2021, 6, 1)


def test_provincial_staff_import_across_the_province_into_todays_units(client, bac_ninh_2020, api_token):
    rows = [HEADER,
            ["household", "Hộ kinh doanh Đồng Nguyên", "21B8009011", "09385", "Khu phố Đình", "Nguyễn Văn Hòa", "Nam", "", "", ""],
            ["household", "Hộ kinh doanh Tam Giang", "21B8009012", "09202", "Thôn Tam Giang", "Lê Thị Lan", "Nữ", "", "", ""],
            ["household", "Hộ kinh doanh Đại Lai", "21B8009013", "09469", "Làng Đại Bái", "Trần Văn Minh", "Nam", "", "", ""]]
    staff = bac_ninh_2020["tinh.bacninh"]

    response = post(client, PRODUCERS_URL, api_token(staff), csv_bytes(rows), dry_run=False)

    assert (response.status_code, response.json()["created"]) == (201, 3)
    producers = Producer.objects.filter(registration_number__in=["21B8009011", "21B8009012", "21B8009013"])
    # 09202 named Xã Tam Giang on both maps: the unit valid today is the one meant
    assert sorted((p.unit.code, p.unit.valid_from, p.confirmed_by) for p in producers) == [
        ("09202", REFORM_DAY, staff), ("09385", REFORM_DAY, staff), ("09469", REFORM_DAY, staff)]


def test_a_token_limited_to_a_commune_imports_only_there(client, bac_ninh_2020, api_token):
    commune = AdministrativeUnit.objects.get(code="09193", valid_from=REFORM_DAY)
    token = api_token(bac_ninh_2020["tinh.bacninh"], unit=commune)
    rows = [HEADER, GOOD[0],
            ["household", "Hộ kinh doanh Đồng Nguyên", "21B8009011", "09385", "Khu phố Đình", "Nguyễn Văn Hòa", "Nam", "", "", ""]]

    response = post(client, PRODUCERS_URL, token, csv_bytes(rows))

    assert [(e["row"], e["field"]) for e in response.json()["errors"]] == [(3, "unit_code")]


def test_a_district_office_of_the_old_map_covers_no_unit_of_today(client, bac_ninh_2020, api_token):
    """Từ Sơn's district office (abolished on 01/07/2025) keeps its history, not today's wards."""
    rows = [HEADER, ["household", "Hộ kinh doanh Đồng Nguyên", "21B8009011", "09385", "Khu phố Đình", "Nguyễn Văn Hòa", "Nam",
                     "", "", ""],
            ["household", "Hộ kinh doanh không rõ xã", "21B8009014", "99999", "Thôn A", "Lê Văn B", "Nam", "", "", ""]]

    response = post(client, PRODUCERS_URL, api_token(bac_ninh_2020["huyen.tuson"]), csv_bytes(rows))

    assert [(e["row"], e["field"], e["message"]) for e in response.json()["errors"]] == [
        (2, "unit_code", "Xã/phường này không thuộc địa bàn bạn phụ trách."),
        (3, "unit_code", "Không có xã/phường nào đang có hiệu lực mang mã “99999”."),
    ]


def test_empty_required_cells_and_extra_cells_are_row_errors(client, commune_token):
    rows = [HEADER, ["", "", "21B8009021", "", "", "", "", "", "", ""],
            [*GOOD[0][:2], "21B8009022", *GOOD[0][3:], "ô thừa"]]

    response = post(client, PRODUCERS_URL, commune_token, csv_bytes(rows))

    assert sorted((e["row"], e["field"] or "") for e in response.json()["errors"]) == [
        (2, "address"), (2, "kind"), (2, "name"), (2, "representative_gender"), (2, "representative_name"), (2, "unit_code"),
        (3, ""),
    ]


# --- Files refused as a whole ---------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


@pytest.mark.parametrize(("content", "name", "code", "message"), [
    (PNG, "chu_the.csv", "unknown_format", "Không đọc được tệp: chỉ nhận tệp CSV mã hóa UTF-8 hoặc tệp Excel .xlsx."),
    ("kind,name\nhousehold,Hộ\n".encode("utf-16"), "chu_the.csv", "unknown_format",
     "Không đọc được tệp: chỉ nhận tệp CSV mã hóa UTF-8 hoặc tệp Excel .xlsx."),
    (b"a" * (2 * 1024 * 1024 + 1), "chu_the.csv", "file_too_large",
     "Tệp 2 MB, vượt quá giới hạn 2 MB. Hãy chia thành nhiều tệp nhỏ hơn."),
    (b"", "chu_the.csv", "empty_file", "Tệp trống: cần một dòng tiêu đề và ít nhất một dòng dữ liệu."),
    (",".join(HEADER).encode() + b"\n", "chu_the.csv", "empty_file", "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."),
    (b"PK\x03\x04" + b"\x00" * 40, "chu_the.xlsx", "unknown_format",
     "Không đọc được tệp: chỉ nhận tệp CSV mã hóa UTF-8 hoặc tệp Excel .xlsx."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "chu_the.xls", "unknown_format",
     "Tệp Excel 97–2003 (.xls) không được hỗ trợ. Hãy lưu lại thành .xlsx hoặc CSV UTF-8."),
    (xlsx_bytes([HEADER, GOOD[0]]), "chu_the.csv", "extension_mismatch",
     "Nội dung tệp là XLSX nhưng tên tệp có đuôi “.csv”. Hãy đặt đúng đuôi .csv hoặc .xlsx."),
    (csv_bytes([HEADER, GOOD[0]]), "chu_the.png", "extension_mismatch",
     "Nội dung tệp là CSV nhưng tên tệp có đuôi “.png”. Hãy đặt đúng đuôi .csv hoặc .xlsx."),
], ids=["png renamed csv", "utf-16", "over 2 MB", "empty", "header only", "zip not xlsx", "xls", "xlsx named csv", "csv named png"])
def test_a_file_that_is_not_an_accepted_table_is_refused(client, commune_token, content, name, code, message):
    response = post(client, PRODUCERS_URL, commune_token, content, name=name, dry_run=False)

    error = response.json()["error"]
    assert (response.status_code, error["code"], error["message"]) == (400, code, message)


def test_a_zip_that_is_not_a_workbook_is_refused(client, commune_token):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("chu_the.csv", ",".join(HEADER))

    response = post(client, PRODUCERS_URL, commune_token, out.getvalue(), name="chu_the.xlsx")

    assert (response.status_code, response.json()["error"]["message"]) == (400, "Tệp nén này không phải bảng tính Excel .xlsx.")


def test_missing_and_unknown_columns_are_named(client, commune_token):
    header = [c for c in HEADER if c not in ("address", "representative_gender")] + ["fax"]

    response = post(client, PRODUCERS_URL, commune_token, csv_bytes([header, ["x"] * len(header)]))

    error = response.json()["error"]
    assert (response.status_code, error["code"]) == (400, "missing_columns")
    assert error["message"].startswith("Thiếu cột bắt buộc: address, representative_gender. Cột không được hỗ trợ: fax. ")


def test_more_than_5000_rows_are_refused(client, commune_token):
    rows = [HEADER] + [["household", f"Hộ {n}", f"21C{n:07d}", "09193", "Thôn A", "Lê Văn B", "Nam", "", "", ""]
                       for n in range(imports.MAX_ROWS + 1)]

    response = post(client, PRODUCERS_URL, commune_token, csv_bytes(rows))

    error = response.json()["error"]
    assert (response.status_code, error["code"], error["message"]) == (
        400, "too_many_rows", "Tệp có hơn 5.000 dòng dữ liệu. Hãy chia thành nhiều tệp nhỏ hơn.")


def test_a_request_without_a_file_is_refused(client, commune_token):
    response = client.post(PRODUCERS_URL, {"dry_run": "true"}, HTTP_AUTHORIZATION=f"Token {commune_token}")

    assert (response.status_code, list(response.json()["error"]["details"])) == (400, ["file"])


# --- Who may import -------------------------------------------------------------------------------


def test_anonymous_is_asked_to_authenticate(client, bac_ninh_2020):
    response = post(client, PRODUCERS_URL, None, csv_bytes([HEADER, *GOOD]))

    assert (response.status_code, response.json()["error"]["code"]) == (401, "not_authenticated")


@pytest.mark.parametrize(("username", "message"), [
    ("chuthe.dinhbang", "API này dành cho cán bộ địa phương và cấp tỉnh."),
    ("uyvien.hoidong", "API này dành cho cán bộ địa phương và cấp tỉnh."),
    ("pheduyet", "Chỉ cán bộ địa phương và cán bộ cấp tỉnh được nhập dữ liệu từ tệp."),
    ("ketoan", "Chỉ cán bộ địa phương và cán bộ cấp tỉnh được nhập dữ liệu từ tệp."),
])
@pytest.mark.parametrize("url", [PRODUCERS_URL, PRODUCTS_URL])
def test_producers_council_members_approvers_and_finance_are_refused(client, bac_ninh_2020, username, message, url):
    client.force_login(bac_ninh_2020[username])

    response = post(client, url, None, csv_bytes([HEADER, *GOOD]), dry_run=False)

    assert (response.status_code, response.json()["error"]["message"]) == (403, message)
    assert imported(NEW_NUMBERS) == []


# --- Products -------------------------------------------------------------------------------------

PRODUCT_HEADER = ["producer_registration_number", "name", "product_set", "description"]
YEN_PHONG = "2302101234"  # Hợp tác xã Nông nghiệp sạch Yên Phong (today's Xã Yên Phong)
PRODUCTS_GOOD = [[YEN_PHONG, "Mật ong hoa nhãn Yên Phong", "7", "Mật ong nguyên chất"],
                 ["21b8002468", "Bánh gai Ngô Khê", "6", ""]]
PRODUCTS_BAD = [
    [YEN_PHONG, "Trà hoa cúc Yên Phong", "27", ""],
    ["9999999999", "Sản phẩm của chủ thể lạ", "7", ""],
    ["2300412345", "Sản phẩm của Đình Bảng", "2", ""],  # Đình Bảng (old Từ Sơn): outside the commune
    [YEN_PHONG, "Mật ong hoa nhãn Yên Phong", "7", ""],
    [YEN_PHONG, "Gạo nếp cái hoa vàng Yên Phong", "3", ""],  # already on the portal
    [YEN_PHONG, "", "bảy", ""],
]


def test_products_dry_run_lists_every_bad_row_then_the_clean_file_imports(client, bac_ninh_2020, commune_token):
    bad = csv_bytes([PRODUCT_HEADER, *PRODUCTS_GOOD, *PRODUCTS_BAD])
    good = xlsx_bytes([PRODUCT_HEADER, *[[n, name, int(s), d] for n, name, s, d in PRODUCTS_GOOD]])
    before = Product.objects.count()

    checked = post(client, PRODUCTS_URL, commune_token, bad, name="san_pham.csv")
    refused = post(client, PRODUCTS_URL, commune_token, bad, name="san_pham.csv", dry_run=False)
    count_after_refusal = Product.objects.count()
    done = post(client, PRODUCTS_URL, commune_token, good, name="san_pham.xlsx", dry_run=False)

    body = checked.json()
    assert (checked.status_code, body["valid"], body["rows"], body["created"]) == (200, False, 8, 0)
    assert [(e["row"], e["field"], e["message"]) for e in body["errors"]] == [
        (4, "product_set", "Bộ sản phẩm là một số từ 1 đến 26."),
        (5, "producer_registration_number", "Không có chủ thể nào mang số đăng ký này trong địa bàn bạn phụ trách."),
        (6, "producer_registration_number", "Không có chủ thể nào mang số đăng ký này trong địa bàn bạn phụ trách."),
        (7, "name", "Chủ thể này đã có sản phẩm cùng tên ở dòng 2 của tệp."),
        (8, "name", "Sản phẩm với thông tin Chủ thể và Tên sản phẩm đã tồn tại"),
        (9, "product_set", "Bộ sản phẩm là một số từ 1 đến 26."),
        (9, "name", "Trường này không được để trắng."),
    ]
    assert (refused.status_code, count_after_refusal) == (400, before)
    assert (done.status_code, done.json()["created"]) == (201, 2)
    assert sorted(Product.objects.filter(name__in=["Mật ong hoa nhãn Yên Phong", "Bánh gai Ngô Khê"])
                  .values_list("producer__registration_number", "name", "product_set__number", "description")) == [
        ("21B8002468", "Bánh gai Ngô Khê", 6, ""), (YEN_PHONG, "Mật ong hoa nhãn Yên Phong", 7, "Mật ong nguyên chất")]
    assert AuditEntry.objects.filter(action="products_import", actor=bac_ninh_2020["xa.yenphong"]).count() == 1


# --- The services, without the API ---------------------------------------------------------------


def test_the_service_takes_plain_dicts_and_keeps_nothing_on_a_dry_run(bac_ninh_2020):
    rows = [dict(zip(HEADER, GOOD[0], strict=True)), dict(zip(HEADER, BAD[2], strict=True))]

    report = imports.producers_import(rows=rows, actor=bac_ninh_2020["xa.yenphong"])

    assert report == {"dry_run": True, "valid": False, "rows": 2, "created": 0,
                      "errors": [{"row": 3, "field": "unit_code", "message": "Xã/phường này không thuộc địa bàn bạn phụ trách."}]}
    assert imported(["21B8009001"]) == []
