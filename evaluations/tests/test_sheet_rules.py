"""The sheet's own rules on the real QĐ 26/2026 sheets, through the loaded catalogue and the
services: knock-outs written on the sheets, decided by the round's rule; members stopping with a
written reason; alternative cases of set 26; conditional criteria."""

import datetime
from decimal import Decimal

import pytest

from evaluations import services as ev
from evaluations.catalogue_services import catalogue_load
from evaluations.models import Criterion, Option, Scorecard, ScoringSheet
from evaluations.scoring import CaseNotSet, InvalidChoice, MemberChoices, case_number, evaluate, member_total
from evaluations.sheet_definitions import member_choices_from_scorecard, sheet_definition
from ocop_portal.core.models import AuditEntry, Role, UnitLevel
from tests.factories import (
    ProducerFactory,
    ProductFactory,
    ProductSetFactory,
    RoundFactory,
    UnitFactory,
    precheck_complete,
    user_with_role,
)

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def catalogue():
    catalogue_load()


@pytest.fixture
def province():
    return UnitFactory(code="24", name="Tỉnh Bắc Ninh", level=UnitLevel.PROVINCE)


@pytest.fixture
def commune(province):
    return UnitFactory(code="09292", name="Xã Phù Lãng", level=UnitLevel.COMMUNE, parent=province)


@pytest.fixture
def staff():
    return user_with_role(Role.PROVINCIAL_STAFF)


@pytest.fixture
def council(province):
    return ev.council_create(
        province=province, name="Hội đồng OCOP tỉnh 2026", decision_number="12/QĐ-UBND", decision_date=datetime.date(2026, 7, 10),
        members=[{"full_name": "Chủ tịch A", "role": "chair"}, {"full_name": "Ủy viên B", "role": "member"},
                 {"full_name": "Thư ký C", "role": "secretary"}],
    )


def real_sheet(set_number):
    return ScoringSheet.objects.select_related("regulation").get(regulation__code="26/2026", set_number=set_number)


@pytest.fixture
def make_session(catalogue, province, commune, council, staff):
    """An open session holding one eligible application on the set's sheet, in a round with the
    given knock-out rule; returns (session, application)."""

    def make(set_number, knockout_rule="majority", case=None):
        round_ = RoundFactory(province=province, name=f"Đợt {set_number} {knockout_rule}", knockout_rule=knockout_rule)
        product = ProductFactory(producer=ProducerFactory(unit=commune), name=f"Sản phẩm bộ {set_number}",
                                 product_set=ProductSetFactory(number=set_number, name=f"Bộ {set_number}"))
        application = ev.application_create(product=product, round=round_, sheet=real_sheet(set_number))
        if case is not None:
            ev.application_set_case(application=application, case=case, actor=staff)
        ev.application_submit(application=application)
        precheck_complete(application)
        ev.application_forward(application=application)
        ev.application_decide_eligibility(application=application, eligible=True, actor=staff)
        session = ev.session_create(council=council, round=round_, starts_on=datetime.date(2026, 8, 1),
                                    ends_on=datetime.date(2026, 8, 1))
        ev.session_add_application(session=session, application=application, actor=staff)
        ev.session_open(session=session, actor=staff)
        application.refresh_from_db()
        return session, application

    return make


def choices_for(sheet, changes=None, until=None, case=None):
    """{criterion id: option id}: the best option (of `case`) on every criterion, or the option
    worth `changes[code]`; with `until`, only the criteria up to and including that code."""
    changes = changes or {}
    result = {}
    for criterion in Criterion.objects.filter(sheet=sheet).order_by("position").prefetch_related("options"):
        options = [o for o in criterion.options.all()
                   if case is None or not o.alternative_group or case_number(o.alternative_group) == case]
        if criterion.code in changes:
            (option,) = [o for o in options if o.points == changes[criterion.code]]
        else:
            option = max(options, key=lambda o: o.points)
        result[criterion.pk] = option.pk
        if criterion.code == until:
            break
    return result


def member(session, name):
    return session.council.members.get(full_name=name)


def score(session, application, name, **kwargs):
    card = ev.scorecard_choose(session=session, application=application, member=member(session, name),
                               choices=choices_for(application.sheet, **kwargs))
    return ev.scorecard_submit(scorecard=card)


