"""Files of registered documents: checked by content, kept in versions."""

import hashlib

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.audit.services import change_record
from teenindus.core.exceptions import ValidationFailed
from teenindus.core.uploads import upload_check
from teenindus.registry.models import Document, DocumentFile
from teenindus.registry.services.common import document_lock

ALLOWED_KINDS = ("pdf", "png", "jpeg")
NAME_MAX = 200


def _max_bytes() -> int:
    return getattr(settings, "REGISTRY_FILE_MAX_BYTES", 20 * 1024 * 1024)


def file_check(name: str, data: bytes) -> tuple[str, str]:
    """(clean name, content type) of a file that may be kept; ValidationFailed otherwise."""
    name = (name or "").strip().replace("/", "_").replace("\\", "_")
    if not name or len(name) > NAME_MAX:
        raise ValidationFailed(_("Give the file a name of up to 200 characters."), field="file")
    kind = upload_check(name=name, data=data, max_bytes=_max_bytes(), allowed=ALLOWED_KINDS)
    return name, kind.content_type


def file_store(
    doc: Document, *, name: str, content_type: str, data: bytes, actor, is_public: bool
) -> DocumentFile:
    """Keep the file as the next version of its name (the document is locked or new)."""
    previous = (
        DocumentFile.objects.filter(document=doc, name=name)
        .order_by("-version")
        .only("pk", "version")
        .first()
    )
    stored = DocumentFile.objects.create(
        document=doc,
        name=name,
        kind=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        content=data,
        version=previous.version + 1 if previous else 1,
        replaces=previous,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
        uploaded_at=timezone.now(),
        is_public=is_public,
    )
    return stored


@transaction.atomic
def document_file_add(
    *, actor, document_id: int, name: str, data: bytes, is_public: bool = False
) -> DocumentFile:
    """Add a file to a document; a file of the same name becomes its next version."""
    name, content_type = file_check(name, data)
    doc = document_lock(document_id)
    stored = file_store(
        doc, name=name, content_type=content_type, data=data, actor=actor, is_public=is_public
    )
    change_record(
        actor=actor,
        instance=doc,
        event="document.file_added",
        changes={"file": [None, name], "version": [None, stored.version], "sha256": [None, stored.sha256]},
    )
    return stored


def file_versions_max(doc: Document) -> dict[str, int]:
    return dict(DocumentFile.objects.filter(document=doc).values_list("name").annotate(top=Max("version")))
