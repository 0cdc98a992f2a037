"""Job descriptions of other agencies: same law, other layouts (issue 9, section 2).

Each case is a small document of its own, as text (what a PDF's extraction gives) and, where the case
is about table cells, as a .docx built here with python-docx.
"""

import io

import pytest
from django.urls import reverse
from django.utils import translation

from teenindus.people.jd_parser import parse_job_description
from teenindus.people.jd_sources import document_lines


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English here; the preview test checks the Estonian ones."""
    with translation.override("en"):
        yield


REST = (
    "2. AMETIKOHA EESMÄRK\nKlientide nõustamine.\n"
    "3. TÖÖÜLESANDED\n3.1 Nõustamine\n▪ Kliendid on nõustatud.\n"
    "4. NÕUDED\nHaridus: keskharidus\n"
)


def _text(general: str, rest: str = REST):
    text = f"AMETIJUHEND\n1. ÜLDOSA\n1.1 Ametinimetus: Kliendinõustaja\n{general}\n{rest}"
    return parse_job_description(document_lines("teine-amet.txt", text.encode()))


def _docx(*blocks) -> bytes:
    """A .docx of paragraphs (str) and tables (a list of rows; a cell is a list of its paragraphs or
    a str; `MERGED` continues the cell above, as Word's vertical merge does)."""
    import docx

    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=len(block), cols=len(block[0]))
        for r, row in enumerate(block):
            for c, value in enumerate(row):
                if value is MERGED:
                    table.cell(r - 1, c).merge(table.cell(r, c))
                    continue
                cell = table.cell(r, c)
                paragraphs = [value] if isinstance(value, str) else value
                cell.text = paragraphs[0]
                for extra in paragraphs[1:]:
                    cell.add_paragraph(extra)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


MERGED = object()


def _parse_docx(*blocks):
    return parse_job_description(document_lines("teine-amet.docx", _docx(*blocks)))


# --- a dash as an empty value ----------------------------------------------------------------


@pytest.mark.parametrize(
    "general",
    [
        "Kes asendab    Keda asendab\nKliendinõustaja  -",
        "1.4 Kes asendab  1.5 Keda asendab\nKliendinõustaja  -",
        "1.4 Kes asendab 1.5 Keda asendab\nKliendinõustaja –",
        "1.4 Kes asendab: Kliendinõustaja\n1.5 Keda asendab: -",
    ],
    ids=["unnumbered-grid", "numbered-grid", "single-spaces-en-dash", "label-lines"],
)
def test_a_dash_in_a_label_grid_is_an_empty_value(general):
    record = _text(general).record
    assert (record["substituted_by"], record["substitutes"]) == ("Kliendinõustaja", "")
    assert record["unplaced"] == []


def test_a_dash_before_the_value_and_in_the_middle_of_three_columns():
    record = _text(
        "1.3 Vahetu juht  1.4 Kes asendab  1.5 Keda asendab\nOsakonnajuhataja  -  Kliendinõustajat"
    ).record
    assert (record["manager"], record["substituted_by"], record["substitutes"]) == (
        "Osakonnajuhataja",
        "",
        "Kliendinõustajat",
    )


def test_a_dash_in_a_docx_label_grid_is_an_empty_value():
    record = _parse_docx(
        "AMETIJUHEND",
        "1. ÜLDOSA",
        [["1.1 Ametinimetus", "1.2 Struktuuriüksus"], ["Kliendinõustaja", "Klienditeeninduse osakond"]],
        [["Vahetu juht", "Kes asendab", "Keda asendab"], ["Osakonnajuhataja", "Kliendinõustaja", "-"]],
        [["Vahetud alluvad", "–"]],
        *REST.strip().split("\n"),
    ).record
    assert (record["title"], record["unit"], record["manager"]) == (
        "Kliendinõustaja",
        "Klienditeeninduse osakond",
        "Osakonnajuhataja",
    )
    assert (record["substituted_by"], record["substitutes"], record["reports"]) == ("Kliendinõustaja", "", "")
    assert record["unplaced"] == []


# --- numbered label lines in capitals --------------------------------------------------------

