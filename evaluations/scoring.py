"""The OCOP scoring engine: member totals, the product's score, its band and its final star.

Pure Python, no Django: the rules of DOMAIN.md "The process", points 4 and 5, applied to plain
data. `sheet_definitions.py` turns database rows into these types; services call `evaluate`
and store the `ProductResult` (its `explanation` is JSON-ready for `Result.explanation`).

Exactness: member totals are integers, the mean is a `Fraction`, bands and medians are compared
exactly, and only the displayed score is rounded (2 places, half up).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

PER_MEMBER = "per_member"
CONSENSUS = "consensus"
MINIMUM_MODES = (PER_MEMBER, CONSENSUS)
STAR_LEVELS = (3, 4, 5)

NO_MARKERS_MESSAGE = "Quy định này không có mức điểm tối thiểu theo hạng sao; chỉ xét theo khoảng điểm."

# (star, lower bound inclusive, upper bound exclusive; None = up to and including 100)
BANDS = (
    (5, 90, None),
    (4, 70, 90),
    (3, 50, 70),
    (2, 30, 50),
    (1, 0, 30),
)


# --- Input types ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionDef:
    id: int
    points: int
    min_star: int | None = None
    group: str = ""


@dataclass(frozen=True)
class CriterionDef:
    id: int
    code: str
    max_points: int
    options: tuple[OptionDef, ...]
    applies_if: int | None = None  # id of the criterion that must score > 0 for this one to count
    knockout_rule: str = ""


@dataclass(frozen=True)
class SheetDef:
    criteria: tuple[CriterionDef, ...]
    has_star_markers: bool = True


@dataclass(frozen=True)
class MemberChoices:
    member_id: int
    choices: Mapping[int, int]  # criterion id -> chosen option id


@dataclass(frozen=True)
class Knockout:
    criterion_code: str
    reason: str


@dataclass(frozen=True)
class RoundRules:
    minimum_mode: str = PER_MEMBER
    spread_limit: int = 10


@dataclass(frozen=True)
class ProductResult:
    score: Decimal
    band_star: int
    star: int | None
    member_totals: dict[int, int]
    spread: int
    spread_flagged: bool
    knocked_out: bool
    explanation: dict = field(default_factory=dict)


# --- Errors --------------------------------------------------------------------------------------


class ScoringError(ValueError):
    """The input cannot be scored. `problems` lists (member id or None, criterion code) pairs."""

    def __init__(self, message: str, problems: Iterable[tuple[int | None, str]] = ()):
        super().__init__(message)
        self.problems = tuple(problems)


class SheetError(ScoringError):
    """The sheet itself is malformed (duplicate ids, unknown or cyclic applies_if, points over max)."""


class IncompleteScorecard(ScoringError):
    """An applicable criterion has no choice."""


class InvalidChoice(ScoringError):
    """A choice names an option that is not one of its criterion's options, or an unknown criterion."""


# --- Member totals -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _MemberScore:
    member_id: int | None
    total: int
    points: dict[int, int]  # criterion id -> counted points (0 for zeroed or missing)
    chosen: dict[int, OptionDef]  # criterion id -> chosen option (also for zeroed criteria)
    zeroed: tuple[int, ...]  # criterion ids that counted 0 because their condition failed
    missing: tuple[int, ...]  # applicable criterion ids without a choice


def _validate_sheet(sheet: SheetDef) -> dict[int, CriterionDef]:
    by_id: dict[int, CriterionDef] = {}
    seen_options: set[int] = set()
    for criterion in sheet.criteria:
        if criterion.id in by_id:
            raise SheetError(f"Tiêu chí {criterion.code} bị lặp trong phiếu.", [(None, criterion.code)])
        by_id[criterion.id] = criterion
        for option in criterion.options:
            if option.id in seen_options:
                raise SheetError(f"Phương án {option.id} bị lặp trong phiếu.", [(None, criterion.code)])
            seen_options.add(option.id)
            if not 0 <= option.points <= criterion.max_points:
                raise SheetError(
                    f"Tiêu chí {criterion.code}: phương án {option.id} có {option.points} điểm, "
                    f"ngoài khoảng 0–{criterion.max_points}.",
                    [(None, criterion.code)],
                )
            if option.min_star is not None and option.min_star not in STAR_LEVELS:
                raise SheetError(f"Tiêu chí {criterion.code}: mức sao tối thiểu {option.min_star} không hợp lệ.",
                                 [(None, criterion.code)])
    if sum(c.max_points for c in sheet.criteria) > 100:
        raise SheetError("Tổng điểm tối đa của các tiêu chí vượt quá 100.")
    for criterion in sheet.criteria:
        seen = {criterion.id}
        parent = criterion.applies_if
        while parent is not None:
            if parent not in by_id:
                raise SheetError(f"Tiêu chí {criterion.code} phụ thuộc một tiêu chí không có trong phiếu.",
                                 [(None, criterion.code)])
            if parent in seen:
                raise SheetError(f"Tiêu chí {criterion.code} có điều kiện áp dụng vòng tròn.", [(None, criterion.code)])
            seen.add(parent)
            parent = by_id[parent].applies_if
    return by_id


