"""The criteria catalogue as data: read the shipped files, apply the listed corrections, validate.

Pure code, no ORM: `evaluations/catalogue_services.py` writes what this module returns. The files
live in `evaluations/criteria/` (see its SOURCES.md); every deviation from the printed sources is
an entry in `corrections.json`, applied here and reported in the sheet's `corrections` text.
"""

from __future__ import annotations

import csv
import datetime
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "criteria"
PRODUCT_SETS_FILE = "product-sets-26-2026.csv"
REGULATIONS_FILE = "regulations.json"
CORRECTIONS_FILE = "corrections.json"

TOTAL_POINTS = 100
STORY_CRITERION = "5.1"

# Sentences that stop the evaluation (knock-outs). Matched case-insensitively on each note.
# "không đánh giá những sản phẩm": sets 1–4 of 26/2026, note under 2.1 (widespread products of a
# national or provincial key group without distinct quality are not evaluated).
KNOCKOUT_MARKERS = (
    "bị loại", "không đánh giá các bước tiếp theo", "không xem xét các chỉ tiêu khác", "không đánh giá những sản phẩm",
)
# A knock-out sentence that names a zero score makes 0 points an automatic knock-out
# (“Nếu được 0 điểm tại một trong các chỉ tiêu trên, …”, “Nếu bị 0 Điểm, …”); the others describe a
# fact the member judges, and the member may stop with a written reason. See `zero_knockout_scope`.
ZERO_SCORE_RE = re.compile(r"(?<![\d.,])0\s*điểm")
ZERO_SCOPE_ABOVE_MARKER = "các chỉ tiêu trên"
ZERO_SCOPE_SELF, ZERO_SCOPE_ABOVE = "criterion", "above"
# "Chỉ áp dụng khi có câu chuyện sản phẩm" (26/2026) and "… có câu chuyện" (1048).
STORY_CONDITION_MARKER = "chỉ áp dụng khi có câu chuyện"
NOTE_LABEL_RE = re.compile(r"(?i)\b(ghi chú|chú ý)\s*:\s*")
ALTERNATIVE_LABEL_RE = re.compile(r"^[a-z]\.\s*(Trường hợp \d+.*)$")
SUBGROUP_FLAG_RE = re.compile(r"^\[sub-group\]\s*(?P<name>.+?)(?:\s*\(max (?P<max>\d+)\))?$")


class CatalogueError(Exception):
    """The shipped data cannot be read or a listed correction no longer matches it."""


# --- The catalogue ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    text: str
    points: int | None
    position: int
    min_star: int | None = None
    alternative_group: str = ""


@dataclass(frozen=True)
class Criterion:
    code: str
    name: str
    max_points: int | None
    position: int
    options: tuple[Option, ...]
    subgroup: str = ""
    note: str = ""
    knockout_rule: str = ""  # the note's condition on which a member may stop with a written reason
    applies_if: str = ""  # code of the criterion that must score > 0
    knockout_if_zero: bool = False  # a note makes 0 points on this criterion a knock-out

    @property
    def best_points(self) -> int:
        """Highest option; over all alternative groups, since only one group is ever used."""
        return max((o.points or 0 for o in self.options), default=0)


@dataclass(frozen=True)
class Section:
    number: str
    name: str
    max_points: int | None
    position: int
    criteria: tuple[Criterion, ...]

    @property
    def best_points(self) -> int:
        return sum(c.best_points for c in self.criteria)


@dataclass(frozen=True)
class Part:
    code: str
    name: str
    max_points: int
    sections: tuple[Section, ...]

    @property
    def best_points(self) -> int:
        return sum(s.best_points for s in self.sections)


@dataclass(frozen=True)
class Sheet:
    set_number: int
    name: str
    parts: tuple[Part, ...]
    product_set_number: int | None = None
    usable: bool = True
    unusable_reason: str = ""
    corrections: tuple[str, ...] = ()
    subgroup_maxima: tuple[tuple[str, int], ...] = ()
    dossier_knockout: str = ""  # the sheet's verbatim “Hồ sơ bị loại khi: …” paragraph

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return tuple(c for p in self.parts for s in p.sections for c in s.criteria)

    def criterion(self, code: str) -> Criterion:
        for c in self.criteria:
            if c.code == code:
                return c
        raise KeyError(code)

    @property
    def best_points(self) -> int:
        return sum(p.best_points for p in self.parts)

    @property
    def corrections_text(self) -> str:
        return "\n".join(f"- {line}" for line in self.corrections)


