"""Reads of meetings. Names of attendees, organisers and recipients are employees' personal data:
every selector that returns them writes the access log (one row per employee shown).

Scope: a lead (meetings.change_meeting) sees every meeting; anyone else sees the meetings they
attended, organised or were sent the summary of. Out of scope is "not found"."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from teenindus.accounts import roles
from teenindus.audit.context import AccessContext
from teenindus.audit.services import access_log_record
from teenindus.core.exceptions import NotFound
from teenindus.core.ids import id_ok
from teenindus.meetings.models import Meeting, SummaryReceipt
from teenindus.org.models import Employee, Unit
from teenindus.org.selectors import employments_current

LEAD = "meetings.change_meeting"
# The "other team leads" a summary goes to: the roles that lead customer-service teams.
LEAD_ROLES = (roles.TEAM_LEAD, roles.SERVICE_MANAGER)


# The largest id the databases hold (a signed 64-bit integer); a larger one in a URL is "not found",
# never an OverflowError from the database driver.
def id_check(*ids) -> None:
    """Refuse (not found) an id no row can have, before it reaches the database."""
    for value in ids:
        if not id_ok(value):
            raise NotFound(_("No such meeting."), field="meeting")


def is_lead(user) -> bool:
    return user.has_perm(LEAD)


def may_edit(user, meeting: Meeting) -> bool:
    """Who edits a meeting (its content, files and linked guides): its organiser, and an
    administrator (superuser) who stands in for an organiser who has left. Other leads read it."""
    return is_lead(user) and (meeting.organiser_id == user.pk or user.is_superuser)


def people_logged(*, ctx: AccessContext, users, action: str) -> None:
    """Log a look at these users' employee records (users without one are no employee data)."""
    ids = [u.pk for u in users if u is not None]
    if not ids:
        return
    employee_ids = list(Employee.objects.filter(user_id__in=ids).values_list("pk", flat=True))
    access_log_record(ctx=ctx, employee_ids=sorted(employee_ids), action=action)


def _visible(user):
    if is_lead(user):
        return Meeting.objects.all()
    return Meeting.objects.filter(
        Q(organiser=user) | Q(attendees=user) | Q(receipts__recipient=user)
    ).distinct()


def meetings_list(*, ctx: AccessContext, limit: int = 200) -> list[Meeting]:
    rows = list(_visible(ctx.actor).select_related("organiser", "unit")[:limit])
    people_logged(ctx=ctx, users=[m.organiser for m in rows], action="meetings")
    return rows


def meeting_get(*, ctx: AccessContext, meeting_id: int, log: bool = True) -> Meeting:
    id_check(meeting_id)
    meeting = (
        _visible(ctx.actor)
        .select_related("organiser", "unit")
        .prefetch_related("attendees", "guides", "decisions", "files")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise NotFound(_("No such meeting."), field="meeting")
    if log:
        people_logged(ctx=ctx, users=[meeting.organiser, *meeting.attendees.all()], action="meeting")
    return meeting


@dataclass
class Readers:
    read: list  # receipts with read_at, earliest first
    unread: list  # receipts not yet confirmed
    total: int


def meeting_readers(*, ctx: AccessContext, meeting: Meeting) -> Readers | None:
    """Who has confirmed reading the summary (with when) and who has not — for the leads only."""
    if not is_lead(ctx.actor) and meeting.organiser_id != ctx.actor.pk:
        return None
    receipts = list(
        SummaryReceipt.objects.filter(meeting=meeting)
        .select_related("recipient")
        .order_by("recipient__last_name", "recipient__first_name", "recipient_id")
    )
    people_logged(ctx=ctx, users=[r.recipient for r in receipts], action="meeting_readers")
    read = sorted((r for r in receipts if r.read_at), key=lambda r: r.read_at)
    unread = [r for r in receipts if not r.read_at]
    return Readers(read=read, unread=unread, total=len(receipts))


def meeting_file_get(*, meeting: Meeting, file_id: int):
    id_check(file_id)
    stored = meeting.files.filter(pk=file_id).first()
    if stored is None:
        raise NotFound(_("No such file."), field="file")
    return stored


def receipt_of(*, user, meeting: Meeting) -> SummaryReceipt | None:
    return SummaryReceipt.objects.filter(meeting=meeting, recipient=user).first()


def unit_staff_users(*, unit: Unit):
    """Users holding a current position in the unit or any unit below it."""
    unit_ids = {unit.pk}
    frontier = [unit.pk]
    while frontier:
        frontier = list(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in frontier if pk not in unit_ids]
        unit_ids.update(frontier)
    employee_users = employments_current().filter(position__unit_id__in=unit_ids).values("employee__user_id")
    return get_user_model().objects.filter(pk__in=employee_users, is_active=True)


def summary_recipients(*, meeting: Meeting) -> list:
    """Who the summary goes to: the staff of the meeting's unit (and the units below it) and every
    other customer-service lead (team leads and service managers), never the organiser; only those
    whose role reads meetings (a second-level specialist or an HR partner in the unit is not sent it)."""
    User = get_user_model()
    staff = unit_staff_users(unit=meeting.unit).values("pk")
    leads = User.objects.filter(groups__name__in=LEAD_ROLES, is_active=True).values("pk")
    # Only those whose role reads meetings (they open the summary and confirm it).
    readers = User.objects.filter(
        Q(is_superuser=True)
        | Q(
            groups__permissions__codename="view_meeting",
            groups__permissions__content_type__app_label="meetings",
        )
    ).values("pk")
    return list(
        User.objects.filter(Q(pk__in=staff) | Q(pk__in=leads))
        .filter(pk__in=readers)
        .exclude(pk=meeting.organiser_id)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def mail_address(user) -> str:
    """The user's e-mail, else their employee record's (the staff directory's address)."""
    if user.email:
        return user.email
    employee = Employee.objects.filter(user=user).only("email").first()
    return employee.email if employee else ""


def summary_recipients_shown(*, ctx: AccessContext, meeting: Meeting) -> list:
    users = summary_recipients(meeting=meeting)
    people_logged(ctx=ctx, users=users, action="meeting_recipients")
    for user in users:
        user.mail_address = mail_address(user)
    return users


def summaries_unread(*, user, limit: int = 10) -> tuple[list[SummaryReceipt], int]:
    """The summaries sent to the user that they have not confirmed reading, newest meeting first.
    (No person's data: the start page shows the meeting, not who organised it.)"""
    rows = SummaryReceipt.objects.filter(recipient=user, read_at__isnull=True).select_related("meeting")
    rows = rows.order_by("-meeting__starts_at", "-meeting_id")
    return list(rows[:limit]), rows.count()


def lead_unread_counts(*, user, limit: int = 5) -> list[tuple[Meeting, int, int]]:
    """The organiser's sent summaries that someone has not read yet: (meeting, unread, total), in
    one query."""
    rows = (
        Meeting.objects.filter(organiser=user, summary_sent_at__isnull=False)
        .annotate(total=Count("receipts"), unread=Count("receipts", filter=Q(receipts__read_at__isnull=True)))
        .filter(unread__gt=0)
        .order_by("-starts_at", "-pk")[:limit]
    )
    return [(meeting, meeting.unread, meeting.total) for meeting in rows]


def units_for_meetings():
    return Unit.objects.order_by("name")
