"""Writes of information materials: a material, publishing an edition (it becomes current and
flags every office holding an older one), assigning a material to an office, and the office's
records: the edition it holds and "stock checked today". Two people recording for one office at
once are serialised on the holding's row (select_for_update); a check is one row per holding and
day (a unique constraint), so they neither duplicate nor lose each other's update."""

import hashlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.audit.services import change_record
from teenindus.core.exceptions import ConflictError, NotFound, PermissionDeniedError, ValidationFailed
from teenindus.core.uploads import upload_check
from teenindus.frontdesk.models import Office
from teenindus.materials import selectors
from teenindus.materials.models import Edition, Holding, Material, MaterialKind, StockCheck

FILE_MAX_BYTES = 20 * 1024 * 1024
NOTE_MAX = 300


def _require_manager(actor) -> None:
    if not selectors.may_manage(actor):
        raise PermissionDeniedError(_("Only info specialists and team leads manage the materials."))


@transaction.atomic
def material_create(*, actor, name: str, kind: str = MaterialKind.LEAFLET, description: str = "") -> Material:
    _require_manager(actor)
    name = " ".join((name or "").split())
    if not name or len(name) > 200:
        raise ValidationFailed(_("Give the material a name of at most 200 characters."), field="name")
    if kind not in MaterialKind.values:
        raise ValidationFailed(_("Choose a leaflet or an information material."), field="kind")
    try:
        with transaction.atomic():
            material = Material.objects.create(name=name, kind=kind, description=description.strip())
    except IntegrityError as exc:
        raise ConflictError(_("A material with this name exists already."), field="name") from exc
    change_record(actor=actor, instance=material, event="material_create", changes={"name": [None, name]})
    return material


def edition_publish(
    *, actor, material_id: int, label: str, note: str = "", file_name: str = "", file_data: bytes = b""
) -> Edition:
    """Publish a new edition centrally: it replaces the current one, so every office holding an
    older edition is flagged until it records this one. A file, if any, must be a PDF that is one."""
    _require_manager(actor)
    label = " ".join((label or "").split())
    if not label or len(label) > 60:
        raise ValidationFailed(_("Name the edition (at most 60 characters), e.g. 2026/1."), field="label")
    if len(note) > NOTE_MAX:
        raise ValidationFailed(
            _("The note is at most %(limit)s characters.") % {"limit": NOTE_MAX}, field="note"
        )
    file_name = (file_name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:200]
    if file_data or file_name:
        upload_check(
            name=file_name,
            data=file_data,
            max_bytes=getattr(settings, "MATERIAL_FILE_MAX_BYTES", FILE_MAX_BYTES),
            allowed=("pdf",),
        )
    selectors.id_check(material_id, message=_("No such material."))
    with transaction.atomic():
        material = Material.objects.select_for_update().filter(pk=material_id).first()
        if material is None:
            raise NotFound(_("No such material."), field="material")
        if material.editions.filter(label=label).exists():
            raise ConflictError(
                _("This material has an edition %(label)s already.") % {"label": label}, field="label"
            )
        last = material.editions.order_by("-number").values_list("number", flat=True).first() or 0
        edition = Edition.objects.create(
            material=material,
            number=last + 1,
            label=label,
            note=note.strip(),
            published_by=actor,
            file_name=file_name if file_data else "",
            file_size=len(file_data),
            file_sha256=hashlib.sha256(file_data).hexdigest() if file_data else "",
            file_data=file_data or None,
        )
        old = material.current_edition_id
        material.current_edition = edition
        material.save(update_fields=["current_edition", "updated_at"])
        change_record(
            actor=actor,
            instance=material,
            event="edition_publish",
            changes={"current_edition": [old, edition.pk]},
        )
    return edition


def holding_assign(*, actor, office_id: int, material_id: int) -> Holding:
    """The office should hold this material (assigning it twice keeps one row)."""
    _require_manager(actor)
    selectors.id_check(office_id, material_id, message=_("No such office or material."))
    office = Office.objects.filter(pk=office_id).first()
    material = Material.objects.filter(pk=material_id).first()
    if office is None or material is None:
        raise NotFound(_("No such office or material."), field="office")
    with transaction.atomic():
        holding, created = Holding.objects.get_or_create(office=office, material=material)
        if created:
            change_record(
                actor=actor,
                instance=holding,
                event="holding_assign",
                changes={"material": [None, material.name]},
            )
    return holding


def _lock_holding(*, actor, holding_id: int) -> Holding:
    selectors.id_check(holding_id, message=_("No such material in the office."))
    holding = (
        Holding.objects.select_for_update().select_related("office", "material").filter(pk=holding_id).first()
    )
    if holding is None:
        raise NotFound(_("No such material in the office."), field="holding")
    if not selectors.may_check(actor, holding.office):
        raise PermissionDeniedError(_("You record the materials of your own office only."))
    return holding


@transaction.atomic
def stock_check(*, actor, holding_id: int, quantity: int | None = None, note: str = "") -> StockCheck:
    """ "Checked today": the stock check of the local day (a second one the same day replaces the
    first's figures, never adds a row), and the holding's last check."""
    if quantity is not None and quantity < 0:
        raise ValidationFailed(_("The quantity cannot be negative."), field="quantity")
    note = " ".join((note or "").split())
    if len(note) > NOTE_MAX:
        raise ValidationFailed(
            _("The note is at most %(limit)s characters.") % {"limit": NOTE_MAX}, field="note"
        )
    holding = _lock_holding(actor=actor, holding_id=holding_id)
    now = timezone.now()
    check, _created = StockCheck.objects.update_or_create(
        holding=holding,
        day=timezone.localdate(now),
        defaults={
            "checked_at": now,
            "checked_by": actor,
            "edition_id": holding.edition_id,
            "quantity": quantity,
            "note": note,
        },
    )
    before = {
        "quantity": holding.quantity,
        "checked_at": holding.checked_at.isoformat() if holding.checked_at else None,
    }
    holding.checked_at, holding.checked_by, holding.quantity, holding.note = now, actor, quantity, note
    holding.save(update_fields=["checked_at", "checked_by", "quantity", "note", "updated_at"])
    change_record(
        actor=actor,
        instance=holding,
        event="stock_check",
        changes={
            "quantity": [before["quantity"], quantity],
            "checked_at": [before["checked_at"], now.isoformat()],
        },
    )
    return check


@transaction.atomic
def holding_edition_record(*, actor, holding_id: int, edition_id: int) -> Holding:
    """The office records the edition it now holds; recording the current one clears its flag."""
    holding = _lock_holding(actor=actor, holding_id=holding_id)
    selectors.id_check(edition_id, message=_("No such edition."))
    edition = Edition.objects.filter(pk=edition_id, material_id=holding.material_id).first()
    if edition is None:
        raise ValidationFailed(_("Choose an edition of this material."), field="edition")
    if holding.edition_id == edition.pk:
        return holding  # recorded already (by this person or someone at the same time)
    old = holding.edition_id
    holding.edition = edition
    holding.edition_recorded_at = timezone.now()
    holding.edition_recorded_by = actor
    holding.save(update_fields=["edition", "edition_recorded_at", "edition_recorded_by", "updated_at"])
    change_record(
        actor=actor, instance=holding, event="edition_record", changes={"edition": [old, edition.pk]}
    )
    return holding
