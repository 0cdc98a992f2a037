"""A job description version as HTML (standard layout), PDF (WeasyPrint) and .docx (python-docx).

The .docx is written so that the importer reads it back to the same record: numbered general-part
lines, the duties as a two-column table, lists as list paragraphs, requirements under sub-headings.
"""

import io

from django.template.loader import render_to_string

COMPETENCY_HEADINGS = {
    "core": "Tööks vajalikud kompetentsid",
    "additional": "Täiendavad kompetentsid, isikuomadused ja teadmised",
    "knowledge": "Teadmised ja oskused",
}


def shown_content(content: dict, *, version=None) -> dict:
    """The record as the page, PDF and .docx show it: a saved version carries its position's title
    (a typo in the document, e.g. "Talitusejuhtaja", stays only in its source text)."""
    if version is None:
        return content
    return {**content, "title": version.job_description.position.title}


def document_context(content: dict, *, version=None, signatures=()) -> dict:
    """The page and PDF template's context: the document's blocks (one layout for every format)."""
    content = shown_content(content, version=version)
    return {"c": content, "blocks": html_blocks(content), "version": version, "signatures": list(signatures)}


def render_pdf(version) -> bytes:
    from weasyprint import HTML

    context = document_context(version.content, version=version)
    footer = f"{version.job_description.position} · versioon {version.number} · {version.created_at:%d.%m.%Y}"
    html = render_to_string("people/jd_pdf.html", {**context, "footer": footer})
    return HTML(string=html).write_pdf()


def document_blocks(content: dict) -> list[tuple[str, object]]:
    """The document as blocks in reading order: ("title"|"heading"|"subheading"|"para"|"bullet", text),
    ("field", (label, value)) and ("duties", list). Every format is written from these."""
    blocks: list[tuple[str, object]] = [("title", "AMETIJUHEND"), ("heading", "1. ÜLDOSA")]

    def paragraphs(text: str) -> None:
        for index, part in enumerate(p for p in text.split("\n") if p.strip()):
            if index:
                blocks.append(("para", ""))
            blocks.append(("para", part))

    general = [
        ("1.1 Ametinimetus", content["title"]),
        ("1.2 Struktuuriüksus", content["unit"]),
        ("1.3 Vahetu juht", content["manager"]),
        ("1.4 Kes asendab", content["substituted_by"]),
        ("1.5 Keda asendab", content["substitutes"]),
        ("1.6 Vahetud alluvad", content["reports"]),
    ]
    blocks += [("field", field) for field in general]
    blocks.append(("heading", "2. AMETIKOHA EESMÄRK"))
    paragraphs(content["purpose"])
    blocks.append(("heading", "3. TÖÖÜLESANDED"))
    blocks.append(("duties", content["duties"]))
    for heading, key in (("4. ÕIGUSED", "rights"), ("5. VASTUTUS", "responsibilities")):
        blocks.append(("heading", heading))
        blocks += [("bullet", item) for item in content[key]]
    blocks.append(("heading", "6. TÖÖVAHENDID"))
    paragraphs(content["tools"])
    blocks.append(("heading", "7. AMETIKOHALE ESITATAVAD NÕUDED"))
    requirements = content["requirements"]
    for label, key in (("Haridus", "education"), ("Töökogemus", "experience")):
        blocks.append(("subheading", label))
        paragraphs(requirements[key])
    blocks.append(("subheading", "Keeleoskus"))
    for language in requirements["languages"]:
        level = f" tasemel {language['level']}" if language["level"] else ""
        blocks.append(("para", f"{language['language'].capitalize()} keel{level}."))
    blocks.append(("subheading", "Arvutikasutamise oskus"))
    paragraphs(requirements["computer_skills"])
    for group, title in COMPETENCY_HEADINGS.items():
        competencies = [c for c in requirements["competencies"] if c.get("group", "core") == group]
        if not competencies:
            continue
        blocks.append(("subheading", title))
        for competency in competencies:
            if group == "additional" and len(competency["items"]) == 1 and competency["name"]:
                blocks.append(("bullet", f"{competency['name']}: {competency['items'][0]}"))
                continue
            if competency["name"]:
                blocks.append(("name", f"{competency['name']}:"))
            blocks += [("bullet", item) for item in competency["items"]]
    blocks.append(("heading", "8. AMETIJUHENDI MUUTMINE"))
    paragraphs(content["review"])
    return blocks


def _flat(kind: str, value) -> str:
    """A block other than duties as one line of text: a field as "label: value"."""
    return f"{value[0]}: {value[1]}".rstrip() if kind == "field" else value


def html_blocks(content: dict) -> list[tuple[str, object]]:
    """The blocks for HTML: consecutive fields become one table, consecutive bullets one list."""
    out: list[tuple[str, object]] = []
    for kind, value in document_blocks(content):
        grouped = {"field": "fields", "bullet": "list"}.get(kind)
        if grouped and out and out[-1][0] == grouped:
            out[-1][1].append(value)
        elif grouped:
            out.append((grouped, [value]))
        else:
            out.append((kind, value))
    return out


def render_text(content: dict) -> str:
    """Plain text the importer reads back to the same record: the form for editing a version."""
    lines: list[str] = []
    for kind, value in document_blocks(content):
        if kind == "heading":
            lines += ["", value]
        elif kind == "bullet":
            lines.append(f"▪ {value}")
        elif kind == "duties":
            lines.append("Põhiülesanded / Oodatavad tulemused")
            for duty in value:
                lines.append(f"{duty['number']} {duty['task']}")
                lines += [f"▪ {result}" for result in duty["results"]]
        else:
            lines.append(_flat(kind, value))
    return "\n".join(lines).strip() + "\n"


def render_docx(content: dict) -> bytes:
    import docx

    document = docx.Document()
    for kind, value in document_blocks(content):
        if kind == "title":
            document.add_heading(value, level=1)
        elif kind == "heading":
            document.add_heading(value, level=2)
        elif kind == "bullet":
            document.add_paragraph(value, style="List Bullet")
        elif kind == "duties":
            table = document.add_table(rows=1, cols=2)
            table.style = "Table Grid"
            table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Põhiülesanded", "Oodatavad tulemused"
            for duty in value:
                task_cell, results_cell = table.add_row().cells
                task_cell.text = f"{duty['number']} {duty['task']}"
                for index, result in enumerate(duty["results"]):
                    paragraph = results_cell.paragraphs[0] if index == 0 else results_cell.add_paragraph()
                    paragraph.text = result
                    paragraph.style = document.styles["List Bullet"]
        else:
            document.add_paragraph(_flat(kind, value))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
