"""The knowledge base's parts of other apps' pages (contact, ticket), as inclusion tags: the other
apps' views stay as they are and import nothing of the knowledge base."""

from django import template

from teenindus.knowledge import selectors
from teenindus.knowledge.models import Guide, GuideStatus
from teenindus.knowledge.services import SOLVED_TICKET_STATES

register = template.Library()
CHOICES = 50


@register.inclusion_tag("knowledge/contact_guides.html", takes_context=True)
def contact_guides(context, contact):
    """The guides linked to a contact, a form to link the one that solved it, and (for a writer) a
    draft guide from the contact. The page itself has checked that the user may see the contact."""
    user = context["request"].user
    if not user.has_perm(selectors.READ):
        return {"shown": False}
    uses = selectors.guide_uses_for_contact(contact_id=contact.pk)
    linked = {use.guide_id for use in uses}
    choices = [
        g
        for g in selectors.guides_for_desk(user=user, queue_id=None, topic_id=contact.topic_id, limit=CHOICES)
    ]
    if not choices:
        choices = list(Guide.objects.filter(status=GuideStatus.PUBLISHED).only("pk", "title")[:CHOICES])
    return {
        "shown": True,
        "contact": contact,
        "uses": uses,
        "choices": [g for g in choices if g.pk not in linked],
        "may_link": user.has_perm(selectors.LINK),
        "may_draft": selectors.may_write(user),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("knowledge/ticket_draft.html", takes_context=True)
def ticket_guide_draft(context, ticket):
    """A solved ticket offers a draft guide to a writer who sees it (the ticket page's scope)."""
    user = context["request"].user
    return {
        "shown": selectors.may_write(user) and ticket.state in SOLVED_TICKET_STATES,
        "ticket": ticket,
        "csrf_token": context.get("csrf_token"),
    }
