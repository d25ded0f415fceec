"""The OCOP scoring engine: member totals, the product's score, its band and its final star.

Pure Python, no Django: the rules of DOMAIN.md "The process", points 4 and 5, applied to plain
data. `sheet_definitions.py` turns database rows into these types; services call `evaluate`
and store the `ProductResult` (its `explanation` is JSON-ready for `Result.explanation`).

Exactness: member totals are integers, the mean is a `Fraction`, bands and medians are compared
exactly, and only the displayed score is rounded (2 places, half up).

The sheet's own rules (see `evaluate`):
- Knock-outs. A member's sheet records a knock-out on a criterion when the member stopped there
  with a written reason (`MemberChoices.knockout`, only on a criterion whose note allows it:
  `CriterionDef.knockout_rule`), or when it gives 0 points to a criterion whose note makes a zero
  a knock-out (`CriterionDef.knockout_if_zero`, e.g. set 16's 6.1–6.4). The council knocks the
  product out on a criterion by the round's rule (`RoundRules.knockout_rule`): "majority", more
  than half of the sheets record it on that same criterion, or "any", one sheet suffices. Sheets
  may be unfinished only when the council knocks the product out.
- Alternative cases ("Trường hợp 1 / 2", set 26). A case is known by its number
  (`case_number`); a sheet never mixes cases; when the application's case is given, only that
  case's options may be chosen, count for completeness and carry minimums.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

PER_MEMBER = "per_member"
CONSENSUS = "consensus"
MINIMUM_MODES = (PER_MEMBER, CONSENSUS)
STAR_LEVELS = (3, 4, 5)

# How the council's knock-out is decided from the sheets (EvaluationRound.knockout_rule).
MAJORITY = "majority"
ANY = "any"
KNOCKOUT_RULES = (MAJORITY, ANY)
KNOCKOUT_RULE_TEXT = {
    MAJORITY: "quá nửa số phiếu ghi nhận điều kiện loại ở cùng một tiêu chí",
    ANY: "chỉ cần một phiếu ghi nhận điều kiện loại",
}
# How a sheet records a knock-out on a criterion.
FLAGGED = "flagged"  # the member stopped with a written reason
ZERO = "zero"  # 0 points on a criterion whose note makes a zero a knock-out
ZERO_RULE = "Được 0 điểm ở tiêu chí này thì không đánh giá các bước tiếp theo (ghi chú của phiếu)."

CASE_RE = re.compile(r"trường\s+hợp\s*(\d+)", re.IGNORECASE)

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
    group: str = ""  # alternative group ("a. Trường hợp 1: …"); see `case_number`


@dataclass(frozen=True)
class CriterionDef:
    id: int
    code: str
    max_points: int
    options: tuple[OptionDef, ...]
    applies_if: int | None = None  # id of the criterion that must score > 0 for this one to count
    knockout_rule: str = ""  # the note's condition on which a member may stop with a written reason
    knockout_if_zero: bool = False  # the note makes 0 points here a knock-out of the sheet


@dataclass(frozen=True)
class SheetDef:
    criteria: tuple[CriterionDef, ...]
    has_star_markers: bool = True


@dataclass(frozen=True)
class Knockout:
    criterion_code: str
    reason: str


@dataclass(frozen=True)
class MemberChoices:
    member_id: int
    choices: Mapping[int, int]  # criterion id -> chosen option id
    knockout: Knockout | None = None  # the member stopped on this criterion, with this reason


@dataclass(frozen=True)
class RoundRules:
    minimum_mode: str = PER_MEMBER
    spread_limit: int = 10
    knockout_rule: str = MAJORITY


@dataclass(frozen=True)
class MemberSheet:
    """One member's sheet as the rules read it (`member_sheet`)."""

    member_id: int | None
    total: int  # points of the criteria answered; a criterion not answered counts 0
    missing: tuple[str, ...]  # codes of applicable criteria without a choice
    knockouts: tuple[str, ...]  # codes of criteria on which the sheet records a knock-out

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def stopped(self) -> bool:
        """The member stopped scoring on a knock-out before the end of the sheet."""
        return bool(self.missing) and bool(self.knockouts)


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
    """A choice names an option that is not one of its criterion's options, or an unknown criterion;
    or the sheet mixes alternative cases, or chooses an option of another case than the
    application's; or the member stopped on a criterion whose note allows no knock-out."""


