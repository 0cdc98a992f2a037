"""What the registry tests share: a document registered through the service, real small files."""

import io
import zipfile

from django.utils import timezone

from teenindus.registry.models import Document
from teenindus.registry.services.register import document_register
from teenindus.tickets.tests.helpers import pdf_bytes

PDF = pdf_bytes("Teabenoue")
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa\x00\x00\x00\x00IEND\xaeB`\x82"
)


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a pdf")
    return buffer.getvalue()


def register(
    reg, users, *, actor="info", type_code="kiri", series="letters", direction="in", **extra
) -> Document:
    values = {
        "title": "Küsimus loa kohta",
        "received_on": timezone.localdate(),
        "channel": "email",
        "party_name": "Mari Tamm",
        "party_is_person": True,
        **extra,
    }
    return document_register(
        actor=users[actor] if isinstance(actor, str) else actor,
        series=reg[series],
        doc_type=reg["types"][type_code],
        direction=direction,
        **values,
    )
