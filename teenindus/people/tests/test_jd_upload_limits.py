"""Job description upload against hostile files: malformed, entity loops, decompression bombs,
too many parts or paragraphs, too many PDF pages. Each is refused with a clear message (422 on
the page), never a 500, and without parsing what is too big. The files are built here."""

import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from teenindus.people import jd_sources
from teenindus.people.jd_sources import UnreadableDocument, document_lines

pytestmark = pytest.mark.django_db

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(document_xml: bytes | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """A real .docx from python-docx, with its document.xml (and more members) replaced."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml" and document_xml is not None:
                data = document_xml
            target.writestr(item.filename, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def _body(paragraphs: str) -> bytes:
    head = '<?xml version="1.0" encoding="UTF-8"?>'
    return f"{head}<w:document {W}><w:body>{paragraphs}</w:body></w:document>".encode()


def _blank_pdf(pages: int) -> bytes:
    """A valid PDF of blank pages, written by hand (catalog, page tree, pages, cross-reference)."""
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _upload(client: Client, name: str, data: bytes):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(reverse("people:jd_import"), {"file": upload})


@pytest.fixture
def hr(client_for):
    return client_for("hr")


def test_malformed_docx_xml_is_a_clear_422(hr):
    response = _upload(hr, "katki.docx", _docx(b"<w:document><w:body><w:p>"))
    assert response.status_code == 422
    assert "ei ole loetav .docx" in response.content.decode()


def test_entity_loop_docx_is_a_clear_422(hr):
    looping = (
        b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "&b;"><!ENTITY b "&a;">]>'
        + f"<w:document {W}><w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body></w:document>".encode()
    )
    response = _upload(hr, "silmus.docx", _docx(looping))
    assert response.status_code == 422
    assert "ei ole loetav .docx" in response.content.decode()


def test_billion_laughs_docx_is_refused_before_parsing(hr):
    entities = '<!ENTITY l0 "hahahahaha">' + "".join(
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    laughs = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>'
        f"<w:document {W}><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>"
    ).encode()
    response = _upload(hr, "naer.docx", _docx(laughs))
    assert response.status_code == 422


def test_a_small_docx_that_expands_to_megabytes_of_paragraphs_is_refused(hr):
    paragraph = "<w:p><w:r><w:t>Klientide teenindamine ja nõustamine.</w:t></w:r></w:p>"
    bomb = _docx(_body(paragraph * (20 * 1024 * 1024 // len(paragraph))))
    assert len(bomb) < 200 * 1024  # ~100 KB on the wire, 20 MB inside
    response = _upload(hr, "pomm.docx", bomb)
    assert response.status_code == 422
    body = response.content.decode()
    assert "liiga suur" in body or "too large" in body


def test_too_many_paragraphs_are_refused_before_parsing(hr):
    many = _docx(_body("<w:p/>" * (jd_sources.MAX_PARAGRAPHS + 1)))
    response = _upload(hr, "read.docx", many)
    assert response.status_code == 422
    assert "lõike" in response.content.decode()


def test_too_many_parts_are_refused(hr):
    parts = {f"extra/part{i}.xml": b"<a/>" for i in range(jd_sources.MAX_DOCX_PARTS)}
    response = _upload(hr, "osad.docx", _docx(None, parts))
    assert response.status_code == 422
    assert "osi" in response.content.decode()


def test_reading_stops_at_its_deadline():
    text = "\n".join(f"Rida {i}" for i in range(100)).encode()
    with pytest.raises(UnreadableDocument):
        document_lines("a.txt", text, seconds=0)


def test_a_text_file_with_too_many_lines_is_refused(hr):
    text = "\n".join("rida" for _ in range(jd_sources.MAX_LINES + 1)).encode()
    response = _upload(hr, "pikk.txt", text)
    assert response.status_code == 422
    assert "ridu" in response.content.decode()


def test_a_pdf_with_too_many_pages_is_refused(hr):
    response = _upload(hr, "lehed.pdf", _blank_pdf(jd_sources.MAX_PDF_PAGES + 1))
    assert response.status_code == 422
    assert "lehekülge" in response.content.decode()


def test_a_good_docx_still_reads(hr):
    ok = _docx(_body("<w:p><w:r><w:t>AMETIJUHEND</w:t></w:r></w:p>"))
    assert [line.text for line in document_lines("ok.docx", ok) if line.text] == ["AMETIJUHEND"]
