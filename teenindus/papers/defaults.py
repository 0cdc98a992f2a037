"""Paper templates every agency starts with (the demo and tests ensure them; the team leads edit
them). Registered in the document types the registry seeds, in series made here when missing."""

from teenindus.papers.models import PaperTemplate
from teenindus.registry.defaults import document_types_ensure
from teenindus.registry.models import Series

SERIES = {
    # code: (name, pattern)
    "9-1": ("Väljastatud teatised", "{series}/{year}/{seq}"),
    "9-2": ("Väljastatud tõendid", "{series}/{year}/{seq}"),
    "9-3": ("Otsused", "{series}/{year}/{seq}"),
}

PENSION_ET = "\n\n".join(
    [
        ("Sotsiaalkindlustusamet tõendab, et {nimi} (isikukood {isikukood}) saab {pensioni_liik}."),
        ("Pensioni suurus perioodil {periood} on {summa} eurot kuus."),
        ("Tõend on välja antud esitamiseks: {esitamiseks}."),
    ]
)

PENSION_RU = "\n\n".join(
    [
        (
            "Департамент социального страхования подтверждает, что {nimi} (личный код {isikukood}) "
            "получает {pensioni_liik}."
        ),
        ("Размер пенсии в период {periood} составляет {summa} евро в месяц."),
        ("Справка выдана для представления: {esitamiseks}."),
    ]
)

PENSION_EN = "\n\n".join(
    [
        (
            "The Social Insurance Board certifies that {nimi} (personal identification code "
            "{isikukood}) receives {pensioni_liik}."
        ),
        ("The amount of the pension in the period {periood} is {summa} euros a month."),
        ("The certificate is issued to be presented to: {esitamiseks}."),
    ]
)

PENSION_FIELDS = [
    {"name": "pensioni_liik", "label": "Pensioni liik", "required": True},
    {"name": "periood", "label": "Periood", "required": True},
    {"name": "summa", "label": "Summa (eurot kuus)", "required": True},
    {"name": "esitamiseks", "label": "Esitamiseks", "required": True},
]

NOTICE_ET = "\n\n".join(
    [
        ("Lugupeetud {nimi}"),
        ("Teatame, et Teie {taotluse_kuupaev} esitatud taotlus ({taotlus}) on võetud menetlusse."),
        ("Taotlus lahendatakse hiljemalt {tahtaeg}. Kui vajame lisaandmeid, võtame Teiega ühendust."),
        ("Teatise number {number}, {kuupaev}."),
    ]
)

DECISION_ET = "\n\n".join(
    [
        (
            "Sotsiaalkindlustusamet otsustas {kuupaev} määrata {nimi} (isikukood {isikukood}, "
            "aadress {aadress}) peretoetuse."
        ),
        ("Toetuse liik: {toetuse_liik}. Toetuse suurus: {summa} eurot kuus alates {alates}."),
        (
            "Otsuse peale võib esitada vaide Sotsiaalkindlustusametile 30 päeva jooksul arvates "
            "päevast, mil isik otsusest teada sai või pidi teada saama."
        ),
    ]
)

TEMPLATES = [
    # code, language, kind, name, title, body, fields, type, series
    (
        "toend-pension",
        "et",
        "certificate",
        "Tõend pensioni saamise kohta",
        "Tõend pensioni saamise kohta",
        PENSION_ET,
        PENSION_FIELDS,
        "toend",
        "9-2",
    ),
    (
        "toend-pension",
        "ru",
        "certificate",
        "Справка о получении пенсии",
        "Справка о получении пенсии",
        PENSION_RU,
        PENSION_FIELDS,
        "toend",
        "9-2",
    ),
    (
        "toend-pension",
        "en",
        "certificate",
        "Certificate of receiving a pension",
        "Certificate of receiving a pension",
        PENSION_EN,
        PENSION_FIELDS,
        "toend",
        "9-2",
    ),
    (
        "teatis-menetlus",
        "et",
        "notice",
        "Teatis taotluse menetlusse võtmisest",
        "Teatis taotluse menetlusse võtmisest",
        NOTICE_ET,
        [
            {"name": "taotlus", "label": "Taotlus", "required": True},
            {"name": "taotluse_kuupaev", "label": "Taotluse kuupäev", "required": True},
            {"name": "tahtaeg", "label": "Lahendamise tähtaeg", "required": True},
        ],
        "teatis",
        "9-1",
    ),
    (
        "otsus-peretoetus",
        "et",
        "decision",
        "Otsus peretoetuse määramise kohta",
        "Otsus peretoetuse määramise kohta",
        DECISION_ET,
        [
            {"name": "toetuse_liik", "label": "Toetuse liik", "required": True},
            {"name": "summa", "label": "Summa (eurot kuus)", "required": True},
            {"name": "alates", "label": "Alates", "required": True},
        ],
        "otsus",
        "9-3",
    ),
]


def series_ensure() -> dict[str, Series]:
    return {
        code: Series.objects.get_or_create(code=code, defaults={"name": name, "pattern": pattern})[0]
        for code, (name, pattern) in SERIES.items()
    }


def paper_templates_ensure() -> dict[tuple[str, str], PaperTemplate]:
    """The starting templates by (code, language), created when missing (an edited one is left)."""
    types = document_types_ensure()
    series = series_ensure()
    out = {}
    for code, language, kind, name, title, body, fields, type_code, series_code in TEMPLATES:
        out[(code, language)], _created = PaperTemplate.objects.get_or_create(
            code=code,
            language=language,
            defaults={
                "kind": kind,
                "name": name,
                "title": title,
                "body": body,
                "extra_fields": fields,
                "doc_type": types[type_code],
                "series": series[series_code],
            },
        )
    return out
