"""Exports of the dashboards' lists and overview: XLSX (openpyxl; Vietnamese headers, amounts as
integer cells formatted in VND, dates as date cells) and CSV (UTF-8 with a byte-order mark, so
that Excel opens Vietnamese text correctly; amounts as plain integers, dates dd/mm/yyyy)."""

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

VND_FORMAT = '#,##0 "₫"'
DATE_FORMAT = "dd/mm/yyyy"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Money(int):
    """An amount in VND (an integer): formatted as money in the XLSX."""


@dataclass(frozen=True)
class Column:
    header: object  # a (lazy) translatable string
    value: Callable  # row → str | int | Money | date | None
    kind: str = "text"  # text | int | vnd | date | star
    width: int = 18
    page: bool = True  # shown on the page too (the exports carry every column)


def _cell_value(column, row):
    value = column.value(row)
    if column.kind == "vnd" and value is not None:
        return Money(value)
    return value


def xlsx_response(*, filename, title, subtitle, columns, rows):
    """A workbook of one sheet: the title and the scope on the first two lines, then a header line
    and one line per row. Written streaming (openpyxl's write-only mode)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(title)[:31])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A4"

    def styled(value, *, bold=False, number_format=None):
        cell = WriteOnlyCell(sheet, value=value)
        if bold:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if number_format:
            cell.number_format = number_format
        return cell

    sheet.append([styled(str(title), bold=True)])
    sheet.append([str(subtitle)])
    sheet.append([styled(str(column.header), bold=True) for column in columns])
    for row in rows:
        cells = []
        for column in columns:
            value = _cell_value(column, row)
            if isinstance(value, Money):
                cells.append(styled(int(value), number_format=VND_FORMAT))
            elif isinstance(value, datetime.datetime):
                cells.append(styled(timezone.localtime(value).date(), number_format=DATE_FORMAT))
            elif isinstance(value, datetime.date):
                cells.append(styled(value, number_format=DATE_FORMAT))
            elif column.kind == "star" and value is not None:
                cells.append(styled(value, number_format='0"★"'))
            else:
                cells.append(styled(value if value is None or isinstance(value, int) else str(value)))
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return HttpResponse(out.getvalue(), content_type=XLSX_TYPE,
                        headers={"Content-Disposition": f'attachment; filename="{filename}.xlsx"'})


def _csv_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int):
        return str(int(value))
    return str(value)


def csv_response(*, filename, columns, rows):
    """UTF-8 with a byte-order mark; the header line first, then one line per row."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([str(column.header) for column in columns])
    for row in rows:
        writer.writerow([_csv_text(_cell_value(column, row)) for column in columns])
    return HttpResponse(out.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'})


def export_response(fmt, *, filename, title, subtitle, columns, rows):
    if fmt == "xlsx":
        return xlsx_response(filename=filename, title=title, subtitle=subtitle, columns=columns, rows=rows)
    return csv_response(filename=filename, columns=columns, rows=rows)


def exported_on():
    return _("Xuất ngày %(day)s") % {"day": timezone.localdate().strftime("%d/%m/%Y")}
