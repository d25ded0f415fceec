"""Bulk import of producers and of products from a CSV or XLSX file, for the local offices and the
province's staff.

Two steps, kept apart:

- `read_table(upload, columns)` checks the file itself and turns it into numbered rows: at most
  `MAX_BYTES` and `MAX_ROWS`; a CSV must decode as UTF-8 (with or without a byte-order mark; the
  header line tells comma from semicolon), an XLSX must be a ZIP holding a workbook (its first sheet
  is read); the format is known from the content, and the name's extension must agree with it. The
  header must name every required column and no unknown one. A refusal is an `ImportFileError`
  (a `ValidationError` with a code), in Vietnamese.
- `producers_import` / `products_import` write the rows through the app's services
  (`producer_create` then `producer_confirm` by the office; `product_create`), all in one
  transaction, each row in its own savepoint so that every row's errors are collected. Nothing is
  kept unless it is a real import and every row passed.
"""

import csv
import datetime
import io
import unicodedata
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop_portal.core.models import AdministrativeUnit, UnitLevel
from ocop_portal.core.rules import is_local_officer, is_provincial_staff, is_superuser
from ocop_portal.core.state import audit
from ocop_portal.core.uploads import format_size

from . import rules, selectors
from .models import Gender, ProducerKind, ProductSet
from .services import producer_confirm, producer_create, product_create

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000
MAX_XLSX_UNPACKED = 50 * 1024 * 1024  # a 2 MB workbook unpacks to a few MB; more is a ZIP bomb

CSV, XLSX = "csv", "xlsx"
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97–2003 (.xls)
XLSX_PARTS = {"[Content_Types].xml", "xl/workbook.xml"}


@dataclass(frozen=True)
class Columns:
    required: tuple
    optional: tuple = ()

    @property
    def all(self):
        return self.required + self.optional


PRODUCER_COLUMNS = Columns(
    required=("kind", "name", "registration_number", "unit_code", "address", "representative_name",
              "representative_gender"),
    optional=("phone", "email", "representative_ethnicity", "representative_title", "representative_address",
              "founded_on"),
)
PRODUCT_COLUMNS = Columns(required=("producer_registration_number", "name", "product_set"), optional=("description",))


class ImportFileError(ValidationError):
    """The file as a whole is refused (size, format, header): no row was looked at."""


@dataclass(frozen=True)
class ImportRow:
    line: int  # the line (CSV) or row (XLSX) the user sees; the header is line 1
    values: dict  # column → text, stripped ("" when empty)
    extra_cells: bool = field(default=False)  # the row has filled cells beyond the header's columns


# --- Reading the file ---------------------------------------------------------------------------


