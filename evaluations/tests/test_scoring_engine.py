"""The scoring engine on small hand-built sheets, plus properties that hold for any sheet."""

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evaluations.scoring import (
    NO_MARKERS_MESSAGE,
    CriterionDef,
    IncompleteScorecard,
    InvalidChoice,
    Knockout,
    MemberChoices,
    OptionDef,
    RoundRules,
    ScoringError,
    SheetDef,
    SheetError,
    evaluate,
    member_total,
)

pytestmark = pytest.mark.unit

PER_MEMBER = RoundRules(minimum_mode="per_member")
CONSENSUS = RoundRules(minimum_mode="consensus")


# --- Builders ------------------------------------------------------------------------------------


def criterion(cid, code, points, markers=None, applies_if=None, groups=None, knockout_rule=""):
    """A criterion whose option ids are cid*1000 + points; markers maps points -> min_star."""
    markers = markers or {}
    groups = groups or {}
    options = tuple(
        OptionDef(id=cid * 1000 + p, points=p, min_star=markers.get(p), group=groups.get(p, "")) for p in points
    )
    return CriterionDef(
        id=cid, code=code, max_points=max(points), options=options, applies_if=applies_if, knockout_rule=knockout_rule
    )


def pick(sheet, member_id, **points_by_code):
    """Choices by points: pick(sheet, 1, T=70, M=2) with codes spelled as keyword names."""
    by_code = {c.code.replace(".", "_"): c for c in sheet.criteria}
    return MemberChoices(member_id, {by_code[code].id: by_code[code].id * 1000 + p for code, p in points_by_code.items()})


# One criterion worth 0..100: a member's total is whatever they pick.
TOTAL_ONLY = SheetDef(criteria=(criterion(1, "T", range(101)),))


def totals(*values, sheet=TOTAL_ONLY, **kwargs):
    return evaluate(sheet, [pick(sheet, i, T=v) for i, v in enumerate(values, start=1)], **kwargs)


# T carries the bulk (0..90); M has a 3★ minimum at 2 points.
MINIMUM_3 = SheetDef(criteria=(criterion(1, "T", range(91)), criterion(2, "M", [0, 1, 2, 3], markers={2: 3})))

# Cumulative markers: X needs 1 for 3★ and 3 for 5★; Y needs 2 for 4★.
CUMULATIVE = SheetDef(criteria=(
    criterion(1, "T", range(91)),
    criterion(2, "X", [0, 1, 2, 3], markers={1: 3, 3: 5}),
    criterion(3, "Y", [0, 1, 2], markers={2: 4}),
))

# 5.2 counts only when 5.1 > 0.
CONDITIONAL = SheetDef(criteria=(
    criterion(1, "T", range(91)),
    criterion(51, "5.1", [0, 1, 2, 3, 5]),
    criterion(52, "5.2", [0, 1, 2], applies_if=51),
))


# --- Member totals -------------------------------------------------------------------------------


def test_member_total_is_the_sum_of_chosen_points():
    choices = pick(CUMULATIVE, 1, T=60, X=2, Y=1)

    assert member_total(CUMULATIVE, choices) == 63
    assert member_total(CUMULATIVE, dict(choices.choices)) == 63


# --- Bands and rounding --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("member_totals", "score", "band"),
    [
        ((70, 70, 69), "69.67", 3),  # 209/3 = 69.666…: shown as 69.67, still below 70
        ((70, 70, 70), "70.00", 4),
        ((69, 71), "70.00", 4),  # exactly on the boundary
        ((90, 90, 89), "89.67", 4),  # 269/3
        ((89, 91), "90.00", 5),
        ((100,), "100.00", 5),
        ((50,), "50.00", 3),
        ((49, 50), "49.50", 2),
        ((30,), "30.00", 2),
        ((29, 30), "29.50", 1),
        ((0,), "0.00", 1),
    ],
)
def test_band_is_taken_on_the_exact_mean(member_totals, score, band):
    result = totals(*member_totals)

    assert (result.score, result.band_star) == (Decimal(score), band)


