"""The register's part of the start page: the user's documents past or near their reply deadline
and what is forwarded to them and open; for a lead, the same for each of their units."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from teenindus.core import startpage
from teenindus.registry import selectors
from teenindus.registry.scope import OVERSEE

SHOWN = 10


def _party(doc) -> str:
    return doc.party_customer.name if doc.party_customer_id else doc.party_name


def _doc_item(doc) -> startpage.Item:
    detail = [
        doc.doc_type.name,
        _party(doc),
        _("due %(date)s") % {"date": date_format(doc.deadline, "SHORT_DATE_FORMAT")},
    ]
    return startpage.Item(
        label=f"{doc.number} {doc.title}",
        url=reverse("registry:detail", args=[doc.pk]),
        detail=" · ".join(part for part in detail if part),
        overdue=doc.is_overdue,
    )


def _forwarding_item(forwarding) -> startpage.Item:
    doc = forwarding.document
    detail = [_party(doc), _("due %(date)s") % {"date": date_format(forwarding.due, "SHORT_DATE_FORMAT")}]
    return startpage.Item(
        label=f"{doc.number} {doc.title}",
        url=reverse("registry:forwarding_reply", args=[forwarding.pk]),
        detail=" · ".join(part for part in detail if part),
        overdue=forwarding.is_overdue,
    )


def _sections(key: str, title: str, lists, url: str, *, quiet: bool = False) -> list[startpage.Section]:
    """`quiet`: the sections hide when empty (for those who only read the register)."""
    documents = lists.overdue + lists.soon
    return [
        startpage.Section(
            key=f"{key}-due",
            title=title,
            url=url,
            items=[_doc_item(d) for d in documents[:SHOWN]],
            more=lists.overdue_total + lists.soon_total - min(len(documents), SHOWN),
            empty="" if quiet else _("No document is overdue or due soon."),
        ),
        startpage.Section(
            key=f"{key}-forwarded",
            title=_("Forwarded to answer"),
            url=url,
            items=[_forwarding_item(f) for f in lists.forwardings],
            more=lists.forwardings_total - len(lists.forwardings),
            empty="" if quiet else _("Nothing forwarded is open."),
        ),
    ]


@startpage.provider("registry", order=30)
def registry_work(ctx) -> list[startpage.Section]:
    user = ctx.actor
    if not selectors.may_read_register(user):
        return []
    sections = _sections(
        "registry-mine",
        _("My documents: deadlines"),
        selectors.documents_due_mine(ctx=ctx, limit=SHOWN),
        reverse("registry:mine"),
        quiet=not (user.has_perm("registry.change_document") or user.has_perm("registry.work_forwarding")),
    )
    if user.has_perm(OVERSEE):
        for unit in selectors.units_overseen(user=user)[:3]:
            lists = selectors.documents_due_unit(ctx=ctx, unit_id=unit.pk, limit=SHOWN)
            if lists.overdue or lists.soon or lists.forwardings:
                sections += _sections(
                    f"registry-unit-{unit.pk}",
                    _("%(unit)s: document deadlines") % {"unit": unit.name},
                    lists,
                    reverse("registry:mine") + f"?unit={unit.pk}",
                )
    return sections
