"""The workforce's part of the start page: for anyone with published shifts, their next ones
within two weeks (a roster is published a week or more ahead; the first seven are listed), as
published (changes not yet published are not shown); for a planner, the rosters of their teams
solved but never published, or that could not be solved."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.core import startpage
from teenindus.workforce import scope
from teenindus.workforce import selectors_roster as sel

DAYS_AHEAD = 14
SHOWN = 7


def _marks(shift) -> str:
    marks = []
    if shift.on_holiday:
        marks.append(_("public holiday"))
    if shift.night_minutes:
        marks.append(_("night work %(m)s min") % {"m": shift.night_minutes})
    return ", ".join(marks)


@startpage.provider("workforce", order=30)
def workforce_work(ctx) -> list[startpage.Section]:
    user = ctx.actor
    sections = []
    if user.has_perm("workforce.view_shift"):
        today = timezone.localdate()
        employee = scope.own_employee(user)
        shifts = sel.published_shifts(employee, first=today, last=today + timedelta(days=DAYS_AHEAD - 1))
        if shifts:
            url = reverse("workforce:roster_my_shifts")
            sections.append(
                startpage.Section(
                    key="workforce-my-shifts",
                    title=_("Your shifts"),
                    url=url,
                    items=[
                        startpage.Item(
                            label=f"{s.day:%d.%m.%Y} {s.label}",
                            url=url,
                            detail=_marks(s),
                        )
                        for s in shifts[:SHOWN]
                    ],
                    more=max(0, len(shifts) - SHOWN),
                )
            )
    pending = sel.planner_rosters_pending(user)
    if pending:
        sections.append(
            startpage.Section(
                key="workforce-rosters",
                title=_("Rosters to publish or fix"),
                url=reverse("workforce:roster_list"),
                items=[
                    startpage.Item(
                        label=f"{r.unit.name} {r.first_day:%d.%m.%Y}",
                        url=reverse("workforce:roster_detail", args=[r.pk]),
                        detail=r.get_status_display(),
                        overdue=r.status == r.Status.FAILED,
                    )
                    for r in pending
                ],
            )
        )
    return sections
