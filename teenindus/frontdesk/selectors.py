"""Every read of the front desk. What shows a customer's name writes the access log for exactly the
customers shown; the waiting-room display reads numbers and desks only and writes nothing."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.audit.context import AccessContext
from teenindus.audit.services import access_log_record
from teenindus.core.exceptions import NotFound
from teenindus.core.localtime import local_day_bounds, local_midnight
from teenindus.frontdesk.models import Appointment, Desk, Office, Service, Visit, VisitEvent
from teenindus.frontdesk.moves import AT_DESK, State

DISPLAY_CALLS = 8  # the latest calls the display shows
DISPLAY_WAITING = 30


def _logged(ctx: AccessContext, rows: list, action: str = "view") -> list:
    ids = [row.customer_id for row in rows if row.customer_id]
    if ids:
        access_log_record(ctx=ctx, customer_ids=ids, action=action)
    return rows


def offices_all() -> list[Office]:
    return list(Office.objects.select_related("unit").order_by("name"))


def office_by_code(*, code: str) -> Office:
    office = Office.objects.filter(code=code).first()
    if office is None:
        raise NotFound(_("No office with the code %(code)s.") % {"code": code}, field="office")
    return office


def office_of_user(user) -> Office | None:
    """The office the user works in (their current employment's unit), if it has a front desk."""
    employee = getattr(user, "employee", None)
    if employee is None:
        return None
    today = timezone.localdate()
    unit_ids = (
        employee.employments.filter(start_date__lte=today)
        .exclude(end_date__lt=today)
        .values("position__unit")
    )
    return Office.objects.filter(unit__in=unit_ids).first()


def services_active(*, office: Office):
    return Service.objects.filter(office=office, is_active=True).order_by("prefix")


def desks_of(*, office: Office) -> list[Desk]:
    return list(
        Desk.objects.filter(office=office, is_active=True)
        .select_related("specialist")
        .prefetch_related("services")
    )


def queue_today(*, ctx: AccessContext, office: Office) -> dict:
    """The office's visitors of today still waiting or at a desk (staff view: with the customer)."""
    rows = list(
        Visit.objects.filter(
            office=office, local_date=timezone.localdate(), state__in=[State.WAITING, *AT_DESK]
        )
        .select_related("service", "desk", "customer")
        .order_by("checked_in_at", "pk")
    )
    _logged(ctx, rows)
    return {
        "waiting": [v for v in rows if v.state == State.WAITING],
        "at_desks": [v for v in rows if v.state != State.WAITING],
    }


def queue_figures(*, office: Office) -> dict:
    """How many wait at the office today and since when the longest (no person is read)."""
    waiting = Visit.objects.filter(office=office, local_date=timezone.localdate(), state=State.WAITING)
    return {
        "waiting": waiting.count(),
        "oldest": waiting.order_by("checked_in_at").values_list("checked_in_at", flat=True).first(),
    }


def visit_get(*, ctx: AccessContext, visit_id: int) -> Visit:
    visit = (
        Visit.objects.select_related("office", "service", "desk", "customer", "appointment")
        .filter(pk=visit_id)
        .first()
    )
    if visit is None:
        raise NotFound(_("No such visit."), field="visit")
    return _logged(ctx, [visit])[0]


def desk_get(*, ctx: AccessContext, desk_id: int) -> dict:
    """The desk page: the desk, the visitor at it (with the customer), and who waits for its services."""
    desk = Desk.objects.select_related("office", "specialist").filter(pk=desk_id, is_active=True).first()
    if desk is None:
        raise NotFound(_("No such desk."), field="desk")
    current = Visit.objects.filter(desk=desk, state__in=AT_DESK).select_related("service", "customer").first()
    if current is not None:
        _logged(ctx, [current])
    service_ids = list(desk.services.values_list("pk", flat=True))
    waiting = Visit.objects.filter(
        office=desk.office, local_date=timezone.localdate(), state=State.WAITING, service_id__in=service_ids
    ).count()
    return {"desk": desk, "current": current, "waiting": waiting, "services": list(desk.services.all())}


def appointments_on(*, ctx: AccessContext, office: Office, day: date) -> list[Appointment]:
    start, end = local_day_bounds(day)
    rows = list(
        Appointment.objects.filter(office=office, starts_at__gte=start, starts_at__lt=end)
        .exclude(status=Appointment.Status.CANCELLED)
        .select_related("service", "desk", "customer", "visit")
        .order_by("starts_at", "desk__name")
    )
    return _logged(ctx, rows)


def display_state(*, office: Office) -> dict:
    """What the waiting room sees: the latest calls (number, desk) and the numbers waiting. No name,
    no need, nothing personal; a read that writes nothing."""
    today = timezone.localdate()
    start = local_midnight(today)
    calls = list(
        VisitEvent.objects.filter(office=office, at__gte=start, kind__in=["call", "recall"])
        .order_by("-pk")
        .values("pk", "visit__number", "desk__name", "at", "visit__state")[: DISPLAY_CALLS * 2]
    )
    last_call = calls[0]["pk"] if calls else 0
    seen: set[str] = set()
    calls = [c for c in calls if not (c["visit__number"] in seen or seen.add(c["visit__number"]))]
    waiting = list(
        Visit.objects.filter(office=office, local_date=today, state=State.WAITING)
        .order_by("checked_in_at", "pk")
        .values_list("number", flat=True)[:DISPLAY_WAITING]
    )
    return {
        "office": office.name,
        "last_call": last_call,
        "calls": [
            {
                "id": c["pk"],
                "number": c["visit__number"],
                "desk": c["desk__name"] or "",
                "at": timezone.localtime(c["at"]).strftime("%H:%M"),
                "current": c["visit__state"] in AT_DESK,
            }
            for c in calls[:DISPLAY_CALLS]
        ],
        "waiting": waiting,
    }