def stop(session, application, name, code, reason="Sản phẩm phổ biến, không có sự nổi trội và đặc sắc"):
    """The member answers up to `code`, flags its knock-out with a reason and submits."""
    card = ev.scorecard_choose(session=session, application=application, member=member(session, name),
                               choices=choices_for(application.sheet, until=code))
    ev.scorecard_flag_knockout(scorecard=card, criterion=Criterion.objects.get(sheet=application.sheet, code=code),
                               reason=reason)
    return ev.scorecard_submit(scorecard=card)


# --- The data: which criteria carry which kind of knock-out --------------------------------------


def knockouts_by_set(regulation, **flag):
    rows = Criterion.objects.filter(sheet__regulation__code=regulation, **flag).order_by("sheet__set_number", "position")
    by_set = {}
    for number, code in rows.values_list("sheet__set_number", "code"):
        by_set.setdefault(number, []).append(code)
    return by_set


def test_the_shipped_catalogue_carries_exactly_these_knockouts(catalogue):
    # 0 points is a knock-out: set 16's note under 6.4 covers 6.1–6.4 (“Nếu được 0 điểm tại một
    # trong các chỉ tiêu trên, sẽ không đánh giá các bước tiếp theo.”).
    assert knockouts_by_set("26/2026", knockout_if_zero=True) == {16: ["6.1", "6.2", "6.3", "6.4"]}
    # A member may stop with a written reason: imported/untraceable raw material (1.1), copied
    # product (2.1 of sets 5–14) or widespread product without distinct quality (2.1 of sets 1–4),
    # impurities (6.1 / 6.1.1), no product declaration (6), intellectual property (6.2).
    stop = {n: ["2.1", "6.1"] for n in range(1, 7)}
    stop.update({n: ["1.1", "2.1", "6.1"] for n in (7, 8, 9, 10, 12)})
    stop.update({11: ["1.1", "2.1", "6.1.1"], 13: ["1.1", "2.1", "6.1.1"], 14: ["1.1", "2.1"], 15: ["1.1", "6.1"],
                 17: ["6.1"], 18: ["1.1"], 19: ["1.1", "6"], 20: ["1.1", "6"], 21: ["6.2"], 22: ["6.2"]})
    assert knockouts_by_set("26/2026", knockout_rule__gt="") == stop
    widespread = Criterion.objects.filter(sheet__regulation__code="26/2026", code="2.1", sheet__set_number__lte=4)
    assert all(c.knockout_rule.startswith("Không đánh giá những sản phẩm có tính phổ biến") for c in widespread)
    assert len(widespread) == 4

    assert knockouts_by_set("1048/2019", knockout_if_zero=True) == {3: ["6.1"], 14: ["6.1", "6.2", "6.3", "6.4"]}
    stop_1048 = {n: ["1.1", "6.1", "9"] for n in (2, 4, 5, 7, 9, 16, 23, 24, 25, 26)}
    stop_1048.update({
        1: ["1.1", "6.1.1", "6.1.2", "6.1.3", "9"], 3: ["1.1", "9"], 6: ["1.1", "6.1.1", "6.1.2", "6.1.3", "6.1.3b", "6.1.4", "9"],
        11: ["1.1", "10"], 12: ["1.1", "6", "12"], 13: ["1.1", "6.2"], 14: ["1.1", "9"], 15: ["10"], 17: ["1.1", "6", "12"],
        18: ["6.1", "10"], 19: ["1.1", "6.2"], 20: ["1.1", "6.2"], 21: ["1.1", "12"], 22: ["1.1", "6", "12"],
    })
    assert knockouts_by_set("1048/2019", knockout_rule__gt="") == stop_1048
    # A criterion is never both kinds.
    assert not Criterion.objects.filter(knockout_if_zero=True).exclude(knockout_rule="").exists()


def test_sheet_definition_carries_the_zero_knockouts(catalogue):
    sheet = sheet_definition(real_sheet(16))

    assert [c.code for c in sheet.criteria if c.knockout_if_zero] == ["6.1", "6.2", "6.3", "6.4"]


# --- Set 16: 0 on any of 6.1–6.4 stops the evaluation --------------------------------------------


def test_set16_a_lone_sheet_with_6_1_at_zero_is_knocked_out(catalogue):
    # Before: best everywhere except 6.1 “Có tạp chất” (0, −3) came out 97.00, 5★, rated.
    sheet = real_sheet(16)
    result = evaluate(sheet_definition(sheet), [MemberChoices(1, choices_for(sheet, {"6.1": 0}))])

    assert (result.score, result.band_star, result.star, result.knocked_out) == (Decimal("97.00"), 5, None, True)
    assert result.explanation["knockouts"][0]["criterion_code"] == "6.1"
    assert result.explanation["outcome"] == "knocked_out"


