"""The chair and the secretary: the board, quorum, spread decisions, the close and its results,
on the demo's 2026 session (7 voting seats: quorum 3/4 → 6 sheets, the chair among them)."""

import random

import pytest
from django.urls import reverse

from evaluations import scoring
from evaluations import services as ev
from evaluations.models import CouncilSession, Result, Scorecard
from evaluations.selectors import scorecards_visible_to
from evaluations.sheet_definitions import member_choices_from_scorecard, sheet_definition
from ocop_portal.demo import _choices_for_total

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def session(bac_ninh_2020):
    """The demo's open 2026 session, with a single product left in it."""
    session = CouncilSession.objects.get(round__year=2026, status="open")
    keep = session.applications.order_by("product__name", "pk").first()
    session.applications.exclude(pk=keep.pk).update(session=None, status="eligible")
    return session


def voters(session):
    return list(session.council.members.filter(voting=True).order_by("pk"))


def hand_in(session, members, totals=None):
    application = session.applications.get()
    sheet = sheet_definition(application.sheet)
    rng = random.Random(7)
    for i, member in enumerate(members):
        target = totals[i] if totals else 80
        card = ev.scorecard_choose(session=session, application=application, member=member,
                                   choices=_choices_for_total(sheet, target, rng), actor=member.user)
        ev.scorecard_submit(scorecard=card, actor=member.user)
    return application


def chair_of(session):
    return next(m for m in voters(session) if m.role == "chair")


def test_without_quorum_the_close_is_refused_saying_why(session):
    others = [m for m in voters(session) if m.role != "chair"]
    hand_in(session, [chair_of(session), *others[:4]])  # 5 of 7: one short of 3/4

    with pytest.raises(ev.EvaluationError) as refused:
        ev.session_close(session=session)

    session.refresh_from_db()
    assert "5/7 thành viên đã nộp phiếu, cần ít nhất 6." in refused.value.messages[0]
    assert session.status == "open"


def test_exactly_three_quarters_with_the_chair_closes_and_matches_the_engine(session):
    others = [m for m in voters(session) if m.role != "chair"]
    application = hand_in(session, [chair_of(session), *others[:5]])  # 6 of 7

    ev.session_close(session=session)

    result = Result.objects.get(application=application)
    cards = Scorecard.objects.filter(application=application).prefetch_related("choices")
    engine = scoring.evaluate(sheet_definition(application.sheet), [member_choices_from_scorecard(c) for c in cards],
                              scoring.RoundRules(minimum_mode=session.round.minimum_mode, spread_limit=session.round.spread_limit))
    assert (result.score, result.star, result.member_count) == (engine.score, engine.star, 6)


def test_six_sheets_without_the_chair_are_refused(session):
    others = [m for m in voters(session) if m.role != "chair"]
    hand_in(session, others)

    with pytest.raises(ev.EvaluationError, match="chưa có phiếu của người chủ trì"):
        ev.session_close(session=session)


def test_a_conflicted_chair_hands_the_chair_to_the_vice_chair(session, bac_ninh_2020):
    chair = chair_of(session)
    application = session.applications.get()
    ev.conflict_declare(member=chair, application=application, reason="Người thân là giám đốc công ty")
    others = [m for m in voters(session) if m.role != "chair"]
    hand_in(session, others[:5])  # 5 of the 6 remaining, the vice-chair among them

    ev.session_close(session=session)

    assert Result.objects.get(application=application).member_count == 5


def test_a_spread_over_the_limit_must_be_dealt_with_before_the_close(client, session, bac_ninh_2020):
    members = voters(session)
    application = hand_in(session, members, totals=[80, 80, 80, 80, 80, 80, 60])
    client.force_login(bac_ninh_2020["chutich.hoidong"])

    refused = client.post(reverse("evaluations:session-close", args=[session.pk]), follow=True)
    client.post(reverse("evaluations:spread-keep", args=[session.pk, application.pk]), {"reason": "Hội đồng đã thảo luận, giữ nguyên"})
    closed = client.post(reverse("evaluations:session-close", args=[session.pk]), follow=True)

    assert "vượt ngưỡng 10; Chủ tịch cần mở lại phiếu" in refused.content.decode()
    assert closed.redirect_chain[-1][0] == reverse("evaluations:session-results", args=[session.pk])
    assert "Chênh lệch giữa tổng điểm cao nhất và thấp nhất là 20 điểm" in closed.content.decode()