class CaseNotSet(ScoringError):
    """The sheet's alternative cases span several criteria, and the application's case is not set."""


# --- Alternative cases ---------------------------------------------------------------------------


def case_number(group: str) -> int | None:
    """The case an alternative group's text names, by its number: "a. Trường hợp 1: Dịch vụ du lịch
    do cộng đồng cung cấp" → 1; "b. Trường hợp 2: Điểm dịch vụ du lịch" and "b. Trường hợp 2: Dịch
    vụ du lịch do tổ chức, cá nhân cung cấp" → 2 (set 26 words case 2 differently on criterion 8).
    None for an empty text or a text without “Trường hợp <n>”."""
    match = CASE_RE.search(unicodedata.normalize("NFC", group or ""))
    return int(match[1]) if match else None


def sheet_cases(sheet: SheetDef) -> tuple[int, ...]:
    """The case numbers the sheet's alternative groups name, in order."""
    return tuple(sorted({case_number(o.group) for c in sheet.criteria for o in c.options if o.group} - {None}))


def case_required(sheet: SheetDef) -> bool:
    """Whether the application's case must be fixed before scoring: when alternative cases span
    more than one criterion (set 26: criteria 8, 9 and 15), the case is a fact of the product
    fixed once per application. With one such criterion, the choice on it is the case."""
    return sum(1 for c in sheet.criteria if any(o.group for o in c.options)) > 1


def applicable_options(criterion: CriterionDef, case: int | None) -> tuple[OptionDef, ...]:
    """The options a member may choose: with a case fixed, the options of no case or of that case."""
    if case is None:
        return criterion.options
    return tuple(o for o in criterion.options if not o.group or case_number(o.group) == case)


def _check_case(sheet: SheetDef, case: int | None) -> int | None:
    cases = sheet_cases(sheet)
    if case is None:
        if case_required(sheet):
            codes = ", ".join(c.code for c in sheet.criteria if any(o.group for o in c.options))
            raise CaseNotSet(
                f"Phiếu có các tiêu chí {codes} chia theo trường hợp: cần xác định trường hợp đánh giá "
                f"của hồ sơ (Trường hợp {' hoặc '.join(map(str, cases))}) trước khi chấm điểm."
            )
        return None
    if not cases:
        return None  # no alternative groups on this sheet: the case changes nothing
    if case not in cases:
        raise ScoringError(f"Phiếu không có Trường hợp {case} (chỉ có Trường hợp {', '.join(map(str, cases))}).")
    return case


