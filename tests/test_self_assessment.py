"""The self-assessment (Mẫu 02) and handing the dossier in, on the Bắc Ninh demo: each answer and
each part of the general information saves as it changes and is there after a reload; the running
total and the star are the scoring engine's for the same choices; refused choices change nothing;
a submitted dossier no longer changes; an upgrade starts from the product's last dossier; the
dossier goes in only when complete, gets its receipt number once, and a second click is harmless."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from evaluations import scoring, services_dossier
from evaluations.models import Application, SelfAssessment, SelfAssessmentAnswer
from evaluations.sheet_definitions import sheet_definition
from ocop_portal.core.models import AdministrativeUnit, AuditEntry, UnitLevel
from producers.models import ProducerKind, ProductSet
from tests.factories import CertificateFactory, MembershipFactory, ProducerFactory, ProductFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def household(bac_ninh_2020):
    """A confirmed household business of today's Xã Trung Kênh (Bắc Ninh 24) and its owner."""
    commune = AdministrativeUnit.objects.get(code="09499", level=UnitLevel.COMMUNE, valid_from__isnull=False)
    producer = ProducerFactory(kind=ProducerKind.HOUSEHOLD, name="Hộ kinh doanh Nguyễn Văn Bình", unit=commune,
                               registration_number="21C8001357")
    owner = MembershipFactory(producer=producer, user=UserFactory(username="chuho.binh")).user
    return producer, owner


def register(producer, owner, set_number=6, name="Bánh gai Lãng Ngâm", case=None, **kwargs):
    from evaluations.models import EvaluationRound

    return services_dossier.dossier_register(
        producer=producer, round=EvaluationRound.objects.get(year=2026), kind=kwargs.pop("kind", "first"), actor=owner,
        new_name=name, product_set=ProductSet.objects.get(number=set_number), alternative_case=case, **kwargs)


@pytest.fixture
def draft(household):
    producer, owner = household
    return register(producer, owner)


def criteria(application):
    return list(application.sheet.criteria.order_by("position").prefetch_related("options"))


def options_of(criterion, application):
    case = application.alternative_case
    return [o for o in criterion.options.all() if not o.alternative_group or scoring.case_number(o.alternative_group) == case]


def answer(client, application, criterion, option=None, description="", htmx=True):
    data = {"criterion": criterion.pk, "description": description}
    if option is not None:
        data["option"] = option.pk
    return client.post(reverse("dossiers:answer", args=[application.pk]), data, **(HTMX if htmx else {}))


def page(client, application):
    return client.get(reverse("dossiers:self-assessment", args=[application.pk])).content.decode()


def shown(content, testid):
    match = re.search(rf'data-testid="{testid}">([^<]*)<', content)
    return match.group(1).strip() if match else None


def save_state(content, testid):
    """The save state a form's status line shows ("Đã lưu", an error), or ""."""
    block = content.split(f'data-testid="{testid}">', 1)[1].split("</div>", 1)[0]
    match = re.search(r'<span class="save-state[^"]*">([^<]*)</span>', block)
    return match.group(1) if match else ""


def fill(application, owner, pick=lambda options: max(options, key=lambda o: o.points)):
    """Answer every criterion (with `pick`'s option) and the required general information."""
    choices = {}
    for criterion in criteria(application):
        options = options_of(criterion, application)
        if options:
            option = pick(options)
            services_dossier.self_answer_save(application=application, criterion=criterion, option=option, actor=owner)
            choices[criterion.pk] = option.pk
    services_dossier.self_assessment_save(application=application, actor=owner, product_spec="Bánh gai 500 g, TCCS 01:2026",
                                          history="Làm bánh gai từ năm 1998.")
    return choices


# --- Saving as you go ------------------------------------------------------------------------------


def test_an_answer_saves_as_it_changes_and_is_there_after_a_reload(client, household, draft):
    _producer, owner = household
    client.force_login(owner)
    criterion = criteria(draft)[0]
    option = options_of(criterion, draft)[-1]

    response = answer(client, draft, criterion, option, "Nguyên liệu mua của hợp tác xã trong xã")

    content = response.content.decode()
    assert response.status_code == 200
    assert save_state(content, f"status-{criterion.code}") == "Đã lưu"
    assert 'id="sheet-totals" aria-live="polite" data-testid="totals" hx-swap-oob="true"' in content
    reloaded = page(client, draft)
    block = reloaded.split(f'id="criterion-{criterion.pk}"', 1)[1].split('class="criterion__evidence"', 1)[0]
    assert f'value="{option.pk}" checked' in block
    assert "Nguyên liệu mua của hợp tác xã trong xã</textarea>" in block


