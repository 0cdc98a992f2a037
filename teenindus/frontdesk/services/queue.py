"""The desk: sign in, call the next visitor, and the moves on the visitor in front of it.

Two desks pressing "call next" at the same moment never get the same visitor:
- PostgreSQL: the first waiting visit is taken with SELECT ... FOR UPDATE SKIP LOCKED, so a desk
  passes over a visit another desk is taking and takes the next one;
- SQLite (no row locks): the candidate is claimed with one conditional UPDATE (state still
  "waiting"); a desk that lost the claim re-reads and claims the next candidate.
Row locks take the row itself only (`of=("self",)`, no default ordering): a desk's lock that
joined the office (Desk's ordering) would lock the office row and make every desk wait for the
others (bench/frontdesk.py found it). Every move on a visit locks its row and checks, under the
lock, that the table of moves allows it from the state the visit is in now: a visitor another
desk has served meanwhile is a 409.
"""

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.audit.services import change_record
from teenindus.contacts.models import Channel, Outcome
from teenindus.contacts.services import contact_record
from teenindus.core.exceptions import (
    ConcurrentEditError,
    ConflictError,
    NotFound,
    PermissionDeniedError,
    ValidationFailed,
)
from teenindus.frontdesk.models import Desk, Visit, VisitEvent
from teenindus.frontdesk.moves import AT_DESK, MOVES, STATE_CHOICES, State
from teenindus.frontdesk.services.checkin import service_of_office

WORK = "frontdesk.work_desk"
CLAIM_TRIES = 50


def _desk_lock(desk_id) -> Desk:
    desk = (
        Desk.objects.select_for_update(of=("self",)).filter(pk=desk_id, is_active=True).order_by().first()
        if desk_id
        else None
    )
    if desk is None:
        raise NotFound(_("No such desk."), field="desk")
    return desk


def _at_desk_check(*, actor, desk: Desk) -> None:
    if not actor.has_perm(WORK):
        raise PermissionDeniedError(_("Your role does not allow this."))
    if desk.specialist_id != actor.pk:
        raise PermissionDeniedError(_("Sign in to this desk first."), field="desk")


def _event(visit: Visit, *, actor, kind: str, old: str, desk: Desk | None, at, changes=None) -> None:
    VisitEvent.objects.create(
        visit=visit,
        office_id=visit.office_id,
        at=at,
        actor=actor,
        kind=kind,
        from_state=old,
        to_state=visit.state,
        desk=desk,
        changes=changes or {},
    )


def _desks_lock(desk_ids) -> dict[int, Desk]:
    """Lock several desks' rows in the order of their ids (every caller the same order: no
    deadlock between two sign-ins that lock the same two desks)."""
    locked = Desk.objects.select_for_update(of=("self",)).filter(pk__in=desk_ids).order_by("pk")
    return {desk.pk: desk for desk in locked}


def _visitor_at(desk: Desk) -> Visit | None:
    return Visit.objects.filter(desk=desk, state__in=AT_DESK).order_by().first()