# --- Member totals -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _MemberScore:
    member_id: int | None
    total: int
    points: dict[int, int]  # criterion id -> counted points (0 for zeroed or missing)
    chosen: dict[int, OptionDef]  # criterion id -> chosen option (also for zeroed criteria)
    zeroed: tuple[int, ...]  # criterion ids that counted 0 because their condition failed
    missing: tuple[int, ...]  # applicable criterion ids without a choice
    knockouts: tuple[tuple[int, str, str], ...] = ()  # (criterion id, FLAGGED or ZERO, reason)


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
            if option.group and case_number(option.group) is None:
                raise SheetError(f"Tiêu chí {criterion.code}: không xác định được số trường hợp của “{option.group}”.",
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


def _score_member(sheet: SheetDef, by_id: dict[int, CriterionDef], member: MemberChoices, *, allow_missing: bool,
                  case: int | None = None) -> _MemberScore:
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
    _check_member_cases(sheet, by_id, member, chosen, case)
    flagged = None
    if member.knockout is not None:
        flagged = next((c for c in sheet.criteria if c.code == member.knockout.criterion_code), None)
        if flagged is None or not flagged.knockout_rule:
            code = member.knockout.criterion_code
            raise InvalidChoice(
                f"Thành viên {member.member_id}: tiêu chí {code} không có điều kiện loại cho phép dừng chấm.",
                [(member.member_id, code)],
            )
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
        elif not applicable_options(criterion, case):
            value = 0  # none of its options belongs to the application's case
        else:
            missing.append(criterion.id)
            value = 0
        points[criterion.id] = value
        return value

    for criterion in sheet.criteria:
        counted(criterion)

    if missing and not allow_missing:
        raise _incomplete(sheet, by_id, [(member.member_id, missing)])

    knockouts = []
    for criterion in sheet.criteria:
        if flagged is not None and criterion.id == flagged.id:
            knockouts.append((criterion.id, FLAGGED, member.knockout.reason))
        if (criterion.knockout_if_zero and criterion.id in chosen and criterion.id not in zeroed
                and chosen[criterion.id].points == 0):
            knockouts.append((criterion.id, ZERO, ""))

    return _MemberScore(
        member_id=member.member_id,
        total=sum(points.values()),
        points=points,
        chosen=chosen,
        zeroed=tuple(_in_sheet_order(sheet, zeroed)),
        missing=tuple(_in_sheet_order(sheet, missing)),
        knockouts=tuple(knockouts),
    )


def _check_member_cases(sheet, by_id, member, chosen: dict[int, OptionDef], case: int | None) -> None:
    """A sheet never mixes alternative cases, and keeps to the application's case when it is fixed."""
    grouped = {cid: case_number(o.group) for cid, o in chosen.items() if o.group}
    cases = sorted(set(grouped.values()))
    if len(cases) > 1:
        problems = [(member.member_id, by_id[cid].code) for cid in _in_sheet_order(sheet, grouped)]
        codes = ", ".join(code for _, code in problems)
        raise InvalidChoice(
            f"Thành viên {member.member_id}: phiếu chọn phương án của cả "
            f"{' và '.join(f'Trường hợp {n}' for n in cases)} (tiêu chí {codes}); một phiếu chỉ theo một trường hợp.",
            problems,
        )
    if case is not None:
        other = [cid for cid, number in grouped.items() if number != case]
        if other:
            problems = [(member.member_id, by_id[cid].code) for cid in _in_sheet_order(sheet, other)]
            codes = ", ".join(code for _, code in problems)
            raise InvalidChoice(
                f"Thành viên {member.member_id}: tiêu chí {codes} chọn phương án của trường hợp khác; "
                f"hồ sơ được đánh giá theo Trường hợp {case}.",
                problems,
            )


def _incomplete(sheet: SheetDef, by_id, missing_by_member: list[tuple[int | None, Iterable[int]]]) -> IncompleteScorecard:
    problems, sentences = [], []
    for member_id, missing in missing_by_member:
        codes = [by_id[cid].code for cid in _in_sheet_order(sheet, missing)]
        problems.extend((member_id, code) for code in codes)
        sentences.append(f"Thành viên {member_id}: chưa chấm tiêu chí {', '.join(codes)}.")
    return IncompleteScorecard(" ".join(sentences), problems)


def _in_sheet_order(sheet: SheetDef, ids: Iterable[int]) -> list[int]:
    wanted = set(ids)
    return [c.id for c in sheet.criteria if c.id in wanted]


def member_total(sheet: SheetDef, choices: MemberChoices | Mapping[int, int], *, alternative_case: int | None = None) -> int:
    """One member's total: the sum of the chosen options' points, conditional criteria zeroed.
    The sheet must be complete (IncompleteScorecard otherwise); see `member_sheet` for a sheet
    the member stopped on a knock-out."""
    if not isinstance(choices, MemberChoices):
        choices = MemberChoices(member_id=None, choices=choices)
    by_id = _validate_sheet(sheet)
    case = _check_case(sheet, alternative_case)
    return _score_member(sheet, by_id, choices, allow_missing=False, case=case).total


def member_sheet(sheet: SheetDef, choices: MemberChoices, *, alternative_case: int | None = None) -> MemberSheet:
    """One member's sheet as it may be submitted: complete, or stopped on a knock-out it records
    (a flagged reason, or 0 on a criterion whose note makes a zero a knock-out). A stopped sheet's
    total is the points of the criteria answered. Raises InvalidChoice, CaseNotSet, and
    IncompleteScorecard for an unfinished sheet that records no knock-out."""
    by_id = _validate_sheet(sheet)
    case = _check_case(sheet, alternative_case)
    score = _score_member(sheet, by_id, choices, allow_missing=True, case=case)
    if score.missing and not score.knockouts:
        raise _incomplete(sheet, by_id, [(score.member_id, score.missing)])
    return MemberSheet(
        member_id=score.member_id,
        total=score.total,
        missing=tuple(by_id[cid].code for cid in score.missing),
        knockouts=tuple(dict.fromkeys(by_id[cid].code for cid, _kind, _reason in score.knockouts)),
    )


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


def _markers(sheet: SheetDef, case: int | None = None) -> list[tuple[CriterionDef, OptionDef]]:
    return [(c, o) for c in sheet.criteria for o in applicable_options(c, case) if o.min_star is not None]


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


def _minimums(sheet: SheetDef, scores: list[_MemberScore], mode: str, case: int | None = None) -> tuple[int, list[dict]]:
    """Highest level L in {0, 3, 4, 5} whose cumulative minimums are all met, and every unmet marker."""
    checks = [_check_marker(c, o, scores, mode) for c, o in _markers(sheet, case)]
    unmet = [c for c in checks if not c["met"]]
    level = 0
    for star in STAR_LEVELS:
        if any(c["required_star"] <= star for c in unmet):
            break
        level = star
    return level, unmet


def _knockout_decision(sheet: SheetDef, scores: list[_MemberScore], rule: str) -> tuple[list[Knockout], list[dict], dict]:
    """The council's knock-outs from what the sheets record, by the round's rule: (knock-outs,
    their explanation entries, the decision's explanation). `scores` are in member order."""
    count = len(scores)
    marks: dict[int, list[tuple[int | None, str, str]]] = {}
    for s in scores:
        for criterion_id, kind, reason in s.knockouts:
            marks.setdefault(criterion_id, []).append((s.member_id, kind, reason))
    rule_text = KNOCKOUT_RULE_TEXT[rule]
    decided, entries, recorded = [], [], []
    for criterion in sheet.criteria:
        if criterion.id not in marks:
            continue
        members = marks[criterion.id]
        sheets = len({member_id for member_id, _, _ in members})
        holds = sheets * 2 > count if rule == MAJORITY else sheets >= 1
        zero_sheets = len({member_id for member_id, kind, _ in members if kind == ZERO})
        reasons = list(dict.fromkeys(reason for _, kind, reason in members if kind == FLAGGED and reason))
        if zero_sheets == sheets:
            reason = f"0 điểm trên {sheets}/{count} phiếu"
        else:
            if zero_sheets:
                reasons.append(f"0 điểm trên {zero_sheets} phiếu")
            reason = f"{'; '.join(reasons)} ({sheets}/{count} phiếu ghi nhận)".lstrip()
        recorded.append({
            "criterion_code": criterion.code,
            "sheets": sheets,
            "of": count,
            "decided": holds,
            "message": (f"Tiêu chí {criterion.code}: {sheets}/{count} phiếu ghi nhận điều kiện loại"
                        + (": sản phẩm bị loại." if holds else ", chưa đủ để loại sản phẩm.")),
        })
        if not holds:
            continue
        knockout = Knockout(criterion_code=criterion.code, reason=reason)
        decided.append(knockout)
        entries.append({
            "criterion_code": criterion.code,
            "reason": reason,
            "rule": criterion.knockout_rule or (ZERO_RULE if criterion.knockout_if_zero else ""),
            "decided_by": rule,
            "sheets": sheets,
            "of": count,
            "members": [{"member_id": member_id, "kind": kind, "reason": text} for member_id, kind, text in members],
            "message": (f"Sản phẩm bị loại theo tiêu chí {criterion.code}: {sheets}/{count} phiếu ghi nhận điều kiện "
                        f"loại ({rule_text}). {reason[0].upper()}{reason[1:]}."),
        })
    threshold = count // 2 + 1 if rule == MAJORITY else 1
    message = f"Cách quyết định loại sản phẩm: {rule_text} (cần {threshold}/{count} phiếu)."
    message += " " + (" ".join(r["message"] for r in recorded) if recorded else "Không phiếu nào ghi nhận điều kiện loại.")
    decision = {"rule": rule, "sheets": count, "threshold": threshold, "recorded": recorded, "message": message}
    return decided, entries, decision


def evaluate(
    sheet: SheetDef,
    members: Iterable[MemberChoices],
    rules: RoundRules = RoundRules(),
    knockouts: Iterable[Knockout] = (),
    *,
    alternative_case: int | None = None,
) -> ProductResult:
    """Score one product from its council members' sheets and explain the result.

    `knockouts` are knock-outs the council has already decided (always applied); the knock-outs
    the sheets record (`MemberChoices.knockout`, zeros on `knockout_if_zero` criteria) are
    decided here by `rules.knockout_rule`. `alternative_case` is the application's case."""
    members = list(members)
    knockouts = list(knockouts)
    if rules.minimum_mode not in MINIMUM_MODES:
        raise ScoringError(f"Cách xét điểm tối thiểu không hợp lệ: {rules.minimum_mode!r}.")
    if rules.knockout_rule not in KNOCKOUT_RULES:
        raise ScoringError(f"Cách quyết định loại sản phẩm không hợp lệ: {rules.knockout_rule!r}.")
    if not members:
        raise ScoringError("Chưa có phiếu chấm của thành viên nào.")
    ids = [m.member_id for m in members]
    if len(set(ids)) != len(ids):
        raise ScoringError("Một thành viên có nhiều hơn một phiếu chấm.")
    by_id = _validate_sheet(sheet)
    case = _check_case(sheet, alternative_case)

    # A knock-out stops evaluation, so sheets may be unfinished; without one they must be complete.
    scored = [_score_member(sheet, by_id, m, allow_missing=True, case=case) for m in members]
    scores = sorted(scored, key=lambda s: s.member_id)
    decided, decided_entries, decision = _knockout_decision(sheet, scores, rules.knockout_rule)
    knockouts += decided
    if not knockouts and any(s.missing for s in scored):
        raise _incomplete(sheet, by_id, [(s.member_id, s.missing) for s in scored if s.missing])
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
        level, unmet = _minimums(sheet, scores, rules.minimum_mode, case)
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

    if case is not None:
        explanation["alternative_case"] = {
            "case": case,
            "message": f"Hồ sơ được đánh giá theo Trường hợp {case}: chỉ các phương án của trường hợp này được chọn.",
        }
    explanation["knockout_decision"] = decision
    if knockouts:
        star = None
        explanation["knockouts"] = [
            {
                "criterion_code": k.criterion_code,
                "reason": k.reason,
                "rule": next((c.knockout_rule for c in sheet.criteria if c.code == k.criterion_code), ""),
                "message": f"Sản phẩm bị loại theo tiêu chí {k.criterion_code}: {k.reason}",
            }
            for k in knockouts[:len(knockouts) - len(decided)]
        ] + decided_entries
    else:
        explanation["knockouts"] = []

    explanation["star"] = star
    explanation["outcome"], explanation["message"] = _outcome(star, band_star, level, capped_by, knockouts, score)
    if decided and len(decided) == len(knockouts):  # knocked out by the sheets, not by the caller
        explanation["message"] += f" Cách quyết định loại: {KNOCKOUT_RULE_TEXT[rules.knockout_rule]}."
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