CAPITALS = [
    "1.2 STRUKTUURIÜKSUS Klienditeeninduse osakond",
    "1.5 AMETIKOHA ALLUVUS Osakonnajuhataja",
    "1.6 AMETIKOHA TÄITJA ASENDAB Teist kliendinõustajat",
    "1.7 AMETIKOHA TÄITJAT ASENDAB Teine kliendinõustaja",
    "1.8 TEENISTUSPIIRKOND Eesti",
    "1.9 TÖÖPERE.TASE Klienditeenindus, II tase",
]


@pytest.mark.parametrize(
    "general",
    [
        "\n".join(CAPITALS),
        " ".join(CAPITALS),  # PDF extraction ran the lines into one
        "\n".join(CAPITALS[:2]) + "\n" + " ".join(CAPITALS[2:]),
        # a label alone, its value on the next line
        "\n".join(CAPITALS[:1]) + "\n1.5 AMETIKOHA ALLUVUS\nOsakonnajuhataja\n" + "\n".join(CAPITALS[2:]),
    ],
    ids=["own-lines", "one-line", "partly-joined", "value-below"],
)
def test_numbered_label_lines_in_capitals(general):
    record = _text(general).record
    assert (record["unit"], record["manager"]) == ("Klienditeeninduse osakond", "Osakonnajuhataja")
    # TÄITJA ASENDAB: whom the holder stands in for; TÄITJAT ASENDAB: who stands in for the holder.
    assert record["substitutes"] == "Teist kliendinõustajat"
    assert record["substituted_by"] == "Teine kliendinõustaja"
    # The record has no field for the service area and the job family: shown with their labels for
    # the importer to see, never run into the value before them.
    assert record["unplaced"] == ["TEENISTUSPIIRKOND: Eesti", "TÖÖPERE.TASE: Klienditeenindus, II tase"]


def test_numbered_capital_labels_in_docx_cells():
    record = _parse_docx(
        "AMETIJUHEND",
        "1. ÜLDOSA",
        [["1.1 AMETIKOHA NIMETUS", "1.8 TEENISTUSPIIRKOND"], ["Kliendinõustaja", "Eesti"]],
        [["1.9 TÖÖPERE.TASE", "Klienditeenindus, II tase"]],
        [["1.5 AMETIKOHA ALLUVUS Osakonnajuhataja", "1.7 AMETIKOHA TÄITJAT ASENDAB -"]],
        *REST.strip().split("\n"),
    ).record
    assert (record["title"], record["manager"], record["substituted_by"]) == (
        "Kliendinõustaja",
        "Osakonnajuhataja",
        "",
    )
    assert record["unplaced"] == ["TEENISTUSPIIRKOND: Eesti", "TÖÖPERE.TASE: Klienditeenindus, II tase"]


# --- results beside a numbered sub-list or an unnumbered duty ---------------------------------

CHANNELS = ("telefoni teel", "e-posti teel", "kirja teel", "esinduses", "vestlusaknas", "videokõnes")
SUBLIST = [f"3.1.{n} {item};" for n, item in enumerate((*CHANNELS, "iseteeninduses", "sotsiaalmeedias"), 1)]


