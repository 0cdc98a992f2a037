"""The importer reads real job descriptions field by field, and their variations."""

from pathlib import Path

import pytest
from django.utils import translation

from teenindus.people.jd_parser import NotAJobDescription, parse_job_description
from teenindus.people.jd_sources import UnreadableDocument, document_lines
from teenindus.people.tests.expected_fixtures import FILES

# The real documents (copies of ../shared/fixtures/job-descriptions, so that a clone tests on its own).
FIXTURES = Path(__file__).resolve().parents[1] / "samples"
HERE = Path(__file__).parent / "files"


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English here; the Estonian ones are checked by the page tests."""
    with translation.override("en"):
        yield


def parse(path: Path):
    return parse_job_description(document_lines(path.name, path.read_bytes()))


def _variant_tables_docx() -> bytes:
    """An agency-style .docx (built here so the repository holds no binary): labels in one table row
    and values in the next, bullets typed as text, one-cell requirement tables."""
    import io

    import docx

    document = docx.Document()

    def table(*rows):
        grid = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text

    for text in ("AMETIJUHEND", "1. ÜLDOSA"):
        document.add_paragraph(text)
    table(
        ("1.1 Ametinimetus", "1.2 Struktuuriüksus"),
        ("Infospetsialist", "Põhja piirkonna klienditeenindus"),
    )
    table(
        ("1.3 Vahetu juht", "1.4 Kes asendab", "1.5 Keda asendab"),
        ("Piirkonna klienditeeninduse juht", "Infospetsialist", "Infospetsialisti"),
    )
    for text in ("2. AMETIKOHA EESMÄRK", "Klientide teenindamine esinduses.", "3. TÖÖÜLESANDED"):
        document.add_paragraph(text)
    table(
        ("Põhiülesanded", "Oodatavad tulemused"),
        ("3.1 Klientide vastuvõtt", "▪ Kliendid on teenindatud.\n▪ Ootejärjekord on lühike."),
        ("3.2 Dokumentide vastuvõtt", "▪ Dokumendid on registreeritud."),
    )
    for text in (
        "4. ÕIGUSED",
        "Töötajal on õigus:",
        "▪ saada infot.",
        "5. VASTUTUS",
        "▪ töö kvaliteedi eest.",
        "6. TÖÖVAHENDID",
        "Arvuti.",
        "7. AMETIKOHALE ESITATAVAD NÕUDED",
    ):
        document.add_paragraph(text)
    table(("Haridus",), ("Keskharidus.",))
    table(("Keeleoskus",), ("Eesti keel kõrgtasemel, vene keel B2.",))
    for text in ("8. AMETIJUHENDI MUUTMINE", "Kord aastas."):
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def parsed():
    return {name: parse(FIXTURES / name) for name in FILES}


def _cases(key):
    return [(name, index) for name, expected in FILES.items() for index in range(len(expected[key]))]


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("field", ["title", "unit", "manager", "substituted_by", "substitutes", "reports"])
def test_general_part(parsed, name, field):
    assert parsed[name].record[field] == FILES[name][field]


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("field", ["purpose", "tools", "review"])
def test_text_sections(parsed, name, field):
    assert parsed[name].record[field] == FILES[name][field]


@pytest.mark.parametrize("name", FILES)
def test_every_duty_is_found_in_order(parsed, name):
    got = [duty["number"] for duty in parsed[name].record["duties"]]
    assert got == [duty["number"] for duty in FILES[name]["duties"]]


@pytest.mark.parametrize(("name", "index"), _cases("duties"))
def test_each_duty_task_and_every_result(parsed, name, index):
    duty = parsed[name].record["duties"][index]
    expected = FILES[name]["duties"][index]
    assert duty["task"] == expected["task"]
    assert len(duty["results"]) == len(expected["results"])
    for got, want in zip(duty["results"], expected["results"], strict=True):
        assert got == want


@pytest.mark.parametrize(("name", "index"), _cases("rights"))
def test_each_right(parsed, name, index):
    assert parsed[name].record["rights"][index] == FILES[name]["rights"][index]
    assert len(parsed[name].record["rights"]) == len(FILES[name]["rights"])


@pytest.mark.parametrize(("name", "index"), _cases("responsibilities"))
def test_each_responsibility(parsed, name, index):
    assert parsed[name].record["responsibilities"][index] == FILES[name]["responsibilities"][index]
    assert len(parsed[name].record["responsibilities"]) == len(FILES[name]["responsibilities"])


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("field", ["education", "experience", "computer_skills", "languages"])
def test_requirements(parsed, name, field):
    assert parsed[name].record["requirements"][field] == FILES[name]["requirements"][field]


@pytest.mark.parametrize(
    ("name", "index"),
    [
        (name, i)
        for name, expected in FILES.items()
        for i in range(len(expected["requirements"]["competencies"]))
    ],
)
def test_each_competency_with_its_items(parsed, name, index):
    got = parsed[name].record["requirements"]["competencies"]
    want = FILES[name]["requirements"]["competencies"]
    assert len(got) == len(want)
    assert got[index] == want[index]


@pytest.mark.parametrize("name", FILES)
def test_nothing_is_left_unplaced(parsed, name):
    assert parsed[name].record["unplaced"] == []


def test_the_layouts_hard_parts():
    """The points where a pattern tuned to one file would break, stated on their own."""
    team_lead = parse(FIXTURES / "talitusejuhataja-konekeskus.txt")
    duties = {duty["number"]: duty for duty in team_lead.record["duties"]}
    # The task's own sub-list (lower case, after "sh:") stays in the task; results start after it.
    assert duties["3.2"]["task"].endswith("vajalike katseaja- ja aastavestluste läbiviimine.")
    assert duties["3.2"]["results"][0] == "Kujundatud on toimiv meeskond ja tagatud on ladus töökorraldus."
    # a) b) c) items belong to the task.
    assert "b) ametisisestest töökorraldust puudutavatest uuendustest" in duties["3.5"]["task"]
    # ".12." lost its section number: read as 3.12 and said so.
    assert "3.12" in duties and any(".12" in warning for warning in team_lead.warnings)
    # Task and result on one line.
    assert duties["3.15"]["task"] == "Enesejuhtimine ja -arendamine."
    # Flattened three-column grid: values told apart.
    assert team_lead.record["substitutes"] == "Kliendinõustajat, talitusejuhatajat"
    hr = parse(FIXTURES / "personalipartner.txt")
    # A value wrapped inside its column of the flattened grid.
    assert hr.record["manager"] == "Personaliosakonna osakonnajuhataja"
    # A bullet the PDF put before a wrapped line is joined to its item.
    leading = next(c for c in hr.record["requirements"]["competencies"] if c["name"] == "Eestvedamine")
    assert "loob selguse töökorralduses." in leading["items"][1]
    assert len(leading["items"]) == 7


def test_a_variant_with_numbered_lines_other_headings_and_bullets():
    result = parse(HERE / "variant-numbered-lines.txt")
    record = result.record
    assert record["title"] == "Klienditeenindaja"
    assert record["unit"] == "Klienditeeninduse osakond, Tartu esindus"
    assert record["manager"] == "Esinduse juht"
    assert record["substituted_by"] == "Teine klienditeenindaja"
    assert record["substitutes"] == "Teist klienditeenindajat"
    assert record["purpose"] == "Klientide nõustamine keskkonnalubade küsimustes."
    assert [(d["number"], d["task"], d["results"]) for d in record["duties"]] == [
        ("3.1", "Klientide teenindamine", ["Kliendid on saanud vastuse.", "Pöördumised on registreeritud."]),
        (
            "3.2",
            "Dokumentide menetlemine, sh: dokumentide registreerimine; vastuste koostamine.",
            ["Dokumendid on tähtaegselt menetletud."],
        ),
        ("3.2.1", "Teabenõuetele vastamine", ["Teabenõuetele on vastatud 5 tööpäeva jooksul."]),
        ("3.4", "Muude ülesannete täitmine.", ["Ülesanded on täidetud."]),
    ]
    assert record["rights"] == ["saada tööks vajalikku infot;", "osaleda koolitustel."]
    # No bullets at all: ; and . end the items, the lead-in is not an item.
    assert record["responsibilities"] == ["oma töö kvaliteedi eest;", "isikuandmete hoidmise eest."]
    requirements = record["requirements"]
    assert requirements["education"] == "keskharidus"
    assert requirements["experience"] == "vähemalt 1 aasta klienditeeninduses"
    assert requirements["computer_skills"] == "MS Office"
    # Levels in words become CEFR codes; a level it does not know is reported, not guessed.
    assert requirements["languages"] == [
        {"language": "eesti", "level": "C1"},
        {"language": "vene", "level": "B1"},
        {"language": "inglise", "level": ""},
    ]
    assert any("inglise" in warning and "suhtlustasemel" in warning for warning in result.warnings)
    assert any("3..4" in warning and "3.4" in warning for warning in result.warnings)  # a doubled dot
    assert requirements["competencies"] == [
        {"name": "Koostöövõime", "items": ["Teeb koostööd kolleegidega. Aitab teisi."], "group": "core"}
    ]
    assert record["review"] == "Ametijuhend vaadatakse üle igal aastal."
    # The approval line is a caption of the document, not content.
    assert record["unplaced"] == []


def test_text_it_cannot_place_is_reported():
    text = (
        "AMETIJUHEND\n1. ÜLDOSA\n1.1 Ametinimetus: Nõustaja\n1.2 Struktuuriüksus: Osakond\n"
        "2. EESMÄRK\nAidata.\n3. TÖÖÜLESANDED\nSissejuhatav lause enne ülesandeid.\n3.1 Nõustamine\n"
        "▪ Nõustatud.\n9. LISAINFO\nMidagi muud.\n"
    )
    record = parse_job_description(document_lines("x.txt", text.encode())).record
    assert record["unplaced"] == ["Sissejuhatav lause enne ülesandeid.", "9. LISAINFO: Midagi muud."]
    assert record["duties"] == [{"number": "3.1", "task": "Nõustamine", "results": ["Nõustatud."]}]


def test_a_file_that_is_not_a_job_description_says_so_and_shows_what_it_read():
    with pytest.raises(NotAJobDescription) as caught:
        parse_job_description(document_lines("menu.txt", "Lõunamenüü\nSupp 3 €\nPraad 6 €\n".encode()))
    assert "does not look like a job description" in caught.value.message
    assert "Supp 3 €" in caught.value.extra["text"]


def test_a_scanned_pdf_without_text_is_refused_with_a_reason():
    from weasyprint import HTML

    blank = HTML(
        string="<html><body><div style='height:50mm;background:#000'></div></body></html>"
    ).write_pdf()
    with pytest.raises(UnreadableDocument) as caught:
        document_lines("scan.pdf", blank)
    assert "no text layer" in caught.value.message


def test_binary_and_unknown_files_are_refused():
    with pytest.raises(UnreadableDocument):
        document_lines("x.docx", b"not a zip")
    with pytest.raises(UnreadableDocument):
        document_lines("x.xls", b"whatever")
    with pytest.raises(UnreadableDocument):
        document_lines("x.pdf", b"%PDF-broken")


@pytest.mark.parametrize("name", ["talitusejuhataja-konekeskus.txt", "personalipartner.txt"])
def test_a_pdf_whose_columns_are_flattened_reads_like_the_text(name):
    """A PDF made of the extracted text (no ruled table): the same record as from the .txt."""
    import html

    from weasyprint import HTML

    text = (FIXTURES / name).read_text(encoding="utf-8")
    pdf = HTML(string=f"<pre style='font-size:9pt'>{html.escape(text)}</pre>").write_pdf()
    assert parse_job_description(document_lines("scan-free.pdf", pdf)).record == parse(FIXTURES / name).record


def test_a_variant_with_unnumbered_headings_labels_and_symbol_font_bullets():
    record = parse(HERE / "variant-unnumbered-headings.txt").record
    assert (record["title"], record["unit"], record["manager"]) == (
        "Keskkonnaspetsialist",
        "Järelevalve osakond",
        "Osakonna juhataja",
    )
    assert (record["substituted_by"], record["substitutes"]) == (
        "Teine keskkonnaspetsialist",
        "Teist keskkonnaspetsialisti",
    )
    # Duties numbered 1., 2. on their own; results behind Symbol-font bullets (U+F0B7).
    assert record["duties"] == [
        {
            "number": "1",
            "task": "Järelevalve korraldamine.",
            "results": ["Kontrollid on tehtud.", "Rikkumised on menetletud."],
        },
        {"number": "2", "task": "Nõustamine", "results": ["Kliendid on nõustatud."]},
    ]
    assert record["rights"] == ["saada infot;", "osaleda koolitustel."]
    assert record["responsibilities"] == ["oma töö eest."]
    assert record["requirements"]["education"] == "kõrgharidus"
    assert record["requirements"]["languages"] == [
        {"language": "eesti", "level": "C1"},
        {"language": "inglise", "level": "B2"},
        {"language": "vene", "level": "B1"},
    ]
    assert record["review"] == "Vaadatakse üle kord aastas."
    assert record["unplaced"] == []


def test_a_docx_with_label_grids_and_one_cell_requirement_tables():
    """An agency's own .docx: labels in one table row and values in the next, bullets typed as text."""
    record = parse_job_description(document_lines("variant-tables.docx", _variant_tables_docx())).record
    assert (record["title"], record["unit"]) == ("Infospetsialist", "Põhja piirkonna klienditeenindus")
    assert (record["manager"], record["substituted_by"], record["substitutes"]) == (
        "Piirkonna klienditeeninduse juht",
        "Infospetsialist",
        "Infospetsialisti",
    )
    assert record["duties"] == [
        {
            "number": "3.1",
            "task": "Klientide vastuvõtt",
            "results": ["Kliendid on teenindatud.", "Ootejärjekord on lühike."],
        },
        {"number": "3.2", "task": "Dokumentide vastuvõtt", "results": ["Dokumendid on registreeritud."]},
    ]
    assert record["rights"] == ["saada infot."] and record["responsibilities"] == ["töö kvaliteedi eest."]
    assert record["requirements"]["education"] == "Keskharidus."
    assert record["requirements"]["languages"] == [
        {"language": "eesti", "level": "C1"},
        {"language": "vene", "level": "B2"},
    ]
    assert record["unplaced"] == []


def test_a_tasks_own_list_does_not_carry_over_to_the_next_duty():
    text = (
        "1. ÜLDOSA\n1.1 Ametinimetus: Nõustaja\n1.2 Struktuuriüksus: Osakond\n2. EESMÄRK\nAidata.\n"
        "3. TÖÖÜLESANDED\n3.1 Nõustamine, sh:\n▪ telefonitsi;\n▪ kirjalikult.\n"
        "3.2 Aruandlus\n▪ aruanded on esitatud.\n"
    )
    duties = parse_job_description(document_lines("x.txt", text.encode())).record["duties"]
    assert duties == [
        {"number": "3.1", "task": "Nõustamine, sh: telefonitsi; kirjalikult.", "results": []},
        {"number": "3.2", "task": "Aruandlus", "results": ["aruanded on esitatud."]},
    ]
