"""The sheet's own rules in the pure engine and the catalogue parser: knock-outs written on the
sheets (0 points on a criterion, or a member stopping with a written reason) decided by the
round's rule, and the alternative cases of set 26. No database."""

import random
from decimal import Decimal

import pytest

from evaluations.catalogue import (
    ZERO_SCOPE_ABOVE,
    ZERO_SCOPE_SELF,
    catalogue_read,
    knockout_sentence,
    zero_knockout_scope,
)
from evaluations.scoring import (
    CaseNotSet,
    CriterionDef,
    IncompleteScorecard,
    InvalidChoice,
    Knockout,
    MemberChoices,
    OptionDef,
    RoundRules,
    ScoringError,
    SheetDef,
    case_number,
    case_required,
    evaluate,
    member_sheet,
    member_total,
)

pytestmark = pytest.mark.unit

MAJORITY = RoundRules(knockout_rule="majority")
ANY = RoundRules(knockout_rule="any")
WIDESPREAD = ("Không đánh giá những sản phẩm có tính phổ biến của nhóm sản phẩm chủ lực cấp quốc gia, cấp tỉnh mà "
              "không có sự nổi trội và đặc sắc.")


def criterion(cid, code, points, *, knockout_rule="", knockout_if_zero=False):
    """Option ids are cid*1000 + points."""
    options = tuple(OptionDef(id=cid * 1000 + p, points=p) for p in points)
    return CriterionDef(id=cid, code=code, max_points=max(points), options=options, knockout_rule=knockout_rule,
                        knockout_if_zero=knockout_if_zero)


# T carries the bulk; 6.1 and 6.2 stop the evaluation at 0 (set 16 style); 2.1 lets a member stop
# with a reason (sets 1–4 style). Best: 88 + 3 + 3 + 3 = 97.
SHEET = SheetDef(criteria=(
    criterion(1, "T", range(89)),
    criterion(21, "2.1", [0, 1, 2, 3], knockout_rule=WIDESPREAD),
    criterion(61, "6.1", [0, 3], knockout_if_zero=True),
    criterion(62, "6.2", [0, 3], knockout_if_zero=True),
), has_star_markers=False)


def sheet_of(member_id, knockout=None, **points):
    """Best everywhere except `points` ({code with _ for .: points}); None leaves a criterion blank."""
    wanted = {"T": 88, "2_1": 3, "6_1": 3, "6_2": 3, **points}
    by_code = {c.code.replace(".", "_"): c for c in SHEET.criteria}
    choices = {by_code[code].id: by_code[code].id * 1000 + p for code, p in wanted.items() if p is not None}
    return MemberChoices(member_id, choices, knockout=knockout)


def zeros(count, of, code="6_1"):
    return [sheet_of(i, **({code: 0} if i <= count else {})) for i in range(1, of + 1)]


# --- Zero knock-outs -----------------------------------------------------------------------------


def test_a_lone_sheet_with_a_zero_on_a_zero_knockout_criterion_is_knocked_out():
    result = evaluate(SHEET, [sheet_of(1, **{"6_1": 0})], MAJORITY)

    assert (result.score, result.star, result.knocked_out) == (Decimal("94.00"), None, True)
    assert result.explanation["outcome"] == "knocked_out"
    (entry,) = result.explanation["knockouts"]
    assert (entry["criterion_code"], entry["sheets"], entry["of"], entry["decided_by"]) == ("6.1", 1, 1, "majority")
    assert entry["members"] == [{"member_id": 1, "kind": "zero", "reason": ""}]
    assert "tiêu chí 6.1" in result.explanation["message"] and "1/1" in result.explanation["message"]