def _score_member(sheet: SheetDef, by_id: dict[int, CriterionDef], member: MemberChoices, *, allow_missing: bool) -> _MemberScore:
    """Total one member's sheet. Raises InvalidChoice always, IncompleteScorecard unless allow_missing."""
    invalid = [
        (member.member_id, by_id[criterion_id].code if criterion_id in by_id else f"#{criterion_id}")
        for criterion_id, option_id in member.choices.items()
        if criterion_id not in by_id or option_id not in {o.id for o in by_id[criterion_id].options}
    ]
    if invalid:
        codes = ", ".join(code for _, code in invalid)
        raise InvalidChoice(f"Thành viên {member.member_id}: lựa chọn không thuộc tiêu chí {codes}.", invalid)

    chosen = {
        criterion_id: next(o for o in by_id[criterion_id].options if o.id == option_id)
        for criterion_id, option_id in member.choices.items()
    }
    points: dict[int, int] = {}
    zeroed: list[int] = []
    missing: list[int] = []

    def counted(criterion: CriterionDef) -> int:
        if criterion.id in points:
            return points[criterion.id]
        if criterion.applies_if is not None and counted(by_id[criterion.applies_if]) == 0:
            zeroed.append(criterion.id)
            value = 0
        elif criterion.id in chosen:
            value = chosen[criterion.id].points
        else:
            missing.append(criterion.id)
            value = 0
        points[criterion.id] = value
        return value

    for criterion in sheet.criteria:
        counted(criterion)

    if missing and not allow_missing:
        problems = [(member.member_id, by_id[cid].code) for cid in _in_sheet_order(sheet, missing)]
        codes = ", ".join(code for _, code in problems)
        raise IncompleteScorecard(f"Thành viên {member.member_id}: chưa chấm tiêu chí {codes}.", problems)

    return _MemberScore(
        member_id=member.member_id,
        total=sum(points.values()),
        points=points,
        chosen=chosen,
        zeroed=tuple(_in_sheet_order(sheet, zeroed)),
        missing=tuple(_in_sheet_order(sheet, missing)),
    )


def _in_sheet_order(sheet: SheetDef, ids: Iterable[int]) -> list[int]:
    wanted = set(ids)
    return [c.id for c in sheet.criteria if c.id in wanted]


def member_total(sheet: SheetDef, choices: MemberChoices | Mapping[int, int]) -> int:
    """One member's total: the sum of the chosen options' points, conditional criteria zeroed."""
    if not isinstance(choices, MemberChoices):
        choices = MemberChoices(member_id=None, choices=choices)
    by_id = _validate_sheet(sheet)
    return _score_member(sheet, by_id, choices, allow_missing=False).total


# --- Product evaluation --------------------------------------------------------------------------


def band_for(mean: Fraction) -> tuple[int, int, int | None]:
    """The (star, lower, upper-exclusive) band that holds the exact mean."""
    for star, lower, upper in BANDS:
        if mean >= lower:
            return star, lower, upper
    return BANDS[-1]


def round_score(value: Fraction) -> Decimal:
    """Round half up to 2 places (ROUND_HALF_UP), done on the exact fraction so that no
    context-precision rounding can turn a near-tie into a tie."""
    hundredths = value * 100
    rounded = (hundredths.numerator * 2 + hundredths.denominator) // (hundredths.denominator * 2)
    return Decimal(rounded).scaleb(-2).quantize(Decimal("0.01"))


def median(values: Iterable[int]) -> Fraction:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Fraction(ordered[middle])
    return Fraction(ordered[middle - 1] + ordered[middle], 2)


