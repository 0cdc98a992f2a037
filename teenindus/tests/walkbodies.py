"""The text of a response body, whatever its format: HTML/JSON/CSV as text, XLSX (openpyxl), PDF
(pdfplumber) and DOCX (python-docx) decoded, so that the walk finds a person in an export too."""

import io
import json


def body_text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "").split(";")[0].strip()
    if kind == "application/json":
        try:
            return json.dumps(json.loads(body), ensure_ascii=False)  # "J\u00e4..." -> "Jä..."
        except ValueError:
            pass
    if body.startswith(b"%PDF"):
        return _pdf(body)
    if body.startswith(b"PK\x03\x04"):
        return _office(body)
    return body.decode("utf-8", "replace")


def _pdf(body: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(body)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _office(body: bytes) -> str:
    import zipfile

    names = set(zipfile.ZipFile(io.BytesIO(body)).namelist())
    if "word/document.xml" in names:
        import docx

        document = docx.Document(io.BytesIO(body))
        parts = [p.text for p in document.paragraphs]
        parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join(parts)
    if "xl/workbook.xml" in names:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            "\t".join("" if v is None else str(v) for v in row)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return body.decode("utf-8", "replace")  # another zip (e.g. a signed container): as bytes
