"""Who gets a ticket: by hand, or within the group by round robin or fewest open tickets.

Absent people (people.absences) are skipped; when every member is away, the ticket goes to a
member's substitute (people.substitutes_for). Picks in one group are serialised by locking the
group's row, and the counts are read again under that lock, so two tickets created at once on two
servers never both go to the member whose turn it was."""

from django.db.models import Count, Q
from django.utils import timezone

from teenindus.org.models import Employee
from teenindus.people.selectors import absent_ids, substitutes_for
from teenindus.tickets.models import GroupMember, SupportGroup, Ticket
from teenindus.tickets.moves import OPEN


def _members(group: SupportGroup) -> list[GroupMember]:
    return list(
        GroupMember.objects.filter(group=group, employee__user__is_active=True)
        .select_related("employee")
        .order_by("last_assigned_at", "pk")  # never assigned (NULL) first on both databases below
    )


def _open_counts(group: SupportGroup, employee_ids: list[int]) -> dict[int, int]:
    rows = (
        Ticket.objects.filter(assignee_id__in=employee_ids, state__in=sorted(OPEN))
        .values("assignee_id")
        .annotate(n=Count("id"))
    )
    return {r["assignee_id"]: r["n"] for r in rows}


def stand_in(employee: Employee, *, away: set[int] | None = None) -> Employee | None:
    """The employee, or their substitute when they are away today."""
    away = absent_ids(on=timezone.localdate()) if away is None else away
    if employee.pk not in away:
        return employee
    found = substitutes_for(employee=employee, away=away)
    return found[0] if found else None


def assignee_pick(group: SupportGroup, *, prefer: Employee | None = None) -> Employee | None:
    """The member the group's rule gives the next ticket to (None: manual, or nobody there).
    `prefer` (e.g. who solved a reopened ticket) gets it when present. Locks the group's row."""
    SupportGroup.objects.select_for_update().filter(pk=group.pk).first()
    away = absent_ids(on=timezone.localdate())
    members = _members(group)
    member_ids = {m.employee_id for m in members}
    if prefer is not None and prefer.pk in member_ids and prefer.pk not in away:
        chosen = next(m for m in members if m.employee_id == prefer.pk)
    elif group.assignment == SupportGroup.Assignment.MANUAL:
        return None
    else:
        present = [m for m in members if m.employee_id not in away]
        if not present:
            for member in members:
                substitute = stand_in(member.employee, away=away)
                if substitute is not None:
                    return substitute
            return None
        if group.assignment == SupportGroup.Assignment.FEWEST_OPEN:
            counts = _open_counts(group, [m.employee_id for m in present])
            chosen = min(present, key=lambda m: (counts.get(m.employee_id, 0), _turn(m)))
        else:
            chosen = min(present, key=_turn)
    GroupMember.objects.filter(pk=chosen.pk).update(last_assigned_at=timezone.now())
    return chosen.employee


def _turn(member: GroupMember):
    """Round robin order: never assigned first, then the longest ago; ties by joining order."""
    return (member.last_assigned_at is not None, member.last_assigned_at or timezone.now(), member.pk)


def absent_assignees_open() -> Q:
    return Q(state__in=sorted(OPEN), assignee_id__in=absent_ids(on=timezone.localdate()))