def test_band_explanation_shows_range_and_exact_mean():
    result = totals(70, 70, 69)

    assert result.explanation["band"] == {
        "star": 3,
        "min": 50,
        "max": 70,
        "range": "50 ≤ điểm < 70",
        "message": "Điểm 69.67 (giá trị chính xác 209/3) thuộc khoảng 50 ≤ điểm < 70: hạng 3 sao theo khoảng điểm.",
    }
    assert result.explanation["score"]["exact"] == "209/3"


@pytest.mark.parametrize(
    ("member_totals", "score"),
    [
        ((1, 0, 0), "0.33"),
        ((1, 1, 0), "0.67"),
        ((1, 0, 0, 0, 0, 0, 0, 0), "0.13"),  # 0.125 rounds half up
        ((3, 0, 0, 0, 0, 0, 0, 0), "0.38"),  # 0.375
        ((71, 70, 70, 70, 70, 70, 70, 70), "70.13"),  # 561/8 = 70.125
        ((2, 1, 1, 1), "1.25"),
    ],
)
def test_displayed_score_rounds_half_up_to_two_places(member_totals, score):
    result = totals(*member_totals)

    assert result.score == Decimal(score)
    assert result.score.as_tuple().exponent == -2


# --- Minimums ------------------------------------------------------------------------------------


def test_per_member_and_consensus_differ_on_the_same_sheets():
    # M chosen 2, 2, 1: one member below the 3★ minimum of 2, but the median is 2.
    members = [pick(MINIMUM_3, 1, T=75, M=2), pick(MINIMUM_3, 2, T=75, M=2), pick(MINIMUM_3, 3, T=75, M=1)]

    per_member = evaluate(MINIMUM_3, members, PER_MEMBER)
    consensus = evaluate(MINIMUM_3, members, CONSENSUS)

    assert (per_member.band_star, per_member.star) == (4, None)
    assert per_member.explanation["minimums"]["capped_by"] == [{
        "criterion_code": "M",
        "required_star": 3,
        "required_points": 2,
        "option_id": 2002,
        "met": False,
        "members_below": [{"member_id": 3, "points": 1}],
        "lowest": 1,
        "message": "Tiêu chí M: hạng 3 sao cần tối thiểu 2 điểm; thành viên chấm thấp hơn: 3 (1 điểm).",
    }]
    assert (consensus.band_star, consensus.star) == (4, 4)
    assert consensus.explanation["minimums"]["mode"] == "consensus"
    assert consensus.explanation["minimums"]["level_met"] == 5


def test_consensus_median_of_an_even_count_averages_the_middle_two():
    # M chosen 3, 2, 1, 0: median (2 + 1) / 2 = 1.5 < 2.
    members = [pick(MINIMUM_3, i, T=75, M=m) for i, m in enumerate([3, 2, 1, 0], start=1)]

    result = evaluate(MINIMUM_3, members, CONSENSUS)

    assert result.star is None
    assert result.explanation["minimums"]["capped_by"][0]["median"] == "1.5"
    assert result.explanation["outcome"] == "not_achieved"


def test_minimums_are_cumulative():
    # X = 3 meets its 5★ marker, but Y = 1 misses the 4★ marker, so only level 3 is reached.
    member = pick(CUMULATIVE, 1, T=90, X=3, Y=1)

    result = evaluate(CUMULATIVE, [member])

    assert (result.score, result.band_star, result.star) == (Decimal("94.00"), 5, 3)
    minimums = result.explanation["minimums"]
    assert minimums["level_met"] == 3
    assert [(c["criterion_code"], c["required_star"], c["required_points"]) for c in minimums["capped_by"]] == [
        ("Y", 4, 2)
    ]
    assert result.explanation["outcome"] == "capped"
    assert "tiêu chí Y" in result.explanation["message"]