@pytest.mark.parametrize(
    ("zero_sheets", "of", "knocked_out"),
    [(2, 4, False), (3, 4, True), (1, 3, False), (2, 3, True), (0, 3, False)],
    ids=["half-of-4", "one-more-of-4", "one-of-3", "two-of-3", "none"],
)
def test_majority_needs_more_than_half_of_the_sheets(zero_sheets, of, knocked_out):
    result = evaluate(SHEET, zeros(zero_sheets, of), MAJORITY)

    assert result.knocked_out is knocked_out
    assert (result.star is None) is knocked_out
    decision = result.explanation["knockout_decision"]
    assert (decision["rule"], decision["sheets"], decision["threshold"]) == ("majority", of, of // 2 + 1)
    if zero_sheets:
        assert decision["recorded"] == [{
            "criterion_code": "6.1", "sheets": zero_sheets, "of": of, "decided": knocked_out,
            "message": decision["recorded"][0]["message"],
        }]
        assert f"{zero_sheets}/{of}" in decision["message"]


def test_the_any_rule_knocks_out_on_one_sheet():
    sheets = zeros(1, 4)

    assert evaluate(SHEET, sheets, MAJORITY).knocked_out is False
    result = evaluate(SHEET, sheets, ANY)

    assert (result.knocked_out, result.star) == (True, None)
    assert result.explanation["knockout_decision"]["threshold"] == 1
    assert "chỉ cần một phiếu" in result.explanation["knockout_decision"]["message"]
    assert "chỉ cần một phiếu" in result.explanation["message"]
    (entry,) = result.explanation["knockouts"]
    assert (entry["criterion_code"], entry["sheets"], entry["of"], entry["reason"]) == ("6.1", 1, 4, "0 điểm trên 1/4 phiếu")


def test_sheets_are_counted_per_criterion():
    # Two sheets zero 6.1, two others zero 6.2: 2/4 on each, so no majority on either.
    sheets = [sheet_of(1, **{"6_1": 0}), sheet_of(2, **{"6_1": 0}), sheet_of(3, **{"6_2": 0}), sheet_of(4, **{"6_2": 0})]

    majority = evaluate(SHEET, sheets, MAJORITY)
    any_ = evaluate(SHEET, sheets, ANY)

    assert majority.knocked_out is False
    assert [(r["criterion_code"], r["sheets"], r["decided"]) for r in majority.explanation["knockout_decision"]["recorded"]] == [
        ("6.1", 2, False), ("6.2", 2, False)]
    assert [k["criterion_code"] for k in any_.explanation["knockouts"]] == ["6.1", "6.2"]


def test_a_zero_on_an_ordinary_criterion_is_no_knockout():
    result = evaluate(SHEET, [sheet_of(1, **{"2_1": 0})], ANY)

    assert (result.knocked_out, result.explanation["knockout_decision"]["recorded"]) == (False, [])
    assert "Không phiếu nào ghi nhận điều kiện loại" in result.explanation["knockout_decision"]["message"]


# --- Members stopping with a written reason ------------------------------------------------------


def flagged(member_id, reason="Sản phẩm phổ biến, không nổi trội", **points):
    return sheet_of(member_id, knockout=Knockout("2.1", reason), **points)


@pytest.mark.parametrize(("flags", "of", "knocked_out"), [(2, 4, False), (3, 4, True)])
def test_flagged_knockouts_follow_the_majority_rule(flags, of, knocked_out):
    sheets = [flagged(i) if i <= flags else sheet_of(i) for i in range(1, of + 1)]

    result = evaluate(SHEET, sheets, MAJORITY)

    assert result.knocked_out is knocked_out
    if knocked_out:
        (entry,) = result.explanation["knockouts"]
        assert entry["reason"] == f"Sản phẩm phổ biến, không nổi trội ({flags}/{of} phiếu ghi nhận)"
        assert entry["rule"] == WIDESPREAD
        assert [m["member_id"] for m in entry["members"]] == [1, 2, 3]


def test_a_stopped_sheet_is_read_with_the_points_answered():
    stopped = flagged(1, **{"6_1": None, "6_2": None})

    read = member_sheet(SHEET, stopped)

    assert (read.total, read.missing, read.knockouts, read.stopped, read.complete) == (91, ("6.1", "6.2"), ("2.1",), True, False)
    with pytest.raises(IncompleteScorecard):
        member_total(SHEET, stopped)  # the strict total still wants every criterion


def test_a_zero_knockout_also_lets_the_member_stop():
    read = member_sheet(SHEET, sheet_of(1, **{"6_1": 0, "6_2": None}))

    assert (read.total, read.knockouts, read.stopped) == (91, ("6.1",), True)


def test_an_unfinished_sheet_that_records_no_knockout_is_refused():
    with pytest.raises(IncompleteScorecard) as error:
        member_sheet(SHEET, sheet_of(5, **{"6_2": None}))

    assert error.value.problems == ((5, "6.2"),)


def test_a_stopped_sheet_cannot_enter_a_mean_when_the_council_does_not_knock_out():
    sheets = [flagged(3, **{"6_1": None, "6_2": None}), sheet_of(1), sheet_of(2)]

    with pytest.raises(IncompleteScorecard) as error:
        evaluate(SHEET, sheets, MAJORITY)

    assert error.value.problems == ((3, "6.1"), (3, "6.2"))
    assert str(error.value) == "Thành viên 3: chưa chấm tiêu chí 6.1, 6.2."
    assert evaluate(SHEET, sheets, ANY).knocked_out is True  # one sheet suffices under "any"


def test_stopped_sheets_are_accepted_when_the_council_knocks_out():
    sheets = [flagged(1, T=None, **{"6_1": None, "6_2": None}), flagged(2, **{"6_2": None}), sheet_of(3)]

    result = evaluate(SHEET, sheets, MAJORITY)

    assert (result.knocked_out, result.member_totals) == (True, {1: 3, 2: 94, 3: 97})
    assert result.explanation["score"]["complete"] is False


def test_stopping_on_a_criterion_whose_note_allows_no_knockout_is_invalid():
    with pytest.raises(InvalidChoice) as error:
        evaluate(SHEET, [sheet_of(1, knockout=Knockout("6.1", "Không thích"))])

    assert error.value.problems == ((1, "6.1"),)


def test_an_unknown_knockout_rule_is_an_error():
    with pytest.raises(ScoringError, match="Cách quyết định loại"):
        evaluate(SHEET, [sheet_of(1)], RoundRules(knockout_rule="unanimous"))


def test_knockouts_decided_by_the_caller_still_apply_whatever_the_rule():
    result = evaluate(SHEET, [sheet_of(1), sheet_of(2)], MAJORITY, [Knockout("T", "Hồ sơ giả mạo")])

    assert (result.knocked_out, result.explanation["knockouts"][0]["reason"]) == (True, "Hồ sơ giả mạo")


def test_member_order_is_irrelevant_with_knockouts():
    # 2.1 flagged on 3/4 sheets (a majority), 6.1 at 0 on 2/4 (not), one sheet stopped.
    sheets = [flagged(1, **{"6_2": None}), flagged(2), sheet_of(3, **{"6_1": 0}), flagged(4, **{"6_1": 0})]
    shuffled = list(sheets)
    random.Random(7).shuffle(shuffled)

    for rules in (MAJORITY, ANY):
        assert evaluate(SHEET, shuffled, rules) == evaluate(SHEET, sheets, rules)


# --- The catalogue's rule for zero knock-outs ----------------------------------------------------


@pytest.mark.parametrize(
    ("note", "scope"),
    [
        ("Ghi chú: Nếu được 0 điểm tại một trong các chỉ tiêu trên, sẽ không đánh giá các bước tiếp theo.", ZERO_SCOPE_ABOVE),
        ("Ghi chú: Nếu bị 0 Điểm, sẽ không đánh giá các bước tiếp theo", ZERO_SCOPE_SELF),
        ("Ghi chú: Không xem xét các chỉ tiêu khác nếu sản phẩm có các tạp chất có nguy cơ ảnh hưởng đến vệ sinh an "
         "toàn thực phẩm, như: ruồi bọ, lông, len, cát sỏi....", ""),
        ("Ghi chú: Bị loại nếu sử dụng toàn bộ nguyên liệu nhập khẩu hoặc không rõ nguồn gốc", ""),
        (f"Ghi chú: {WIDESPREAD}", ""),
        ("Ghi chú: Nếu được 10 điểm, sẽ không đánh giá các bước tiếp theo", ""),
    ],
    ids=["set16-above", "1048-type3-self", "impurities", "imported", "widespread", "ten-points"],
)
def test_a_knockout_sentence_names_a_zero_score_or_a_fact(note, scope):
    sentence = knockout_sentence(note)

    assert sentence  # every one of these is a knock-out note
    assert zero_knockout_scope(sentence) == scope


# --- Alternative cases ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("a. Trường hợp 1: Dịch vụ du lịch do cộng đồng cung cấp", 1),
        ("b. Trường hợp 2: Điểm dịch vụ du lịch", 2),  # criterion 8 of set 26
        ("b. Trường hợp 2: Dịch vụ du lịch do tổ chức, cá nhân cung cấp", 2),  # criteria 9 and 15
        ("Trường hợp 2: Dịch vụ du lịch do tổ chức, cá nhân cung cấp", 2),
        ("Trường hợp 1", 1),  # the 1048 labels of corrections.json
        ("TRƯỜNG HỢP 2", 2),
        ("Trường hợp\u00a02", 2),
        ("Lựa chọn một trong hai trường hợp sau:", None),
        ("", None),
    ],
)
def test_case_number_reads_the_number_of_the_case(text, number):
    assert case_number(text) == number


