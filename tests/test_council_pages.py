"""The council member's pages on the demo's 2026 session: my sessions, my products, the sheet
saved choice by choice, handing in with a receipt, conflicts of interest."""

import hashlib

import pytest
from django.urls import reverse

from evaluations import services as ev
from evaluations.models import Application, ConflictOfInterest, CouncilMember, CouncilSession, Criterion, Scorecard
from tests.factories import precheck_complete

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def session(bac_ninh_2020):
    return CouncilSession.objects.get(round__year=2026, status="open")  # the demo's chair has opened it


@pytest.fixture
def member(bac_ninh_2020, client):
    client.force_login(bac_ninh_2020["uyvien2.hoidong"])
    return bac_ninh_2020["uyvien2.hoidong"]


def product(session):
    return session.applications.select_related("sheet", "product").order_by("product__name", "pk").first()


def best_options(application):
    """{criterion: its best option} for every criterion of the dossier's sheet."""
    return {c: max(c.options.all(), key=lambda o: o.points) for c in
            Criterion.objects.filter(sheet=application.sheet).prefetch_related("options").order_by("position")}


def choose(client, session, application, criterion, option, htmx=True, comment=""):
    url = reverse("evaluations:scorecard-choose", args=[session.pk, application.pk])
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(url, {"criterion": criterion.pk, "option": option.pk, "comment": comment}, **headers)


def test_my_sessions_lists_the_seat_and_the_progress(client, session, member):
    response = client.get(reverse("evaluations:session-list"))

    content = response.content.decode()
    assert session.council.name in content
    assert "0 / 3 sản phẩm" in content and "0 / 1 sản phẩm" in content


def test_someone_without_a_seat_sees_an_empty_state(client, bac_ninh_2020):
    client.force_login(bac_ninh_2020["huyen.tuson"])

    response = client.get(reverse("evaluations:session-list"))

    assert "Bạn chưa được phân công vào phiên chấm điểm nào." in response.content.decode()


def test_each_choice_is_saved_at_once_and_survives_a_reload(client, session, member):
    application = product(session)
    criterion, option = next(iter(best_options(application).items()))

    saved = choose(client, session, application, criterion, option, comment="Nguyên liệu tại chỗ")
    reloaded = client.get(reverse("evaluations:scorecard", args=[session.pk, application.pk])).content.decode()

    assert saved.status_code == 200
    assert "Đã lưu" in saved.content.decode() and 'hx-swap-oob="true"' in saved.content.decode()
    assert f'value="{option.pk}" checked' in reloaded
    assert "Nguyên liệu tại chỗ" in reloaded
    card = Scorecard.objects.get(session=session, application=application, member__user=member)
    assert list(card.choices.values_list("criterion_id", "option_id")) == [(criterion.pk, option.pk)]


def test_an_option_of_another_criterion_is_a_clear_error_and_saves_nothing(client, session, member):
    application = product(session)
    (first, _o1), (_c2, other_option) = list(best_options(application).items())[:2]

    response = choose(client, session, application, first, other_option)

    assert response.status_code == 422
    assert "Hãy chọn một phương án cho tiêu chí này." in response.content.decode()
    assert not Scorecard.objects.filter(session=session, member__user=member).exists()


def test_without_javascript_a_choice_posts_and_comes_back_to_the_criterion(client, session, member):
    application = product(session)
    criterion, option = next(iter(best_options(application).items()))

    response = choose(client, session, application, criterion, option, htmx=False)

    assert (response.status_code, response.url.endswith(f"#criterion-{criterion.pk}")) == (302, True)


def test_a_full_sheet_is_handed_in_with_a_receipt_and_is_then_read_only(client, session, member):
    application = product(session)
    for criterion, option in best_options(application).items():
        choose(client, session, application, criterion, option)
    submit = reverse("evaluations:scorecard-submit", args=[session.pk, application.pk])

    confirm = client.get(submit).content.decode()
    client.post(submit)
    card = Scorecard.objects.get(session=session, application=application, member__user=member)
    page = client.get(reverse("evaluations:scorecard", args=[session.pk, application.pk])).content.decode()
    late = choose(client, session, application, *next(iter(best_options(application).items())))

    assert "Xác nhận nộp phiếu" in confirm
    assert card.status == "submitted"
    assert card.receipt == ev.scorecard_content_hash(card) == hashlib.sha256(
        "\n".join([f"application={application.pk}", f"member={card.member_id}", f"total={card.total}", "knockout=:",
                   *[f"{c}={o}" for c, o in sorted(card.choices.values_list("criterion_id", "option_id"))]]).encode()).hexdigest()
    assert card.receipt in page
    assert "<fieldset disabled>" in page
    assert "Phiếu chấm đã nộp, không sửa được." in late.content.decode()


def test_an_incomplete_sheet_cannot_be_handed_in(client, session, member):
    application = product(session)
    criterion, option = next(iter(best_options(application).items()))
    choose(client, session, application, criterion, option)
    submit = reverse("evaluations:scorecard-submit", args=[session.pk, application.pk])

    confirm = client.get(submit).content.decode()
    client.post(submit)

    assert "Phiếu chưa đủ" in confirm
    assert Scorecard.objects.get(session=session, member__user=member).status == "draft"


