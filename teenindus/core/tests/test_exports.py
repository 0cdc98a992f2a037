"""Formula injection: no exported cell starts a formula in a spreadsheet program."""

import csv
import io

from openpyxl import load_workbook

from teenindus.core.exports import table_response

HOSTILE = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "\tx", "\rx"]
COLUMNS = [("text", "=heading"), ("n", "n")]


def _rows():
    return [{"text": text, "n": -5} for text in HOSTILE] + [{"text": "ok", "n": 2.5}]


def test_csv_cells_that_start_a_formula_are_neutralised_and_numbers_stay_numbers():
    response = table_response(rows=_rows(), columns=COLUMNS, filename="t", file_format="csv", note="@note")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["'@note"]
    assert rows[1] == ["'=heading", "n"]
    assert [r[0] for r in rows[2:-1]] == ["'" + text for text in HOSTILE]
    assert {r[1] for r in rows[2:-1]} == {"-5"}  # a negative number is a number
    assert rows[-1] == ["ok", "2.5"]


def test_xlsx_never_stores_a_formula_cell():
    response = table_response(rows=_rows(), columns=COLUMNS, filename="t", file_format="xlsx", note="=1+1")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert not [t for t in texts if t[0] in "=+-@\t\r"]
    assert '\'=HYPERLINK("http://x","y")' in texts and "'=1+1" in texts
    numbers = [cell.value for cell in cells if cell.data_type == "n"]
    assert numbers.count(-5) == len(HOSTILE) and 2.5 in numbers


def test_xlsx_cells_are_dates_and_percents_people_read_with_the_headings_frozen():
    from datetime import UTC, date, datetime

    from teenindus.core.exports import DATE, DATETIME, PERCENT, Column

    rows = [
        {
            "at": datetime(2026, 11, 20, 12, 15, tzinfo=UTC),
            "day": date(2026, 11, 20),
            "sl": 0.729,
            "name": "x",
        },
        {
            "at": datetime(2026, 11, 20, 12, 30, tzinfo=UTC),
            "day": date(2026, 11, 21),
            "sl": None,
            "name": "y" * 90,
        },
    ]
    columns = [
        Column("at", "Perioodi algus", DATETIME),
        Column("day", "Päev", DATE),
        Column("sl", "Teenindustase", PERCENT),
        ("name", "Nimi"),
    ]
    response = table_response(rows=rows, columns=columns, filename="t", file_format="xlsx", note="SL = …")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A3"
    at, day, sl, _name = sheet[3]
    # A spreadsheet has no time zones: 12:15 UTC is 14:15 in Tallinn in November.
    assert (
        at.is_date and at.value == datetime(2026, 11, 20, 14, 15) and at.number_format == "dd.mm.yyyy hh:mm"
    )
    assert day.is_date and day.number_format == "dd.mm.yyyy"
    assert sl.data_type == "n" and sl.value == 0.729 and sl.number_format == "0.0%"
    assert sheet["C4"].value is None  # no figure: an empty cell
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCD"}
    assert widths["A"] >= 16 and widths["B"] >= 10 and widths["C"] >= len("Teenindustase")
    assert widths["D"] == 60  # wide enough to read, not as wide as the longest text


def test_csv_writes_times_in_iso_8601_and_no_figure_as_an_empty_field():
    from datetime import UTC, datetime

    from teenindus.core.exports import PERCENT, Column

    rows = [{"at": datetime(2026, 11, 20, 12, 15, tzinfo=UTC), "sl": None}]
    columns = [("at", "Aeg"), Column("sl", "SL", PERCENT)]
    response = table_response(rows=rows, columns=columns, filename="t", file_format="csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert lines == [["Aeg", "SL"], ["2026-11-20T12:15:00+00:00", ""]]


def test_bytes_and_workbooks_come_from_the_same_writer():
    """table_bytes is what table_response sends; workbook_bytes writes each sheet the same way."""
    import io

    from openpyxl import load_workbook

    from teenindus.core.exports import Sheet, table_bytes, table_response, workbook_bytes

    rows = [{"name": "=SUM(A1)", "rate": 0.5}]
    columns = [("name", "Name"), ("rate", "Rate", "percent")]
    response = table_response(rows=rows, columns=columns, filename="t", file_format="csv")
    assert response.content == table_bytes(rows=rows, columns=columns, file_format="csv")
    data = workbook_bytes(sheets=[Sheet("One", columns, rows, "A note"), Sheet("Two/Three", columns, rows)])
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["One", "Two_Three"]
    assert [c.value for c in book["One"][3]] == ["'=SUM(A1)", 0.5]
    assert book["One"]["B3"].number_format == "0.0%" and book["Two_Three"]["A1"].value == "Name"