@pytest.mark.parametrize(("rule", "zero_sheets"), [("any", 1), ("majority", 2)])
def test_set16_zero_on_6_1_knocks_the_product_out_at_the_close(make_session, rule, zero_sheets):
    session, application = make_session(16, knockout_rule=rule)
    names = ["Chủ tịch A", "Ủy viên B", "Thư ký C"]
    for i, name in enumerate(names):
        score(session, application, name, changes={"6.1": 0} if i < zero_sheets else None)

    ev.session_close(session=session)

    application.refresh_from_db()
    result = application.results.get()
    assert (result.knocked_out, result.star, application.status) == (True, None, "not_achieved")
    (entry,) = result.explanation["knockouts"]
    assert (entry["criterion_code"], entry["sheets"], entry["of"], entry["decided_by"]) == ("6.1", zero_sheets, 3, rule)
    assert result.explanation["knockout_decision"]["rule"] == rule
    assert "tiêu chí 6.1" in result.explanation["message"] and f"{zero_sheets}/3" in result.explanation["message"]


def test_set16_one_zero_sheet_of_three_is_not_a_majority(make_session):
    session, application = make_session(16)
    score(session, application, "Chủ tịch A", changes={"6.1": 0})
    score(session, application, "Ủy viên B")
    score(session, application, "Thư ký C")

    ev.session_close(session=session)

    result = application.results.get()
    assert (result.knocked_out, str(result.score)) == (False, "99.00")  # (97 + 100 + 100) / 3
    assert [(r["criterion_code"], r["sheets"], r["of"], r["decided"])
            for r in result.explanation["knockout_decision"]["recorded"]] == [("6.1", 1, 3, False)]


def test_set16_a_member_may_stop_after_a_zero_on_6_1(make_session):
    session, application = make_session(16)
    card = ev.scorecard_choose(session=session, application=application, member=member(session, "Ủy viên B"),
                               choices=choices_for(application.sheet, {"6.1": 0}, until="6.1"))

    ev.scorecard_submit(scorecard=card)

    card.refresh_from_db()
    assert card.status == "submitted"
    assert card.total == sum(Option.objects.get(pk=o).points for o in choices_for(application.sheet, {"6.1": 0}, until="6.1").values())


# --- Members stopping with a written reason (set 1, note under 2.1) ------------------------------


def test_a_member_stops_on_set1_with_a_written_reason(make_session):
    session, application = make_session(1)

    card = stop(session, application, "Ủy viên B", "2.1")

    card.refresh_from_db()
    answered = choices_for(application.sheet, until="2.1")
    assert (card.status, card.knockout_criterion.code) == ("submitted", "2.1")
    assert card.total == sum(Option.objects.get(pk=o).points for o in answered.values())  # the points answered
    assert card.choices.count() == len(answered) < Criterion.objects.filter(sheet=application.sheet).count()
    assert AuditEntry.objects.filter(object_id=card.pk, action="status", note__contains="2.1").exists()


def test_without_a_knockout_an_unfinished_sheet_is_still_refused(make_session):
    session, application = make_session(1)
    card = ev.scorecard_choose(session=session, application=application, member=member(session, "Ủy viên B"),
                               choices=choices_for(application.sheet, until="2.1"))

    with pytest.raises(ev.EvaluationError, match="chưa chấm tiêu chí"):
        ev.scorecard_submit(scorecard=card)


def test_the_close_waits_for_a_stopped_member_the_council_did_not_follow(make_session):
    session, application = make_session(1)
    card = stop(session, application, "Ủy viên B", "2.1")
    score(session, application, "Chủ tịch A")
    score(session, application, "Thư ký C")

    with pytest.raises(ev.EvaluationError) as refused:
        ev.session_close(session=session)

    message = refused.value.messages[0]
    assert "phải chấm đủ phiếu" in message
    assert "Ủy viên B" in message and application.product.name in message
    assert "chênh lệch" not in message  # a stopped sheet's partial total is not a spread to discuss
    session.refresh_from_db()
    assert (session.status, application.results.count()) == ("open", 0)

    # The chair reopens the sheet, the member completes it, and the close goes through.
    ev.scorecard_reopen(scorecard=card, reason="Hội đồng không loại sản phẩm: chấm tiếp")
    ev.scorecard_choose(session=session, application=application, member=member(session, "Ủy viên B"),
                        choices=choices_for(application.sheet))
    ev.scorecard_submit(scorecard=Scorecard.objects.get(pk=card.pk))
    ev.session_close(session=session)

    result = application.results.get()
    assert (result.knocked_out, str(result.score), result.explanation["score"]["complete"]) == (False, "100.00", True)
    assert [(r["criterion_code"], r["sheets"], r["decided"]) for r in result.explanation["knockout_decision"]["recorded"]] == [
        ("2.1", 1, False)]


