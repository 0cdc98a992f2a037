"""Reading a job description file into one stream of lines, whatever its format.

Each line is a `Line`: plain text, or a table row whose cells are kept apart (a cell may hold
several lines; list items inside a cell start with "▪ "). Plain text extracted from PDF has no
cells: its columns arrive flattened, and the parser has to tell them apart from the text itself.
"""

import io
import re
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from teenindus.core.exceptions import ValidationFailed

BULLET = "▪"
SUPPORTED = (".txt", ".md", ".docx", ".pdf")

# What a job description can need, with room to spare; anything beyond is refused before parsing.
# A real one: a .docx of about 20 parts, under 1 MB unpacked, a few hundred paragraphs; 2-10 pages.
MAX_DOCX_UNPACKED = 20 * 1024 * 1024  # all parts together, images included
MAX_DOCX_XML_PART = 5 * 1024 * 1024  # one XML part (the text lives in these)
MAX_DOCX_RATIO = 100  # unpacked / packed, for a part over 1 MB (text XML packs about 10:1)
MAX_DOCX_PARTS = 200
MAX_PARAGRAPHS = 5000
MAX_LINES = 10000
MAX_PDF_PAGES = 50
READ_SECONDS = 20  # CPU seconds of the reading thread; reading stops there, checked as it goes


@dataclass(frozen=True)
class Line:
    text: str
    cells: tuple[str, ...] | None = None  # a table row with two or more non-empty cells


class UnreadableDocument(ValidationFailed):
    """The file could not be read as text (wrong format, a scan without text, too big, …)."""


class _Deadline:
    """A budget of the reading thread's own CPU time, not of the wall clock.

    A hostile file costs CPU; a busy machine only stretches the wall clock, and a
    budget on it refused an ordinary document when CI ran six times slower."""

    def __init__(self, seconds: float):
        self.at = time.thread_time() + seconds

    def check(self) -> None:
        if time.thread_time() >= self.at:
            raise UnreadableDocument(_("Reading the document took too long; it was not read."))


def _too_many(count: int, limit: int, message: str) -> None:
    if count > limit:
        raise UnreadableDocument(message % {"count": count, "limit": limit})


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1257"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _plain_lines(text: str) -> list[Line]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return [Line(line.replace("\xa0", " ").rstrip()) for line in text.split("\n")]


# --- Markdown --------------------------------------------------------------------------------

_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-*:?\s*)*\|?\s*$")
_HTML_ITEM = re.compile(r"<li[^>]*>|▪|\uf0a7|\uf0b7")
_HTML_BREAK = re.compile(r"<br\s*/?>|</p>|</li>|</ul>|</ol>", re.IGNORECASE)
_HTML_TAG = re.compile(r"<[^>]+>")
_MD_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)")


def _md_cell(cell: str) -> str:
    """A Markdown/HTML table cell as lines; list items become "▪ " lines."""
    text = _HTML_ITEM.sub(f"\n{BULLET} ", cell)
    text = _HTML_BREAK.sub("\n", text)
    text = _HTML_TAG.sub("", text)
    text = _MD_EMPHASIS.sub("", text)
    lines = [re.sub(r"\s+", " ", part).strip() for part in text.split("\n")]
    return "\n".join(line for line in lines if line and line != BULLET)


def _markdown_lines(text: str) -> list[Line]:
    out: list[Line] = []
    for raw in _plain_lines(text):
        line = raw.text
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            if _MD_SEPARATOR.match(stripped):
                continue
            cells = [_md_cell(cell) for cell in stripped[1:-1].split("|")]
            out.extend(_row(cells))
            continue
        stripped = re.sub(r"^#{1,6}\s+", "", stripped)
        out.append(Line(_MD_EMPHASIS.sub("", stripped)))
    return out