def read_table(upload, columns):
    """The rows of an uploaded CSV or XLSX file (`upload`: a Django UploadedFile or any binary file
    with `.name`), checked against `columns`. Entirely empty rows are skipped (line numbers stay
    those of the file). Raises ImportFileError."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise _too_large(size)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _too_large(len(data))
    if not data.strip():
        raise ImportFileError(_("Tệp trống: cần một dòng tiêu đề và ít nhất một dòng dữ liệu."), code="empty_file")
    kind = _sniff(data)
    name = getattr(upload, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension != kind:
        raise ImportFileError(
            _("Nội dung tệp là %(kind)s nhưng tên tệp có đuôi “.%(extension)s”. Hãy đặt đúng đuôi .csv hoặc .xlsx.")
            % {"kind": kind.upper(), "extension": extension}, code="extension_mismatch")
    table = _xlsx_table(data) if kind == XLSX else _csv_table(data)
    return _rows(table, columns)


def _too_large(size):
    return ImportFileError(_("Tệp %(size)s, vượt quá giới hạn %(limit)s. Hãy chia thành nhiều tệp nhỏ hơn.")
                           % {"size": format_size(size), "limit": format_size(MAX_BYTES)}, code="file_too_large")


def _unknown_format():
    return ImportFileError(_("Không đọc được tệp: chỉ nhận tệp CSV mã hóa UTF-8 hoặc tệp Excel .xlsx."), code="unknown_format")


def _sniff(data):
    """"xlsx" or "csv", from the content alone."""
    if data.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                unpacked = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile as exc:
            raise _unknown_format() from exc
        if not XLSX_PARTS <= names:
            raise ImportFileError(_("Tệp nén này không phải bảng tính Excel .xlsx."), code="unknown_format")
        if unpacked > MAX_XLSX_UNPACKED:
            raise ImportFileError(_("Bảng tính giải nén ra quá lớn. Hãy chia thành nhiều tệp nhỏ hơn."), code="file_too_large")
        return XLSX
    if data.startswith(OLE2_MAGIC):
        raise ImportFileError(_("Tệp Excel 97–2003 (.xls) không được hỗ trợ. Hãy lưu lại thành .xlsx hoặc CSV UTF-8."),
                              code="unknown_format")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _unknown_format() from exc
    if "\x00" in text:  # UTF-16 text or a binary file that happens to decode
        raise _unknown_format()
    return CSV


def _csv_table(data):
    """(line, cells) for each record of a UTF-8 CSV; the delimiter is the one of , and ; that the
    header line holds more of (column names contain neither)."""
    text = data.decode("utf-8-sig")
    header_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        for cells in reader:
            yield line, cells
            line = reader.line_num + 1  # a quoted cell may span lines: the next record starts after it
    except csv.Error as exc:
        raise ImportFileError(_("Tệp CSV hỏng ở dòng %(line)d: %(error)s") % {"line": reader.line_num, "error": exc},
                              code="unknown_format") from exc


def _xlsx_table(data):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise ImportFileError(_("Không đọc được bảng tính Excel: tệp bị hỏng."), code="unknown_format") from exc
    try:
        sheet = workbook.worksheets[0]
        for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, [_xlsx_text(value) for value in cells]
    finally:
        workbook.close()


def _xlsx_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a set number or a registration number typed as a number
    return str(value)


def _rows(table, columns):
    header = None
    rows = []
    for line, cells in table:
        cells = [unicodedata.normalize("NFC", str(c)).strip() for c in cells]
        if header is None:
            if not any(cells):
                continue  # blank lines before the header
            header = _header(cells, columns)
            continue
        if not any(cells):
            continue
        if len(rows) == MAX_ROWS:
            raise ImportFileError(_("Tệp có hơn %(max)s dòng dữ liệu. Hãy chia thành nhiều tệp nhỏ hơn.")
                                  % {"max": f"{MAX_ROWS:,}".replace(",", ".")}, code="too_many_rows")
        values = {name: (cells[i] if i < len(cells) else "") for i, name in header.items()}
        extra = any(c for i, c in enumerate(cells) if i not in header)
        rows.append(ImportRow(line=line, values=values, extra_cells=extra))
    if header is None or not rows:
        raise ImportFileError(_("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."), code="empty_file")
    return rows


def _header(cells, columns):
    """{cell index: column name}; refuses missing, unknown and repeated columns, naming them."""
    names = [c.lower() for c in cells]
    present = [n for n in names if n]
    missing = [c for c in columns.required if c not in present]
    unknown = [n for n in dict.fromkeys(present) if n not in columns.all]
    repeated = [n for n in dict.fromkeys(present) if present.count(n) > 1]
    problems = []
    if missing:
        problems.append(_("Thiếu cột bắt buộc: %(columns)s.") % {"columns": ", ".join(missing)})
    if unknown:
        problems.append(_("Cột không được hỗ trợ: %(columns)s. Các cột được nhận: %(known)s.")
                        % {"columns": ", ".join(unknown), "known": ", ".join(columns.all)})
    if repeated:
        problems.append(_("Cột xuất hiện nhiều lần: %(columns)s.") % {"columns": ", ".join(repeated)})
    if problems:
        code = "missing_columns" if missing else "unknown_columns" if unknown else "repeated_columns"
        raise ImportFileError(" ".join(problems), code=code)
    return {i: name for i, name in enumerate(names) if name}


# --- Writing the rows ---------------------------------------------------------------------------

# Who may import: the offices that register and confirm producers (local officers, the province's
# staff) and superusers; each row is then checked against the actor's territory.
can_import = is_superuser | is_local_officer | is_provincial_staff

EXTRA_CELLS = gettext_lazy("Dòng này có ô dữ liệu nằm ngoài các cột của dòng tiêu đề.")
REQUIRED = gettext_lazy("Cần điền mục này.")
OUTSIDE_TERRITORY = gettext_lazy("Xã/phường này không thuộc địa bàn bạn phụ trách.")
UNKNOWN_PRODUCER = gettext_lazy("Không có chủ thể nào mang số đăng ký này trong địa bàn bạn phụ trách.")


class _Report:
    """The errors found so far, one entry per (row, field, message)."""

    def __init__(self):
        self.errors = []

    def row(self, line):
        return _Row(self, line)


class _Row:
    def __init__(self, report, line):
        self.report, self.line, self.refused = report, line, set()

    def refuse(self, column, message):
        """An error on `column` (None: the row as a whole), found before the service is called."""
        self.report.errors.append({"row": self.line, "field": column, "message": str(message)})
        self.refused.add(column)

    def service_errors(self, exc, *, renamed):
        """A service's ValidationError by field (model field names renamed to the file's columns),
        less the fields this row already has an error for."""
        by_field = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
        for name, messages in by_field.items():
            column = renamed.get(name, None if name == NON_FIELD_ERRORS else name)
            if column is None or column not in self.refused:
                for message in messages:
                    self.report.errors.append({"row": self.line, "field": column, "message": str(message)})


class _RowRefused(Exception):
    """Raised inside a row's savepoint when the service accepted a row found wrong before it."""


