"""Every table in the UI downloads as CSV or XLSX through this one function."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

FORMATS = ("csv", "xlsx")


def table_response(
    *, rows: list[dict], columns: list[tuple[str, str]], filename: str, file_format: str, note: str = ""
) -> HttpResponse:
    """columns: (key, heading). A note (e.g. the service-level variant) heads the XLSX sheet and is
    the first line of the CSV, so a figure never travels without its definition."""
    headings = [heading for _key, heading in columns]
    values = [[row.get(key) for key, _heading in columns] for row in rows]
    if file_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        if note:
            writer.writerow([note])
        writer.writerow(headings)
        writer.writerows(values)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    elif file_format == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.title = filename[:31]
        if note:
            sheet.append([note])
        sheet.append(headings)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in values:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise ValueError(file_format)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response
