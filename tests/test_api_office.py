"""The office API (/api/v1/): every resource scoped to the token's territory (another commune's
object is 404, a list filter on another unit finds nothing), producers and anonymous callers
refused, query counts that do not grow with the page, server-owned fields that cannot be written,
`If-Match` so two offices never overwrite each other, and the whole flow a commune office runs
for a household producer: register it, its product and its dossier, self-assess, upload, submit,
pre-check, forward (or return)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter

from evaluations.models import Application, ApplicationStatus, EvaluationRound, EvidenceFile, Result
from producers.models import Producer, Product

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

YEN_PHONG = "xa.yenphong"  # commune office of Xã Yên Phong (09193), 2026
GIA_BINH = "xa.giabinh"  # commune office of Xã Gia Bình (09454), 2026
TU_SON = "huyen.tuson"  # district office of Từ Sơn, 2020


@pytest.fixture
def call(client, bac_ninh_2020, api_token):
    tokens = {}

    def call(username, method, url, data=None, headers=None, **kwargs):
        if username not in tokens:
            tokens[username] = api_token(bac_ninh_2020[username])
        extra = {"HTTP_AUTHORIZATION": f"Token {tokens[username]}"}
        for name, value in (headers or {}).items():
            extra["HTTP_" + name.upper().replace("-", "_")] = value
        if method == "get":
            return client.get(url, data or {}, **extra)
        if kwargs.get("multipart"):
            return client.post(url, data or {}, **extra)
        return getattr(client, method)(url, data, content_type="application/json", **extra)

    return call


def pdf_upload(name="giay-chung-nhan.pdf"):
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


def yen_phong_dossier():
    return Application.objects.get(product__name="Giò bò Yên Phong")  # submitted, waiting for the commune office


# --- Scope: every resource -----------------------------------------------------------------------

# (list route, a function giving an object of Xã Yên Phong's territory the Gia Bình office must not see)
SCOPED = [
    ("api:producer", lambda: Producer.objects.get(registration_number="21B8002468")),
    ("api:product", lambda: Product.objects.get(name="Giò bò Yên Phong")),
    ("api:application", yen_phong_dossier),
    ("api:document", None),
]


@pytest.mark.parametrize(("route", "pick"), [s for s in SCOPED if s[1]], ids=[s[0] for s in SCOPED if s[1]])
def test_the_owner_office_reads_its_object_and_the_next_commune_gets_404(call, route, pick):
    obj = pick()
    url = reverse(f"{route}-detail", kwargs={"pk": obj.pk})

    mine = call(YEN_PHONG, "get", url)
    theirs = call(GIA_BINH, "get", url)

    assert (mine.status_code, mine.json()["id"]) == (200, obj.pk)
    assert mine["ETag"].startswith('"')
    assert theirs.status_code == 404
    assert theirs.json()["error"]["code"] == "not_found"


LISTS = ["api:unit-list", "api:producer-list", "api:product-list", "api:application-list", "api:document-list",
         "api:round-list", "api:council-list", "api:session-list", "api:result-list"]


@pytest.mark.parametrize("route", LISTS)
def test_producers_and_council_members_are_refused_and_anonymous_asked_for_credentials(client, bac_ninh_2020, route):
    anonymous = client.get(reverse(route))
    client.force_login(bac_ninh_2020["chuthe.dinhbang"])
    producer = client.get(reverse(route))
    client.force_login(bac_ninh_2020["uyvien.hoidong"])
    member = client.get(reverse(route))

    assert (anonymous.status_code, producer.status_code, member.status_code) == (401, 403, 403)
    assert producer.json()["error"]["message"] == "API này dành cho cán bộ địa phương và cấp tỉnh."


def test_each_office_lists_only_its_communes_producers(call):
    yen_phong = call(YEN_PHONG, "get", reverse("api:producer-list")).json()
    gia_binh = call(GIA_BINH, "get", reverse("api:producer-list")).json()

    assert sorted(p["name"] for p in yen_phong["results"]) == ["Hộ kinh doanh Trần Văn Sơn",
                                                                "Hợp tác xã Nông nghiệp sạch Yên Phong"]
    assert [p["name"] for p in gia_binh["results"]] == ["Hợp tác xã Mật ong Gia Bình"]


def test_a_filter_on_another_communes_code_finds_nothing_rather_than_an_error(call):
    own = call(YEN_PHONG, "get", reverse("api:application-list"), {"unit": "09193"})
    other = call(YEN_PHONG, "get", reverse("api:application-list"), {"unit": "09454"})

    assert own.status_code == other.status_code == 200
    assert own.json()["count"] == 3  # the draft is the producer's own: not listed
    assert other.json() == {"count": 0, "next": None, "previous": None, "results": []}


def test_the_province_lists_the_dossiers_of_a_year_with_their_status_and_history(call):
    body = call("tinh.bacninh", "get", reverse("api:application-list"), {"year": 2020, "page_size": 100}).json()

    assert body["count"] == 36
    row = body["results"][0]
    assert [h["to_status"] for h in row["history"]][:4] == ["draft", "submitted", "forwarded", "eligible"]
    assert row["history"][-1]["to_status"] == row["status"]


def test_a_page_holds_at_most_100_rows(call):
    from tests.factories import UnitFactory

    UnitFactory.create_batch(30)  # 110 units and more

    body = call("tinh.bacninh", "get", reverse("api:unit-list"), {"page_size": 1000}).json()

    assert body["count"] > 100
    assert len(body["results"]) == 100
    assert "page=2" in body["next"]


def test_results_appear_once_the_session_is_closed(call):
    tu_son = call(TU_SON, "get", reverse("api:result-list"), {"year": 2020}).json()
    current = call(YEN_PHONG, "get", reverse("api:result-list"), {"year": 2026}).json()

    assert tu_son["count"] == Result.objects.filter(application__product__producer__unit__code__in=["261"]).count() or tu_son["count"] > 0
    first = tu_son["results"][0]
    assert first["star"] in (3, 4)
    assert first["explanation"]["band"]["message"].startswith("Điểm ")
    assert current["count"] == 0  # the 2026 session is open: nothing frozen yet


# --- Query counts: the same for a page of 1 and a page of 3 ---------------------------------------------


@pytest.mark.parametrize(("route", "queries"), [
    # token, user's roles, the territory's lineage (2), count, page, then what the rows need (prefetches, history)
    ("api:unit-list", 8), ("api:producer-list", 8), ("api:product-list", 8), ("api:application-list", 10),
    ("api:round-list", 9), ("api:council-list", 9), ("api:session-list", 8), ("api:result-list", 12),
    ("api:document-list", 9),
])
def test_a_lists_queries_do_not_grow_with_its_page(call, django_assert_num_queries, route, queries):
    user = "tinh.bacninh"
    if route == "api:document-list":
        EvidenceFile.objects.bulk_create([EvidenceFile(application=yen_phong_dossier(), original_name=f"{i}.pdf",
                                                       content_type="application/pdf", size=10, sha256=str(i) * 64,
                                                       file=f"x/{i}.pdf") for i in range(3)])
    if route in ("api:round-list", "api:council-list"):  # the demo has two of each in Bắc Ninh
        from ocop_portal.core.models import AdministrativeUnit
        from tests.factories import CouncilFactory, RoundFactory

        province = AdministrativeUnit.objects.get(code="24", level="province")
        RoundFactory(province=province) if route == "api:round-list" else CouncilFactory(province=province)
    call(user, "get", reverse(route), {"page_size": 1})  # the token's first use is recorded once

    with django_assert_num_queries(queries):
        one = call(user, "get", reverse(route), {"page_size": 1})
    with django_assert_num_queries(queries):
        three = call(user, "get", reverse(route), {"page_size": 3})

    assert (len(one.json()["results"]), len(three.json()["results"])) == (1, 3)


# --- Writes ---------------------------------------------------------------------------------------------

HOUSEHOLD = {
    "kind": "household", "name": "Hộ kinh doanh Nguyễn Văn Tám", "registration_number": "21b8009999", "unit_code": "09193",
    "address": "Thôn Phú Mẫn, xã Yên Phong", "representative_name": "Nguyễn Văn Tám", "representative_gender": "male",
    "phone": "0912345678",
}


def test_the_commune_office_runs_the_whole_flow_for_a_household(call):
    producer = call(YEN_PHONG, "post", reverse("api:producer-list"), HOUSEHOLD)
    assert producer.status_code == 201, producer.json()
    assert (producer.json()["registration_number"], producer.json()["confirmed"]) == ("21B8009999", True)
    round_2026 = EvaluationRound.objects.get(year=2026)

    created = call(YEN_PHONG, "post", reverse("api:application-list"), {
        "round_id": round_2026.pk, "producer_id": producer.json()["id"],
        "new_product": {"name": "Bánh gai Phú Mẫn", "product_set_number": 6}})
    assert created.status_code == 201, created.json()
    dossier = created.json()
    assert (dossier["status"], dossier["prepared_by_office"], dossier["product"]["name"]) == ("draft", True, "Bánh gai Phú Mẫn")
    url = reverse("api:application-self-assessment", kwargs={"pk": dossier["id"]})

    sheet = call(YEN_PHONG, "get", url)
    answers = [{"criterion_code": c["code"], "option_id": max(c["options"], key=lambda o: o["points"])["id"],
                "description": "Có giấy tờ kèm theo"} for c in sheet.json()["criteria"]]
    saved = call(YEN_PHONG, "put", url, {"product_spec": "Hộp 10 chiếc, 500 g", "history": "Làm từ năm 1995",
                                         "answers": answers}, headers={"If-Match": sheet["ETag"]})
    assert saved.status_code == 200, saved.json()
    assert (saved.json()["missing"], saved.json()["missing_to_submit"]) == ([], [])
    assert saved.json()["total"] > 0

    upload = call(YEN_PHONG, "post", reverse("api:document-list"),
                  {"application_id": dossier["id"], "file": pdf_upload(), "description": "Giấy chứng nhận ATTP"}, multipart=True)
    assert upload.status_code == 201, upload.json()
    assert upload.json()["download_url"].endswith(f"/files/evidence/{upload.json()['id']}/")

    submitted = call(YEN_PHONG, "post", reverse("api:application-submit", kwargs={"pk": dossier["id"]}))
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["receipt_number"]

    precheck_url = reverse("api:application-precheck", kwargs={"pk": dossier["id"]})
    report = call(YEN_PHONG, "get", precheck_url)
    saved = call(YEN_PHONG, "put", precheck_url, {
        "complete": True, "local_materials": "Gạo nếp địa phương", "local_labour": "4 lao động trong thôn",
        "idea_origin": "Nghề truyền thống", "local_identity": "Bánh gai làng Phú Mẫn", "samples_received": 5},
        headers={"If-Match": report["ETag"]})
    assert saved.status_code == 200, saved.json()
    assert saved.json()["problems"] == []

    forwarded = call(YEN_PHONG, "post", reverse("api:application-forward", kwargs={"pk": dossier["id"]}))
    assert forwarded.status_code == 200, forwarded.json()
    assert forwarded.json()["status"] == "forwarded"
    assert [h["to_status"] for h in forwarded.json()["history"]] == ["draft", "submitted", "forwarded"]
    assert {h["actor"] for h in forwarded.json()["history"]} == {"Cán bộ Phòng Kinh tế xã Yên Phong"}
    assert call(GIA_BINH, "get", reverse("api:application-detail", kwargs={"pk": dossier["id"]})).status_code == 404


def test_a_dossier_handed_in_without_its_self_assessment_is_refused_with_what_is_missing(call):
    producer = call(YEN_PHONG, "post", reverse("api:producer-list"), HOUSEHOLD).json()
    dossier = call(YEN_PHONG, "post", reverse("api:application-list"), {
        "round_id": EvaluationRound.objects.get(year=2026).pk, "producer_id": producer["id"],
        "new_product": {"name": "Bánh gai Phú Mẫn", "product_set_number": 6}}).json()

    response = call(YEN_PHONG, "post", reverse("api:application-submit", kwargs={"pk": dossier["id"]}))

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "incomplete"
    assert any("Chưa điền" in m for m in response.json()["error"]["details"]["non_field_errors"])
    assert Application.objects.get(pk=dossier["id"]).status == ApplicationStatus.DRAFT


def test_the_office_returns_a_dossier_with_its_reason_and_a_second_return_is_refused(call):
    dossier = yen_phong_dossier()
    url = reverse("api:application-return", kwargs={"pk": dossier.pk})

    empty = call(YEN_PHONG, "post", url, {"reason": ""})
    first = call(YEN_PHONG, "post", url, {"reason": "Thiếu phiếu kiểm nghiệm"})
    second = call(YEN_PHONG, "post", url, {"reason": "Bấm hai lần"})

    assert empty.status_code == 400
    assert empty.json()["error"]["details"]["reason"]
    assert (first.status_code, first.json()["status"], first.json()["decision_reason"]) == (200, "returned", "Thiếu phiếu kiểm nghiệm")
    assert second.status_code == 400
    assert second.json()["error"]["code"] == "transition_not_allowed"


def test_another_office_cannot_act_on_a_dossier_it_cannot_see(call):
    dossier = yen_phong_dossier()

    response = call(GIA_BINH, "post", reverse("api:application-forward", kwargs={"pk": dossier.pk}))

    assert response.status_code == 404
    assert Application.objects.get(pk=dossier.pk).status == ApplicationStatus.SUBMITTED


def test_the_office_cannot_edit_a_dossier_the_producer_prepares_itself(call):
    draft = Application.objects.get(product__name="Dưa lê Yên Phong")  # the producer's own draft: not even visible
    submitted = yen_phong_dossier()

    hidden = call(YEN_PHONG, "get", reverse("api:application-self-assessment", kwargs={"pk": draft.pk}))
    refused = call(YEN_PHONG, "post", reverse("api:application-submit", kwargs={"pk": submitted.pk}))

    assert hidden.status_code == 404
    assert refused.status_code == 403


def test_a_producer_outside_the_offices_commune_is_refused(call):
    response = call(YEN_PHONG, "post", reverse("api:producer-list"), {**HOUSEHOLD, "unit_code": "09454"})

    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"unit": ["Địa bàn này không thuộc địa bàn bạn phụ trách."]}
    assert not Producer.objects.filter(registration_number="21B8009999").exists()


def test_field_errors_come_in_the_callers_language(call):
    vi = call(YEN_PHONG, "post", reverse("api:producer-list"), {**HOUSEHOLD, "kind": "hang-xom"})
    en = call(YEN_PHONG, "post", reverse("api:producer-list"), {**HOUSEHOLD, "kind": "hang-xom"},
              headers={"Accept-Language": "en"})

    assert vi.json()["error"]["message"] == "Dữ liệu gửi lên không hợp lệ."
    assert en.json()["error"]["message"] == "The submitted data is not valid."
    assert en.json()["error"]["details"]["kind"] == ['"hang-xom" is not a valid choice.']


def test_server_owned_fields_cannot_be_written(call):
    response = call(YEN_PHONG, "post", reverse("api:producer-list"), {
        **HOUSEHOLD, "id": 999999, "confirmed": False, "confirmed_at": "2000-01-01T00:00:00Z", "created_at": "2000-01-01"})
    producer = Producer.objects.get(pk=response.json()["id"])
    dossier = yen_phong_dossier()
    patched = call(YEN_PHONG, "patch", reverse("api:application-detail", kwargs={"pk": dossier.pk}),
                   {"status": "eligible"})

    assert response.status_code == 201
    assert producer.pk != 999999
    assert producer.confirmed_at.year >= 2026
    assert patched.status_code == 405
    assert Application.objects.get(pk=dossier.pk).status == ApplicationStatus.SUBMITTED


# --- Two offices, one producer: If-Match -------------------------------------------------------------


def test_a_change_needs_the_etag_and_a_stale_one_is_refused(call):
    producer = Producer.objects.get(registration_number="21B8002468")
    url = reverse("api:producer-detail", kwargs={"pk": producer.pk})
    read_by_one = call(YEN_PHONG, "get", url)["ETag"]
    read_by_other = call("tinh.bacninh", "get", url)["ETag"]

    missing = call(YEN_PHONG, "patch", url, {"phone": "0900000001"})
    first = call(YEN_PHONG, "patch", url, {"phone": "0900000001"}, headers={"If-Match": read_by_one})
    stale = call("tinh.bacninh", "patch", url, {"phone": "0900000002"}, headers={"If-Match": read_by_other})

    assert (missing.status_code, missing.json()["error"]["code"]) == (428, "precondition_required")
    assert (first.status_code, first.json()["phone"]) == (200, "0900000001")
    assert first["ETag"] != read_by_one
    assert (stale.status_code, stale.json()["error"]["code"]) == (412, "precondition_failed")
    assert Producer.objects.get(pk=producer.pk).phone == "0900000001"


def test_a_confirmed_producers_registration_number_stays(call):
    producer = Producer.objects.get(registration_number="21B8002468")
    url = reverse("api:producer-detail", kwargs={"pk": producer.pk})
    etag = call(YEN_PHONG, "get", url)["ETag"]

    response = call(YEN_PHONG, "patch", url, {"registration_number": "21B8000000"}, headers={"If-Match": etag})

    assert response.status_code == 400
    assert "registration_number" in response.json()["error"]["details"]
    assert Producer.objects.get(pk=producer.pk).registration_number == "21B8002468"