@transaction.atomic
def desk_sign_in(*, actor, desk_id: int) -> Desk:
    """The specialist takes the desk and leaves any other desk they were signed in to.

    Refused (409) while another specialist has a visitor at the desk (called or being served), and
    while the actor's own other desk has a visitor at it (finish first, as when signing out). An
    empty desk someone forgot to leave may be taken over. The desks are locked together in id order
    and everything is checked under the locks."""
    if not actor.has_perm(WORK):
        raise PermissionDeniedError(_("Your role does not allow this."))
    if not desk_id:
        raise NotFound(_("No such desk."), field="desk")
    for _try in range(CLAIM_TRIES):
        own = set(Desk.objects.filter(specialist=actor).exclude(pk=desk_id).values_list("pk", flat=True))
        desks = _desks_lock({desk_id, *own})
        own_now = {pk for pk, d in desks.items() if d.specialist_id == actor.pk and pk != desk_id}
        # Signed in to yet another desk between the read and the locks (a second tab): again.
        if not Desk.objects.filter(specialist=actor).exclude(pk__in=[desk_id, *own_now]).exists():
            break
    else:
        raise ConflictError(_("Many desks are changing at once: press again."), field="desk")
    desk = desks.get(desk_id)
    if desk is None or not desk.is_active:
        raise NotFound(_("No such desk."), field="desk")
    if desk.specialist_id == actor.pk:
        return desk
    if desk.specialist_id is not None and _visitor_at(desk) is not None:
        raise ConflictError(
            _("%(name)s is serving a visitor at this desk: wait until they have finished.")
            % {"name": desk.specialist.get_full_name() or desk.specialist.get_username()},
            field="desk",
        )
    for pk in sorted(own_now):
        if _visitor_at(desks[pk]) is not None:
            raise ConflictError(
                _("Finish with the visitor at %(desk)s first.") % {"desk": desks[pk].name}, field="desk"
            )
    for pk in sorted(own_now):
        old = desks[pk]
        old.specialist = None
        old.signed_in_at = None
        old.save(update_fields=["specialist", "signed_in_at", "updated_at"])
        change_record(
            actor=actor, instance=old, event="desk.signed_out", changes={"specialist": [actor.pk, None]}
        )
    previous = desk.specialist_id
    desk.specialist = actor
    desk.signed_in_at = timezone.now()
    desk.save(update_fields=["specialist", "signed_in_at", "updated_at"])
    change_record(
        actor=actor, instance=desk, event="desk.signed_in", changes={"specialist": [previous, actor.pk]}
    )
    return desk


@transaction.atomic
def desk_sign_out(*, actor, desk_id: int) -> Desk:
    desk = _desk_lock(desk_id)
    _at_desk_check(actor=actor, desk=desk)
    if Visit.objects.filter(desk=desk, state__in=AT_DESK).exists():
        raise ConflictError(_("Finish with the visitor at the desk first."), field="desk")
    desk.specialist = None
    desk.signed_in_at = None
    desk.save(update_fields=["specialist", "signed_in_at", "updated_at"])
    change_record(
        actor=actor, instance=desk, event="desk.signed_out", changes={"specialist": [actor.pk, None]}
    )
    return desk


def waiting_order(office) -> list:
    """Appointments and special needs first where the office says so, then by check-in time."""
    if office.priority_first:
        return [F("priority").desc(), "checked_in_at", "pk"]
    return ["checked_in_at", "pk"]


def _claim(candidates, *, desk: Desk, actor, now) -> Visit | None:
    if connection.features.has_select_for_update_skip_locked:
        visit = candidates.select_for_update(skip_locked=True, of=("self",)).first()
        if visit is None:
            return None
        visit.state = State.CALLED
        visit.desk = desk
        visit.served_by = actor
        visit.called_at = now
        visit.version += 1
        visit.save(update_fields=["state", "desk", "served_by", "called_at", "version", "updated_at"])
        return visit
    for _try in range(CLAIM_TRIES):
        candidate = candidates.values_list("pk", flat=True).first()
        if candidate is None:
            return None
        claimed = Visit.objects.filter(pk=candidate, state=State.WAITING).update(
            state=State.CALLED,
            desk=desk,
            served_by=actor,
            called_at=now,
            version=F("version") + 1,
            updated_at=now,
        )
        if claimed:  # re-read: the row as this desk's claim left it
            return Visit.objects.get(pk=candidate, state=State.CALLED, desk=desk)
    raise ConflictError(_("Many desks are calling at once: press again."), field="desk")