def test_level_five_needs_every_marker():
    met = evaluate(CUMULATIVE, [pick(CUMULATIVE, 1, T=90, X=3, Y=2)])
    missed_five = evaluate(CUMULATIVE, [pick(CUMULATIVE, 1, T=90, X=2, Y=2)])

    assert (met.star, met.explanation["minimums"]["level_met"]) == (5, 5)
    assert (missed_five.star, missed_five.explanation["minimums"]["level_met"]) == (4, 4)
    assert missed_five.explanation["minimums"]["capped_by"][0]["criterion_code"] == "X"


def test_failing_a_three_star_minimum_is_not_achieved_even_at_95():
    sheet = SheetDef(criteria=(criterion(1, "T", range(96)), criterion(2, "M", [0, 1, 2, 3, 4], markers={2: 3})))

    result = evaluate(sheet, [pick(sheet, 1, T=95, M=0), pick(sheet, 2, T=94, M=1)], PER_MEMBER)

    # (95 + 0 + 94 + 1) / 2 = 95
    assert (result.score, result.band_star, result.star) == (Decimal("95.00"), 5, None)
    assert result.explanation["minimums"]["level_met"] == 0
    assert result.explanation["outcome"] == "not_achieved"
    capped = result.explanation["minimums"]["capped_by"]
    assert [(c["criterion_code"], c["required_star"], c["members_below"]) for c in capped] == [
        ("M", 3, [{"member_id": 1, "points": 0}, {"member_id": 2, "points": 1}])
    ]


def test_band_below_three_keeps_its_star_whatever_the_minimums():
    result = evaluate(MINIMUM_3, [pick(MINIMUM_3, 1, T=40, M=0)])

    assert (result.band_star, result.star) == (2, 2)
    assert result.explanation["outcome"] == "below_three_stars"
    assert result.explanation["minimums"]["capped_by"] == []


def test_band_at_or_below_the_level_is_not_capped():
    result = evaluate(CUMULATIVE, [pick(CUMULATIVE, 1, T=70, X=1, Y=0)])

    assert (result.band_star, result.star) == (4, 3)
    assert result.explanation["minimums"]["level_met"] == 3

    plain = evaluate(CUMULATIVE, [pick(CUMULATIVE, 1, T=55, X=1, Y=0)])

    assert (plain.band_star, plain.star, plain.explanation["minimums"]["capped_by"]) == (3, 3, [])
    assert plain.explanation["outcome"] == "rated"


def test_without_star_markers_only_bands_count():
    sheet = SheetDef(criteria=MINIMUM_3.criteria, has_star_markers=False)

    result = evaluate(sheet, [pick(sheet, 1, T=90, M=0)])

    assert (result.band_star, result.star) == (5, 5)
    assert result.explanation["minimums"] == {"applied": False, "message": NO_MARKERS_MESSAGE}


def test_alternative_groups_let_a_member_pick_from_either_case():
    # Tourism style: "a. Trường hợp 1" offers 1 or 3 (3 marked ***), "b. Trường hợp 2" offers 0 or 2.
    options = (
        OptionDef(11, 1, group="a. Trường hợp 1"),
        OptionDef(12, 3, min_star=3, group="a. Trường hợp 1"),
        OptionDef(21, 0, group="b. Trường hợp 2"),
        OptionDef(22, 2, group="b. Trường hợp 2"),
    )
    sheet = SheetDef(criteria=(criterion(1, "T", range(91)), CriterionDef(9, "9", 3, options)))

    first = evaluate(sheet, [MemberChoices(1, {1: 1090, 9: 12})])
    second = evaluate(sheet, [MemberChoices(1, {1: 1090, 9: 22})])

    assert (first.score, first.star) == (Decimal("93.00"), 5)
    assert (second.score, second.star) == (Decimal("92.00"), None)
    capped = second.explanation["minimums"]["capped_by"][0]
    assert (capped["criterion_code"], capped["group"], capped["required_points"]) == ("9", "a. Trường hợp 1", 3)


# --- Knock-outs ----------------------------------------------------------------------------------