def test_every_alternative_group_of_the_shipped_sheets_has_a_case_number():
    catalogue = catalogue_read()
    tourism = catalogue.regulation("26/2026").sheet(26)

    cases = {c.code: sorted({(case_number(o.alternative_group), o.alternative_group) for o in c.options})
             for c in tourism.criteria if any(o.alternative_group for o in c.options)}

    # Criterion 8 words case 2 differently from 9 and 15: the number is what identifies the case.
    assert cases == {
        "8": [(1, "Trường hợp 1: Dịch vụ du lịch do cộng đồng cung cấp"), (2, "Trường hợp 2: Điểm dịch vụ du lịch")],
        "9": [(1, "Trường hợp 1: Dịch vụ du lịch do cộng đồng cung cấp"),
              (2, "Trường hợp 2: Dịch vụ du lịch do tổ chức, cá nhân cung cấp")],
        "15": [(1, "Trường hợp 1: Dịch vụ du lịch do cộng đồng cung cấp"),
               (2, "Trường hợp 2: Dịch vụ du lịch do tổ chức, cá nhân cung cấp")],
    }
    groups = {o.alternative_group for r in catalogue.regulations for s in r.sheets for c in s.criteria for o in c.options}
    assert {case_number(g) for g in groups if g} == {1, 2}