def test_the_chair_reopens_a_product_and_its_sheets_are_editable_again(client, session, bac_ninh_2020):
    application = hand_in(session, voters(session), totals=[80, 80, 80, 80, 80, 80, 60])
    client.force_login(bac_ninh_2020["chutich.hoidong"])

    client.post(reverse("evaluations:application-reopen", args=[session.pk, application.pk]), {"reason": "Chênh lệch 20 điểm"})

    assert set(Scorecard.objects.filter(application=application).values_list("status", flat=True)) == {"reopened"}


def test_the_board_is_for_the_chair_and_the_secretary(client, session, bac_ninh_2020):
    hand_in(session, voters(session)[:1])
    url = reverse("evaluations:session-board", args=[session.pk])
    outcomes = {}
    for username in ("chutich.hoidong", "thuky.hoidong", "uyvien2.hoidong", "tinh.bacninh"):
        client.force_login(bac_ninh_2020[username])
        outcomes[username] = client.get(url).status_code

    assert outcomes == {"chutich.hoidong": 200, "thuky.hoidong": 200, "uyvien2.hoidong": 403, "tinh.bacninh": 404}


def test_before_handing_in_a_member_sees_no_other_sheet(session, bac_ninh_2020):
    first, second = [m for m in voters(session) if m.role == "member"][:2]
    hand_in(session, [first])

    seen = set(scorecards_visible_to(second.user).filter(session=session).values_list("member_id", flat=True))

    assert seen == set()


def test_the_chair_closes_from_the_board_and_sees_stars_with_explanations(client, session, bac_ninh_2020):
    hand_in(session, voters(session))
    client.force_login(bac_ninh_2020["chutich.hoidong"])

    board = client.get(reverse("evaluations:session-board", args=[session.pk])).content.decode()
    confirm = client.get(reverse("evaluations:session-close", args=[session.pk])).content.decode()
    results = client.post(reverse("evaluations:session-close", args=[session.pk]), follow=True).content.decode()

    assert "Việc cần xử lý trước khi kết thúc" not in board
    assert "Xác nhận kết thúc và chốt kết quả" in confirm
    result = Result.objects.get(session=session)
    assert f'data-testid="star">{result.star}★<' in results
    assert result.explanation["message"] in results


def test_the_board_shows_each_members_leniency_and_the_agreement(client, session, bac_ninh_2020):
    hand_in(session, voters(session), totals=[70, 72, 74, 76, 78, 80, 82])
    client.force_login(bac_ninh_2020["thuky.hoidong"])

    board = client.get(reverse("evaluations:session-board", args=[session.pk])).content.decode()

    first, last = voters(session)[0], voters(session)[-1]
    assert f"{first.full_name}: lệch -6,0 điểm so với trung bình hội đồng (chấm chặt tay)" in board
    assert f"{last.full_name}: lệch 6,0 điểm so với trung bình hội đồng (chấm rộng tay)" in board
    assert "cần ít nhất 2" in board  # one product only: no agreement figure yet


def test_the_vice_chair_presides_over_a_product_the_chair_is_conflicted_on(client, session, bac_ninh_2020):
    application = session.applications.get()
    ev.conflict_declare(member=chair_of(session), application=application, reason="Người thân là giám đốc công ty")
    hand_in(session, [m for m in voters(session) if m.role != "chair"], totals=[80, 80, 80, 80, 80, 60])
    url = reverse("evaluations:spread-keep", args=[session.pk, application.pk])

    client.force_login(bac_ninh_2020["chutich.hoidong"])
    by_chair = client.post(url, {"reason": "Giữ nguyên"})
    client.force_login(bac_ninh_2020["phochutich.hoidong"])
    board = client.get(reverse("evaluations:session-board", args=[session.pk])).content.decode()
    by_vice = client.post(url, {"reason": "Hội đồng đã thảo luận"})

    assert (by_chair.status_code, by_vice.status_code) == (403, 302)
    assert "Giữ nguyên điểm" in board
    ev.session_close(session=session, actor=bac_ninh_2020["chutich.hoidong"])
    assert session.results.get().member_count == 6