@transaction.atomic
def visitor_call_next(*, actor, desk_id: int) -> Visit:
    """Call the next waiting visitor of the services the desk serves, for the signed-in specialist."""
    desk = _desk_lock(desk_id)
    _at_desk_check(actor=actor, desk=desk)
    current = Visit.objects.filter(desk=desk, state__in=AT_DESK).first()
    if current is not None:
        raise ConflictError(_("Finish with %(number)s first.") % {"number": current.number}, field="desk")
    service_ids = list(desk.services.filter(is_active=True).values_list("pk", flat=True))
    if not service_ids:
        raise ValidationFailed(_("This desk serves no service: choose its services first."), field="services")
    now = timezone.now()
    candidates = Visit.objects.filter(
        office_id=desk.office_id,
        local_date=timezone.localdate(now),
        state=State.WAITING,
        service_id__in=service_ids,
    ).order_by(*waiting_order(desk.office))
    visit = _claim(candidates, desk=desk, actor=actor, now=now)
    if visit is None:
        raise NotFound(_("No one is waiting for this desk's services."), field="queue")
    _event(visit, actor=actor, kind="call", old=State.WAITING, desk=desk, at=now)
    return visit


def _visit_lock(visit_id, *, version: int | None) -> Visit:
    visit = (
        Visit.objects.select_for_update(of=("self",))
        .select_related("service")
        .filter(pk=visit_id)
        .order_by()
        .first()
        if visit_id
        else None
    )
    if visit is None:
        raise NotFound(_("No such visit."), field="visit")
    if version is not None and visit.version != version:
        raise ConcurrentEditError(
            _("This visit changed meanwhile (another desk?). Nothing was saved: look at it again."),
            field="version",
            extra={"current_version": visit.version},
        )
    return visit


STATE_LABELS = dict(STATE_CHOICES)


@transaction.atomic
def visit_move(
    *,
    actor,
    visit_id: int,
    move: str,
    desk_id: int,
    version: int | None = None,
    service_id: int | None = None,
    outcome: str = Outcome.SOLVED,
) -> Visit:
    """Make one move of the table on the visitor at the desk: call again, start, served (recorded as
    a contact in the customer's history, handled by the desk's specialist), did not come, or
    redirect to another service (back to waiting, the original check-in time kept)."""
    if move not in MOVES or move == "call":
        raise ValidationFailed(_("No such action."), field="move")
    desk = _desk_lock(desk_id)
    _at_desk_check(actor=actor, desk=desk)
    visit = _visit_lock(visit_id, version=version)
    rule = MOVES[move]
    if visit.state not in rule.sources or visit.desk_id != desk.pk:
        raise ConflictError(
            _("%(number)s is no longer at your desk: %(state)s.")
            % {"number": visit.number, "state": STATE_LABELS[visit.state]},
            field="visit",
        )
    if move == "serve" and outcome not in (Outcome.SOLVED, Outcome.REFERRED):
        raise ValidationFailed(_("Choose the outcome."), field="outcome")
    now = timezone.now()
    old = visit.state
    fields = ["state", "version", "updated_at"]
    changes: dict = {}
    if move == "redirect":
        target = service_of_office(office_id=visit.office_id, service_id=service_id)
        if target.pk == visit.service_id:
            raise ValidationFailed(_("Choose another service than the current one."), field="service")
        changes["service"] = [visit.service.prefix, target.prefix]
        visit.service = target
        visit.desk = None
        visit.served_by = None
        visit.called_at = None
        fields += ["service", "desk", "served_by", "called_at"]
    elif move in ("serve", "no_show"):
        visit.finished_at = now
        fields.append("finished_at")
    if move == "serve":
        contact = contact_record(
            actor=actor,
            channel=Channel.VISIT,
            topic_id=visit.service.topic_id,
            outcome=outcome,
            customer_id=visit.customer_id,
            note=visit.note,
            occurred_at=now,
        )
        visit.contact = contact
        fields.append("contact")
        changes["outcome"] = [None, outcome]
    visit.state = rule.target
    visit.version += 1
    visit.save(update_fields=fields)
    _event(visit, actor=actor, kind=move, old=old, desk=desk, at=now, changes=changes)
    return visit