def tourism_criterion(cid, code, case_points, markers=None):
    """Options of case 1 then case 2: ids cid*1000 + case*100 + points."""
    markers = markers or {}
    options = tuple(
        OptionDef(id=cid * 1000 + case * 100 + p, points=p, min_star=markers.get((case, p)),
                  group=f"{'ab'[case - 1]}. Trường hợp {case}: …")
        for case, points in case_points.items() for p in points
    )
    return CriterionDef(id=cid, code=code, max_points=max(o.points for o in options), options=options)


# 8 and 9 split by case; 9's 3-point option of case 1 is its 3★ minimum. Best: 91 + 3 + 3 = 97.
TOURISM = SheetDef(criteria=(
    criterion(1, "T", range(92)),
    tourism_criterion(8, "8", {1: [1, 3], 2: [1, 3]}),
    tourism_criterion(9, "9", {1: [1, 3], 2: [0, 2]}, markers={(1, 3): 3}),
))


def tour(member_id, case8, case9, t=91):
    return MemberChoices(member_id, {1: 1000 + t, 8: 8000 + case8 * 100 + 3, 9: 9000 + case9 * 100 + (3 if case9 == 1 else 2)})


def test_the_case_is_required_when_cases_span_several_criteria():
    assert case_required(TOURISM) is True
    assert case_required(SheetDef(criteria=TOURISM.criteria[:2])) is False
    with pytest.raises(CaseNotSet, match="Trường hợp 1 hoặc 2"):
        evaluate(TOURISM, [tour(1, 1, 1)])


def test_a_sheet_that_mixes_cases_is_refused():
    with pytest.raises(InvalidChoice) as error:
        evaluate(TOURISM, [tour(1, 1, 2)], alternative_case=1)

    assert error.value.problems == ((1, "8"), (1, "9"))
    assert "một phiếu chỉ theo một trường hợp" in str(error.value)


def test_an_option_of_the_other_case_is_refused():
    with pytest.raises(InvalidChoice) as error:
        member_total(TOURISM, tour(1, 2, 2), alternative_case=1)

    assert error.value.problems == ((1, "8"), (1, "9"))
    assert "Trường hợp 1" in str(error.value)


def test_with_the_case_fixed_only_its_options_count():
    # Case 2: 9's marker belongs to case 1, so it does not cap a case-2 sheet (91 + 3 + 2 = 96).
    result = evaluate(TOURISM, [tour(1, 2, 2)], alternative_case=2)

    assert (result.score, result.star) == (Decimal("96.00"), 5)
    assert result.explanation["alternative_case"]["case"] == 2
    assert result.explanation["minimums"]["unmet"] == []
    # Case 1: the same marker applies (91 + 3 + 1 = 95, below 9's 3★ minimum).
    capped = evaluate(TOURISM, [MemberChoices(1, {1: 1091, 8: 8103, 9: 9101})], alternative_case=1)
    assert (capped.score, capped.star) == (Decimal("95.00"), None)


def test_with_the_case_fixed_a_criterion_without_options_of_that_case_is_not_required():
    only_case_2 = tourism_criterion(15, "15", {2: [1, 3]})
    sheet = SheetDef(criteria=(*TOURISM.criteria, only_case_2))

    assert member_total(sheet, tour(1, 1, 1, t=88), alternative_case=1) == 94
    with pytest.raises(IncompleteScorecard) as error:
        member_total(sheet, tour(1, 2, 2, t=88), alternative_case=2)
    assert error.value.problems == ((1, "15"),)


def test_a_case_the_sheet_does_not_have_is_an_error():
    with pytest.raises(ScoringError, match="không có Trường hợp 3"):
        evaluate(TOURISM, [tour(1, 1, 1)], alternative_case=3)