def test_without_javascript_an_answer_is_saved_and_the_page_comes_back_to_it(client, household, draft):
    _producer, owner = household
    client.force_login(owner)
    criterion = criteria(draft)[1]

    response = answer(client, draft, criterion, options_of(criterion, draft)[0], htmx=False)

    assert response.status_code == 302
    assert response.url == reverse("dossiers:self-assessment", args=[draft.pk]) + f"#criterion-{criterion.pk}"
    assert SelfAssessmentAnswer.objects.get(application=draft, criterion=criterion).option == options_of(criterion, draft)[0]


def test_the_general_information_saves_part_by_part(client, household, draft):
    _producer, owner = household
    client.force_login(owner)
    url = reverse("dossiers:general-save", args=[draft.pk])

    general = client.post(url, {"part": "general", "declarations_shown": "1", "product_spec": "Bánh gai 500 g",
                                "declarations": ["business_registration", "food_safety"], "history": "Từ năm 1998.",
                                "organisation": "Hộ gia đình, 4 lao động", "business_results": "Doanh thu 800 triệu đồng"}, **HTMX)
    plan = client.post(url, {"part": "plan", "business_plan": "Mở rộng thị trường Hà Nội"}, **HTMX)

    assessment = SelfAssessment.objects.get(application=draft)
    assert save_state(general.content.decode(), "general-status-general") == "Đã lưu"
    assert save_state(plan.content.decode(), "general-status-plan") == "Đã lưu"
    assert (assessment.product_spec, assessment.declarations, assessment.history, assessment.business_plan) == (
        "Bánh gai 500 g", ["business_registration", "food_safety"], "Từ năm 1998.", "Mở rộng thị trường Hà Nội")
    reloaded = page(client, draft)
    assert re.search(r'name="declarations" value="food_safety"[^>]*checked', reloaded)
    assert "Hộ gia đình, 4 lao động</textarea>" in reloaded


def test_unticking_every_declaration_saves_an_empty_list(client, household, draft):
    _producer, owner = household
    client.force_login(owner)
    url = reverse("dossiers:general-save", args=[draft.pk])
    client.post(url, {"part": "general", "declarations_shown": "1", "declarations": ["trademark"]}, **HTMX)

    client.post(url, {"part": "general", "declarations_shown": "1"}, **HTMX)

    assert SelfAssessment.objects.get(application=draft).declarations == []


# --- The running total is the engine's -----------------------------------------------------------