def test_the_council_follows_two_stopped_members_of_three(make_session):
    session, application = make_session(1)
    stop(session, application, "Ủy viên B", "2.1")
    stop(session, application, "Thư ký C", "2.1", reason="Sản phẩm chủ lực phổ biến của tỉnh")
    score(session, application, "Chủ tịch A")

    ev.session_close(session=session)  # no spread discussion for a knocked-out product

    application.refresh_from_db()
    result = application.results.get()
    assert (result.knocked_out, result.star, application.status) == (True, None, "not_achieved")
    (entry,) = result.explanation["knockouts"]
    assert (entry["criterion_code"], entry["sheets"], entry["of"]) == ("2.1", 2, 3)
    assert entry["rule"].startswith("Không đánh giá những sản phẩm có tính phổ biến")
    assert "Sản phẩm chủ lực phổ biến của tỉnh" in entry["reason"]
    assert result.explanation["score"]["complete"] is False


def test_under_the_any_rule_one_stopped_member_knocks_out(make_session):
    session, application = make_session(1, knockout_rule="any")
    stop(session, application, "Ủy viên B", "6.1", reason="Có lông, cát trong mẫu")
    score(session, application, "Chủ tịch A")
    score(session, application, "Thư ký C")

    ev.session_close(session=session)

    result = application.results.get()
    assert (result.knocked_out, result.explanation["knockouts"][0]["criterion_code"]) == (True, "6.1")
    assert "chỉ cần một phiếu" in result.explanation["knockout_decision"]["message"]


def test_a_knockout_flag_is_refused_where_the_sheet_allows_none(make_session):
    session, application = make_session(1)
    card = ev.scorecard_choose(session=session, application=application, member=member(session, "Ủy viên B"),
                               choices=choices_for(application.sheet, until="1.1"))
    plain = Criterion.objects.get(sheet=application.sheet, code="1.2")
    foreign = Criterion.objects.get(sheet=real_sheet(7), code="1.1")
    rule = Criterion.objects.get(sheet=application.sheet, code="2.1")

    with pytest.raises(ev.EvaluationError, match="không có điều kiện loại"):
        ev.scorecard_flag_knockout(scorecard=card, criterion=plain, reason="Không đạt")
    with pytest.raises(ev.EvaluationError, match="không thuộc phiếu"):
        ev.scorecard_flag_knockout(scorecard=card, criterion=foreign, reason="Nhập khẩu")
    with pytest.raises(ev.EvaluationError, match="lý do"):
        ev.scorecard_flag_knockout(scorecard=card, criterion=rule, reason="  ")
    ev.scorecard_flag_knockout(scorecard=card, criterion=rule, reason="Phổ biến")
    ev.scorecard_submit(scorecard=card)
    with pytest.raises(ev.EvaluationError, match="đã nộp"):
        ev.scorecard_flag_knockout(scorecard=card, criterion=rule, reason="Đổi lý do")


def test_the_flag_reaches_the_engine_without_an_extra_query(make_session, django_assert_num_queries):
    session, application = make_session(1)
    card = stop(session, application, "Ủy viên B", "2.1")
    loaded = Scorecard.objects.select_related("knockout_criterion").prefetch_related("choices").get(pk=card.pk)

    with django_assert_num_queries(0):
        choices = member_choices_from_scorecard(loaded)

    assert (choices.knockout.criterion_code, choices.knockout.reason) == ("2.1", card.knockout_reason)


# --- Set 26: alternative cases -------------------------------------------------------------------


def test_set26_case_texts_are_read_by_their_number(catalogue):
    groups = dict(Option.objects.filter(criterion__sheet=real_sheet(26), criterion__code="8")
                  .values_list("alternative_group", "criterion__code").distinct())

    assert {case_number(g) for g in groups} == {1, 2}
    assert case_number("Trường hợp 2: Điểm dịch vụ du lịch") == 2  # criterion 8's own wording of case 2


