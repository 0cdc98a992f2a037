"""The front desk over the API: check a visitor in, book an appointment, a desk calls the next visitor
and moves the one in front of it — the same services as the pages. Answers carry numbers, services
and desks, never a customer's name (nothing personal to log)."""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Field, Router, Schema, Status

from teenindus.accounts.api_auth import require_perm
from teenindus.frontdesk import selectors
from teenindus.frontdesk.models import Visit
from teenindus.frontdesk.moves import DESK_MOVES
from teenindus.frontdesk.services import appointments, checkin, queue

router = Router(tags=["frontdesk"])

Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
Code = Annotated[str, Field(pattern=r"^[-a-zA-Z0-9_]+$", max_length=40)]
Move = Literal[tuple(DESK_MOVES)]  # type: ignore[valid-type]


class CheckInIn(Schema):
    service_id: Id
    note: str = Field("", max_length=500)
    customer_id: Id | None = None
    special_needs: bool = False


class VisitOut(Schema):
    id: int
    number: str
    office: str
    service: str
    service_id: int
    state: str
    priority: bool
    checked_in_at: datetime
    called_at: datetime | None
    desk: str | None
    customer_id: int | None
    version: int


class MoveIn(Schema):
    move: Move
    desk_id: Id
    version: int = Field(ge=0, le=2**31)
    service_id: Id | None = None
    outcome: Literal["solved", "referred"] = "solved"


class AppointmentIn(Schema):
    service_id: Id
    desk_id: Id
    starts_at: datetime
    customer_id: Id | None = None
    note: str = Field("", max_length=500)


class AppointmentOut(Schema):
    id: int
    service_id: int
    desk_id: int
    starts_at: datetime
    ends_at: datetime
    status: str


class DisplayCall(Schema):
    id: int
    number: str
    desk: str
    at: str
    current: bool


class DisplayOut(Schema):
    office: str
    last_call: int
    calls: list[DisplayCall]
    waiting: list[str]


def _out(visit: Visit) -> VisitOut:
    visit = Visit.objects.select_related("office", "service", "desk").get(pk=visit.pk)
    return VisitOut(
        id=visit.pk,
        number=visit.number,
        office=visit.office.code,
        service=visit.service.name,
        service_id=visit.service_id,
        state=visit.state,
        priority=visit.priority,
        checked_in_at=visit.checked_in_at,
        called_at=visit.called_at,
        desk=visit.desk.name if visit.desk_id else None,
        customer_id=visit.customer_id,
        version=visit.version,
    )


@router.post("/offices/{office_code}/visits", response={201: VisitOut})
def visit_check_in(request, office_code: Code, payload: CheckInIn):
    require_perm(request, "frontdesk.add_visit")
    office = selectors.office_by_code(code=office_code)
    visit = checkin.visit_check_in(actor=request.user, office_id=office.pk, **payload.model_dump())
    return Status(201, _out(visit))


@router.get("/offices/{office_code}/display", response=DisplayOut)
def office_display(request, office_code: Code):
    """What the office's waiting-room display shows: the latest calls and the numbers waiting."""
    require_perm(request, "frontdesk.view_visit")
    return selectors.display_state(office=selectors.office_by_code(code=office_code))


@router.post("/appointments", response={201: AppointmentOut})
def appointment_book(request, payload: AppointmentIn):
    require_perm(request, "frontdesk.add_appointment")
    booked = appointments.appointment_book(actor=request.user, **payload.model_dump())
    return Status(201, booked)


@router.post("/desks/{int:desk_id}/next", response=VisitOut)
def desk_call_next(request, desk_id: int):
    """Call the next visitor to the desk (the caller must be signed in to it); 404 when no one waits."""
    require_perm(request, "frontdesk.work_desk")
    return _out(queue.visitor_call_next(actor=request.user, desk_id=desk_id))


@router.post("/desks/{int:desk_id}/sign-in", response=dict[str, int])
def desk_sign_in(request, desk_id: int):
    require_perm(request, "frontdesk.work_desk")
    desk = queue.desk_sign_in(actor=request.user, desk_id=desk_id)
    return {"desk_id": desk.pk}


@router.post("/visits/{int:visit_id}/moves", response=VisitOut)
def visit_move(request, visit_id: int, payload: MoveIn):
    """One move on the visitor at the desk; a visit another desk has moved meanwhile is a 409."""
    require_perm(request, "frontdesk.work_desk")
    data = payload.model_dump()
    visit = queue.visit_move(
        actor=request.user,
        visit_id=visit_id,
        move=data["move"],
        desk_id=data["desk_id"],
        version=data["version"],
        service_id=data["service_id"],
        outcome=data["outcome"],
    )
    return _out(visit)