def _row(cells: list[str]) -> list[Line]:
    """A table row: kept as a row when two or more cells hold text, else its one cell's lines.

    The column of an empty cell still matters (a continued results column), so empty cells are
    kept inside a row; a row of one filled cell is just text.
    """
    filled = [cell for cell in cells if cell.strip()]
    if not filled:
        return []
    if len(filled) == 1 and (len(cells) == 1 or cells[0].strip()):
        return [Line(part) for part in filled[0].split("\n")]
    return [Line(" | ".join(filled), cells=tuple(cells))]


# --- docx ------------------------------------------------------------------------------------


def _docx_paragraph(paragraph) -> str:
    text = paragraph.text.replace("\xa0", " ").strip()
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    is_list = "List" in style or paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if text and is_list and not text.startswith(BULLET):
        text = f"{BULLET} {text}"
    return text


_XML_PARAGRAPH = re.compile(rb"<(?:[\w.-]+:)?p[\s/>]")  # any prefix: lxml maps them all
_XML_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def _docx_inspect(data: bytes) -> None:
    """Look inside the zip before anything parses it: the unpacked size, the number of parts, the
    packing ratio, no DTD (entities; a .docx never has one) and the number of paragraphs. The XML
    parts are unpacked here within their announced size, never more."""
    unreadable = _("The file is not a readable .docx document.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UnreadableDocument(unreadable) from exc
    _too_many(len(members), MAX_DOCX_PARTS, _("The .docx has too many parts (%(count)s; at most %(limit)s)."))
    unpacked = sum(member.file_size for member in members)
    too_large = _("The document is too large to read: %(size)s MB unpacked (at most %(limit)s MB).")
    if unpacked > MAX_DOCX_UNPACKED:
        raise UnreadableDocument(
            too_large % {"size": round(unpacked / 2**20, 1), "limit": MAX_DOCX_UNPACKED // 2**20}
        )
    paragraphs = 0
    for member in members:
        is_xml = member.filename.endswith((".xml", ".rels"))
        if (is_xml and member.file_size > MAX_DOCX_XML_PART) or (
            member.file_size > 2**20 and member.file_size > MAX_DOCX_RATIO * max(member.compress_size, 1)
        ):
            raise UnreadableDocument(
                too_large % {"size": round(member.file_size / 2**20, 1), "limit": MAX_DOCX_XML_PART // 2**20}
            )
        if not is_xml:
            continue
        try:
            with archive.open(member) as handle:
                xml = handle.read(member.file_size + 1)
        except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
            raise UnreadableDocument(unreadable) from exc
        if len(xml) > member.file_size or _XML_DTD.search(xml):  # lies about its size; entities
            raise UnreadableDocument(unreadable)
        if member.filename.startswith("word/"):
            paragraphs += len(_XML_PARAGRAPH.findall(xml))
    _too_many(
        paragraphs, MAX_PARAGRAPHS, _("The document has too many paragraphs (%(count)s; at most %(limit)s).")
    )


def _docx_lines(data: bytes, deadline: _Deadline) -> list[Line]:
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    _docx_inspect(data)
    deadline.check()
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.LxmlError) as exc:
        raise UnreadableDocument(_("The file is not a readable .docx document.")) from exc
    out: list[Line] = []
    for block in document.iter_inner_content():
        deadline.check()
        if hasattr(block, "rows"):
            for row in block.rows:
                deadline.check()
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell repeats itself
                        continue
                    seen.add(id(cell._tc))
                    if cell._tc.getparent() is not row._tr:
                        # Merged down from a row above (one result beside a group of duties):
                        # its text belongs to that row; here the column is empty.
                        cells.append("")
                        continue
                    parts = [_docx_paragraph(p) for p in cell.paragraphs]
                    cells.append("\n".join(part for part in parts if part))
                out.extend(_row(cells))
        else:
            out.extend(Line(part) for part in _docx_paragraph(block).split("\n"))
    return out


# --- PDF -------------------------------------------------------------------------------------


_PAGE_COUNTER = re.compile(r"(^|\s)(lk\.?\s*|page\s*)?\d{1,3}\s*(/|of|-)\s*\d{1,3}$", re.IGNORECASE)


def _pdf_page(page) -> list[tuple[float, list[Line]]]:
    """A page as (top, lines) blocks in reading order: ruled tables keep their cells, the rest is
    text lines. Without ruled tables the columns come flattened, as in text extracted from a PDF."""
    # A row cut by the page break has no border at the cut: close the table where its column
    # lines end, so that the cut row is a row too (its other half starts the next page's table).
    verticals = [edge for edge in page.edges if edge["orientation"] == "v"]
    closing = [max(e["bottom"] for e in verticals), min(e["top"] for e in verticals)] if verticals else []
    tables = page.find_tables(table_settings={"explicit_horizontal_lines": closing})
    blocks: list[tuple[float, list[Line]]] = []
    outside = page
    for table in tables:
        rows: list[Line] = []
        for row in table.extract():
            rows.extend(_row([(cell or "").replace("\xa0", " ").strip() for cell in row]))
        blocks.append((table.bbox[1], rows))
        outside = outside.outside_bbox(table.bbox)
    for line in outside.extract_text_lines():
        blocks.append((line["top"], [Line(line["text"].replace("\xa0", " ").rstrip())]))
    blocks.sort(key=lambda block: block[0])
    return blocks


def _pdf_lines(data: bytes, deadline: _Deadline) -> list[Line]:
    import pdfplumber

    pages = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            count = len(pdf.pages)
            if count <= MAX_PDF_PAGES:
                for page in pdf.pages:
                    deadline.check()
                    pages.append(_pdf_page(page))
    except UnreadableDocument:
        raise
    except Exception as exc:  # pdfminer raises many kinds for a damaged file
        raise UnreadableDocument(_("The file is not a readable PDF document.")) from exc
    _too_many(count, MAX_PDF_PAGES, _("The PDF has %(count)s pages; at most %(limit)s are read."))
    if not any(line.text.strip() for page in pages for _top, lines in page for line in lines):
        raise UnreadableDocument(
            _(
                "The PDF has no text layer (a scanned image?). Run text recognition on it or "
                "upload the original document."
            )
        )
    # Running headers and footers: page counters, and a line that starts or ends most pages.
    edges: dict[str, int] = {}
    for page in pages:
        plain = [line.text.strip() for _top, lines in page for line in lines if line.cells is None]
        for text in {*plain[:2], *plain[-2:]}:
            edges[text] = edges.get(text, 0) + 1
    running = {text for text, count in edges.items() if len(pages) > 1 and count > len(pages) / 2 and text}
    out: list[Line] = []
    for page in pages:
        for _top, lines in page:
            for line in lines:
                text = line.text.strip()
                if line.cells is None and (text in running or _PAGE_COUNTER.search(text)):
                    continue
                out.append(line)
        out.append(Line(""))
    return out


def document_lines(name: str, data: bytes, *, seconds: float = READ_SECONDS) -> list[Line]:
    """The lines of a job description file; the format follows the file name's extension.

    A file beyond what a job description needs (see the limits above) is refused before it is
    parsed, and reading stops after `seconds`: UnreadableDocument says why, in the user's language."""
    deadline = _Deadline(seconds)
    deadline.check()
    lines = _lines(Path(name).suffix.lower(), data, deadline)
    deadline.check()
    _too_many(len(lines), MAX_LINES, _("The document has too many lines (%(count)s; at most %(limit)s)."))
    return lines


def _lines(suffix: str, data: bytes, deadline: _Deadline) -> list[Line]:
    if suffix == ".docx":
        return _docx_lines(data, deadline)
    if suffix == ".pdf":
        return _pdf_lines(data, deadline)
    if suffix in (".md", ".markdown"):
        return _markdown_lines(_decode(data))
    if suffix in (".txt", ""):
        if b"\x00" in data[:4096]:
            raise UnreadableDocument(_("The file is not a text document."))
        return _plain_lines(_decode(data))
    raise UnreadableDocument(
        _("Unsupported file type %(suffix)s: use %(supported)s.")
        % {"suffix": suffix, "supported": ", ".join(SUPPORTED)}
    )
