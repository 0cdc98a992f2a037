"""The materials' part of the start page: for those who manage the materials (the info specialist,
the leads), every office still holding an edition replaced centrally; for front-desk staff, their
own office's. An item stays until the office records the current edition."""

from django.urls import reverse
from django.utils.translation import gettext as _

from teenindus.core import startpage
from teenindus.frontdesk.selectors import office_of_user
from teenindus.materials import selectors

SHOWN = 10


def _item(holding) -> startpage.Item:
    held = holding.edition.label if holding.edition_id else _("none recorded")
    return startpage.Item(
        label=f"{holding.office.name}: {holding.material.name}",
        url=reverse("materials:office", args=[holding.office_id]),
        detail=_("holds %(held)s, current %(current)s")
        % {"held": held, "current": holding.material.current_edition.label},
    )


@startpage.provider("materials", order=45)
def materials_work(ctx) -> list[startpage.Section]:
    user = ctx.actor
    if selectors.may_manage(user):
        rows, total = selectors.outdated_holdings(limit=SHOWN)
        url = reverse("materials:index")
    elif user.has_perm(selectors.CHECK):
        office = office_of_user(user)
        if office is None:
            return []
        rows, total = selectors.outdated_holdings(office=office, limit=SHOWN)
        url = reverse("materials:office", args=[office.pk])
    else:
        return []
    if not rows:
        return []
    return [
        startpage.Section(
            key="materials-outdated",
            title=_("Offices holding a replaced edition"),
            url=url,
            items=[_item(h) for h in rows],
            more=total - len(rows),
        )
    ]
