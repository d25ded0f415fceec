"""Write the criteria catalogue (`evaluations.catalogue`) into the database, idempotently."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from evaluations import catalogue
from evaluations.models import Criterion, Option, RegulationVersion, ScoringSheet, SheetPart, SheetSection
from producers.models import ProductSet
from producers.services import product_sets_sync


class CatalogueInvalid(Exception):
    """A sheet expected to be usable does not add up; nothing was written."""

    def __init__(self, problems: list[catalogue.Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class VersionSummary:
    code: str
    sheets: int = 0
    usable: int = 0
    unusable: list[tuple[int, str, str]] = field(default_factory=list)  # (set, name, reason)
    not_loaded: list[tuple[int, str, str]] = field(default_factory=list)
    corrections: int = 0
    criteria: int = 0
    options: int = 0


@dataclass
class LoadSummary:
    versions: list[VersionSummary] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    problems: list[catalogue.Problem] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values()) + sum(self.deleted.values())

    def lines(self) -> list[str]:
        out = []
        for v in self.versions:
            out.append(
                f"QĐ {v.code}: {v.sheets} phiếu ({v.usable} dùng được, {len(v.unusable)} không dùng được), "
                f"{v.criteria} tiêu chí, {v.options} phương án, {v.corrections} ghi chú sửa lỗi."
            )
            if not v.sheets and not v.not_loaded:
                out.append("  Không có phiếu đánh giá trong danh mục.")
            for number, name, reason in v.unusable:
                out.append(f"  Không dùng được: bộ {number} {name}: {reason}")
            for number, name, reason in v.not_loaded:
                out.append(f"  Không nạp: bộ {number} {name}: {reason}")
        for p in self.problems:
            out.append(f"  Lỗi: {p}")
        return out


def catalogue_check(*, data_dir: Path | str | None = None) -> tuple[catalogue.Catalogue, LoadSummary]:
    """Read and validate the catalogue without touching the database.

    Problems of sheets marked unusable are expected and not reported as failures.
    """
    cat = catalogue.catalogue_read(data_dir)
    summary = LoadSummary()
    for regulation in cat.regulations:
        v = VersionSummary(code=regulation.code, sheets=len(regulation.sheets), corrections=regulation.corrections_applied)
        problems = catalogue.validate_regulation(regulation)
        for sheet in regulation.sheets:
            v.criteria += len(sheet.criteria)
            v.options += sum(len(c.options) for c in sheet.criteria)
            if sheet.usable:
                v.usable += 1
                summary.problems.extend(problems.get(sheet.set_number, []))
            else:
                v.unusable.append((sheet.set_number, sheet.name, sheet.unusable_reason))
        v.not_loaded = [(m.set_number, m.name, m.reason) for m in regulation.missing_sets]
        summary.versions.append(v)
    return cat, summary


def catalogue_load(*, stdout=None, data_dir: Path | str | None = None) -> LoadSummary:
    """Create or update product sets, regulation versions and every sheet with its parts,
    sections, criteria and options, in one transaction.

    Rows are matched on natural keys (set number; regulation code; regulation + set number;
    sheet + part code; part + section number; sheet + criterion code; criterion + option
    position), so a second run changes nothing. Parts, sections, criteria and options of a
    loaded sheet that are no longer in the catalogue are deleted. Raises `CatalogueInvalid`
    before writing anything when a sheet expected to be usable fails validation.
    """
    cat, summary = catalogue_check(data_dir=data_dir)
    if summary.problems:
        raise CatalogueInvalid(summary.problems)
    with transaction.atomic():
        writer = _Writer(summary)
        product_sets = writer.product_sets(cat.product_sets)
        for regulation in cat.regulations:
            writer.regulation(regulation, product_sets)
    if stdout is not None:
        for line in summary.lines():
            stdout.write(line)
    return summary


def _sync(model, existing: dict, wanted: dict, fields: list[str], summary: LoadSummary) -> dict:
    """Make rows match `wanted` ({key: field values}); return {key: pk}. Bulk operations only."""
    label = model._meta.model_name
    to_create, to_update = [], []
    for key, values in wanted.items():
        obj = existing.get(key)
        if obj is None:
            to_create.append((key, model(**values)))
        elif any(getattr(obj, f) != values[f] for f in fields):
            for f in fields:
                setattr(obj, f, values[f])
            to_update.append(obj)
    stale = [obj.pk for key, obj in existing.items() if key not in wanted]
    if stale:
        model.objects.filter(pk__in=stale).delete()
    if to_create:
        model.objects.bulk_create([obj for _, obj in to_create], batch_size=500)
    if to_update:
        model.objects.bulk_update(to_update, fields, batch_size=500)
    summary.created[label] = summary.created.get(label, 0) + len(to_create)
    summary.updated[label] = summary.updated.get(label, 0) + len(to_update)
    summary.deleted[label] = summary.deleted.get(label, 0) + len(stale)
    ids = {key: obj.pk for key, obj in existing.items() if key in wanted}
    ids.update({key: obj.pk for key, obj in to_create})
    return ids


class _Writer:
    def __init__(self, summary: LoadSummary):
        self.summary = summary

    def product_sets(self, rows) -> dict[int, int]:
        # Product sets belong to the producers app: written through its service, never deleted.
        ids, created, updated = product_sets_sync(
            [{"number": r.number, "name": r.name, "group": r.group, "sector": r.sector} for r in rows])
        label = ProductSet._meta.model_name
        self.summary.created[label] = self.summary.created.get(label, 0) + created
        self.summary.updated[label] = self.summary.updated.get(label, 0) + updated
        self.summary.deleted.setdefault(label, 0)
        return ids

    def regulation(self, regulation: catalogue.Regulation, product_sets: dict[int, int]) -> None:
        parts = dict((code, maximum) for code, _, maximum in regulation.part_maxima)
        values = {
            "code": regulation.code, "title": regulation.title, "signed_on": regulation.signed_on,
            "effective_from": regulation.effective_from, "effective_until": regulation.effective_until,
            "part_a_max": parts["A"], "part_b_max": parts["B"], "part_c_max": parts["C"],
            "has_star_markers": regulation.has_star_markers, "source": regulation.source,
        }
        existing = {r.code: r for r in RegulationVersion.objects.filter(code=regulation.code)}
        reg_id = _sync(RegulationVersion, existing, {regulation.code: values}, list(values)[1:], self.summary)[regulation.code]
        if regulation.sheets:
            self.sheets(reg_id, regulation, product_sets)

    def sheets(self, reg_id: int, regulation: catalogue.Regulation, product_sets: dict[int, int]) -> None:
        sheets = {s.set_number: s for s in regulation.sheets}
        # Sheets already in the database but absent from the catalogue stay: rounds may use them.
        existing = {s.set_number: s for s in ScoringSheet.objects.filter(regulation_id=reg_id, set_number__in=sheets)}
        wanted = {
            n: {
                "regulation_id": reg_id, "set_number": n, "name": s.name,
                "product_set_id": product_sets.get(s.product_set_number) if s.product_set_number else None,
                "usable": s.usable, "unusable_reason": s.unusable_reason, "corrections": s.corrections_text,
                "dossier_knockout": s.dossier_knockout,
            }
            for n, s in sheets.items()
        }
        fields = ["name", "product_set_id", "usable", "unusable_reason", "corrections", "dossier_knockout"]
        sheet_ids = _sync(ScoringSheet, existing, wanted, fields, self.summary)

        # Parts.
        existing = {(p.sheet_id, p.code): p for p in SheetPart.objects.filter(sheet_id__in=sheet_ids.values())}
        wanted = {
            (sheet_ids[n], p.code): {"sheet_id": sheet_ids[n], "code": p.code, "name": p.name, "max_points": p.max_points}
            for n, s in sheets.items() for p in s.parts
        }
        part_ids = _sync(SheetPart, existing, wanted, ["name", "max_points"], self.summary)

        # Sections.
        existing = {(x.part_id, x.number): x for x in SheetSection.objects.filter(part_id__in=part_ids.values())}
        wanted = {}
        for n, s in sheets.items():
            for p in s.parts:
                part_id = part_ids[(sheet_ids[n], p.code)]
                for sec in p.sections:
                    wanted[(part_id, sec.number)] = {
                        "part_id": part_id, "number": sec.number, "name": sec.name,
                        "max_points": sec.max_points, "position": sec.position,
                    }
        section_ids = _sync(SheetSection, existing, wanted, ["name", "max_points", "position"], self.summary)

        # Criteria: first without `applies_if`, then point it at the criterion it depends on.
        existing = {(c.sheet_id, c.code): c for c in Criterion.objects.filter(sheet_id__in=sheet_ids.values())}
        wanted = {}
        for n, s in sheets.items():
            sheet_id = sheet_ids[n]
            for p in s.parts:
                for sec in p.sections:
                    section_id = section_ids[(part_ids[(sheet_id, p.code)], sec.number)]
                    for c in sec.criteria:
                        applies_if = existing.get((sheet_id, c.applies_if)) if c.applies_if else None
                        wanted[(sheet_id, c.code)] = {
                            "sheet_id": sheet_id, "section_id": section_id, "code": c.code, "name": c.name,
                            "subgroup": c.subgroup, "max_points": c.max_points, "note": c.note,
                            "knockout_rule": c.knockout_rule, "knockout_if_zero": c.knockout_if_zero, "position": c.position,
                            "applies_if_id": applies_if.pk if applies_if else None,
                        }
        fields = ["section_id", "name", "subgroup", "max_points", "note", "knockout_rule", "knockout_if_zero", "position",
                  "applies_if_id"]
        criterion_ids = _sync(Criterion, existing, wanted, fields, self.summary)
        conditional = []
        for n, s in sheets.items():
            for c in s.criteria:
                if c.applies_if:
                    target = criterion_ids[(sheet_ids[n], c.applies_if)]
                    if wanted[(sheet_ids[n], c.code)]["applies_if_id"] != target:
                        conditional.append(Criterion(pk=criterion_ids[(sheet_ids[n], c.code)], applies_if_id=target))
        if conditional:
            Criterion.objects.bulk_update(conditional, ["applies_if_id"])

        # Options.
        existing = {(o.criterion_id, o.position): o for o in Option.objects.filter(criterion_id__in=criterion_ids.values())}
        wanted = {}
        for n, s in sheets.items():
            for c in s.criteria:
                criterion_id = criterion_ids[(sheet_ids[n], c.code)]
                for o in c.options:
                    wanted[(criterion_id, o.position)] = {
                        "criterion_id": criterion_id, "position": o.position, "text": o.text, "points": o.points,
                        "min_star": o.min_star, "alternative_group": o.alternative_group,
                    }
        _sync(Option, existing, wanted, ["text", "points", "min_star", "alternative_group"], self.summary)