def test_knockout_ends_the_evaluation_but_keeps_the_score_on_record():
    sheet = SheetDef(criteria=(
        criterion(1, "T", range(91)),
        criterion(2, "1.1", [1, 2, 3], knockout_rule="Bị loại nếu sử dụng toàn bộ nguyên liệu nhập khẩu"),
    ))

    result = evaluate(sheet, [pick(sheet, 1, T=85, **{"1_1": 3})],
                      knockouts=[Knockout("1.1", "Toàn bộ nguyên liệu nhập khẩu")])

    assert (result.score, result.band_star, result.star, result.knocked_out) == (Decimal("88.00"), 4, None, True)
    assert result.explanation["knockouts"] == [{
        "criterion_code": "1.1",
        "reason": "Toàn bộ nguyên liệu nhập khẩu",
        "rule": "Bị loại nếu sử dụng toàn bộ nguyên liệu nhập khẩu",
        "message": "Sản phẩm bị loại theo tiêu chí 1.1: Toàn bộ nguyên liệu nhập khẩu",
    }]
    assert result.explanation["outcome"] == "knocked_out"
    assert "bị loại" in result.explanation["message"]


def test_knockout_accepts_unfinished_sheets():
    members = [MemberChoices(1, {1: 1040}), MemberChoices(2, {})]

    result = evaluate(MINIMUM_3, members, knockouts=[Knockout("M", "Hồ sơ giả mạo")])

    assert (result.score, result.star, result.knocked_out) == (Decimal("20.00"), None, True)
    assert result.explanation["score"]["complete"] is False
    assert result.explanation["members"][1] == {"member_id": 2, "total": 0, "missing": ["T", "M"]}


# --- Conditional criteria ------------------------------------------------------------------------


def test_conditional_criterion_counts_zero_when_its_condition_scored_zero():
    zeroed = pick(CONDITIONAL, 1, T=80, **{"5_1": 0, "5_2": 2})
    counted = pick(CONDITIONAL, 2, T=80, **{"5_1": 1, "5_2": 2})

    result = evaluate(CONDITIONAL, [zeroed, counted])

    assert result.member_totals == {1: 80, 2: 83}
    assert result.explanation["conditional_zeroed"] == [{
        "member_id": 1,
        "criterion_code": "5.2",
        "depends_on": "5.1",
        "chosen_points": 2,
        "message": "Thành viên 1: tiêu chí 5.2 tính 0 điểm vì tiêu chí 5.1 được 0 điểm.",
    }]


def test_conditional_criterion_may_be_left_blank_only_when_it_does_not_apply():
    assert member_total(CONDITIONAL, pick(CONDITIONAL, 1, T=80, **{"5_1": 0})) == 80

    with pytest.raises(IncompleteScorecard) as error:
        member_total(CONDITIONAL, pick(CONDITIONAL, 1, T=80, **{"5_1": 3}))

    assert error.value.problems == ((1, "5.2"),)


# --- Spread --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("low", "flagged"), [(70, False), (69, True)])
def test_spread_is_flagged_only_above_the_limit(low, flagged):
    result = totals(80, 75, low)

    assert (result.spread, result.spread_flagged) == (80 - low, flagged)
    assert result.explanation["spread"]["limit"] == 10
    assert result.explanation["spread"]["flagged"] is flagged


def test_spread_limit_comes_from_the_round():
    result = totals(80, 75, rules=RoundRules(spread_limit=4))

    assert (result.spread, result.spread_flagged) == (5, True)


# --- Errors --------------------------------------------------------------------------------------


def test_missing_choice_names_member_and_criteria():
    with pytest.raises(IncompleteScorecard) as error:
        evaluate(CUMULATIVE, [pick(CUMULATIVE, 1, T=80, X=1, Y=1), pick(CUMULATIVE, 7, T=80)])

    assert error.value.problems == ((7, "X"), (7, "Y"))
    assert "7" in str(error.value) and "X, Y" in str(error.value)
    assert isinstance(error.value, ScoringError) and isinstance(error.value, ValueError)


def test_option_of_another_criterion_is_invalid():
    foreign = MemberChoices(3, {1: 1080, 2: 3002, 3: 3002})  # X given Y's option

    with pytest.raises(InvalidChoice) as error:
        evaluate(CUMULATIVE, [foreign])

    assert error.value.problems == ((3, "X"),)