def test_a_planned_session_shows_the_sheet_but_takes_no_choice(client, bac_ninh_2020):
    client.force_login(bac_ninh_2020["uyvien2.hoidong"])
    session = CouncilSession.objects.get(round__year=2026, status="planned")
    application = product(session)

    page = client.get(reverse("evaluations:scorecard", args=[session.pk, application.pk])).content.decode()
    refused = choose(client, session, application, *next(iter(best_options(application).items())))

    assert "phiếu chỉ để xem" in page
    assert "Chỉ chấm điểm khi phiên họp đang diễn ra." in refused.content.decode()


def test_a_declared_conflict_hides_the_product_from_the_member(client, session, member):
    application = product(session)
    url = reverse("evaluations:conflict-declare", args=[session.pk, application.pk])

    response = client.post(url, {"reason": "Vợ tôi là thành viên hợp tác xã"})
    listing = client.get(reverse("evaluations:session-detail", args=[session.pk])).content.decode()
    page = client.get(reverse("evaluations:scorecard", args=[session.pk, application.pk]))

    assert response.status_code == 302
    assert ConflictOfInterest.objects.get(application=application, member__user=member).reason == "Vợ tôi là thành viên hợp tác xã"
    assert reverse("evaluations:scorecard", args=[session.pk, application.pk]) not in listing
    assert page.status_code == 404


def test_a_conflict_needs_a_reason(client, session, member):
    application = product(session)

    client.post(reverse("evaluations:conflict-declare", args=[session.pk, application.pk]), {"reason": "  "})

    assert not ConflictOfInterest.objects.filter(application=application).exists()


def test_the_portal_detects_a_member_who_acts_for_the_producer(bac_ninh_2020):
    from producers.services import membership_add

    session = CouncilSession.objects.get(round__year=2026, status="planned")
    application = product(session)
    membership_add(producer=application.product.producer, user=bac_ninh_2020["uyvien3.hoidong"])

    ev.session_open(session=session, actor=bac_ninh_2020["tinh.bacninh"])

    conflict = ConflictOfInterest.objects.get(application=application, member__user=bac_ninh_2020["uyvien3.hoidong"])
    assert (conflict.detected, conflict.reason) == (True, "Thành viên là người của chủ thể sản xuất.")


def test_the_support_team_sees_the_session_but_cannot_score(client, session, bac_ninh_2020):
    from django.contrib.auth import get_user_model

    helper = get_user_model().objects.create_user("togiupviec")
    CouncilMember.objects.filter(council=session.council, role="support_member").update(user=helper)
    client.force_login(helper)
    application = product(session)

    detail = client.get(reverse("evaluations:session-detail", args=[session.pk])).content.decode()
    refused = choose(client, session, application, *next(iter(best_options(application).items())))

    assert "Tổ giúp việc theo dõi phiên họp nhưng không chấm điểm." in detail
    assert refused.status_code == 403


def test_my_products_costs_the_same_queries_for_1_and_3_products(client, session, member, django_assert_num_queries):
    url = reverse("evaluations:session-detail", args=[session.pk])
    keep = product(session)
    others = list(session.applications.exclude(pk=keep.pk))
    Application.objects.filter(pk__in=[a.pk for a in others]).update(session=None)
    # session, user, seats, session, conflicts+applications, cards, criteria counts, navigation (2)
    with django_assert_num_queries(9):
        one = client.get(url)
    Application.objects.filter(pk__in=[a.pk for a in others]).update(session=session)

    with django_assert_num_queries(9):
        three = client.get(url)

    assert one.content.decode().count('class="badge badge--not_started"') == 1
    assert three.content.decode().count('class="badge badge--not_started"') == 3


def test_a_member_stops_with_a_reason_and_hands_in_the_unfinished_sheet(client, session, member):
    application = next(a for a in session.applications.select_related("sheet")
                       if a.sheet.criteria.exclude(knockout_rule="").exists())
    criterion = application.sheet.criteria.exclude(knockout_rule="").order_by("position").first()
    page = reverse("evaluations:scorecard", args=[session.pk, application.pk])

    before = client.get(page).content.decode()
    client.post(reverse("evaluations:scorecard-stop", args=[session.pk, application.pk]),
                {"criterion": criterion.pk, "reason": "Sản phẩm phổ biến, chưa có chất lượng khác biệt"})
    confirm = client.get(reverse("evaluations:scorecard-submit", args=[session.pk, application.pk])).content.decode()
    client.post(reverse("evaluations:scorecard-submit", args=[session.pk, application.pk]))

    card = Scorecard.objects.get(session=session, application=application, member__user=member)
    assert f"Dừng đánh giá theo điều kiện loại của tiêu chí {criterion.code}" in before
    assert f"Phiếu dừng đánh giá do điều kiện loại ở tiêu chí {criterion.code}" in confirm
    assert (card.status, card.knockout_criterion, card.total) == ("submitted", criterion, 0)


