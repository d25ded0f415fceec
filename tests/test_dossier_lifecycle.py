"""A dossier between the producer, the local office and the province, on the Bắc Ninh demo: the
local office's Mẫu 03 before it forwards, the province's return for completion (straight back to
the province, or through a new pre-check), the advisory team's requests, every submitted version
kept and compared, an ineligible dossier carried into a later round, and the producer told by
email of every move, in their language."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from evaluations import services as ev
from evaluations.models import Application, DossierVersion, EvaluationRound, Precheck, SelfAssessmentAnswer

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

MAU_03 = {"complete": "on", "local_materials": "Thịt bò mua của các hộ chăn nuôi trong xã.",
          "local_labour": "6 lao động, đều là người trong xã.", "idea_origin": "Nghề truyền thống của làng Ngô Khê.",
          "local_identity": "Giò bò giã tay theo cách của làng."}


def dossier(product_name):
    return Application.objects.select_related("product__producer", "round", "sheet").get(product__name=product_name)


def login(client, users, username):
    client.force_login(users[username])
    return users[username]


def problems(content):
    block = content.split('data-testid="precheck-problems"', 1)[1].split("</div>", 1)[0] if "precheck-problems" in content else ""
    return re.findall(r"<li>([^<]+)</li>", block)


# --- Mẫu 03 ------------------------------------------------------------------------------------


def test_the_officer_cannot_forward_before_mau_03_is_complete_and_is_told_what_is_missing(client, bac_ninh_2020):
    login(client, bac_ninh_2020, "xa.yenphong")
    application = dossier("Giò bò Yên Phong")
    url = reverse("evaluations:dossier-detail", args=[application.pk])

    before = client.get(url).content.decode()
    refused = client.post(reverse("evaluations:dossier-forward", args=[application.pk]), {"expected_status": "submitted"},
                          follow=True)

    application.refresh_from_db()
    assert problems(before) == ["Chưa lập báo cáo sơ kiểm (Mẫu 03)."]
    assert "Chưa thể chuyển tỉnh: Chưa lập báo cáo sơ kiểm (Mẫu 03)." in refused.content.decode()
    assert application.status == "submitted"


@pytest.mark.parametrize(("samples", "forwarded"), [("4", False), ("5", True)])
def test_five_samples_must_have_been_received(client, bac_ninh_2020, samples, forwarded):
    officer = login(client, bac_ninh_2020, "xa.yenphong")
    application = dossier("Giò bò Yên Phong")

    saved = client.post(reverse("evaluations:dossier-precheck", args=[application.pk]), {**MAU_03, "samples_received": samples},
                        follow=True)
    client.post(reverse("evaluations:dossier-forward", args=[application.pk]), {"expected_status": "submitted"})

    application.refresh_from_db()
    assert "Đã lưu báo cáo sơ kiểm (Mẫu 03)." in saved.content.decode()
    assert Precheck.objects.get(application=application).checked_by == officer
    assert application.status == ("forwarded" if forwarded else "submitted")
    if not forwarded:
        assert problems(saved.content.decode()) == ["Mới nhận 4/5 sản phẩm mẫu."]


def test_each_of_the_four_assessments_is_needed(client, bac_ninh_2020):
    login(client, bac_ninh_2020, "xa.yenphong")
    application = dossier("Giò bò Yên Phong")

    saved = client.post(reverse("evaluations:dossier-precheck", args=[application.pk]),
                        {**MAU_03, "local_identity": "  ", "complete": "", "samples_received": "5"}, follow=True)

    assert problems(saved.content.decode()) == ["Hồ sơ chưa được xác nhận đầy đủ thành phần.",
                                                "Chưa đánh giá: bản sắc, trí tuệ địa phương."]


def test_the_province_reads_the_local_report_and_a_producer_cannot_write_it(client, bac_ninh_2020):
    application = dossier("Giò bò Yên Phong")
    login(client, bac_ninh_2020, "chuthe.tranvanson")
    producer_try = client.post(reverse("evaluations:dossier-precheck", args=[application.pk]), {**MAU_03, "samples_received": "5"})
    login(client, bac_ninh_2020, "xa.yenphong")
    client.post(reverse("evaluations:dossier-precheck", args=[application.pk]), {**MAU_03, "samples_received": "5"})
    client.post(reverse("evaluations:dossier-forward", args=[application.pk]), {"expected_status": "submitted"})
    login(client, bac_ninh_2020, "tinh.bacninh")

    report = client.get(reverse("evaluations:dossier-detail", args=[application.pk])).content.decode()

    assert producer_try.status_code == 403
    assert 'data-testid="precheck-report"' in report
    assert "Nghề truyền thống của làng Ngô Khê." in report


# --- Return for completion, advisory requests ---------------------------------------------------


def test_completion_goes_back_straight_to_the_province_and_the_pre_check_stands(client, bac_ninh_2020):
    application = dossier("Bánh đa nem Yên Phong")
    login(client, bac_ninh_2020, "tinh.bacninh")

    client.post(reverse("evaluations:dossier-completion", args=[application.pk]),
                {"completion-reason": "Bổ sung phiếu kiểm nghiệm còn hiệu lực.", "expected_status": "forwarded"})
    application.refresh_from_db()
    returned_status = application.status
    ev.application_submit(application=application, actor=bac_ninh_2020["chuthe.yenphong"])

    application.refresh_from_db()
    assert returned_status == "completion"
    assert application.status == "forwarded"
    assert Precheck.objects.filter(application=application).exists()


def test_completion_with_a_new_pre_check_goes_to_the_local_office(client, bac_ninh_2020):
    application = dossier("Bánh đa nem Yên Phong")
    login(client, bac_ninh_2020, "tinh.bacninh")

    client.post(reverse("evaluations:dossier-completion", args=[application.pk]),
                {"completion-reason": "Kiểm tra lại vùng nguyên liệu.", "completion-recheck_locally": "on",
                 "expected_status": "forwarded"})
    ev.application_submit(application=dossier("Bánh đa nem Yên Phong"), actor=bac_ninh_2020["chuthe.yenphong"])

    application.refresh_from_db()
    assert application.status == "submitted"
    assert not Precheck.objects.filter(application=application).exists()


def test_completion_needs_a_reason(client, bac_ninh_2020):
    application = dossier("Bánh đa nem Yên Phong")
    login(client, bac_ninh_2020, "tinh.bacninh")

    response = client.post(reverse("evaluations:dossier-completion", args=[application.pk]),
                           {"completion-reason": " ", "expected_status": "forwarded"})

    assert "Cần ghi rõ nội dung cần bổ sung." in response.content.decode()
    assert dossier("Bánh đa nem Yên Phong").status == "forwarded"


def test_a_document_request_returns_the_dossier_a_field_visit_does_not_and_outcomes_are_kept(client, bac_ninh_2020):
    application = dossier("Bánh tẻ Thuận Thành")  # eligible, not yet in a session
    login(client, bac_ninh_2020, "tinh.bacninh")
    add = reverse("evaluations:advisory-add", args=[application.pk])

    client.post(add, {"advisory-kind": "field_visit", "advisory-description": "Khảo sát cơ sở sản xuất ngày 10/12.",
                      "expected_status": "eligible"})
    still = dossier("Bánh tẻ Thuận Thành").status
    visit = application.advisory_requests.get()
    client.post(reverse("evaluations:advisory-outcome", args=[application.pk, visit.pk]),
                {"outcome-outcome": "Cơ sở đạt yêu cầu vệ sinh."})
    again = client.post(reverse("evaluations:advisory-outcome", args=[application.pk, visit.pk]),
                        {"outcome-outcome": "Sửa lại."}, follow=True)
    client.post(add, {"advisory-kind": "document", "advisory-description": "Bổ sung hợp đồng mua gạo nếp.",
                      "expected_status": "eligible"})

    application.refresh_from_db()
    visit.refresh_from_db()
    assert still == "eligible"
    assert visit.outcome == "Cơ sở đạt yêu cầu vệ sinh."
    assert "Kết quả của yêu cầu này đã được ghi ngày" in again.content.decode()
    assert (application.status, application.decision_reason) == ("completion", "Bổ sung hợp đồng mua gạo nếp.")


def test_outsiders_cannot_request_or_return(client, bac_ninh_2020):
    application = dossier("Bánh đa nem Yên Phong")
    login(client, bac_ninh_2020, "xa.yenphong")

    request = client.post(reverse("evaluations:advisory-add", args=[application.pk]),
                          {"advisory-kind": "document", "advisory-description": "x"})
    completion = client.post(reverse("evaluations:dossier-completion", args=[application.pk]), {"completion-reason": "x"})

    assert (request.status_code, completion.status_code) == (403, 403)
    assert dossier("Bánh đa nem Yên Phong").status == "forwarded"


# --- Versions ------------------------------------------------------------------------------------


def test_every_submission_is_kept_and_the_resubmission_is_compared_with_the_returned_one(client, bac_ninh_2020):
    owner = bac_ninh_2020["chuthe.thuanthanh"]
    application = dossier("Nem chua Thuận Thành")  # returned: submitted once
    criterion = application.sheet.criteria.order_by("position").first()
    options = list(criterion.options.order_by("position"))
    SelfAssessmentAnswer.objects.create(application=application, criterion=criterion, option=options[0], description="Cũ")
    ev.dossier_version_freeze(application=application)  # what the first submission would have frozen with its answer
    SelfAssessmentAnswer.objects.filter(application=application).update(option=options[-1], description="Đã bổ sung")
    ev.application_submit(application=application, actor=owner)
    login(client, bac_ninh_2020, "phuong.thuanthanh")

    page = client.get(reverse("evaluations:dossier-versions", args=[application.pk])).content.decode()

    numbers = list(DossierVersion.objects.filter(application=application).values_list("number", flat=True))
    assert numbers[-2:] == [numbers[-1] - 1, numbers[-1]]
    diff = page.split('data-testid="diff"', 1)[1]
    assert criterion.code in diff
    assert "Cũ" in diff and "Đã bổ sung" in diff


# --- Carrying an ineligible dossier into a later round -------------------------------------------


def test_the_province_carries_an_ineligible_2020_dossier_into_the_2026_round(client, bac_ninh_2020):
    old = Application.objects.filter(round__year=2020, status="ineligible").select_related("product").first()
    criterion = old.sheet.criteria.order_by("position").first()
    SelfAssessmentAnswer.objects.create(application=old, criterion=criterion, option=criterion.options.order_by("position").first(),
                                        description="Như năm 2020")
    login(client, bac_ninh_2020, "tinh.bacninh")
    round_2026 = EvaluationRound.objects.get(year=2026)

    page = client.get(reverse("evaluations:dossier-detail", args=[old.pk])).content.decode()
    response = client.post(reverse("evaluations:dossier-carry-over", args=[old.pk]), {"round": round_2026.pk})

    new = Application.objects.get(product=old.product, round=round_2026)
    assert 'data-testid="carry-over"' in page
    assert response.url == reverse("evaluations:dossier-detail", args=[new.pk])
    assert (new.status, new.based_on_id, new.sheet.regulation_id) == ("draft", old.pk, round_2026.regulation_id)
    carried = SelfAssessmentAnswer.objects.filter(application=new).select_related("criterion").get()
    assert (carried.criterion.code, carried.description) == (criterion.code, "Như năm 2020")


def test_only_an_ineligible_dossier_is_carried(bac_ninh_2020):
    eligible = Application.objects.filter(round__year=2020, status="recognised").first()

    with pytest.raises(ev.EvaluationError, match="Chỉ chuyển sang đợt sau hồ sơ không đủ điều kiện."):
        ev.application_carry_over(application=eligible, round=EvaluationRound.objects.get(year=2026))


# --- Emails ---------------------------------------------------------------------------------------


def test_each_move_emails_the_producer_users_in_their_language(client, bac_ninh_2020, django_capture_on_commit_callbacks):
    owner = bac_ninh_2020["chuthe.tranvanson"]
    owner.email, owner.language = "son@example.vn", "vi"
    owner.save()
    from producers.services import membership_add
    from tests.factories import UserFactory

    english = UserFactory(email="helper@example.com", language="en")
    application = dossier("Giò bò Yên Phong")
    membership_add(producer=application.product.producer, user=english)
    login(client, bac_ninh_2020, "xa.yenphong")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("evaluations:dossier-return", args=[application.pk]),
                    {"return-reason": "Thiếu bản tự công bố sản phẩm.", "expected_status": "submitted"})

    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == ["helper@example.com", "son@example.vn"]
    vietnamese, english_mail = by_address["son@example.vn"], by_address["helper@example.com"]
    assert vietnamese.subject == "[OCOP] Hồ sơ “Giò bò Yên Phong”: Trả lại bổ sung"
    assert "Thiếu bản tự công bố sản phẩm." in vietnamese.body
    assert "/my/products/" in vietnamese.body
    assert english_mail.subject.startswith("[OCOP] Dossier")
    assert "Thiếu bản tự công bố sản phẩm." in english_mail.body


def test_a_move_rolled_back_sends_nothing(bac_ninh_2020, django_capture_on_commit_callbacks):
    from django.db import transaction

    owner = bac_ninh_2020["chuthe.tranvanson"]
    owner.email = "son@example.vn"
    owner.save()
    application = dossier("Giò bò Yên Phong")

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                ev.application_return(application=application, reason="Thiếu", actor=None)
                raise RuntimeError("the request failed after the move")
        except RuntimeError:
            pass

    assert mail.outbox == []