@pytest.mark.parametrize("pick", [
    lambda options: max(options, key=lambda o: o.points),
    lambda options: sorted(options, key=lambda o: o.points)[len(options) // 2],
    lambda options: min(options, key=lambda o: o.points),
], ids=["highest", "middle", "lowest"])
def test_the_live_total_and_star_are_the_engines_for_the_same_choices(client, household, draft, pick):
    _producer, owner = household
    client.force_login(owner)
    chosen = {}
    for criterion in criteria(draft):
        option = pick(options_of(criterion, draft))
        response = answer(client, draft, criterion, option)
        chosen[criterion.pk] = option.pk

    sheet = sheet_definition(draft.sheet)
    result = scoring.evaluate(sheet, [scoring.MemberChoices(member_id=1, choices=chosen)], scoring.RoundRules())
    content = response.content.decode()
    assert shown(content, "total") == f"{scoring.member_total(sheet, chosen)} / 100"
    assert shown(content, "implied-star") == (f"{result.star}★" if result.star else "Không đạt")
    points = {c.pk: o.points for c in criteria(draft) for o in c.options.all() if chosen[c.pk] == o.pk}
    counted = [c for c in criteria(draft) if c.applies_if_id is None or points[c.applies_if_id] > 0]  # 0 on 5.1 drops 5.2
    assert shown(content, "answered") == f"{len(counted)} / {len(counted)}"
    assert shown(page(client, draft), "total") == f"{scoring.member_total(sheet, chosen)} / 100"


def test_a_partial_sheet_shows_its_points_so_far_and_what_is_left(client, household, draft):
    _producer, owner = household
    client.force_login(owner)
    plain = [c for c in criteria(draft) if c.applies_if_id is None][:3]
    for criterion in plain:
        answer(client, draft, criterion, max(options_of(criterion, draft), key=lambda o: o.points))

    content = page(client, draft)

    assert shown(content, "total") == f"{sum(c.max_points for c in plain)} / 100"
    assert shown(content, "implied-star") == "Chưa đủ tiêu chí"
    left = [c.code for c in criteria(draft) if c not in plain and c.applies_if_id is None]  # 5.2 waits for 5.1
    assert re.findall(r'<a href="#criterion-\d+">([^<]+)</a>', content.split('data-testid="missing"', 1)[1].split("</p>", 1)[0]) == left


def test_a_minimum_star_marker_not_met_is_shown(client, household, draft):
    _producer, owner = household
    client.force_login(owner)
    criterion = next(c for c in criteria(draft) if any(o.min_star for o in c.options.all()))
    marker = min((o for o in criterion.options.all() if o.min_star), key=lambda o: o.points)
    below = max((o for o in criterion.options.all() if o.points < marker.points), key=lambda o: o.points)

    content = answer(client, draft, criterion, below).content.decode()

    unmet = content.split('data-testid="unmet">', 1)[1].split("</ul>", 1)[0]
    assert (f"Tiêu chí {criterion.code}: hạng {marker.min_star}★ cần tối thiểu {marker.points} điểm, "
            f"bạn đang tự chấm {below.points}.") in unmet


# --- Refusals --------------------------------------------------------------------------------------


def test_an_option_of_another_criterion_is_refused(client, household, draft):
    _producer, owner = household
    client.force_login(owner)
    first, second = criteria(draft)[:2]

    response = answer(client, draft, first, options_of(second, draft)[0])

    assert response.status_code == 422
    assert save_state(response.content.decode(), f"status-{first.code}") == "Phương án đã chọn không thuộc tiêu chí này."
    assert not SelfAssessmentAnswer.objects.filter(application=draft).exists()


def test_a_tourism_dossier_offers_and_takes_only_its_cases_options(client, household):
    producer, owner = household
    application = register(producer, owner, set_number=26, name="Homestay Lãng Ngâm", case=1)
    criterion = application.sheet.criteria.get(code="9")
    other_case = criterion.options.filter(alternative_group__contains="Trường hợp 2").first()
    client.force_login(owner)

    content = page(client, application)
    response = answer(client, application, criterion, other_case)

    block = content.split(f'id="criterion-{criterion.pk}"', 1)[1].split('class="criterion__evidence"', 1)[0]
    assert block.count('name="option"') == 2 and "Trường hợp 2" not in block
    assert response.status_code == 422
    assert "thuộc Trường hợp 2, còn hồ sơ này được đánh giá theo Trường hợp 1" in response.content.decode()
    assert not SelfAssessmentAnswer.objects.filter(application=application).exists()


def test_another_producer_can_neither_see_nor_answer(client, household, draft, bac_ninh_2020):
    client.force_login(bac_ninh_2020["chuthe.yenphong"])
    criterion = criteria(draft)[0]

    seen = client.get(reverse("dossiers:self-assessment", args=[draft.pk]))
    answered = answer(client, draft, criterion, options_of(criterion, draft)[0])

    assert (seen.status_code, answered.status_code) == (404, 404)
    assert not SelfAssessmentAnswer.objects.filter(application=draft).exists()


def test_a_submitted_dossier_no_longer_changes(client, household, draft):
    _producer, owner = household
    fill(draft, owner)
    client.force_login(owner)
    client.post(reverse("dossiers:submit", args=[draft.pk]))
    criterion = criteria(draft)[0]
    before = SelfAssessmentAnswer.objects.get(application=draft, criterion=criterion).option

    response = answer(client, draft, criterion, min(options_of(criterion, draft), key=lambda o: o.points))
    general = client.post(reverse("dossiers:general-save", args=[draft.pk]), {"part": "plan", "business_plan": "Khác"}, **HTMX)

    assert response.status_code == 422
    assert "Hồ sơ đang ở trạng thái “Đã nộp”: không sửa được nữa." in response.content.decode()
    assert general.status_code == 422
    assert SelfAssessmentAnswer.objects.get(application=draft, criterion=criterion).option == before
    assert SelfAssessment.objects.get(application=draft).business_plan == ""
    content = page(client, draft)
    assert "Hồ sơ đã nộp: phiếu tự đánh giá chỉ để xem." in content
    assert '<fieldset disabled>' in content and 'hx-post' not in content


# --- Upgrade and re-rating start from the last dossier --------------------------------------------


def test_an_upgrade_is_filled_in_from_the_products_last_dossier(client, household):
    producer, owner = household
    product = ProductFactory(producer=producer, name="Bánh gai Lãng Ngâm", product_set=ProductSet.objects.get(number=6))
    certificate = CertificateFactory(result__application__product=product)
    earlier = certificate.result.application
    SelfAssessment.objects.create(application=earlier, history="Làm bánh gai từ năm 1998.", product_spec="Hộp 10 chiếc")
    copied = criteria(earlier)[:3]
    for criterion in copied:
        SelfAssessmentAnswer.objects.create(application=earlier, criterion=criterion, option=criterion.options.order_by("position")[1],
                                            description=f"Mô tả {criterion.code}")
    client.force_login(owner)

    response = client.post(reverse("dossiers:register"), {"producer": producer.pk, "round": _round_2026().pk, "product": product.pk,
                                                          "kind": "upgrade", "samples_count": "5"})

    application = Application.objects.get(product=product, round=_round_2026())
    assert response.status_code == 302
    assert (application.kind, application.based_on) == ("upgrade", earlier)
    answers = {a.criterion.code: (a.option.position, a.description) for a in application.self_answers.select_related("criterion", "option")}
    assert answers == {c.code: (c.options.order_by("position")[1].position, f"Mô tả {c.code}") for c in copied}
    assert SelfAssessment.objects.get(application=application).history == "Làm bánh gai từ năm 1998."
    assert shown(page(client, application), "prefilled").startswith("Điền sẵn từ hồ sơ năm 2023 — hãy cập nhật những thay đổi")


def _round_2026():
    from evaluations.models import EvaluationRound

    return EvaluationRound.objects.get(year=2026)


def test_a_first_time_dossier_is_not_prefilled(client, household, draft):
    _producer, owner = household
    client.force_login(owner)

    assert draft.based_on is None
    assert 'data-testid="prefilled"' not in page(client, draft)


# --- Handing in -----------------------------------------------------------------------------------


def test_the_submit_page_lists_what_is_missing_and_refuses(client, household, draft):
    _producer, owner = household
    client.force_login(owner)
    codes = [c.code for c in criteria(draft) if c.applies_if_id is None]  # a conditional one counts once its condition holds

    shown_page = client.get(reverse("dossiers:submit", args=[draft.pk])).content.decode()
    refused = client.post(reverse("dossiers:submit", args=[draft.pk])).content.decode()

    missing = re.findall(r"<li>([^<]+)</li>", shown_page.split('data-testid="missing"', 1)[1].split("</ul>", 1)[0])
    assert missing == ["Chưa điền: mô tả quy cách sản phẩm, tiêu chuẩn.", "Chưa điền: lịch sử hình thành của chủ thể.",
                       f"Chưa tự chấm {len(codes)} tiêu chí: {', '.join(codes)}."]
    assert 'data-testid="submit"' not in shown_page
    assert re.findall(r"<li>([^<]+)</li>", refused.split('data-testid="refused"', 1)[1].split("</ul>", 1)[0]) == missing
    draft.refresh_from_db()
    assert (draft.status, draft.receipt_number) == ("draft", None)


def test_a_producer_the_local_office_has_not_confirmed_cannot_hand_in_yet(client, household, draft):
    producer, owner = household
    fill(draft, owner)
    type(producer).objects.filter(pk=producer.pk).update(confirmed_at=None)
    client.force_login(owner)

    content = client.get(reverse("dossiers:submit", args=[draft.pk])).content.decode()
    refused = client.post(reverse("dossiers:submit", args=[draft.pk]))

    assert "Chủ thể chưa được cán bộ địa phương xác nhận" in content.split('data-testid="missing"', 1)[1]
    assert 'data-testid="submit"' not in content
    assert refused.status_code == 200
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_complete_dossier_is_submitted_and_gets_its_receipt_number(client, household, draft):
    _producer, owner = household
    fill(draft, owner)
    client.force_login(owner)

    confirm = client.get(reverse("dossiers:submit", args=[draft.pk])).content.decode()
    response = client.post(reverse("dossiers:submit", args=[draft.pk]), follow=True)

    draft.refresh_from_db()
    content = response.content.decode()
    assert 'data-testid="submit"' in confirm
    assert (draft.status, draft.receipt_number) == ("submitted", "001-01/PĐK-24-09499-2026")
    assert response.redirect_chain == [(reverse("dossiers:detail", args=[draft.pk]), 302)]
    assert "Số tiếp nhận: <strong>001-01/PĐK-24-09499-2026</strong>" in content
    assert "Đã nộp hồ sơ. Số tiếp nhận: 001-01/PĐK-24-09499-2026." in content


def test_a_second_submission_is_harmless(client, household, draft):
    _producer, owner = household
    fill(draft, owner)
    client.force_login(owner)
    client.post(reverse("dossiers:submit", args=[draft.pk]))

    again = client.post(reverse("dossiers:submit", args=[draft.pk]), follow=True)

    draft.refresh_from_db()
    moves = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Application), object_id=draft.pk, action="status")
    assert again.status_code == 200
    assert "Hồ sơ này đã được nộp (số tiếp nhận 001-01/PĐK-24-09499-2026): không cần nộp lại." in again.content.decode()
    assert list(moves.values_list("to_status", flat=True)) == ["submitted"]