@dataclass(frozen=True)
class MissingSet:
    set_number: int
    name: str
    reason: str


@dataclass(frozen=True)
class Regulation:
    code: str
    title: str
    signed_on: datetime.date
    effective_from: datetime.date
    effective_until: datetime.date | None
    part_maxima: tuple[tuple[str, str, int], ...]  # (code, name, max)
    has_star_markers: bool
    maxima_stated: bool
    source: str
    sheets: tuple[Sheet, ...]
    missing_sets: tuple[MissingSet, ...] = ()

    def sheet(self, set_number: int) -> Sheet:
        for s in self.sheets:
            if s.set_number == set_number:
                return s
        raise KeyError(set_number)

    @property
    def corrections_applied(self) -> int:
        return sum(len(s.corrections) for s in self.sheets)


@dataclass(frozen=True)
class ProductSetRow:
    number: int
    name: str
    group: str
    sector: str
    managing_agency: str
    annex_ii_heading: str


@dataclass(frozen=True)
class Catalogue:
    product_sets: tuple[ProductSetRow, ...]
    regulations: tuple[Regulation, ...]

    def regulation(self, code: str) -> Regulation:
        for r in self.regulations:
            if r.code == code:
                return r
        raise KeyError(code)


@dataclass(frozen=True)
class Problem:
    """One validation failure, phrased for staff."""

    regulation: str
    set_number: int
    where: str  # "tiêu chí 7", "mục 2", "phần A", "tổng"
    reason: str

    def __str__(self) -> str:
        return f"QĐ {self.regulation}, bộ {self.set_number}, {self.where}: {self.reason}"


# --- Reading -------------------------------------------------------------------------------------


