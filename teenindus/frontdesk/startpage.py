"""The front desk's part of the start page: for whoever works at a local office's front desk, the
office's queue now (how many wait, the longest wait) and the desk they are signed in to. Numbers
only: nothing personal is read."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.core import startpage
from teenindus.frontdesk import selectors


@startpage.provider("frontdesk", order=30)
def frontdesk_work(ctx) -> list[startpage.Section]:
    user = ctx.actor
    if not user.has_perm("frontdesk.work_desk"):
        return []
    office = selectors.office_of_user(user)
    if office is None:
        return []
    now = selectors.queue_figures(office=office)
    figures = [startpage.Figure(_("Waiting now"), str(now["waiting"]))]
    if now["oldest"] is not None:
        minutes = int((timezone.now() - now["oldest"]).total_seconds() // 60)
        figures.append(startpage.Figure(_("Longest wait now, min"), str(minutes)))
    items = [
        startpage.Item(
            label=desk.name, url=reverse("frontdesk:desk", args=[desk.pk]), detail=_("You are signed in")
        )
        for desk in selectors.desks_of(office=office)
        if desk.specialist_id == user.pk
    ]
    return [
        startpage.Section(
            key="frontdesk",
            title=office.name,
            url=reverse("frontdesk:office", args=[office.code]),
            figures=figures,
            items=items,
        )
    ]
