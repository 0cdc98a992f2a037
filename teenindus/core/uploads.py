"""Uploaded files: the type is read from the content, never trusted from the name or the browser.

`upload_check` answers the file's kind when its content is one of the allowed kinds and its name's
extension agrees with it; a disguised file (an executable named .pdf, a PDF named .png), an empty or
an oversize one is refused with a message for the user."""

import io
import zipfile
from typing import NamedTuple

from django.utils.translation import gettext as _

from teenindus.core.exceptions import ValidationFailed


class Kind(NamedTuple):
    content_type: str
    extensions: tuple[str, ...]


KINDS: dict[str, Kind] = {
    "pdf": Kind("application/pdf", (".pdf",)),
    "png": Kind("image/png", (".png",)),
    "jpeg": Kind("image/jpeg", (".jpg", ".jpeg")),
    "docx": Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
    "xlsx": Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    "odt": Kind("application/vnd.oasis.opendocument.text", (".odt",)),
    "text": Kind("text/plain", (".txt", ".csv", ".log")),
    "asice": Kind("application/vnd.etsi.asic-e+zip", (".asice", ".bdoc")),
}


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                if mimetype == KINDS["odt"].content_type:
                    return "odt"
                if mimetype == KINDS["asice"].content_type:
                    return "asice"
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    return None


def sniff(data: bytes) -> str | None:
    """The kind the content is, or None when it is none of the known kinds."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if b"\x00" in data[:8192]:
        return None
    try:
        data[:65536].decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < 65536 - 4:  # a character cut at the end of the sample is fine
            return None
    return "text"


def upload_check(*, name: str, data: bytes, max_bytes: int, allowed: tuple[str, ...] = tuple(KINDS)) -> Kind:
    """The file's kind when it may be kept; ValidationFailed (field "file") otherwise."""
    if not data:
        raise ValidationFailed(_("The file is empty."), field="file")
    if len(data) > max_bytes:
        raise ValidationFailed(
            _("The file is larger than %(limit)s MB.") % {"limit": f"{max_bytes / 1024 / 1024:.0f}"},
            field="file",
        )
    kind = sniff(data)
    if kind not in allowed:
        allowed_ext = ", ".join(ext for k in allowed for ext in KINDS[k].extensions)
        raise ValidationFailed(
            _("This kind of file is not accepted. Accepted: %(kinds)s.") % {"kinds": allowed_ext},
            field="file",
        )
    lowered = name.lower()
    if not lowered.endswith(KINDS[kind].extensions):
        raise ValidationFailed(
            _("The file's name does not match its content (it is a %(kind)s file).") % {"kind": kind.upper()},
            field="file",
        )
    return KINDS[kind]
