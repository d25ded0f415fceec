"""Hand-computed results on the real QĐ 26/2026 sheets, loaded by `load_criteria`.

Set 7 "Chế biến từ rau, củ, quả, hạt" (options, * = star marker on that option):
  A  1.1 1*** 2 3 (knock-out)   1.2 0 1 2          1.3 1 2 3        1.4 1 2 3
     1.5 0 1 2**** 3*****       1.6 1**** 2 3      1.7 0 1
     2.1 0 1 2 3****            2.2 0 1 2*** 3     2.3 1*** 2 3****  2.4 0 1 (added)
     3.1 1 2 (corrected) 3      3.2 0 1            3.3 1 2 3        3.4 1 2****   3.5 1*** 2**** 3
  B  4.1 1 2*** 3**** 5*****    4.2 0 1 2 3        4.3 0 1 2 3 5
     5.1 0 1 2 3 5****          5.2 0 1 2 (only when 5.1 > 0)       5.3 0 1*** 3 5
  C  6.1 0 1 2****  6.2 0 1 2   6.3 0 1 2**** 3*****   6.4 1 2**** 3*****   6.5 0 1 3**** 5*****
     7 0 1 3**** 5*****         8 2*** 4 5         9 1*** 3**** 5   10 1 2   11 1 2 3
  Best options: A 18 + 10 + 12 = 40, B 15 + 10 = 25, C 35; total 100.

Set 1 "Rau, củ, quả, hạt tươi" differs where it matters here: 1.3 1 2 3*****, 6.2 0 1 2 3**** 4.
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count

from evaluations.models import (
    Application,
    Council,
    CouncilMember,
    CouncilSession,
    EvaluationRound,
    Option,
    RegulationVersion,
    Scorecard,
    ScorecardChoice,
    ScoringSheet,
)
from evaluations.scoring import Knockout, MemberChoices, RoundRules, evaluate
from evaluations.sheet_definitions import member_choices_from_scorecard, sheet_definition
from ocop_portal.core.models import AdministrativeUnit
from producers.models import Producer, Product, ProductSet

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

REGULATION = "26/2026"
PER_MEMBER = RoundRules(minimum_mode="per_member")
CONSENSUS = RoundRules(minimum_mode="consensus")


@pytest.fixture
def catalogue():
    call_command("load_criteria", stdout=io.StringIO())


def real_sheet(set_number):
    return ScoringSheet.objects.select_related("regulation").get(regulation__code=REGULATION, set_number=set_number)


@pytest.fixture
def set7(catalogue):
    return sheet_definition(real_sheet(7))


@pytest.fixture
def set1(catalogue):
    return sheet_definition(real_sheet(1))


def card(sheet, member_id, changes=None):
    """The best option on every criterion, except `changes` ({code: points})."""
    changes = changes or {}
    choices = {}
    for criterion in sheet.criteria:
        wanted = changes.get(criterion.code, max(o.points for o in criterion.options))
        matching = [o for o in criterion.options if o.points == wanted]
        assert len(matching) == 1, f"{criterion.code}: {len(matching)} options worth {wanted}"
        choices[criterion.id] = matching[0].id
    assert set(changes) <= {c.code for c in sheet.criteria}
    return MemberChoices(member_id, choices)


def marker_summary(entries):
    return [(e["criterion_code"], e["required_star"], e["required_points"]) for e in entries]


# --- The loaded data this file relies on ---------------------------------------------------------


def test_set7_corrections_are_loaded(set7):
    by_code = {c.code: c for c in set7.criteria}

    assert sum(max(o.points for o in c.options) for c in set7.criteria) == 100
    assert [o.points for o in by_code["3.1"].options] == [1, 2, 3]  # "Công ty TNHH…" 1 → 2
    assert [o.points for o in by_code["2.4"].options] == [0, 1]  # bilingual label: options added
    assert [o.points for o in by_code["1.2"].options] == [0, 1, 2]  # empty cell → 0
    assert by_code["5.2"].applies_if == by_code["5.1"].id
    assert set7.has_star_markers is True


# --- Set 7 ---------------------------------------------------------------------------------------


def test_set7_all_best_options_is_100_and_five_stars(set7):
    result = evaluate(set7, [card(set7, 1), card(set7, 2), card(set7, 3)])

    assert (result.score, result.band_star, result.star) == (Decimal("100.00"), 5, 5)
    assert result.explanation["minimums"]["level_met"] == 5
    assert result.explanation["outcome"] == "rated"


def test_set7_four_star_band_capped_to_three_by_story_minimum(set7):
    # Member 1: best except 1.2 0 (−2), 1.3 1 (−2), 1.4 1 (−2), 4.2 0 (−3), 4.3 0 (−5), 5.1 3 (−2) = 84.
    # Member 2: the same with 5.1 at 5 = 86.  Mean (84 + 86) / 2 = 85.00 → 4★ band.
    # 5.1's 4★ minimum is its 5-point option; member 1 chose 3, so per member only level 3 holds.
    base = {"1.2": 0, "1.3": 1, "1.4": 1, "4.2": 0, "4.3": 0}
    members = [card(set7, 1, {**base, "5.1": 3}), card(set7, 2, {**base, "5.1": 5})]

    result = evaluate(set7, members, PER_MEMBER)

    assert result.member_totals == {1: 84, 2: 86}
    assert (result.score, result.band_star, result.star) == (Decimal("85.00"), 4, 3)
    minimums = result.explanation["minimums"]
    assert (minimums["mode"], minimums["level_met"]) == ("per_member", 3)
    assert marker_summary(minimums["capped_by"]) == [("5.1", 4, 5)]
    assert minimums["capped_by"][0]["members_below"] == [{"member_id": 1, "points": 3}]
    assert result.explanation["outcome"] == "capped"
    assert "tiêu chí 5.1" in result.explanation["message"]


def test_set7_missing_three_star_packaging_minimum_is_not_achieved(set7):
    # Best except 2.2 at 1 (−2) = 98: 5★ band, but 2.2's 3★ minimum is 2 points.
    result = evaluate(set7, [card(set7, 1, {"2.2": 1})])

    assert (result.score, result.band_star, result.star) == (Decimal("98.00"), 5, None)
    assert result.explanation["minimums"]["level_met"] == 0
    assert marker_summary(result.explanation["minimums"]["capped_by"]) == [("2.2", 3, 2)]
    assert result.explanation["outcome"] == "not_achieved"


def test_set7_knockout_on_imported_raw_material(set7):
    knockout = Knockout("1.1", "Toàn bộ nguyên liệu nhập khẩu từ nước ngoài")

    result = evaluate(set7, [card(set7, 1), card(set7, 2)], knockouts=[knockout])

    assert (result.score, result.band_star, result.star, result.knocked_out) == (Decimal("100.00"), 5, None, True)
    assert result.explanation["knockouts"] == [{
        "criterion_code": "1.1",
        "reason": "Toàn bộ nguyên liệu nhập khẩu từ nước ngoài",
        "rule": "Bị loại nếu sử dụng toàn bộ nguyên liệu nhập khẩu hoặc không rõ nguồn gốc",
        "message": "Sản phẩm bị loại theo tiêu chí 1.1: Toàn bộ nguyên liệu nhập khẩu từ nước ngoài",
    }]
    assert result.explanation["outcome"] == "knocked_out"


def test_set7_three_members_with_a_mean_just_below_ninety(set7):
    # Members 1 and 2: best except 1.2 0 (−2), 1.3 1 (−2), 1.4 1 (−2), 4.2 0 (−3), 10 1 (−1) = 90.
    # Member 3: the same and 11 at 2 (−1) = 89.  Mean 269/3 = 89.666… → shown 89.67, band 4★
    # (below 90 exactly), although every 5★ minimum is met.
    base = {"1.2": 0, "1.3": 1, "1.4": 1, "4.2": 0, "10": 1}
    members = [card(set7, 1, base), card(set7, 2, base), card(set7, 3, {**base, "11": 2})]

    result = evaluate(set7, members, PER_MEMBER)

    assert result.member_totals == {1: 90, 2: 90, 3: 89}
    assert (result.score, result.band_star, result.star) == (Decimal("89.67"), 4, 4)
    assert result.explanation["score"]["exact"] == "269/3"
    assert result.explanation["minimums"]["level_met"] == 5
    assert (result.spread, result.spread_flagged) == (1, False)


def test_set7_company_option_counts_two_points(set7):
    # Best except 3.1 "Công ty TNHH…" (2 after the correction, −1) = 99.
    company = Option.objects.get(criterion__sheet__set_number=7, criterion__sheet__regulation__code=REGULATION,
                                 criterion__code="3.1", text__startswith="Công ty TNHH")
    choices = dict(card(set7, 1).choices)
    choices[company.criterion_id] = company.pk

    result = evaluate(set7, [MemberChoices(1, choices)])

    assert (company.points, result.score, result.star) == (2, Decimal("99.00"), 5)


def test_set7_story_structure_counts_zero_without_a_story(set7):
    # Best except 5.1 at 0 (−5); 5.2 chosen at 2 but zeroed (−2): 93.
    # 5.1 at 0 also misses its 4★ minimum (5 points): 5★ band capped to 3★.
    result = evaluate(set7, [card(set7, 1, {"5.1": 0})])

    assert (result.score, result.band_star, result.star) == (Decimal("93.00"), 5, 3)
    assert [(z["criterion_code"], z["depends_on"], z["chosen_points"]) for z in result.explanation["conditional_zeroed"]] == [
        ("5.2", "5.1", 2)
    ]
    assert marker_summary(result.explanation["minimums"]["capped_by"]) == [("5.1", 4, 5)]


def test_set7_spread_over_the_round_limit_is_flagged(set7):
    # 100 against best except 4.3 0 (−5), 4.2 0 (−3), 1.4 1 (−2), 1.3 1 (−2) = 88: spread 12 > 10.
    low = card(set7, 2, {"4.3": 0, "4.2": 0, "1.4": 1, "1.3": 1})

    result = evaluate(set7, [card(set7, 1), low], RoundRules(spread_limit=10))

    assert (result.score, result.spread, result.spread_flagged) == (Decimal("94.00"), 12, True)


# --- Set 1 ---------------------------------------------------------------------------------------


def test_set1_all_best_options_is_100_and_five_stars(set1):
    result = evaluate(set1, [card(set1, 1)])

    assert (result.score, result.band_star, result.star) == (Decimal("100.00"), 5, 5)


def test_set1_technology_minimum_caps_five_stars_to_four(set1):
    # Best except 1.3 at 2 (−1) = 99: 5★ band; 1.3's 3-point option is its 5★ minimum.
    result = evaluate(set1, [card(set1, 1, {"1.3": 2})])

    assert (result.score, result.band_star, result.star) == (Decimal("99.00"), 5, 4)
    assert marker_summary(result.explanation["minimums"]["capped_by"]) == [("1.3", 5, 3)]


def test_set1_colour_minimum_per_member_and_by_consensus(set1):
    # Common: best except 1.2 0 (−2), 4.2 0 (−3), 4.3 0 (−5) = 90; then 6.2 (4★ minimum 3 points):
    # members 1 and 2 choose 3 (−1) = 89, member 3 chooses 2 (−2) = 88.
    # Mean (89 + 89 + 88) / 3 = 266/3 = 88.67 → 4★ band. Median of 6.2 = 3 meets the minimum;
    # per member, member 3 does not.
    base = {"1.2": 0, "4.2": 0, "4.3": 0}
    members = [card(set1, 1, {**base, "6.2": 3}), card(set1, 2, {**base, "6.2": 3}), card(set1, 3, {**base, "6.2": 2})]

    per_member = evaluate(set1, members, PER_MEMBER)
    consensus = evaluate(set1, members, CONSENSUS)

    assert (per_member.score, per_member.band_star) == (Decimal("88.67"), 4)
    assert per_member.star == 3
    assert marker_summary(per_member.explanation["minimums"]["capped_by"]) == [("6.2", 4, 3)]
    assert per_member.explanation["minimums"]["capped_by"][0]["members_below"] == [{"member_id": 3, "points": 2}]
    assert consensus.star == 4
    assert consensus.explanation["minimums"]["capped_by"] == []


# --- The adapter ---------------------------------------------------------------------------------


def test_sheet_definition_takes_a_fixed_number_of_queries(catalogue, django_assert_num_queries):
    loaded = real_sheet(7)
    bare = ScoringSheet.objects.get(pk=loaded.pk)
    biggest = real_sheet_with_most_criteria()

    with django_assert_num_queries(2):  # criteria, options
        small = sheet_definition(loaded)
    with django_assert_num_queries(3):  # + the regulation
        sheet_definition(bare)
    with django_assert_num_queries(2):
        large = sheet_definition(biggest)

    assert len(small.criteria) == 32
    assert len(large.criteria) > len(small.criteria)


def real_sheet_with_most_criteria():
    return (ScoringSheet.objects.select_related("regulation").filter(regulation__code=REGULATION)
            .annotate(n=Count("criteria")).order_by("-n").first())


@pytest.fixture
def scorecard(catalogue):
    sheet = real_sheet(7)
    province = AdministrativeUnit.objects.create(code="27", name="Bắc Ninh", level="province", path="/1/")
    producer = Producer.objects.create(
        kind="cooperative", name="HTX Rau quả Thuận Thành", registration_number="2300123456", unit=province,
        address="Thuận Thành, Bắc Ninh", representative_name="Nguyễn Thị Lan", representative_gender="female",
    )
    product = Product.objects.create(producer=producer, name="Mứt gừng", product_set=ProductSet.objects.get(number=7))
    regulation = RegulationVersion.objects.get(code=REGULATION)
    round_ = EvaluationRound.objects.create(
        province=province, name="Đợt 1 năm 2026", year=2026, regulation=regulation,
        opens_on=datetime.date(2026, 7, 1), closes_on=datetime.date(2026, 12, 30),
    )
    council = Council.objects.create(province=province, name="Hội đồng OCOP tỉnh", decision_number="1/QĐ-UBND",
                                     decision_date=datetime.date(2026, 7, 1))
    member = CouncilMember.objects.create(council=council, full_name="Trần Văn Minh", role="chair", voting=True)
    session = CouncilSession.objects.create(council=council, round=round_, starts_on=datetime.date(2026, 9, 4),
                                            ends_on=datetime.date(2026, 9, 5))
    application = Application.objects.create(product=product, round=round_, sheet=sheet, session=session)
    card_ = Scorecard.objects.create(application=application, session=session, member=member)
    best = card(sheet_definition(sheet), member.pk, {"5.1": 3})
    ScorecardChoice.objects.bulk_create(
        ScorecardChoice(scorecard=card_, criterion_id=c, option_id=o) for c, o in best.choices.items()
    )
    return card_


def test_member_choices_from_scorecard(scorecard, django_assert_num_queries):
    with django_assert_num_queries(1):
        choices = member_choices_from_scorecard(scorecard)
    prefetched = Scorecard.objects.prefetch_related("choices").get(pk=scorecard.pk)
    with django_assert_num_queries(0):
        member_choices_from_scorecard(prefetched)

    result = evaluate(sheet_definition(real_sheet(7)), [choices])

    assert choices.member_id == scorecard.member_id
    assert len(choices.choices) == 32
    # Best except 5.1 at 3 (−2) = 98, capped to 3★ by 5.1's 4★ minimum.
    assert (result.member_totals, result.score, result.star) == ({scorecard.member_id: 98}, Decimal("98.00"), 3)