def _fraction_text(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def _median_text(value: Fraction) -> str:
    """A median is a whole number or a half: exact as a decimal ("3", "1.5")."""
    return str(Decimal(value.numerator) / Decimal(value.denominator))


def _band_text(lower: int, upper: int | None) -> str:
    if upper is None:
        return f"{lower} ≤ điểm ≤ 100"
    if lower == 0:
        return f"điểm < {upper}"
    return f"{lower} ≤ điểm < {upper}"


def _markers(sheet: SheetDef) -> list[tuple[CriterionDef, OptionDef]]:
    return [(c, o) for c in sheet.criteria for o in c.options if o.min_star is not None]


def _check_marker(criterion: CriterionDef, option: OptionDef, scores: list[_MemberScore], mode: str) -> dict:
    values = [s.points[criterion.id] for s in scores]
    entry = {
        "criterion_code": criterion.code,
        "required_star": option.min_star,
        "required_points": option.points,
        "option_id": option.id,
    }
    if option.group:
        entry["group"] = option.group
    if mode == PER_MEMBER:
        below = [
            {"member_id": s.member_id, "points": s.points[criterion.id]}
            for s in scores if s.points[criterion.id] < option.points
        ]
        entry["met"] = not below
        entry["members_below"] = below
        entry["lowest"] = min(values)
        if below:
            names = ", ".join(f"{b['member_id']} ({b['points']} điểm)" for b in below)
            entry["message"] = (
                f"Tiêu chí {criterion.code}: hạng {option.min_star} sao cần tối thiểu {option.points} điểm; "
                f"thành viên chấm thấp hơn: {names}."
            )
    else:
        middle = median(values)
        entry["met"] = middle >= option.points
        entry["median"] = _median_text(middle)
        if not entry["met"]:
            entry["message"] = (
                f"Tiêu chí {criterion.code}: hạng {option.min_star} sao cần tối thiểu {option.points} điểm; "
                f"trung vị của hội đồng là {_median_text(middle)}."
            )
    return entry


def _minimums(sheet: SheetDef, scores: list[_MemberScore], mode: str) -> tuple[int, list[dict]]:
    """Highest level L in {0, 3, 4, 5} whose cumulative minimums are all met, and every unmet marker."""
    checks = [_check_marker(c, o, scores, mode) for c, o in _markers(sheet)]
    unmet = [c for c in checks if not c["met"]]
    level = 0
    for star in STAR_LEVELS:
        if any(c["required_star"] <= star for c in unmet):
            break
        level = star
    return level, unmet


def evaluate(
    sheet: SheetDef,
    members: Iterable[MemberChoices],
    rules: RoundRules = RoundRules(),
    knockouts: Iterable[Knockout] = (),
) -> ProductResult:
    """Score one product from its council members' sheets and explain the result."""
    members = list(members)
    knockouts = list(knockouts)
    if rules.minimum_mode not in MINIMUM_MODES:
        raise ScoringError(f"Cách xét điểm tối thiểu không hợp lệ: {rules.minimum_mode!r}.")
    if not members:
        raise ScoringError("Chưa có phiếu chấm của thành viên nào.")
    ids = [m.member_id for m in members]
    if len(set(ids)) != len(ids):
        raise ScoringError("Một thành viên có nhiều hơn một phiếu chấm.")
    by_id = _validate_sheet(sheet)

    # A knock-out stops evaluation, so sheets may be unfinished; without one they must be complete.
    scores = sorted(
        (_score_member(sheet, by_id, m, allow_missing=bool(knockouts)) for m in members),
        key=lambda s: s.member_id,
    )
    complete = not any(s.missing for s in scores)
    totals = [s.total for s in scores]
    mean = Fraction(sum(totals), len(totals))
    score = round_score(mean)
    band_star, band_lower, band_upper = band_for(mean)
    spread = max(totals) - min(totals)
    spread_flagged = spread > rules.spread_limit

    explanation: dict = {
        "score": {
            "value": str(score),
            "exact": _fraction_text(mean),
            "member_count": len(scores),
            "complete": complete,
            "message": (
                f"Điểm sản phẩm là trung bình tổng điểm của {len(scores)} thành viên: "
                f"{' + '.join(map(str, totals))} = {sum(totals)}; {sum(totals)}/{len(scores)} ≈ {score}."
            ),
        },
        "members": [
            {"member_id": s.member_id, "total": s.total, "missing": [by_id[c].code for c in s.missing]}
            for s in scores
        ],
        "band": {
            "star": band_star,
            "min": band_lower,
            "max": band_upper,
            "range": _band_text(band_lower, band_upper),
            "message": (
                f"Điểm {score} (giá trị chính xác {_fraction_text(mean)}) thuộc khoảng "
                f"{_band_text(band_lower, band_upper)}: hạng {band_star} sao theo khoảng điểm."
            ),
        },
        "spread": {
            "value": spread,
            "limit": rules.spread_limit,
            "flagged": spread_flagged,
            "message": (
                f"Chênh lệch giữa tổng điểm cao nhất và thấp nhất là {spread} điểm"
                + (f", vượt ngưỡng {rules.spread_limit}: cần thảo luận và chấm lại." if spread_flagged
                   else f", không vượt ngưỡng {rules.spread_limit}.")
            ),
        },
        "conditional_zeroed": [
            {
                "member_id": s.member_id,
                "criterion_code": by_id[cid].code,
                "depends_on": by_id[by_id[cid].applies_if].code,
                "chosen_points": s.chosen[cid].points if cid in s.chosen else None,
                "message": (
                    f"Thành viên {s.member_id}: tiêu chí {by_id[cid].code} tính 0 điểm vì tiêu chí "
                    f"{by_id[by_id[cid].applies_if].code} được 0 điểm."
                ),
            }
            for s in scores
            for cid in s.zeroed
        ],
    }
    if not complete:
        explanation["score"]["message"] += " Phiếu chấm chưa đầy đủ do dừng đánh giá; tiêu chí chưa chấm tính 0 điểm."

    # Minimums and the star.
    if sheet.has_star_markers:
        level, unmet = _minimums(sheet, scores, rules.minimum_mode)
        mode_text = "từng thành viên" if rules.minimum_mode == PER_MEMBER else "trung vị của hội đồng"
        if band_star < 3:
            star, capped_by = band_star, []
        elif level == 0:
            star, capped_by = None, [u for u in unmet if u["required_star"] == 3]
        else:
            star = min(band_star, level)
            capped_by = [u for u in unmet if u["required_star"] == level + 1] if star < band_star else []
        explanation["minimums"] = {
            "applied": True,
            "mode": rules.minimum_mode,
            "level_met": level,
            "capped_by": capped_by,
            "unmet": unmet,
            "message": (
                f"Điểm tối thiểu theo hạng sao được xét trên {mode_text}; "
                + (f"đạt đủ mức tối thiểu đến hạng {level} sao." if level else "chưa đạt mức tối thiểu của hạng 3 sao.")
            ),
        }
    else:
        star, level, capped_by = band_star, None, []
        explanation["minimums"] = {"applied": False, "message": NO_MARKERS_MESSAGE}

    if knockouts:
        star = None
        explanation["knockouts"] = [
            {
                "criterion_code": k.criterion_code,
                "reason": k.reason,
                "rule": next((c.knockout_rule for c in sheet.criteria if c.code == k.criterion_code), ""),
                "message": f"Sản phẩm bị loại theo tiêu chí {k.criterion_code}: {k.reason}",
            }
            for k in knockouts
        ]
    else:
        explanation["knockouts"] = []

    explanation["star"] = star
    explanation["outcome"], explanation["message"] = _outcome(star, band_star, level, capped_by, knockouts, score)
    return ProductResult(
        score=score,
        band_star=band_star,
        star=star,
        member_totals={s.member_id: s.total for s in scores},
        spread=spread,
        spread_flagged=spread_flagged,
        knocked_out=bool(knockouts),
        explanation=explanation,
    )


def _outcome(star, band_star, level, capped_by, knockouts, score) -> tuple[str, str]:
    if knockouts:
        first = knockouts[0]
        return "knocked_out", f"Sản phẩm bị loại (tiêu chí {first.criterion_code}: {first.reason}); không xếp hạng sao."
    codes = ", ".join(c["criterion_code"] for c in capped_by)
    if star is None:
        return "not_achieved", (
            f"Không đạt: điểm {score} ({band_star} sao theo khoảng điểm) nhưng chưa đạt mức tối thiểu "
            f"hạng 3 sao ở tiêu chí {codes}."
        )
    if star < 3:
        return "below_three_stars", f"Điểm {score}: hạng {star} sao, dưới 3 sao nên không được công nhận."
    if star < band_star:
        return "capped", (
            f"Hạng {star} sao: điểm {score} thuộc khoảng {band_star} sao nhưng chưa đạt mức tối thiểu "
            f"hạng {level + 1} sao ở tiêu chí {codes}."
        )
    return "rated", f"Hạng {star} sao với điểm {score}."
