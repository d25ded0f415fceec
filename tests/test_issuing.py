"""Issuing recognition decisions and the referrals to the ministry, on the Bắc Ninh demo: a draft
prepared from a closed session, its review, its issue (certificates, product codes, PDFs requested,
nothing created twice), the ministry's answers and the province's own 3★/4★ recognition from a
central score below 90 (QĐ 26/2026, Điều 7.3–7.4)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from evaluations import services as ev
from evaluations import services_issuing as issuing
from evaluations.models import (
    Application,
    ApplicationStatus,
    Certificate,
    CouncilSession,
    MinistryAnswer,
    RecognitionDecision,
)
from evaluations.sheet_definitions import sheet_definition
from ocop_portal import demo_data as D
from ocop_portal.core import documents
from ocop_portal.core.models import AdministrativeUnit, Document, Role, UnitLevel
from tests.factories import (
    ApplicationFactory,
    CouncilFactory,
    ProducerFactory,
    ProductFactory,
    ResultFactory,
    RoundFactory,
    SessionFactory,
    user_with_role,
)

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

S = ApplicationStatus
SIGNED = datetime.date(2026, 12, 20)
DRAFT = {"number": "2100/QĐ-UBND", "signed_on": SIGNED, "signer_name": "Nguyễn Văn Thành",
         "signer_title": "Phó Chủ tịch UBND tỉnh"}


def form_data(values, prefix=""):
    dash = f"{prefix}-" if prefix else ""
    return {f"{dash}{k}": (f"{v:%Y-%m-%d}" if isinstance(v, datetime.date) else v) for k, v in values.items()}


def rows(content, testid):
    """The product names of a table on the page, in order."""
    if f'data-testid="{testid}"' not in content:
        return []
    table = content.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'class="row-link"[^>]*>([^<]+)<', table)


def page(client, url, **params):
    return client.get(url, params).content.decode()


@pytest.fixture
def province(bac_ninh_2020):
    return AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE, code="24", valid_from__isnull=False)


@pytest.fixture
def staff(bac_ninh_2020):
    return bac_ninh_2020["tinh.bacninh"]


@pytest.fixture
def pdf_kinds(monkeypatch):
    """The decision's and the certificate's document kinds: the ones `evaluations.documents`
    registers, or stand-ins until it does (the renders run after commit, never inside a test)."""
    from evaluations.models import Certificate as CertificateModel

    for name, model in (("recognition_decision", RecognitionDecision), ("certificate", CertificateModel)):
        if name not in documents.KINDS:
            monkeypatch.setitem(documents.KINDS, name, documents.DocumentKind(
                name=name, model=model, build=lambda obj, language: ("", {}, ""), can_read=lambda user, obj: True, label=name))


def make_session(province, *, name="Phiên thử", outcomes=(), rnd=None):
    """A closed 2026 session of today's Bắc Ninh with one result per (product, score, star):
    star 3/4 rated, 5 rated in the 5★ band (to be referred), None not achieved."""
    commune = AdministrativeUnit.objects.filter(parent=province, level=UnitLevel.COMMUNE).order_by("code").first()
    rnd = rnd or RoundFactory(province=province, name=f"Đợt thử {name}")
    session = SessionFactory(council=CouncilFactory(province=province), round=rnd, status="closed",
                             starts_on=datetime.date(2026, 12, 10), ends_on=datetime.date(2026, 12, 11))
    for product_name, score, star in outcomes:
        band = 5 if Decimal(score) >= 90 else 4 if Decimal(score) >= 70 else 3 if Decimal(score) >= 50 else 2
        producer = ProducerFactory(unit=commune, name=f"Chủ thể {product_name}")
        application = ApplicationFactory(product=ProductFactory(producer=producer, name=product_name), round=rnd, session=session,
                                         status=S.RATED if star else S.NOT_ACHIEVED)
        ResultFactory(application=application, session=session, score=score, band_star=band, star=star)
    return session


MIXED = [("Mật ong bạc hà", "80.50", 4), ("Chè Shan tuyết", "62.00", 3), ("Gạo nếp cái hoa vàng", "93.25", 5),
         ("Bánh phu thê", "45.00", None)]


@pytest.fixture
def session(province):
    return make_session(province, outcomes=MIXED)


@pytest.fixture
def referred(province, staff):
    """A product the province referred to the ministry (its decision issued)."""
    closed = make_session(province, name="đề nghị", outcomes=[("Rượu làng Vân", "95.00", 5), ("Tương Bần", "75.00", 4)])
    decision = issuing.decision_prepare(session=closed, actor=staff, **{**DRAFT, "number": "2200/QĐ-UBND"})
    issuing.decision_issue_draft(decision=decision, actor=staff)
    return Application.objects.get(product__name="Rượu làng Vân")


# --- Preparing a draft -------------------------------------------------------------------------


def test_prepare_is_refused_while_the_demo_2026_session_is_still_open(client, staff):
    open_session = CouncilSession.objects.get(round__name=D.ROUND_2026["name"], status="open")
    client.force_login(staff)

    with pytest.raises(ev.EvaluationError, match="phiên họp đã kết thúc"):
        issuing.decision_prepare(session=open_session, actor=staff, **DRAFT)
    content = page(client, reverse("evaluations:decision-prepare", args=[open_session.pk]))
    response = client.post(reverse("evaluations:decision-prepare", args=[open_session.pk]), form_data(DRAFT))

    assert "Phiên họp chưa kết thúc" in content and 'name="number"' not in content
    assert "Chỉ lập quyết định công nhận từ phiên họp đã kết thúc." in response.content.decode()
    assert RecognitionDecision.objects.filter(number=DRAFT["number"]).count() == 0


def test_prepare_makes_a_draft_linked_to_the_session_and_its_round(client, staff, session):
    client.force_login(staff)

    response = client.post(reverse("evaluations:decision-prepare", args=[session.pk]), form_data(DRAFT))

    decision = RecognitionDecision.objects.get(number=DRAFT["number"])
    assert response.url == reverse("evaluations:decision-detail", args=[decision.pk])
    assert (decision.status, decision.session, decision.round, decision.province, decision.issued_at) == (
        "draft", session, session.round, session.round.province, None)
    assert decision.certificates.count() == 0
    assert Application.objects.get(product__name="Mật ong bạc hà").status == S.RATED  # nothing moves before the issue


def test_the_draft_review_lists_exactly_what_the_decision_will_contain(client, staff, session):
    decision = issuing.decision_prepare(session=session, actor=staff, **DRAFT)
    client.force_login(staff)

    content = page(client, reverse("evaluations:decision-detail", args=[decision.pk]))

    # producers' names order the annex: "Chủ thể Chè …" before "Chủ thể Mật …"
    assert rows(content, "recognise") == ["Chè Shan tuyết", "Mật ong bạc hà"]
    assert rows(content, "refer") == ["Gạo nếp cái hoa vàng"]
    assert rows(content, "not-achieved") == ["Bánh phu thê"]
    recognise = content.split('data-testid="recognise"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'data-testid="score">([^<]+)<', recognise) == ["62,00", "80,50"]  # Vietnamese decimals
    assert re.findall(r'data-testid="star">([^<]+)<', recognise) == ["3★", "4★"]
    assert "Chủ thể Mật ong bạc hà" in recognise
    refer = content.split('data-testid="refer"', 1)[1].split("</table>", 1)[0]
    gao = Application.objects.get(product__name="Gạo nếp cái hoa vàng")
    assert reverse("evaluations:dossier-detail", args=[gao.pk]) in refer  # the dossier for the referral letter
    assert 'data-testid="issue-link"' in content


def test_a_decision_number_is_unique_in_the_province(client, staff, session, province, bac_ninh_2020):
    client.force_login(staff)
    taken = RecognitionDecision.objects.get(number=D.DECISION["number"])  # the 2020 demo decision, old Bắc Ninh 27
    other = make_session(province, name="khác", outcomes=[("Nem Bùi", "72.00", 4)])
    first = issuing.decision_prepare(session=other, actor=staff, **DRAFT)

    response = client.post(reverse("evaluations:decision-prepare", args=[session.pk]), form_data(DRAFT))
    elsewhere = issuing.decision_prepare(session=session, actor=staff, **{**DRAFT, "number": taken.number})

    content = response.content.decode()
    assert re.search(r'field__error[^>]*>Số quyết định “2100/QĐ-UBND” đã được dùng cho một quyết định khác của tỉnh '
                     r'\(ngày ký 20/12/2026\)\. Hãy nhập số khác\.<', content)
    assert RecognitionDecision.objects.filter(number=DRAFT["number"]).get() == first
    assert (elsewhere.number, elsewhere.province) == (taken.number, province)  # another province (27) used it


def test_prepare_is_refused_once_an_issued_decision_covers_the_session(client, staff, session, bac_ninh_2020):
    decision = issuing.decision_prepare(session=session, actor=staff, **DRAFT)
    with pytest.raises(ev.EvaluationError, match="đã có dự thảo quyết định số 2100/QĐ-UBND"):
        issuing.decision_prepare(session=session, actor=staff, **{**DRAFT, "number": "2101/QĐ-UBND"})
    issuing.decision_issue_draft(decision=decision, actor=staff)
    demo_2020 = CouncilSession.objects.get(round__name=D.ROUND["name"])
    client.force_login(staff)

    with pytest.raises(ev.EvaluationError) as refused:
        issuing.decision_prepare(session=session, actor=staff, **{**DRAFT, "number": "2101/QĐ-UBND"})
    content = page(client, reverse("evaluations:decision-prepare", args=[demo_2020.pk]))

    assert refused.value.messages == ["Kết quả của phiên họp này đã được công nhận tại Quyết định số 2100/QĐ-UBND ngày 20/12/2026."]
    assert "đã được công nhận tại Quyết định số 1502/QĐ-UBND (minh họa) ngày 15/10/2020" in content
    assert 'name="number"' not in content


def test_a_draft_is_edited_until_it_is_issued(client, staff, session):
    decision = issuing.decision_prepare(session=session, actor=staff, **DRAFT)
    client.force_login(staff)
    url = reverse("evaluations:decision-edit", args=[decision.pk])

    client.post(url, form_data({**DRAFT, "number": "2105/QĐ-UBND", "signer_name": "Trần Văn B"}))
    decision.refresh_from_db()
    issuing.decision_issue_draft(decision=decision, actor=staff)
    after = client.post(url, form_data({**DRAFT, "number": "9/QĐ-UBND"}))

    decision.refresh_from_db()
    assert (decision.number, decision.signer_name) == ("2105/QĐ-UBND", "Trần Văn B")
    assert "Quyết định đã ban hành, không sửa được nữa." in after.content.decode()
    with pytest.raises(ev.EvaluationError, match="không sửa được"):
        issuing.decision_update_draft(decision=decision, actor=staff, **DRAFT)


# --- Issuing -----------------------------------------------------------------------------------


def test_issuing_creates_the_certificates_refers_the_five_star_and_requests_every_pdf(client, staff, session, pdf_kinds):
    decision = issuing.decision_prepare(session=session, actor=staff, **DRAFT)
    client.force_login(staff)
    confirm = page(client, reverse("evaluations:decision-issue", args=[decision.pk]))

    response = client.post(reverse("evaluations:decision-issue", args=[decision.pk]))

    decision.refresh_from_db()
    certificates = list(decision.certificates.order_by("number").values_list("number", "star", "issued_on", "valid_until",
                                                                             "result__application__product__name"))
    statuses = dict(Application.objects.filter(session=session).values_list("product__name", "status"))
    assert "Ban hành sẽ cấp 2 giấy chứng nhận" in confirm and "Không thể hoàn tác." in confirm
    assert response.url == reverse("evaluations:decision-detail", args=[decision.pk])
    assert (decision.status, decision.issued_at is not None) == ("issued", True)
    assert certificates == [
        ("001/GCN-OCOP-24-2026", 3, SIGNED, datetime.date(2029, 12, 20), "Chè Shan tuyết"),
        ("002/GCN-OCOP-24-2026", 4, SIGNED, datetime.date(2029, 12, 20), "Mật ong bạc hà"),
    ]
    assert statuses == {"Chè Shan tuyết": S.RECOGNISED, "Mật ong bạc hà": S.RECOGNISED,
                        "Gạo nếp cái hoa vàng": S.REFERRED, "Bánh phu thê": S.NOT_ACHIEVED}
    assert Application.objects.get(product__name="Mật ong bạc hà").product.code.endswith("-002-2026")
    assert Application.objects.get(product__name="Gạo nếp cái hoa vàng").product.code is None
    certificate_ids = list(decision.certificates.values_list("pk", flat=True))
    pdfs = sorted(Document.objects.filter(Q(kind="recognition_decision", object_id=decision.pk)
                                          | Q(kind="certificate", object_id__in=certificate_ids)).values_list("kind", "object_id", "status"))
    assert pdfs == sorted([("recognition_decision", decision.pk, "waiting")] + [("certificate", pk, "waiting") for pk in certificate_ids])


def test_issuing_twice_creates_nothing_new(client, staff, session, pdf_kinds):
    decision = issuing.decision_prepare(session=session, actor=staff, **DRAFT)
    client.force_login(staff)
    url = reverse("evaluations:decision-issue", args=[decision.pk])
    client.post(url)
    counts = (Certificate.objects.count(), Document.objects.count())

    second = client.post(url, follow=True)  # a double click, or the same draft open in another tab
    with pytest.raises(ev.EvaluationError) as again:
        issuing.decision_issue_draft(decision=RecognitionDecision.objects.get(pk=decision.pk), actor=staff)

    assert (Certificate.objects.count(), Document.objects.count()) == counts
    assert "đã được ban hành lúc" in second.content.decode() and "không có giấy chứng nhận nào được tạo thêm" in second.content.decode()
    assert again.value.code == "already_issued"


def test_without_the_document_kinds_issuing_still_creates_the_certificates(staff, session, monkeypatch):
    for name in ("recognition_decision", "certificate"):
        if name in documents.KINDS:
            monkeypatch.delitem(documents.KINDS, name)
    decision = issuing.decision_prepare(session=session, actor=staff, **DRAFT)

    issuing.decision_issue_draft(decision=decision, actor=staff)

    certificate_ids = list(decision.certificates.values_list("pk", flat=True))
    assert (len(certificate_ids), Document.objects.filter(kind="certificate", object_id__in=certificate_ids).count()) == (2, 0)


def test_the_progress_counts_the_certificates_whose_pdf_is_ready_and_polls_while_some_wait(client, staff, session, pdf_kinds):
    decision = issuing.decision_prepare(session=session, actor=staff, **DRAFT)
    issuing.decision_issue_draft(decision=decision, actor=staff)
    client.force_login(staff)
    url = reverse("evaluations:decision-progress", args=[decision.pk])
    certificate_ids = list(decision.certificates.order_by("number").values_list("pk", flat=True))
    ready = {"status": "ready", "sha256": "0" * 64, "size": 1, "rendered_at": timezone.now()}

    waiting = page(client, url)
    Document.objects.filter(kind="certificate", object_id=certificate_ids[0]).update(**ready)
    half = page(client, url)
    Document.objects.filter(kind="certificate", object_id__in=certificate_ids).update(**ready)
    done = page(client, reverse("evaluations:decision-detail", args=[decision.pk]))

    assert re.findall(r'data-testid="progress-text">([^<]+)<', waiting) == ["0/2 giấy chứng nhận đã tạo PDF"]
    assert f'hx-get="{url}"' in waiting
    assert re.findall(r'data-testid="progress-text">([^<]+)<', half) == ["1/2 giấy chứng nhận đã tạo PDF"]
    assert re.findall(r'data-testid="progress-text">([^<]+)<', done) == ["2/2 giấy chứng nhận đã tạo PDF"]
    assert f'hx-get="{url}"' not in done and done.count('data-testid="certificate-pdf"') == 2


def test_the_demo_2026_session_closed_with_top_scores_refers_all_its_products(client, staff, bac_ninh_2020):
    open_session = CouncilSession.objects.select_related("council").get(round__name=D.ROUND_2026["name"], status="open")
    for application in open_session.applications.select_related("sheet"):
        sheet = sheet_definition(application.sheet)
        best = {c.id: max(c.options, key=lambda o: o.points).id for c in sheet.criteria}
        for member in open_session.council.members.filter(voting=True).select_related("user"):
            card = ev.scorecard_choose(session=open_session, application=application, member=member, choices=best, actor=member.user)
            ev.scorecard_submit(scorecard=card, actor=member.user)
    ev.session_close(session=open_session, actor=bac_ninh_2020["chutich.hoidong"])
    decision = issuing.decision_prepare(session=open_session, actor=staff, **DRAFT)
    client.force_login(staff)

    review = page(client, reverse("evaluations:decision-detail", args=[decision.pk]))
    issuing.decision_issue_draft(decision=decision, actor=staff)
    referrals = page(client, reverse("evaluations:referral-list", args=[open_session.round.pk]))

    products = sorted(open_session.applications.values_list("product__name", flat=True))
    assert (rows(review, "recognise"), sorted(rows(review, "refer"))) == ([], products)
    assert decision.certificates.count() == 0
    assert sorted(rows(referrals, "referrals")) == products
    assert set(open_session.applications.values_list("status", flat=True)) == {S.REFERRED}


# --- The ministry's answers --------------------------------------------------------------------


def test_the_ministrys_five_star_answer_is_recorded_and_the_dossier_stays_referred(client, staff, referred):
    client.force_login(staff)
    url = reverse("evaluations:ministry-answer", args=[referred.pk])
    answer = {"outcome": "five_star", "decision_number": "1234/QĐ-BNNMT", "decision_date": datetime.date(2027, 3, 30),
              "central_score": "92.50", "certificate_number": "05/GCN-OCOP-TW-2027"}

    missing = client.post(url, form_data({**answer, "certificate_number": ""}, "answer"))
    client.post(url, form_data(answer, "answer"))
    content = page(client, reverse("evaluations:referral-detail", args=[referred.pk]))

    recorded = MinistryAnswer.objects.get(application=referred)
    referred.refresh_from_db()
    assert "Hãy nhập số giấy chứng nhận 5 sao của Bộ." in missing.content.decode()
    assert (recorded.outcome, recorded.decision_number, recorded.central_score, recorded.certificate_number, recorded.recorded_by) == (
        "five_star", "1234/QĐ-BNNMT", Decimal("92.50"), "05/GCN-OCOP-TW-2027", staff)
    assert referred.status == S.REFERRED
    assert "05/GCN-OCOP-TW-2027" in content and 'data-testid="answer-form"' not in content
    assert 'data-testid="recognise-form"' not in content
    with pytest.raises(ev.EvaluationError, match="Đã ghi kết quả của Bộ"):
        issuing.ministry_answer_record(application=referred, actor=staff, **{**answer, "central_score": Decimal("92.50")})
    with pytest.raises(ev.EvaluationError, match="3 sao, 4 sao khi Bộ trả lời"):
        issuing.referral_recognise_locally(application=referred, star=4, decision=RecognitionDecision(**DRAFT), actor=staff)


def test_a_below_90_answer_needs_a_score_under_90(staff, referred):
    answer = {"outcome": "below_90", "decision_number": "1235/QĐ-BNNMT", "decision_date": datetime.date(2027, 3, 30)}

    with pytest.raises(ev.EvaluationError) as at_90:
        issuing.ministry_answer_record(application=referred, actor=staff, central_score=Decimal("90.00"), **answer)
    recorded = issuing.ministry_answer_record(application=referred, actor=staff, central_score=Decimal("89.99"), **answer)

    assert at_90.value.message_dict == {"central_score": ["Điểm từ 90 trở lên: hãy chọn kết quả “Công nhận 5 sao”."]}
    assert (recorded.outcome, recorded.central_score) == ("below_90", Decimal("89.99"))


@pytest.mark.parametrize(("score", "star", "allowed"), [
    ("89.99", 4, True), ("70.00", 4, True), ("69.99", 4, False), ("69.99", 3, True), ("50.00", 3, True), ("49.99", 3, False),
    ("80.00", 5, False),
])
def test_the_province_recognises_within_the_central_scores_band(staff, referred, score, star, allowed, pdf_kinds):
    issuing.ministry_answer_record(application=referred, outcome="below_90", decision_number="1236/QĐ-BNNMT",
                                   decision_date=datetime.date(2027, 3, 30), central_score=Decimal(score), actor=staff)
    decision = RecognitionDecision(number="310/QĐ-UBND", signed_on=datetime.date(2027, 4, 15), signer_name="Nguyễn Văn Thành",
                                   signer_title="Phó Chủ tịch UBND tỉnh")

    if not allowed:
        with pytest.raises(ev.EvaluationError) as refused:
            issuing.referral_recognise_locally(application=referred, star=star, decision=decision, actor=staff)
        referred.refresh_from_db()
        assert "star" in refused.value.message_dict
        assert (referred.status, Certificate.objects.filter(result__application=referred).count()) == (S.REFERRED, 0)
        return
    certificate = issuing.referral_recognise_locally(application=referred, star=star, decision=decision, actor=staff)

    referred.refresh_from_db()
    assert (certificate.star, certificate.result.application, certificate.decision.number, certificate.decision.status) == (
        star, referred, "310/QĐ-UBND", "issued")
    assert (certificate.issued_on, certificate.valid_until, certificate.number) == (
        datetime.date(2027, 4, 15), datetime.date(2030, 4, 15), "001/GCN-OCOP-24-2027")
    assert referred.status == S.RECOGNISED
    assert Document.objects.filter(kind="certificate", object_id=certificate.pk).count() == 1


def test_the_local_recognition_page_offers_the_stars_of_the_band_and_records_it(client, staff, referred, pdf_kinds):
    issuing.ministry_answer_record(application=referred, outcome="below_90", decision_number="1236/QĐ-BNNMT",
                                   decision_date=datetime.date(2027, 3, 30), central_score=Decimal("65.50"), actor=staff)
    client.force_login(staff)
    url = reverse("evaluations:referral-detail", args=[referred.pk])
    recognise = reverse("evaluations:referral-recognise", args=[referred.pk])
    new_decision = {"number": "311/QĐ-UBND", "signed_on": datetime.date(2027, 4, 15), "signer_name": "Nguyễn Văn Thành",
                    "signer_title": "Phó Chủ tịch UBND tỉnh"}

    before = page(client, url)
    refused = client.post(recognise, form_data({**new_decision, "star": 4}, "recognise")).content.decode()
    client.post(recognise, form_data({**new_decision, "star": 3}, "recognise"))
    after = page(client, url)

    assert re.findall(r'name="recognise-star" value="(\d)"', before) == ["3"]
    assert "Điểm cấp trung ương 65.50 chỉ cho phép công nhận 3★." in refused
    assert "Đã công nhận 3★: giấy chứng nhận số 001/GCN-OCOP-24-2027, Quyết định số 311/QĐ-UBND." in after
    assert 'data-testid="recognise-form"' not in after


# --- Who may do what -----------------------------------------------------------------------------


def test_only_the_provincial_staff_of_the_province_prepare_issue_and_record(client, bac_ninh_2020, session, referred, province):
    decision = issuing.decision_prepare(session=session, actor=bac_ninh_2020["tinh.bacninh"], **DRAFT)
    outsider = user_with_role(Role.PROVINCIAL_STAFF)
    answer = form_data({"outcome": "five_star", "decision_number": "1/QĐ-BNNMT", "decision_date": datetime.date(2027, 1, 5),
                        "certificate_number": "1/GCN"}, "answer")
    got = {}

    for name, user in (("approver", bac_ninh_2020["pheduyet"]), ("local", bac_ninh_2020["xa.yenphong"]), ("outsider", outsider)):
        client.force_login(user)
        got[name] = (
            client.post(reverse("evaluations:decision-prepare", args=[session.pk]), form_data(DRAFT)).status_code,
            client.post(reverse("evaluations:decision-issue", args=[decision.pk])).status_code,
            client.get(reverse("evaluations:decision-detail", args=[decision.pk])).status_code,
            client.get(reverse("evaluations:referral-detail", args=[referred.pk])).status_code,
            client.post(reverse("evaluations:ministry-answer", args=[referred.pk]), answer).status_code,
        )

    # the approver follows (sees the draft and the referral) but does not act; a commune officer
    # sees the session but neither the draft nor a dossier outside the commune; another province
    # sees nothing
    assert got == {"approver": (403, 403, 200, 200, 403), "local": (403, 404, 404, 404, 404), "outsider": (404, 404, 404, 404, 404)}
    decision.refresh_from_db()
    assert (decision.status, MinistryAnswer.objects.count()) == ("draft", 0)


def test_the_round_page_links_to_its_decisions_and_the_list_shows_their_status(client, staff, session):
    draft = issuing.decision_prepare(session=session, actor=staff, **DRAFT)
    client.force_login(staff)

    round_page = page(client, reverse("evaluations:round-detail", args=[session.round.pk]))
    listed = page(client, reverse("evaluations:decision-list", args=[session.round.pk]))

    assert reverse("evaluations:decision-list", args=[session.round.pk]) in round_page
    assert rows(listed, "decisions") == [draft.number]
    assert re.findall(r'data-testid="decision-status">([^<]+)<', listed) == ["Dự thảo"]


# --- Query counts: constant as rows grow ----------------------------------------------------------


def _issued_sessions(province, staff, n):
    """A round with n closed sessions, each recognised by its own issued decision (one 4★, one
    referred)."""
    rnd = RoundFactory(province=province, name="Đợt đếm")
    for i in range(n):
        closed = make_session(province, outcomes=[(f"Sản phẩm đếm {i}", "75.00", 4), (f"Sản phẩm năm sao {i}", "95.00", 5)], rnd=rnd)
        decision = issuing.decision_prepare(session=closed, actor=staff, **{**DRAFT, "number": f"{i}/QĐ-ĐẾM"})
        issuing.decision_issue_draft(decision=decision, actor=staff)
    return rnd


@pytest.mark.parametrize("n", [1, 3])
def test_the_decision_list_costs_the_same_for_one_or_three_decisions(client, staff, province, django_assert_num_queries, n):
    rnd = _issued_sessions(province, staff, n)
    client.force_login(staff)
    url = reverse("evaluations:decision-list", args=[rnd.pk])

    with django_assert_num_queries(17):
        content = page(client, url)

    assert len(rows(content, "decisions")) == n


@pytest.mark.parametrize("n", [1, 3])
def test_the_referral_list_costs_the_same_for_one_or_three_referrals(client, staff, province, django_assert_num_queries, n):
    rnd = _issued_sessions(province, staff, n)
    client.force_login(staff)
    url = reverse("evaluations:referral-list", args=[rnd.pk])

    with django_assert_num_queries(17):
        content = page(client, url)

    assert len(rows(content, "referrals")) == n


@pytest.mark.parametrize("n", [1, 3])
def test_an_issued_decision_with_one_or_three_certificates_costs_the_same(client, staff, province, django_assert_num_queries, n,
                                                                        pdf_kinds):
    closed = make_session(province, name="chứng nhận", outcomes=[(f"Sản phẩm {i}", "75.00", 4) for i in range(n)])
    decision = issuing.decision_prepare(session=closed, actor=staff, **DRAFT)
    issuing.decision_issue_draft(decision=decision, actor=staff)
    client.force_login(staff)

    with django_assert_num_queries(20):
        content = page(client, reverse("evaluations:decision-detail", args=[decision.pk]))
    with django_assert_num_queries(14):
        progress = page(client, reverse("evaluations:decision-progress", args=[decision.pk]))

    assert (content.count('data-testid="certificate-row"'), progress.count('data-testid="certificate-row"')) == (n, n)


def test_an_upgrades_certificate_supersedes_the_one_the_product_held(staff, province):
    from evaluations.services_issuing import decision_issue_draft, decision_prepare

    first = make_session(province, name="Lần đầu", outcomes=[("Mật ong bạc hà", "65.00", 3)])
    decision_issue_draft(decision=decision_prepare(session=first, number="1/QĐ-THỬ", signed_on=datetime.date(2026, 12, 12),
                                                   signer_name="Lê Văn A", signer_title="Phó Chủ tịch", actor=staff), actor=staff)
    old = Certificate.objects.get(result__session=first)
    product = old.result.application.product
    later = make_session(province, name="Nâng hạng")
    application = ApplicationFactory(product=product, round=later.round, session=later, status=S.RATED, kind="upgrade")
    ResultFactory(application=application, session=later, score="78.00", band_star=4, star=4)

    decision_issue_draft(decision=decision_prepare(session=later, number="2/QĐ-THỬ", signed_on=datetime.date(2026, 12, 20),
                                                   signer_name="Lê Văn A", signer_title="Phó Chủ tịch", actor=staff), actor=staff)

    new = Certificate.objects.get(result__session=later)
    old.refresh_from_db()
    assert (old.status, old.superseded_by_id, old.ended_on) == ("superseded", new.pk, datetime.date(2026, 12, 20))
    assert (new.status, new.star) == ("valid", 4)


def test_a_first_rating_supersedes_nothing(staff, session):
    from evaluations.services_issuing import decision_issue_draft, decision_prepare

    decision_issue_draft(decision=decision_prepare(session=session, number="3/QĐ-THỬ", signed_on=datetime.date(2026, 12, 12),
                                                   signer_name="Lê Văn A", signer_title="Phó Chủ tịch", actor=staff), actor=staff)

    assert not Certificate.objects.filter(status="superseded").exists()
