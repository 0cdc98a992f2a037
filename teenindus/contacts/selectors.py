from datetime import date

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from teenindus.audit.context import AccessContext
from teenindus.audit.services import access_log_record
from teenindus.contacts.models import FOLLOW_UP_OUTCOMES, Contact, Outcome, Topic
from teenindus.core.exceptions import NotFound
from teenindus.customers.models import Customer
from teenindus.people.selectors import user_ids_below

OVERSEE = "contacts.oversee_followup"


def contacts_for_customer(*, ctx: AccessContext, customer_id: int) -> list[Contact]:
    """A customer's contacts on every channel, newest first (a look at the person: logged).
    NotFound for a customer that does not exist (nothing is logged then)."""
    if not Customer.objects.filter(pk=customer_id).exists():
        raise NotFound(_("No such customer."), field="id")
    contacts = list(
        Contact.objects.filter(customer_id=customer_id).select_related("topic__parent", "handled_by")[:100]
    )
    access_log_record(ctx=ctx, customer_ids=[customer_id], action="contacts")
    return contacts


def contact_for_call(*, call_id: str) -> Contact | None:
    return (
        Contact.objects.select_related("topic__parent").filter(call_id=call_id).first() if call_id else None
    )


def topics_active() -> QuerySet[Topic]:
    return Topic.objects.filter(is_active=True).select_related("parent").order_by("parent__name", "name")


def contacts_by_topic_and_outcome(
    *, start: date, end: date, queue: str | None = None, user=None
) -> list[dict]:
    """How many contacts per topic and outcome in [start, end); each outcome also as its label in
    the active language (outcome_label)."""
    labels = dict(Outcome.choices)
    contacts = Contact.objects.filter(local_date__gte=start, local_date__lt=end)
    if queue:
        contacts = contacts.filter(queue=queue)
    if user is not None:
        contacts = contacts.filter(handled_by=user)
    rows = contacts.values("topic__name", "topic__parent__name", "outcome").annotate(n=Count("id")).order_by()
    return sorted(
        (
            {
                "topic": f"{r['topic__parent__name']} › {r['topic__name']}"
                if r["topic__parent__name"]
                else r["topic__name"],
                "outcome": r["outcome"],
                "outcome_label": str(labels.get(r["outcome"], r["outcome"])),
                "contacts": r["n"],
            }
            for r in rows
        ),
        key=lambda r: (-r["contacts"], r["topic"]),
    )


# --- follow-ups: "call back" and "escalated" contacts until someone closes them ------------------


def _open_followups() -> QuerySet[Contact]:
    return Contact.objects.filter(outcome__in=FOLLOW_UP_OUTCOMES, followup_closed_at__isnull=True)


def _team_user_ids(user) -> set[int]:
    """The users whose follow-ups a team lead oversees: the people below them in the line."""
    return user_ids_below(user=user) if user.has_perm(OVERSEE) else set()


def may_close_followup(*, user, contact: Contact) -> bool:
    """The one who handled the contact, or a team lead of theirs."""
    return contact.handled_by_id == user.pk or contact.handled_by_id in _team_user_ids(user)


def _shown(ctx: AccessContext, contacts: QuerySet[Contact], limit: int, action: str) -> tuple[list, int]:
    """At most `limit` contacts, oldest first, with how many there are; each customer shown logged."""
    contacts = contacts.select_related("customer", "topic__parent", "handled_by").order_by(
        "occurred_at", "pk"
    )
    rows = list(contacts[:limit])
    total = len(rows) if len(rows) < limit else contacts.count()
    access_log_record(ctx=ctx, customer_ids=[c.customer_id for c in rows if c.customer_id], action=action)
    return rows, total


def followups_mine(*, ctx: AccessContext, limit: int = 10) -> tuple[list[Contact], int]:
    """The user's own open follow-ups (call back, escalated), oldest first, and how many in all."""
    return _shown(ctx, _open_followups().filter(handled_by=ctx.actor), limit, "followups")


def callbacks_waiting_in_team(*, ctx: AccessContext, limit: int = 10) -> tuple[list[Contact], int]:
    """For a team lead: their people's contacts marked "call back" with no follow-up yet."""
    team = _team_user_ids(ctx.actor) - {ctx.actor.pk}
    contacts = _open_followups().filter(outcome=Outcome.CALL_BACK, handled_by_id__in=team)
    return _shown(ctx, contacts, limit, "team_followups")


def contacts_recorded_by(*, ctx: AccessContext, limit: int = 20) -> list[Contact]:
    """The user's own latest contacts, newest first (customers shown are logged)."""
    rows = list(
        Contact.objects.filter(handled_by=ctx.actor).select_related("customer", "topic__parent")[:limit]
    )
    access_log_record(ctx=ctx, customer_ids=[c.customer_id for c in rows if c.customer_id], action="contacts")
    return rows


def contact_get(*, ctx: AccessContext, contact_id: int) -> Contact:
    """One contact with its customer (a look at the customer: logged). NotFound when missing."""
    contact = (
        Contact.objects.select_related("customer", "topic__parent", "handled_by", "followup_closed_by")
        .filter(pk=contact_id)
        .first()
    )
    if contact is None:
        raise NotFound(_("No such contact."), field="id")
    if contact.customer_id:
        access_log_record(ctx=ctx, customer_ids=[contact.customer_id], action="contact")
    return contact