def test_stopping_needs_a_reason(client, session, member):
    application = next(a for a in session.applications.select_related("sheet")
                       if a.sheet.criteria.exclude(knockout_rule="").exists())
    criterion = application.sheet.criteria.exclude(knockout_rule="").first()

    response = client.post(reverse("evaluations:scorecard-stop", args=[session.pk, application.pk]),
                           {"criterion": criterion.pk, "reason": " "}, follow=True)

    assert "Cần ghi rõ lý do loại." in response.content.decode()
    assert Scorecard.objects.get(session=session, member__user=member).knockout_criterion is None


def test_the_secretary_fixes_a_set_26_case_and_members_see_only_that_case(client, session, bac_ninh_2020):
    from evaluations.models import ScoringSheet
    from producers.models import Producer, ProductSet
    from producers.services import product_create

    staff = bac_ninh_2020["tinh.bacninh"]
    sheet = ScoringSheet.objects.get(regulation__code="26/2026", set_number=26)
    producer = Producer.objects.get(registration_number="2302323456")
    dossier = ev.application_create(product=product_create(producer=producer, name="Du lịch làng nghề Gia Bình",
                                                           product_set=ProductSet.objects.get(number=26)),
                                    round=session.round, sheet=sheet, actor=staff)
    ev.application_submit(application=dossier)
    precheck_complete(dossier)
    ev.application_forward(application=dossier)
    ev.application_decide_eligibility(application=dossier, eligible=True, actor=staff)
    ev.session_add_application(session=session, application=dossier, actor=staff)
    client.force_login(bac_ninh_2020["thuky.hoidong"])

    client.post(reverse("evaluations:application-case", args=[session.pk, dossier.pk]), {"case": "2"})
    client.force_login(bac_ninh_2020["uyvien2.hoidong"])
    page = client.get(reverse("evaluations:scorecard", args=[session.pk, dossier.pk])).content.decode()

    dossier.refresh_from_db()
    assert dossier.alternative_case == 2
    assert "Trường hợp 2" in page and 'class="option__case">Trường hợp 1' not in page


def test_a_conditional_criterion_follows_its_condition_as_the_engine_does(client, session, member):
    application = next(a for a in session.applications.select_related("sheet") if a.sheet.criteria.filter(applies_if__isnull=False).exists())
    dependent = application.sheet.criteria.filter(applies_if__isnull=False).select_related("applies_if").first()
    condition = dependent.applies_if
    zero = condition.options.filter(points=0).first()
    some = condition.options.filter(points__gt=0).first()

    with_zero = choose(client, session, application, condition, zero).content.decode()
    with_points = choose(client, session, application, condition, some).content.decode()

    assert f'id="condition-{dependent.pk}" hx-swap-oob="true"' in with_zero.replace(" hidden", "")
    assert f'<p class="criterion__note" id="condition-{dependent.pk}" hx-swap-oob="true">' in with_zero
    assert f'<p class="criterion__note" id="condition-{dependent.pk}" hidden hx-swap-oob="true">' in with_points


@pytest.mark.parametrize(("rule_on", "expected"), [(True, ["Thành viên cùng địa bàn với chủ thể (Xã Gia Bình)."]), (False, [])])
def test_the_provinces_locality_rule_detects_a_member_of_the_producers_commune(bac_ninh_2020, rule_on, expected):
    from ocop_portal.core.models import AdministrativeUnit

    session = CouncilSession.objects.get(round__year=2026, status="planned")
    ev.province_settings_update(province=session.council.province, locality_conflicts=rule_on)
    seat = session.council.members.get(user=bac_ninh_2020["uyvien3.hoidong"])
    seat.locality = AdministrativeUnit.objects.get(code="09454", valid_from__isnull=False)
    seat.save(update_fields=["locality"])

    ev.session_open(session=session, actor=bac_ninh_2020["chutich.hoidong"])

    assert list(ConflictOfInterest.objects.filter(member=seat).values_list("reason", flat=True)) == expected


def test_my_sessions_costs_the_same_queries_for_1_and_3_sessions(client, bac_ninh_2020, django_assert_num_queries):
    import datetime

    client.force_login(bac_ninh_2020["uyvien.hoidong"])  # one seat, on the 2020 council: one session
    url = reverse("evaluations:session-list")
    with django_assert_num_queries(9):
        one = client.get(url).content.decode()
    council = CouncilSession.objects.get(round__year=2020).council
    for day in (6, 7):
        ev.session_create(council=council, round=council.sessions.first().round, starts_on=datetime.date(2020, 9, day),
                          ends_on=datetime.date(2020, 9, day))

    # session, user, assignments, memberships, seats, sessions, assigned, conflicts, handed in
    with django_assert_num_queries(9):
        three = client.get(url).content.decode()

    assert (one.count('class="panel card"'), three.count('class="panel card"')) == (1, 3)
    assert "33 / 33 sản phẩm" in three
