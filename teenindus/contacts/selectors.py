from datetime import date

from django.db.models import Count, QuerySet

from teenindus.audit.context import AccessContext
from teenindus.audit.services import access_log_record
from teenindus.contacts.models import Contact, Topic


def contacts_for_customer(*, ctx: AccessContext, customer_id: int) -> list[Contact]:
    """A customer's contacts on every channel, newest first (a look at the person: logged)."""
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
    """How many contacts per topic and outcome in [start, end)."""
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
                "contacts": r["n"],
            }
            for r in rows
        ),
        key=lambda r: (-r["contacts"], r["topic"]),
    )