@dataclass(frozen=True)
class _AtUnit:
    """A producer not created yet, as `rules.can_confirm_producer` sees it (by its unit)."""

    unit: AdministrativeUnit


def _numbered(rows):
    """(line, values, extra cells?) of ImportRows, or of plain dicts numbered as if the header were line 1."""
    for index, row in enumerate(rows):
        if isinstance(row, Mapping):
            yield index + 2, row, False
        else:
            yield row.line, row.values, row.extra_cells


def _cells(values, columns):
    return {c: str(values.get(c) or "").strip() for c in columns.all}


def _choice(value, choices):
    """The choice whose value or Vietnamese label is `value` (any case, spaces collapsed), or None."""
    wanted = " ".join(unicodedata.normalize("NFC", value).split()).casefold()
    with translation.override("vi"):
        return next((c for c in choices if wanted in (c.value.casefold(), str(c.label).casefold())), None)


def _choices_hint(choices):
    with translation.override("vi"):
        return ", ".join(f"{c.value} ({c.label})" for c in choices)


def _date(value):
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def _unit_today(code, today, cache):
    """Today's commune or ward with `code` (a code can name an old and a new unit across the 2025
    reform: the one valid today is meant), cached by code for the length of an import."""
    if code not in cache:
        cache[code] = (AdministrativeUnit.objects.valid_on(today).filter(code=code, level=UnitLevel.COMMUNE)
                       .order_by("pk").first())
    return cache[code]


def _producer_for(actor, number, cache):
    """The producer with registration `number` that `actor` may add products for, or None."""
    if number not in cache:
        producer = selectors.producers_visible_to(actor).select_related("unit").filter(registration_number=number).first()
        cache[number] = producer if producer is not None and rules.can_add_product.test(actor, producer) else None
    return cache[number]


def _finish(report, *, action, total, created, actor, dry_run, source):
    """Roll the import's transaction back unless this is a real import and every row passed; then
    write the import's own audit row (on the actor: an import has no object of its own)."""
    valid = not report.errors
    if dry_run or not valid:
        transaction.set_rollback(True)
        created = 0
    elif getattr(actor, "pk", None):
        audit(actor, action=action, actor=actor, note=f"{created} ({source})" if source else str(created))
    return {"dry_run": dry_run, "valid": valid, "rows": total, "created": created, "errors": report.errors}


