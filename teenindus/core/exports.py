"""Every table in the UI downloads as CSV or XLSX through this one writer.

A cell is data, never a formula: text that a spreadsheet program would read as the start of a
formula (=, +, -, @, tab, carriage return) gets a leading apostrophe, and the XLSX stores every text
cell as a string. Numbers stay numbers (a negative number is a number, not text).

The XLSX is read by people: headings as given (in the user's language), times as real date/time
cells in local time (shown as 31.12.2026 14:15), rates as percent cells (72.9% in the reader's own
decimal format), an empty cell where there is no figure, the heading row frozen and every column
wide enough to read. The CSV is read by programs as much as by people: the same values, times in
ISO 8601 with their offset, rates as fractions.
"""

import csv
import io
import numbers
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMATS = ("csv", "xlsx")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# What a column holds, for the XLSX number format. A date or datetime value is a date cell in any
# column; DATE shows a datetime's date alone (e.g. a day's period start).
TEXT = "text"
PERCENT = "percent"
DATETIME = "datetime"
DATE = "date"
NUMBER_FORMATS = {PERCENT: "0.0%", DATETIME: "dd.mm.yyyy hh:mm", DATE: "dd.mm.yyyy"}
WIDTHS = {PERCENT: 8, DATETIME: 16, DATE: 10}  # characters the formatted cell needs
MIN_WIDTH, MAX_WIDTH = 8, 60


class Column(NamedTuple):
    """A column of an exported table: the row's key, the heading people read, what it holds."""

    key: str
    heading: str
    kind: str = TEXT


def safe_cell(value):
    """The value as it may go into a spreadsheet: numbers, dates and None as they are; text that
    would start a formula prefixed with an apostrophe; anything else as its text."""
    if value is None or isinstance(value, numbers.Number | date | datetime | time | timedelta):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _columns(columns) -> list[Column]:
    """columns as Column, from (key, heading) or (key, heading, kind) tuples."""
    return [Column(*column) for column in columns]


def _body(rows: list[dict], columns: list[Column]) -> list[list]:
    return [[safe_cell(row.get(column.key)) for column in columns] for row in rows]


def _csv_value(value):
    return value.isoformat() if isinstance(value, datetime | date | time) else value


def _csv(*, note: str, columns: list[Column], body: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if note:
        writer.writerow([safe_cell(note)])
    writer.writerow([safe_cell(column.heading) for column in columns])
    writer.writerows([_csv_value(value) for value in line] for line in body)
    return ("\ufeff" + buffer.getvalue()).encode()  # the BOM: spreadsheet programs read UTF-8


def _xlsx_value(value):
    """A spreadsheet has no time zones: an aware time is written as the local time it shows."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _number_format(value, kind: str) -> str | None:
    if kind == PERCENT and isinstance(value, numbers.Number) and not isinstance(value, bool):
        return NUMBER_FORMATS[PERCENT]
    if isinstance(value, datetime):
        return NUMBER_FORMATS[DATE if kind == DATE else DATETIME]
    if isinstance(value, date):
        return NUMBER_FORMATS[DATE]
    return None


def _width(value, kind: str) -> int:
    if value is None:
        return 0
    if kind in WIDTHS and isinstance(value, numbers.Number | date):
        return WIDTHS[kind]
    if isinstance(value, datetime):
        return WIDTHS[DATETIME]
    if isinstance(value, date):
        return WIDTHS[DATE]
    return max(len(line) for line in str(value).splitlines() or [""])


def _sheet_fill(sheet, *, note: str, columns: list[Column], body: list[list]) -> None:
    if note:
        sheet.append([safe_cell(note)])  # the definition above the table, beyond the widths
    sheet.append([safe_cell(column.heading) for column in columns])
    heading_row = sheet.max_row
    for line in body:
        sheet.append([_xlsx_value(value) for value in line])
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING  # never a formula, whatever the text
    for cell in sheet[heading_row]:
        cell.font = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        cells = [row[index - 1] for row in sheet.iter_rows(min_row=heading_row + 1)]
        for cell in cells:
            if (number_format := _number_format(cell.value, column.kind)) is not None:
                cell.number_format = number_format
        widest = max([len(str(column.heading)), *(_width(cell.value, column.kind) for cell in cells)])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(widest + 2, MIN_WIDTH), MAX_WIDTH)
    sheet.freeze_panes = sheet.cell(row=heading_row + 1, column=1)  # the headings stay in view


def _sheet_title(title: str) -> str:
    # Excel's limits: 31 characters, none of []:*?/\
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in str(title))
    return cleaned[:31] or "Sheet"


def _xlsx(*, note: str, columns: list[Column], body: list[list], title: str) -> bytes:
    return _workbook([(title, note, columns, body)])


def _workbook(sheets: list[tuple[str, str, list[Column], list[list]]]) -> bytes:
    book = Workbook()
    for index, (title, note, columns, body) in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = _sheet_title(title)
        _sheet_fill(sheet, note=note, columns=columns, body=body)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class Sheet(NamedTuple):
    """One table of a workbook with several sheets (workbook_bytes)."""

    title: str
    columns: list
    rows: list[dict]
    note: str = ""


def table_bytes(*, rows: list[dict], columns, file_format: str, note: str = "", title: str = "") -> bytes:
    """The file table_response sends, as bytes (for a mail attachment or a stored file)."""
    columns = _columns(columns)
    body = _body(rows, columns)
    if file_format == "csv":
        return _csv(note=note, columns=columns, body=body)
    if file_format == "xlsx":
        return _xlsx(note=note, columns=columns, body=body, title=title or "Sheet")
    raise ValueError(file_format)


def workbook_bytes(*, sheets: list[Sheet]) -> bytes:
    """An XLSX with one sheet per table, each written as table_response writes its one."""
    prepared = []
    for sheet in sheets:
        columns = _columns(sheet.columns)
        prepared.append((sheet.title, sheet.note, columns, _body(sheet.rows, columns)))
    return _workbook(prepared)


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def table_response(
    *, rows: list[dict], columns, filename: str, file_format: str, note: str = ""
) -> HttpResponse:
    """columns: Column(key, heading, kind), or (key, heading) for text and numbers as they are.
    A note (e.g. the service-level definition) heads the XLSX sheet and is the first line of the
    CSV, so a figure never travels without its definition."""
    data = table_bytes(rows=rows, columns=columns, file_format=file_format, note=note, title=filename)
    return file_response(data=data, filename=filename, file_format=file_format)


def file_response(*, data: bytes, filename: str, file_format: str) -> HttpResponse:
    """A file this writer made (table_bytes, workbook_bytes) as a download."""
    response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response