def test_a_docx_result_beside_a_numbered_sub_list_belongs_to_the_group():
    record = _parse_docx(
        "AMETIJUHEND",
        "1. ÜLDOSA",
        "1.1 Ametinimetus: Kliendinõustaja",
        "2. EESMÄRK",
        "Aidata.",
        "3. TÖÖÜLESANDED",
        [
            ["Tööülesanded", "Oodatavad tulemused"],
            # 3.1 and its eight sub-items in one cell, one result beside them
            [["3.1 Klientide nõustamine, sh:", *SUBLIST], "▪ Kliendid on saanud õige vastuse."],
            # a result merged down beside the rows of a group
            ["3.2 Dokumentide haldus:", "▪ Dokumendid on registreeritud."],
            ["3.2.1 skannimine;", MERGED],
            ["3.2.2 edastamine.", MERGED],
            # a duty the document did not number, with its own result
            ["Muude vahetu juhi antud ülesannete täitmine.", "▪ Ülesanded on täidetud."],
            ["3.3 Enesearendamine", "▪ Teadmised on ajakohased."],
        ],
        "4. NÕUDED",
        "Haridus: keskharidus",
    )
    duties = [(d["number"], d["task"], d["results"]) for d in record.record["duties"]]
    assert duties == [
        ("3.1", "Klientide nõustamine, sh:", ["Kliendid on saanud õige vastuse."]),
        *[(line.split(" ", 1)[0], line.split(" ", 1)[1], []) for line in SUBLIST],
        ("3.2", "Dokumentide haldus:", ["Dokumendid on registreeritud."]),
        ("3.2.1", "skannimine;", []),
        ("3.2.2", "edastamine.", []),
        ("", "Muude vahetu juhi antud ülesannete täitmine.", ["Ülesanded on täidetud."]),
        ("3.3", "Enesearendamine", ["Teadmised on ajakohased."]),
    ]
    # No number is made up for the unnumbered duty; the importer is told.
    assert record.warnings == [
        "A duty has no number in the document: “Muude vahetu juhi antud ülesannete täitmine.”."
    ]
    assert record.record["unplaced"] == []


def test_a_flattened_sub_list_in_lower_case_shares_the_result_after_it():
    rest = (
        "2. EESMÄRK\nAidata.\n3. TÖÖÜLESANDED\nTööülesanded Oodatavad tulemused\n"
        "3.1 Klientide nõustamine, sh:\n" + "\n".join(SUBLIST[:3]) + "\n▪ Kliendid on saanud õige vastuse.\n"
        "3.2 Teabenõuetele vastamine\n▪ Vastatud on tähtaegselt.\n"
        "4. NÕUDED\nHaridus: keskharidus\n"
    )
    duties = [(d["number"], d["results"]) for d in _text("", rest).record["duties"]]
    assert duties == [
        ("3.1", ["Kliendid on saanud õige vastuse."]),
        ("3.1.1", []),
        ("3.1.2", []),
        ("3.1.3", []),
        ("3.2", ["Vastatud on tähtaegselt."]),
    ]


# --- the document's own numbering errors ------------------------------------------------------


def _duties(numbers: list[str]) -> str:
    body = "".join(f"{number} Ülesanne {number}\n▪ Tulemus {number}.\n" for number in numbers)
    return f"2. EESMÄRK\nAidata.\n3. TÖÖÜLESANDED\n{body}4. NÕUDED\nHaridus: keskharidus\n"


def test_a_stray_duty_number_is_kept_as_written_and_warned_about_once():
    written = ["3.1", "3.2", "3.3", "3.11", "3.4", "3.5"]
    result = _text("", _duties(written))
    assert [d["number"] for d in result.record["duties"]] == written
    # Each task and result stays with the number the document gave it.
    assert result.record["duties"][3] == {
        "number": "3.11",
        "task": "Ülesanne 3.11",
        "results": ["Tulemus 3.11."],
    }
    assert result.warnings == [
        "Duty number 3.11 does not follow 3.3: the document's own numbering is kept; check it."
    ]


def test_a_number_twice_and_a_gap_are_warned_about_and_kept():
    written = ["3.1", "3.2", "3.2", "3.3", "3.5", "3.6"]
    result = _text("", _duties(written))
    assert [d["number"] for d in result.record["duties"]] == written
    assert result.warnings == [
        "Duty number 3.2 appears twice in the document; both are kept.",
        "Duty number 3.5 does not follow 3.3: the document's own numbering is kept; check it.",
    ]


def test_the_import_preview_shows_the_numbering_warning_in_estonian(db, client_for):
    text = "AMETIJUHEND\n1. ÜLDOSA\n1.1 Ametinimetus: Kliendinõustaja\n1.2 Struktuuriüksus: Osakond\n"
    text += _duties(["3.1", "3.2", "3.3", "3.11", "3.4"])
    upload = io.BytesIO(text.encode())
    upload.name = "teine-amet.txt"
    with translation.override("et"):
        response = client_for("hr").post(reverse("people:jd_import"), {"file": upload})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tööülesande number 3.11 ei järgne numbrile 3.3" in body