def test_scoring_a_set26_application_needs_its_case(make_session):
    session, application = make_session(26)

    with pytest.raises(ev.EvaluationError, match="chưa xác định trường hợp đánh giá") as refused:
        ev.scorecard_choose(session=session, application=application, member=member(session, "Ủy viên B"),
                            choices=choices_for(application.sheet, until="1.1"))

    assert refused.value.code == "case_not_set"
    with pytest.raises(CaseNotSet):
        evaluate(sheet_definition(application.sheet), [MemberChoices(1, choices_for(application.sheet, case=1))])


def test_an_option_of_the_other_case_is_refused(make_session):
    session, application = make_session(26, case=1)
    criterion = Criterion.objects.get(sheet=application.sheet, code="8")
    other = Option.objects.filter(criterion=criterion, alternative_group__contains="Trường hợp 2").first()

    with pytest.raises(ev.EvaluationError, match="thuộc Trường hợp 2, còn hồ sơ này được đánh giá theo Trường hợp 1") as refused:
        ev.scorecard_choose(session=session, application=application, member=member(session, "Ủy viên B"),
                            choices={criterion.pk: other.pk})

    assert refused.value.code == "other_case"
    assert not Scorecard.objects.filter(application=application, choices__isnull=False).exists()


def test_the_engine_refuses_a_sheet_mixing_cases_or_of_the_other_case(catalogue):
    sheet = real_sheet(26)
    definition = sheet_definition(sheet)
    mixed = choices_for(sheet, case=1)
    nine = Criterion.objects.get(sheet=sheet, code="9")
    mixed[nine.pk] = Option.objects.filter(criterion=nine, alternative_group__startswith="Trường hợp 2").first().pk

    with pytest.raises(InvalidChoice, match="một phiếu chỉ theo một trường hợp"):
        evaluate(definition, [MemberChoices(1, mixed)], alternative_case=1)
    with pytest.raises(InvalidChoice, match="hồ sơ được đánh giá theo Trường hợp 2"):
        member_total(definition, MemberChoices(1, choices_for(sheet, case=1)), alternative_case=2)
    assert member_total(definition, MemberChoices(1, choices_for(sheet, case=2)), alternative_case=2) == 100


def test_set26_scored_in_its_case_from_choice_to_close(make_session):
    session, application = make_session(26, case=2)
    for name in ("Chủ tịch A", "Ủy viên B", "Thư ký C"):
        score(session, application, name, case=2)

    ev.session_close(session=session)

    result = application.results.get()
    assert (str(result.score), result.star) == ("100.00", 5)
    assert result.explanation["alternative_case"]["case"] == 2
    assert AuditEntry.objects.filter(object_id=application.pk, action="alternative_case", note="- → 2").exists()


def test_the_case_is_fixed_once_scoring_has_begun(make_session, staff):
    session, application = make_session(26, case=1)
    ev.application_set_case(application=application, case=2, actor=staff)  # no choice yet: may still change
    ev.scorecard_choose(session=session, application=application, member=member(session, "Ủy viên B"),
                        choices=choices_for(application.sheet, until="1.1"))

    with pytest.raises(ev.EvaluationError, match="không đổi được trường hợp đánh giá"):
        ev.application_set_case(application=application, case=1, actor=staff)

    application.refresh_from_db()
    assert application.alternative_case == 2


def test_the_case_exists_only_where_the_sheet_has_cases(make_session):
    _session, application = make_session(7)
    with pytest.raises(ev.EvaluationError, match="không có tiêu chí chia theo trường hợp"):
        ev.application_set_case(application=application, case=1)
    _tourism, tourism_application = make_session(26)
    with pytest.raises(ev.EvaluationError, match="không có Trường hợp 3"):
        ev.application_set_case(application=tourism_application, case=3)
    with pytest.raises(ev.EvaluationError, match="phải là 1 hoặc 2"):
        ev.application_set_case(application=tourism_application, case="một")


# --- Conditional criteria on a real sheet --------------------------------------------------------


def test_set16_story_structure_counts_only_with_a_story(catalogue):
    sheet = real_sheet(16)
    definition = sheet_definition(sheet)
    story = Criterion.objects.get(sheet=sheet, code="5.1")
    structure = Criterion.objects.get(sheet=sheet, code="5.2")
    best_structure = max(o.points for o in structure.options.all())
    without_story = choices_for(sheet, {"5.1": 0})

    # 5.1 at 0: 5.2 counts 0 whatever was chosen, and may be left blank.
    assert member_total(definition, without_story) == 100 - max(o.points for o in story.options.all()) - best_structure
    del without_story[structure.pk]
    assert member_total(definition, without_story) == 100 - max(o.points for o in story.options.all()) - best_structure
    assert member_total(definition, choices_for(sheet)) == 100
