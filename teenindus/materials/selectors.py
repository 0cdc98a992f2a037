"""Reads of information materials. Who checked an office's stock is an employee's personal data:
the holdings page logs the look at each checker shown.

Scope: managers (materials.change_material: info specialists and leads) record for every office;
front-desk staff with materials.check_stock record for the office they work in (their current
employment's unit, as the front desk finds it: frontdesk.selectors.office_of_user)."""

from dataclasses import dataclass

from django.db.models import F, Prefetch
from django.utils.translation import gettext as _

from teenindus.audit.context import AccessContext
from teenindus.audit.services import access_log_record
from teenindus.core.exceptions import NotFound
from teenindus.core.ids import id_ok
from teenindus.frontdesk.models import Office
from teenindus.frontdesk.selectors import office_of_user
from teenindus.materials.models import Edition, Holding, Material
from teenindus.org.models import Employee

MANAGE = "materials.change_material"
CHECK = "materials.check_stock"


# The largest id the databases hold (a signed 64-bit integer); a larger one in a URL is "not found",
# never an OverflowError from the database driver.
def id_check(*ids, message: str = "") -> None:
    """Refuse (not found) an id no row can have, before it reaches the database."""
    for value in ids:
        if not id_ok(value):
            raise NotFound(message or _("Not found."), field="id")


def may_manage(user) -> bool:
    return user.has_perm(MANAGE)


def may_check(user, office: Office) -> bool:
    """Whether the user records stock checks and editions held for this office."""
    if may_manage(user):
        return True
    if not user.has_perm(CHECK):
        return False
    own = office_of_user(user)
    return own is not None and own.pk == office.pk


def materials_list() -> list[Material]:
    return list(
        Material.objects.select_related("current_edition").prefetch_related(
            Prefetch("editions", queryset=Edition.objects.order_by("-number"))
        )
    )


def material_get(*, material_id: int) -> Material:
    id_check(material_id, message=_("No such material."))
    material = Material.objects.select_related("current_edition").filter(pk=material_id).first()
    if material is None:
        raise NotFound(_("No such material."), field="material")
    return material


def material_holdings(*, material: Material) -> list[Holding]:
    return list(Holding.objects.filter(material=material).select_related("office", "edition"))


def edition_file(*, material_id: int, edition_id: int) -> Edition:
    id_check(material_id, edition_id, message=_("No such file."))
    edition = Edition.objects.filter(pk=edition_id, material_id=material_id).exclude(file_name="").first()
    if edition is None:
        raise NotFound(_("No such file."), field="file")
    return edition


def offices_all() -> list[Office]:
    return list(Office.objects.order_by("name"))


def office_get(*, office_id: int) -> Office:
    id_check(office_id, message=_("No such office."))
    office = Office.objects.filter(pk=office_id).first()
    if office is None:
        raise NotFound(_("No such office."), field="office")
    return office


def holding_get(*, holding_id: int) -> Holding:
    id_check(holding_id, message=_("No such material in the office."))
    holding = Holding.objects.select_related("office").filter(pk=holding_id).first()
    if holding is None:
        raise NotFound(_("No such material in the office."), field="holding")
    return holding


def _outdated(queryset):
    """Holdings whose material has a current edition the office does not hold."""
    return queryset.filter(material__current_edition__isnull=False, material__is_active=True).exclude(
        edition=F("material__current_edition")
    )


@dataclass
class HoldingRow:
    holding: Holding
    outdated: bool


def office_holdings(*, ctx: AccessContext, office: Office) -> list[HoldingRow]:
    """What the office should hold: the edition held against the current one, the last check and
    who made it (logged)."""
    holdings = list(
        Holding.objects.filter(office=office)
        .select_related("material__current_edition", "edition", "checked_by")
        .order_by("material__name")
    )
    checkers = {h.checked_by_id for h in holdings if h.checked_by_id}
    if checkers:
        employee_ids = Employee.objects.filter(user_id__in=checkers).values_list("pk", flat=True)
        access_log_record(ctx=ctx, employee_ids=sorted(employee_ids), action="stock_checkers")
    return [
        HoldingRow(
            holding=h,
            outdated=bool(h.material.current_edition_id) and h.edition_id != h.material.current_edition_id,
        )
        for h in holdings
    ]


def outdated_holdings(*, office: Office | None = None, limit: int = 20) -> tuple[list[Holding], int]:
    """Offices still holding an old edition (of one office when given), oldest edition first."""
    rows = _outdated(Holding.objects.all())
    if office is not None:
        rows = rows.filter(office=office)
    rows = rows.select_related("office", "material__current_edition", "edition").order_by(
        "office__name", "material__name"
    )
    return list(rows[:limit]), rows.count()


def outdated_count_by_office() -> dict[int, int]:
    counts: dict[int, int] = {}
    for office_id in _outdated(Holding.objects.all()).values_list("office_id", flat=True):
        counts[office_id] = counts.get(office_id, 0) + 1
    return counts
