"""Writes of the knowledge base."""

from django.db import transaction

from teenindus.knowledge.models import Guide, GuideStatus, GuideVersion


@transaction.atomic
def guide_draft_create(
    *, actor, title: str, body: str, topics=(), source_contact=None, source_ticket=None
) -> Guide:
    """A draft guide in one step, keeping the link to the contact or ticket it came from.

    The draft belongs to `actor` until it is published; version 1 holds the text."""
    guide = Guide.objects.create(
        title=title[:200],
        status=GuideStatus.DRAFT,
        owner=actor,
        source_contact=source_contact,
        source_ticket=source_ticket,
    )
    if topics:
        guide.topics.set(topics)
    GuideVersion.objects.create(guide=guide, number=1, title=guide.title, body=body, author=actor)
    return guide