def producers_import(*, rows, actor, dry_run=True, source=""):
    """Register the producers of `rows` (ImportRows from `read_table(…, PRODUCER_COLUMNS)`, or dicts
    keyed by column) as `actor`'s office: each through `producer_create`, then confirmed at once by
    the actor (`producer_confirm`). A row's unit is today's commune or ward with its code and must be
    one the actor may confirm producers in (`rules.can_confirm_producer`); a registration number an
    earlier row of the file has is an error on the later row. Runs in one transaction, each row in
    a savepoint (every row is checked, every error collected); rolls everything back when `dry_run`
    or when any row failed, else writes one audit row for the import (`source`: the file's name).
    Returns {"dry_run", "valid", "rows", "created", "errors": [{"row", "field", "message"}]}."""
    today = timezone.localdate()
    units, seen = {}, {}
    report = _Report()
    total = created = 0
    with transaction.atomic():
        for line, values, extra_cells in _numbered(rows):
            total += 1
            value, row = _cells(values, PRODUCER_COLUMNS), report.row(line)
            if extra_cells:
                row.refuse(None, EXTRA_CELLS)
            kind = _choice(value["kind"], ProducerKind) if value["kind"] else None
            if kind is None:
                row.refuse("kind", _("Loại hình không hợp lệ. Dùng một trong: %(choices)s.")
                           % {"choices": _choices_hint(ProducerKind)} if value["kind"] else REQUIRED)
            gender = _choice(value["representative_gender"], Gender) if value["representative_gender"] else None
            if gender is None:
                row.refuse("representative_gender", _("Giới tính không hợp lệ. Dùng một trong: %(choices)s.")
                           % {"choices": _choices_hint(Gender)} if value["representative_gender"] else REQUIRED)
            unit = _unit_today(value["unit_code"], today, units) if value["unit_code"] else None
            if not value["unit_code"]:
                row.refuse("unit_code", REQUIRED)
            elif unit is None:
                row.refuse("unit_code", _("Không có xã/phường nào đang có hiệu lực mang mã “%(code)s”.")
                           % {"code": value["unit_code"]})
            elif not rules.can_confirm_producer.test(actor, _AtUnit(unit)):
                row.refuse("unit_code", OUTSIDE_TERRITORY)
                unit = None
            founded_on = _date(value["founded_on"]) if value["founded_on"] else None
            if value["founded_on"] and founded_on is None:
                row.refuse("founded_on", _("Ngày không hợp lệ: ghi theo dạng dd/mm/yyyy hoặc yyyy-mm-dd."))
            number = value["registration_number"].upper()
            if number in seen:
                row.refuse("registration_number", _("Số đăng ký này đã có ở dòng %(line)d của tệp.") % {"line": seen[number]})
            elif number:
                seen[number] = line
            try:
                with transaction.atomic():
                    producer = producer_create(
                        kind=kind or "", name=value["name"], registration_number=value["registration_number"], unit=unit,
                        address=value["address"], representative_name=value["representative_name"],
                        representative_gender=gender or "", representative_ethnicity=value["representative_ethnicity"] or "Kinh",
                        representative_title=value["representative_title"],
                        representative_address=value["representative_address"], founded_on=founded_on,
                        phone=value["phone"], email=value["email"], actor=actor,
                    )
                    if row.refused:
                        raise _RowRefused
                    producer_confirm(producer=producer, actor=actor)
            except ValidationError as exc:
                row.service_errors(exc, renamed={"unit": "unit_code"})
            except _RowRefused:
                pass
            except IntegrityError:  # a concurrent import saved the same number between the check and the save
                row.refuse("registration_number", _("Số đăng ký này vừa được một thao tác khác đăng ký."))
            else:
                created += 1
        return _finish(report, action="producers_import", total=total, created=created, actor=actor, dry_run=dry_run,
                       source=source)


def products_import(*, rows, actor, dry_run=True, source=""):
    """Add the products of `rows` (ImportRows from `read_table(…, PRODUCT_COLUMNS)`, or dicts keyed
    by column) through `product_create`. A row's producer is found by its registration number among
    the existing producers the actor may add products for (`rules.can_add_product`; an unknown
    producer and one outside the territory get the same message); the set is its number, 1–26; a
    product an earlier row named for the same producer is an error on the later row. Same
    transaction, savepoints, audit row and report as `producers_import`."""
    producers, seen = {}, {}
    sets = {ps.number: ps for ps in ProductSet.objects.all()}
    report = _Report()
    total = created = 0
    with transaction.atomic():
        for line, values, extra_cells in _numbered(rows):
            total += 1
            value, row = _cells(values, PRODUCT_COLUMNS), report.row(line)
            if extra_cells:
                row.refuse(None, EXTRA_CELLS)
            number = value["producer_registration_number"].upper()
            producer = _producer_for(actor, number, producers) if number else None
            if producer is None:
                row.refuse("producer_registration_number", UNKNOWN_PRODUCER if number else REQUIRED)
            product_set = sets.get(int(value["product_set"])) if value["product_set"].isdigit() else None
            if product_set is None:
                row.refuse("product_set", _("Bộ sản phẩm là một số từ 1 đến 26.") if value["product_set"] else REQUIRED)
            key = (number, value["name"])
            if producer is not None and key in seen:
                row.refuse("name", _("Chủ thể này đã có sản phẩm cùng tên ở dòng %(line)d của tệp.") % {"line": seen[key]})
            elif producer is not None and value["name"]:
                seen[key] = line
            try:
                with transaction.atomic():
                    product_create(producer=producer, name=value["name"], product_set=product_set,
                                   description=value["description"])
                    if row.refused:
                        raise _RowRefused
            except ValidationError as exc:
                # the only rule across fields is one name per producer: its refusal is the name's
                row.service_errors(exc, renamed={"producer": "producer_registration_number", NON_FIELD_ERRORS: "name"})
            except _RowRefused:
                pass
            except IntegrityError:
                row.refuse("name", _("Sản phẩm này vừa được một thao tác khác thêm."))
            else:
                created += 1
        return _finish(report, action="products_import", total=total, created=created, actor=actor, dry_run=dry_run,
                       source=source)