def test_choice_for_an_unknown_criterion_is_invalid():
    with pytest.raises(InvalidChoice) as error:
        member_total(MINIMUM_3, MemberChoices(4, {1: 1080, 2: 2002, 99: 99001}))

    assert error.value.problems == ((4, "#99"),)


def test_no_members_is_an_error():
    with pytest.raises(ScoringError, match="Chưa có phiếu chấm"):
        evaluate(MINIMUM_3, [])


def test_a_member_scoring_twice_is_an_error():
    with pytest.raises(ScoringError, match="nhiều hơn một phiếu"):
        evaluate(TOTAL_ONLY, [pick(TOTAL_ONLY, 1, T=1), pick(TOTAL_ONLY, 1, T=2)])


def test_unknown_minimum_mode_is_an_error():
    with pytest.raises(ScoringError):
        totals(70, rules=RoundRules(minimum_mode="strict"))


@pytest.mark.parametrize(
    "sheet",
    [
        SheetDef(criteria=(CriterionDef(1, "A", 3, (OptionDef(1, 13),)),)),  # set 4's printed typo
        SheetDef(criteria=(criterion(1, "A", [0, 1]), criterion(1, "B", [0, 1]))),
        SheetDef(criteria=(criterion(1, "A", [0, 1], applies_if=2), criterion(2, "B", [0, 1], applies_if=1))),
        SheetDef(criteria=(criterion(1, "A", [0, 1], applies_if=5),)),
        SheetDef(criteria=(criterion(1, "A", range(61)), criterion(2, "B", range(41)), criterion(3, "C", [0, 1]))),
    ],
    ids=["points-over-max", "duplicate-criterion", "cyclic-condition", "unknown-condition", "over-100"],
)
def test_malformed_sheets_are_refused(sheet):
    with pytest.raises(SheetError):
        evaluate(sheet, [MemberChoices(1, {})])


# --- Explanation ---------------------------------------------------------------------------------


def test_explanation_is_plain_json():
    members = [pick(CONDITIONAL, 1, T=70, **{"5_1": 0}), pick(CONDITIONAL, 2, T=85, **{"5_1": 5, "5_2": 2})]

    result = evaluate(CONDITIONAL, members, knockouts=[Knockout("5.1", "Câu chuyện sao chép")])

    assert json.loads(json.dumps(result.explanation)) == result.explanation


# --- Properties ----------------------------------------------------------------------------------


@st.composite
def sheets(draw):
    """Up to 6 criteria whose maxima sum to at most 100; some markers, some conditions."""
    criteria = []
    budget = 100
    for cid in range(1, draw(st.integers(1, 6)) + 1):
        max_points = draw(st.integers(1, min(30, budget)))
        budget -= max_points
        points = sorted(set(draw(st.lists(st.integers(0, max_points), min_size=1, max_size=4))) | {max_points})
        markers, level = {}, 3
        for p in points:
            if level <= 5 and draw(st.booleans()):
                markers[p] = level
                level += draw(st.integers(1, 2))
        applies_if = draw(st.sampled_from([None, *range(1, cid)]))
        criteria.append(criterion(cid, f"{cid}", points, markers=markers, applies_if=applies_if))
        if budget == 0:
            break
    return SheetDef(criteria=tuple(criteria), has_star_markers=draw(st.booleans()))


def member_strategy(sheet, member_id):
    return st.tuples(*(st.sampled_from(c.options) for c in sheet.criteria)).map(
        lambda picked: MemberChoices(member_id, {c.id: o.id for c, o in zip(sheet.criteria, picked, strict=True)})
    )


@st.composite
def councils(draw, min_members=1, max_members=5):
    sheet = draw(sheets())
    count = draw(st.integers(min_members, max_members))
    members = [draw(member_strategy(sheet, member_id)) for member_id in range(1, count + 1)]
    return sheet, members


rules_strategy = st.builds(RoundRules, minimum_mode=st.sampled_from(["per_member", "consensus"]),
                           spread_limit=st.integers(0, 20))
PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)


def star_value(star):
    return star or 0


@PROPERTY_SETTINGS
@given(councils(), rules_strategy)
def test_score_is_within_0_100_and_star_never_exceeds_band(council, rules):
    sheet, members = council

    result = evaluate(sheet, members, rules)

    assert Decimal(0) <= result.score <= Decimal(100)
    assert 1 <= result.band_star <= 5
    assert result.star is None or 1 <= result.star <= result.band_star
    assert result.spread == max(result.member_totals.values()) - min(result.member_totals.values())
    assert json.loads(json.dumps(result.explanation)) == result.explanation


@PROPERTY_SETTINGS
@given(councils(), rules_strategy, st.randoms(use_true_random=False))
def test_member_order_is_irrelevant(council, rules, random):
    sheet, members = council
    shuffled = list(members)
    random.shuffle(shuffled)

    assert evaluate(sheet, shuffled, rules) == evaluate(sheet, members, rules)


@PROPERTY_SETTINGS
@given(councils(max_members=1), rules_strategy, st.integers(2, 6))
def test_a_council_of_identical_sheets_rates_like_one_sheet(council, rules, copies):
    sheet, (member,) = council
    clones = [MemberChoices(member_id, member.choices) for member_id in range(1, copies + 1)]

    alone = evaluate(sheet, [member], rules)
    together = evaluate(sheet, clones, rules)

    assert (together.score, together.band_star, together.star) == (alone.score, alone.band_star, alone.star)
    assert together.spread == 0


@PROPERTY_SETTINGS
@given(councils(), rules_strategy, st.data())
def test_raising_one_choice_never_lowers_the_score(council, rules, data):
    sheet, members = council
    index = data.draw(st.integers(0, len(members) - 1))
    target = data.draw(st.sampled_from(sheet.criteria))
    current = next(o for o in target.options if o.id == members[index].choices[target.id])
    higher = data.draw(st.sampled_from([o for o in target.options if o.points >= current.points]))
    raised = list(members)
    raised[index] = MemberChoices(members[index].member_id, {**members[index].choices, target.id: higher.id})

    before, after = evaluate(sheet, members, rules), evaluate(sheet, raised, rules)

    assert after.score >= before.score
    assert after.band_star >= before.band_star


@PROPERTY_SETTINGS
@given(councils())
def test_per_member_minimums_are_never_kinder_than_consensus_or_any_single_sheet(council):
    # Every member meeting a marker implies the median meets it, so the per-member level is at most
    # the consensus level and at most the level of each member's sheet taken alone. (The per-member
    # STAR can exceed a lone member's star, because the band comes from the council's mean.)
    sheet, members = council
    if not sheet.has_star_markers:
        sheet = SheetDef(criteria=sheet.criteria, has_star_markers=True)

    per_member = evaluate(sheet, members, PER_MEMBER)
    consensus = evaluate(sheet, members, CONSENSUS)
    alone = [evaluate(sheet, [m], PER_MEMBER) for m in members]

    level = per_member.explanation["minimums"]["level_met"]
    assert level <= consensus.explanation["minimums"]["level_met"]
    assert all(level <= a.explanation["minimums"]["level_met"] for a in alone)
    assert star_value(per_member.star) <= star_value(consensus.star)


@PROPERTY_SETTINGS
@given(councils(max_members=1))
def test_one_member_rates_the_same_in_both_modes(council):
    sheet, members = council

    assert evaluate(sheet, members, PER_MEMBER).star == evaluate(sheet, members, CONSENSUS).star


@PROPERTY_SETTINGS
@given(councils(), rules_strategy)
def test_score_is_the_mean_of_member_totals(council, rules):
    sheet, members = council

    result = evaluate(sheet, members, rules)

    expected_totals = {m.member_id: member_total(sheet, m) for m in members}
    assert result.member_totals == expected_totals
    mean = Decimal(sum(expected_totals.values())) / Decimal(len(members))
    assert abs(result.score - mean) <= Decimal("0.005")
