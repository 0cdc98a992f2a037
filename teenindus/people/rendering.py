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


def document_context(content: dict, *, version=None, signatures=()) -> dict:
    requirements = content["requirements"]
    groups = []
    for group, heading in COMPETENCY_HEADINGS.items():
        items = [c for c in requirements["competencies"] if c.get("group", "core") == group]
        if items:
            groups.append({"heading": heading, "items": items})
    return {
        "c": content,
        "req": requirements,
        "purpose": [p for p in content["purpose"].split("\n") if p.strip()],
        "competency_groups": groups,
        "version": version,
        "position": version.job_description.position if version else "",
        "signatures": list(signatures),
    }


def render_pdf(version) -> bytes:
    from weasyprint import HTML

    html = render_to_string("people/jd_pdf.html", document_context(version.content, version=version))
    return HTML(string=html).write_pdf()


def render_docx(content: dict) -> bytes:
    import docx

    document = docx.Document()
    add = document.add_paragraph

    def heading(text: str) -> None:
        document.add_heading(text, level=2)

    def bullets(items: list[str]) -> None:
        for item in items:
            add(item, style="List Bullet")

    def paragraphs(text: str) -> None:
        for index, part in enumerate(p for p in text.split("\n") if p.strip()):
            if index:
                add("")
            add(part)

    document.add_heading("AMETIJUHEND", level=1)
    heading("1. ÜLDOSA")
    general = [
        ("1.1 Ametinimetus", content["title"]),
        ("1.2 Struktuuriüksus", content["unit"]),
        ("1.3 Vahetu juht", content["manager"]),
        ("1.4 Kes asendab", content["substituted_by"]),
        ("1.5 Keda asendab", content["substitutes"]),
        ("1.6 Vahetud alluvad", content["reports"]),
    ]
    for label, value in general:
        add(f"{label}: {value}".rstrip())
    heading("2. AMETIKOHA EESMÄRK")
    paragraphs(content["purpose"])
    heading("3. TÖÖÜLESANDED")
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Põhiülesanded", "Oodatavad tulemused"
    for duty in content["duties"]:
        task_cell, results_cell = table.add_row().cells
        task_cell.text = f"{duty['number']} {duty['task']}"
        for index, result in enumerate(duty["results"]):
            paragraph = results_cell.paragraphs[0] if index == 0 else results_cell.add_paragraph()
            paragraph.text = result
            paragraph.style = document.styles["List Bullet"]
    heading("4. ÕIGUSED")
    bullets(content["rights"])
    heading("5. VASTUTUS")
    bullets(content["responsibilities"])
    heading("6. TÖÖVAHENDID")
    paragraphs(content["tools"])
    heading("7. AMETIKOHALE ESITATAVAD NÕUDED")
    requirements = content["requirements"]
    for label, key in (("Haridus", "education"), ("Töökogemus", "experience")):
        add(label)
        paragraphs(requirements[key])
    add("Keeleoskus")
    for language in requirements["languages"]:
        level = f" tasemel {language['level']}" if language["level"] else ""
        add(f"{language['language'].capitalize()} keel{level}.")
    add("Arvutikasutamise oskus")
    paragraphs(requirements["computer_skills"])
    for group, title in COMPETENCY_HEADINGS.items():
        competencies = [c for c in requirements["competencies"] if c.get("group", "core") == group]
        if not competencies:
            continue
        add(title)
        for competency in competencies:
            if group == "additional" and len(competency["items"]) == 1 and competency["name"]:
                add(f"{competency['name']}: {competency['items'][0]}", style="List Bullet")
                continue
            if competency["name"]:
                add(f"{competency['name']}:")
            bullets(competency["items"])
    heading("8. AMETIJUHENDI MUUTMINE")
    paragraphs(content["review"])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def document_html(content: dict, **kwargs) -> str:
    return render_to_string("people/jd_document.html", document_context(content, **kwargs))