def catalogue_read(data_dir: Path | str | None = None) -> Catalogue:
    """Read every shipped file of `data_dir` and apply the corrections; does not validate."""
    data_dir = Path(data_dir) if data_dir else DATA_DIR
    product_sets = _read_product_sets(data_dir / PRODUCT_SETS_FILE)
    try:
        versions = json.loads((data_dir / REGULATIONS_FILE).read_text(encoding="utf-8"))
        corrections = json.loads((data_dir / CORRECTIONS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CatalogueError(f"Không đọc được dữ liệu danh mục tiêu chí: {exc}") from exc
    regulations = tuple(_read_regulation(data_dir, v, corrections, product_sets) for v in versions)
    return Catalogue(product_sets=product_sets, regulations=regulations)


def _read_product_sets(path: Path) -> tuple[ProductSetRow, ...]:
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple(
            ProductSetRow(
                number=int(r["number"]), name=r["name"], group=r["group"], sector=r["sector"],
                managing_agency=r["managing_agency"], annex_ii_heading=r["annex_ii_heading"],
            )
            for r in csv.DictReader(fh)
        )


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _normalise(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _read_regulation(data_dir, version, corrections, product_sets) -> Regulation:
    code = version["code"]
    parts = tuple((p["code"], p["name"], int(p["max_points"])) for p in version["parts"])
    drafts = []
    if version.get("criteria_file"):
        drafts = _read_drafts(data_dir / version["criteria_file"], code, version["maxima_stated"])
        mine = [c for c in corrections if c["regulation"] == code]
        for entry in mine:
            _apply_correction(entry, drafts, code)
        if version.get("dossier_knockouts_file"):
            _attach_dossier_knockouts(data_dir / version["dossier_knockouts_file"], drafts)
    by_name = {_normalise(ps.name): ps.number for ps in product_sets}
    numbers = {ps.number for ps in product_sets}
    sheets = []
    for d in drafts:
        if code == "26/2026":
            ps_number = d.set_number if d.set_number in numbers else None
        else:  # older regulations: link only where the name is the same as a 26/2026 set
            ps_number = by_name.get(_normalise(d.name))
        sheets.append(_freeze(d, parts, version["maxima_stated"], ps_number))
    return Regulation(
        code=code, title=version["title"], signed_on=_date(version["signed_on"]),
        effective_from=_date(version["effective_from"]), effective_until=_date(version.get("effective_until")),
        part_maxima=parts, has_star_markers=version["has_star_markers"], maxima_stated=version["maxima_stated"],
        source=version["source"], sheets=tuple(sheets),
        missing_sets=tuple(MissingSet(m["set_number"], m["name"], m["reason"]) for m in version.get("missing_sets", [])),
    )


# Drafts are the mutable form the corrections work on; `_freeze` turns them into the catalogue.


@dataclass
class _DraftOption:
    text: str
    points: int | None
    min_star: int | None
    notes: list[str]
    alternative_group: str = ""


@dataclass
class _DraftCriterion:
    code: str
    name: str
    max_points: int | None
    part: str
    section_number: str
    section_name: str
    section_max: str
    options: list[_DraftOption] = field(default_factory=list)
    subgroup: str = ""


@dataclass
class _DraftSheet:
    set_number: int
    name: str
    criteria: list[_DraftCriterion] = field(default_factory=list)
    corrections: list[str] = field(default_factory=list)
    usable: bool = True
    unusable_reason: str = ""
    section_max_overrides: dict = field(default_factory=dict)
    subgroup_maxima: dict = field(default_factory=dict)
    dossier_knockout: str = ""


def _int_or_none(value: str, *, where: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError as exc:
        raise CatalogueError(f"{where}: “{value}” không phải là số điểm") from exc


def _read_drafts(path: Path, code: str, maxima_stated: bool) -> list[_DraftSheet]:
    try:
        fh = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise CatalogueError(f"Không đọc được tệp tiêu chí {path.name}: {exc}") from exc
    sheets: dict[int, _DraftSheet] = {}
    with fh:
        for line_no, row in enumerate(csv.DictReader(fh), start=2):
            where = f"{path.name}, dòng {line_no}"
            set_number = int(row["set_no"])
            sheet = sheets.setdefault(set_number, _DraftSheet(set_number=set_number, name=row["set_name"]))
            last = sheet.criteria[-1] if sheet.criteria else None
            # A criterion is a run of rows with the same code and name (1048 type 6 reuses a code).
            if last is None or (last.code, last.name, last.section_number) != (
                row["criterion_code"], row["criterion_name"], row["section_no"]
            ):
                last = _DraftCriterion(
                    code=row["criterion_code"], name=row["criterion_name"],
                    max_points=_int_or_none(row["criterion_max"], where=where) if maxima_stated else None,
                    part=row["part"], section_number=row["section_no"], section_name=row["section_name"],
                    section_max=row["section_max"].strip(),
                )
                sheet.criteria.append(last)
            notes = [n.strip() for n in row["note"].split(" | ") if n.strip()]
            for n in notes:
                m = SUBGROUP_FLAG_RE.match(n)
                if m:
                    last.subgroup = m["name"].strip()
                    if m["max"]:
                        sheet.subgroup_maxima[last.subgroup] = int(m["max"])
            if not row["option_text"].strip():
                continue  # a criterion printed without options
            star = _int_or_none(row["min_star"], where=where)
            last.options.append(_DraftOption(
                text=row["option_text"].strip(), points=_int_or_none(row["option_points"], where=where),
                min_star=star, notes=notes,
            ))
    # Three-level sensory codes (6.1.1) keep the sub-group heading of their siblings.
    for sheet in sheets.values():
        groups = {}
        for c in sheet.criteria:
            if c.code.count(".") == 2:
                prefix = c.code.rsplit(".", 1)[0]
                c.subgroup = c.subgroup or groups.get(prefix, "")
                groups.setdefault(prefix, c.subgroup)
    return [sheets[k] for k in sorted(sheets)]


def _attach_dossier_knockouts(path: Path, drafts: list[_DraftSheet]) -> None:
    """Give each sheet its sheet-level “Hồ sơ bị loại khi: …” paragraph (`set_no,text`).

    Sets absent from the file have none; a set number without a sheet, a repeated set number or
    an empty text stops the load.
    """
    try:
        fh = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise CatalogueError(f"Không đọc được tệp điều kiện loại hồ sơ {path.name}: {exc}") from exc
    by_number = {d.set_number: d for d in drafts}
    seen = set()
    with fh:
        for line_no, row in enumerate(csv.DictReader(fh), start=2):
            where = f"{path.name}, dòng {line_no}"
            number = _int_or_none(row["set_no"], where=where)
            text = row["text"].strip()
            if number not in by_number:
                raise CatalogueError(f"{where}: không có phiếu của bộ {row['set_no']}")
            if number in seen:
                raise CatalogueError(f"{where}: bộ {number} có hai dòng")
            if not text:
                raise CatalogueError(f"{where}: bộ {number} không có nội dung")
            seen.add(number)
            by_number[number].dossier_knockout = text


# --- Corrections ---------------------------------------------------------------------------------


def _targets(entry, drafts: list[_DraftSheet], code: str) -> list[_DraftSheet]:
    if entry["sets"] == "all":
        return drafts
    by_number = {d.set_number: d for d in drafts}
    missing = [n for n in entry["sets"] if n not in by_number]
    if missing:
        raise CatalogueError(f"Sửa lỗi {entry['id']} ({code}): không có bộ {missing}")
    return [by_number[n] for n in entry["sets"]]


def _find_criterion(sheet: _DraftSheet, code: str, entry_id: str, occurrence: int = 1) -> _DraftCriterion:
    found = [c for c in sheet.criteria if c.code == code]
    if len(found) < occurrence:
        raise CatalogueError(f"Sửa lỗi {entry_id}: bộ {sheet.set_number} không có tiêu chí {code}")
    return found[occurrence - 1]


def _find_option(criterion: _DraftCriterion, text: str, entry_id: str, set_number: int) -> _DraftOption:
    found = [o for o in criterion.options if o.text == text]
    if len(found) != 1:
        raise CatalogueError(
            f"Sửa lỗi {entry_id}: bộ {set_number}, tiêu chí {criterion.code} không có đúng một phương án “{text}”"
        )
    return found[0]


def _apply_correction(entry: dict, drafts: list[_DraftSheet], code: str) -> None:
    """Apply one listed correction; refuse loudly when the data no longer looks as described."""
    action, entry_id = entry["action"], entry["id"]
    for sheet in _targets(entry, drafts, code):
        stale = f"Sửa lỗi {entry_id}: bộ {sheet.set_number} không còn như mô tả"
        if action == "add_options":
            crit = _find_criterion(sheet, entry["criterion"], entry_id)
            if crit.options or not crit.name.startswith(entry["expect_name_prefix"]):
                raise CatalogueError(stale)
            crit.options = [_DraftOption(text=o["text"], points=o["points"], min_star=None, notes=[]) for o in entry["options"]]
        elif action == "set_option_points":
            crit = _find_criterion(sheet, entry["criterion"], entry_id)
            option = _find_option(crit, entry["option_text"], entry_id, sheet.set_number)
            if option.points != entry["from"]:
                raise CatalogueError(f"{stale} (điểm đang là {option.points}, chờ {entry['from']})")
            option.points = entry["to"]
        elif action == "set_section_max":
            crit = _find_criterion(sheet, entry["criterion"], entry_id)
            if crit.section_max != entry["from"]:
                raise CatalogueError(stale)
            sheet.section_max_overrides[crit.section_number] = entry["to"]
        elif action == "note":
            crit = _find_criterion(sheet, entry["criterion"], entry_id)
            if "option_text" in entry:
                _find_option(crit, entry["option_text"], entry_id, sheet.set_number)
        elif action == "part_heading":
            pass  # the CSV carries no part maxima: the heading's value is documented, not loaded
        elif action == "derive_maxima":
            pass  # done by `_freeze` for every version whose maxima are not stated
        elif action == "rename_duplicate":
            crit = _find_criterion(sheet, entry["criterion"], entry_id, occurrence=entry["occurrence"])
            if crit.name != entry["expect_name"]:
                raise CatalogueError(stale)
            crit.code = entry["to"]
        elif action == "alternative_groups":
            crit = _find_criterion(sheet, entry["criterion"], entry_id)
            positions = [p for g in entry["groups"] for p in g["positions"]]
            if sorted(positions) != list(range(1, len(crit.options) + 1)):
                raise CatalogueError(f"{stale} (tiêu chí {crit.code} có {len(crit.options)} phương án)")
            for group in entry["groups"]:
                for p in group["positions"]:
                    crit.options[p - 1].alternative_group = group["label"]
        elif action == "mark_unusable":
            sheet.usable = False
            sheet.unusable_reason = entry["reason"]
        else:
            raise CatalogueError(f"Sửa lỗi {entry_id}: không biết thao tác “{action}”")
        sheet.corrections.append(entry["text"])


# --- Freezing: notes, knock-outs, conditions -----------------------------------------------------


def _verbatim_notes(notes: Iterable[str]) -> tuple[list[str], str]:
    """Split a CSV note into the source's own sentences and the alternative-group label."""
    verbatim, label = [], ""
    for n in notes:
        if n.startswith("["):
            continue  # the transcriber's flags, replaced by corrections
        m = ALTERNATIVE_LABEL_RE.match(n)
        if m:
            label = m[1].strip()
            continue
        verbatim.append(n)
    return verbatim, label


def knockout_sentence(note: str) -> str:
    """The sentence of a note that stops the evaluation, without its “Ghi chú:” label."""
    for paragraph in note.split("\n"):
        for piece in NOTE_LABEL_RE.split(paragraph):
            if any(marker in piece.casefold() for marker in KNOCKOUT_MARKERS):
                piece = piece.strip()
                return piece[0].upper() + piece[1:]
    return ""


def zero_knockout_scope(sentence: str) -> str:
    """Whether a knock-out sentence makes a zero score an automatic knock-out, and on what.

    The rule: a sentence naming a zero score (“0 điểm”, any case) is a zero knock-out; when it
    speaks of “các chỉ tiêu trên” (the criteria above: set 16 of 26/2026 and type 14 of 1048 under
    6.4) it covers every criterion of the same section up to and including the one carrying the
    note (`ZERO_SCOPE_ABOVE`), otherwise only that criterion (`ZERO_SCOPE_SELF`: “Nếu bị 0 Điểm, sẽ
    không đánh giá các bước tiếp theo”, 1048 type 3 under 6.1). "" for any other sentence: those
    describe a fact (impurities, imported raw material, a copied product, …) that the member
    judges, and on which the member may stop with a written reason (`Criterion.knockout_rule`).
    """
    folded = sentence.casefold()
    if not ZERO_SCORE_RE.search(folded):
        return ""
    return ZERO_SCOPE_ABOVE if ZERO_SCOPE_ABOVE_MARKER in folded else ZERO_SCOPE_SELF


def _zero_knockouts(drafts: list[tuple[_DraftCriterion, str]]) -> set[int]:
    """Indexes (in sheet order) of the criteria on which 0 points is a knock-out."""
    marked: set[int] = set()
    for index, (dc, note) in enumerate(drafts):
        scope = zero_knockout_scope(knockout_sentence(note))
        if scope == ZERO_SCOPE_SELF:
            marked.add(index)
        elif scope == ZERO_SCOPE_ABOVE:
            key = (dc.part, dc.section_number)
            marked.update(i for i, (other, _) in enumerate(drafts[:index + 1]) if (other.part, other.section_number) == key)
    return marked


def _freeze(draft: _DraftSheet, part_maxima, maxima_stated: bool, product_set_number) -> Sheet:
    codes = {c.code for c in draft.criteria}
    sections: dict[tuple[str, str], list] = {}
    section_meta: dict[tuple[str, str], tuple[str, str]] = {}
    prepared = []
    for dc in draft.criteria:
        notes: list[str] = []
        options = []
        for i, o in enumerate(dc.options, start=1):
            verbatim, label = _verbatim_notes(o.notes)
            notes.extend(n for n in verbatim if n not in notes)
            options.append(Option(
                text=o.text, points=o.points, position=i, min_star=o.min_star,
                alternative_group=o.alternative_group or label,
            ))
        prepared.append((dc, "\n".join(notes), options))
    zero_knockouts = _zero_knockouts([(dc, note) for dc, note, _ in prepared])
    for index, (dc, note, options) in enumerate(prepared):
        position = index + 1
        applies_if = ""
        if STORY_CONDITION_MARKER in note.casefold() and dc.code != STORY_CRITERION and STORY_CRITERION in codes:
            applies_if = STORY_CRITERION
        best = max((o.points or 0 for o in options), default=0)
        sentence = knockout_sentence(note)
        criterion = Criterion(
            code=dc.code, name=dc.name, max_points=dc.max_points if maxima_stated else best,
            position=position, options=tuple(options), subgroup=dc.subgroup, note=note,
            # A zero knock-out is applied from the choices, not stopped on by a member.
            knockout_rule="" if zero_knockout_scope(sentence) else sentence, applies_if=applies_if,
            knockout_if_zero=index in zero_knockouts,
        )
        key = (dc.part, dc.section_number)
        sections.setdefault(key, []).append(criterion)
        section_meta.setdefault(key, (dc.section_name, dc.section_max))
    parts = []
    position = 0
    for part_code, part_name, part_max in part_maxima:
        part_sections = []
        for (p, number), criteria in sections.items():
            if p != part_code:
                continue
            position += 1
            name, raw_max = section_meta[(p, number)]
            if not maxima_stated:
                section_max = sum(c.best_points for c in criteria)
            elif number in draft.section_max_overrides:
                section_max = draft.section_max_overrides[number]
            else:
                section_max = int(raw_max) if raw_max.isdigit() else None
            part_sections.append(Section(number=number, name=name, max_points=section_max, position=position, criteria=tuple(criteria)))
        parts.append(Part(code=part_code, name=part_name, max_points=part_max, sections=tuple(part_sections)))
    unknown = {p for p, _ in sections} - {p for p, _, _ in part_maxima}
    if unknown:
        raise CatalogueError(f"Bộ {draft.set_number}: phần không rõ {sorted(unknown)}")
    return Sheet(
        set_number=draft.set_number, name=draft.name, parts=tuple(parts), product_set_number=product_set_number,
        usable=draft.usable, unusable_reason=draft.unusable_reason, corrections=tuple(draft.corrections),
        subgroup_maxima=tuple(sorted(draft.subgroup_maxima.items())),
        dossier_knockout=draft.dossier_knockout,
    )


# --- Validation ----------------------------------------------------------------------------------


def validate_sheet(sheet: Sheet, regulation: Regulation) -> list[Problem]:
    """Every way the sheet fails to add up, each naming the criterion, section or part."""
    problems = []

    def fail(where, reason):
        problems.append(Problem(regulation.code, sheet.set_number, where, reason))

    seen = set()
    for c in sheet.criteria:
        where = f"tiêu chí {c.code} “{c.name}”"
        if c.code in seen:
            fail(where, "mã tiêu chí bị trùng")
        seen.add(c.code)
        if not c.options:
            fail(where, "không có phương án nào")
            continue
        for o in c.options:
            if o.points is None:
                fail(where, f"phương án “{o.text}” chưa có điểm")
            if o.min_star not in (None, 3, 4, 5):
                fail(where, f"phương án “{o.text}” có mức sao tối thiểu {o.min_star} (chỉ được 3, 4, 5)")
        if c.max_points is not None and c.best_points != c.max_points:
            fail(where, f"phương án cao nhất {c.best_points} điểm khác điểm tối đa {c.max_points}")
        if c.applies_if and c.applies_if not in seen:
            fail(where, f"điều kiện áp dụng trỏ tới tiêu chí {c.applies_if} không đứng trước")
        stars = sorted((o.min_star, o.points or 0) for o in c.options if o.min_star)
        if any(b[1] < a[1] for a, b in pairwise(stars)):
            fail(where, "mức sao cao hơn đặt ở phương án ít điểm hơn")
    for part in sheet.parts:
        for section in part.sections:
            if regulation.maxima_stated and section.best_points != section.max_points:
                fail(
                    f"mục {section.number} “{section.name}”",
                    f"tổng điểm cao nhất của các tiêu chí là {section.best_points}, khác điểm tối đa {section.max_points}",
                )
        if part.best_points != part.max_points:
            fail(f"phần {part.code}", f"tổng điểm cao nhất là {part.best_points}, phải là {part.max_points}")
    for name, maximum in sheet.subgroup_maxima:
        best = sum(c.best_points for c in sheet.criteria if c.subgroup == name)
        if best != maximum:
            fail(f"nhóm {name}", f"tổng điểm cao nhất là {best}, khác điểm tối đa {maximum}")
    if sheet.best_points != TOTAL_POINTS:
        fail("tổng", f"tổng điểm cao nhất là {sheet.best_points}, phải là {TOTAL_POINTS}")
    return problems


def validate_regulation(regulation: Regulation) -> dict[int, list[Problem]]:
    """Problems per set number; sets without problems are left out."""
    result = {}
    for sheet in regulation.sheets:
        problems = validate_sheet(sheet, regulation)
        if problems:
            result[sheet.set_number] = problems
    return result