def test_a_returned_dossier_shows_its_reason_and_goes_back_with_the_same_receipt_number(client, household, draft):
    from evaluations import services

    _producer, owner = household
    fill(draft, owner)
    services_dossier.dossier_submit(application=draft, actor=owner)
    services.application_return(application=draft, reason="Bổ sung phiếu kiểm nghiệm còn hiệu lực.")
    client.force_login(owner)

    detail = client.get(reverse("dossiers:detail", args=[draft.pk])).content.decode()
    changed = answer(client, draft, criteria(draft)[0], options_of(criteria(draft)[0], draft)[0])
    resubmitted = client.post(reverse("dossiers:submit", args=[draft.pk]))

    draft.refresh_from_db()
    assert shown(detail, "status") == "Trả lại bổ sung"
    assert "Bổ sung phiếu kiểm nghiệm còn hiệu lực." in detail.split('data-testid="reason"', 1)[1].split("</section>", 1)[0]
    assert 'data-testid="edit-link"' in detail and "Nộp lại hồ sơ…" in detail
    assert changed.status_code == 200
    assert resubmitted.status_code == 302
    assert (draft.status, draft.receipt_number) == ("submitted", "001-01/PĐK-24-09499-2026")


def test_a_submission_from_a_stale_tab_is_harmless(household, draft):
    _producer, owner = household
    fill(draft, owner)
    stale = Application.objects.get(pk=draft.pk)
    services_dossier.dossier_submit(application=draft, actor=owner)

    with pytest.raises(services_dossier.EvaluationError, match="không sửa được nữa"):
        services_dossier.dossier_submit(application=stale, actor=owner)

    stale.refresh_from_db()
    assert stale.receipt_number == "001-01/PĐK-24-09499-2026"


# --- Queries --------------------------------------------------------------------------------------


def test_the_self_assessment_page_costs_the_same_queries_whatever_the_sheet_and_answers(client, household, django_assert_num_queries):
    producer, owner = household
    small = register(producer, owner, set_number=26, name="Homestay Lãng Ngâm", case=2)
    large = register(producer, owner, set_number=6)
    client.force_login(owner)
    # session, user, roles, memberships, seats (who may see the dossier), the dossier; the sheet's
    # parts, sections, criteria, options; the answers; the engine's criteria and options; the
    # evidence; the report (the header reuses the roles and seats)
    with django_assert_num_queries(15):
        client.get(reverse("dossiers:self-assessment", args=[small.pk]))
    with django_assert_num_queries(15):
        client.get(reverse("dossiers:self-assessment", args=[large.pk]))
    fill(large, owner)

    with django_assert_num_queries(15):
        content = client.get(reverse("dossiers:self-assessment", args=[large.pk])).content.decode()

    assert shown(content, "answered") == f"{len(criteria(large))} / {len(criteria(large))}"
