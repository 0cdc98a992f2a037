"""Writes of the knowledge base: guides and their versions, publishing, attachments, the link of
a guide to the contact it solved, and drafts made from a contact or a solved ticket.

Every save of the text is a new version; the writer names the version they edited and a save
over a newer one is refused (ConcurrentEditError), never an overwrite. Scope: a draft is its
owner's; any writer edits a published or archived guide."""

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.audit.context import AccessContext
from teenindus.core.exceptions import ConcurrentEditError, NotFound, PermissionDeniedError, ValidationFailed
from teenindus.core.uploads import upload_check
from teenindus.knowledge import search
from teenindus.knowledge.models import Guide, GuideAttachment, GuideStatus, GuideUse, GuideVersion
from teenindus.knowledge.selectors import LINK, READ, guides_visible, may_edit, may_write

ATTACHMENT_MAX_BYTES = getattr(settings, "GUIDE_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)

# The one table of a guide's state moves: move -> (from states, to state).
MOVES = {
    "publish": (frozenset({GuideStatus.DRAFT, GuideStatus.ARCHIVED}), GuideStatus.PUBLISHED),
    "archive": (frozenset({GuideStatus.DRAFT, GuideStatus.PUBLISHED}), GuideStatus.ARCHIVED),
}
# A ticket counts as solved from second level's "solved" on.
SOLVED_TICKET_STATES = ("solved", "delivered", "closed")


def _clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationFailed(_("A guide needs a title."), field="title")
    if len(title) > 200:
        raise ValidationFailed(_("The title is longer than 200 characters."), field="title")
    return title


def guide_index(*, guide: Guide, analyser: str = search.CHOSEN) -> None:
    """Store the search terms of the guide's version in force (title, topics, body)."""
    version = guide.versions.get(number=guide.current_number)
    topics = [str(topic) for topic in guide.topics.select_related("parent")]
    guide.title_terms, guide.search_terms = search.guide_terms(
        title=version.title, body=version.body, topics=topics, analyser=analyser
    )
    Guide.objects.filter(pk=guide.pk).update(title_terms=guide.title_terms, search_terms=guide.search_terms)
    search.vectors_refresh(Guide.objects.filter(pk=guide.pk))


def guides_reindex(*, analyser: str = search.CHOSEN) -> int:
    """Every guide's terms again (after a change of analyser); how many."""
    count = 0
    for guide in Guide.objects.all().iterator():
        guide_index(guide=guide, analyser=analyser)
        count += 1
    return count


@transaction.atomic
def guide_create(
    *,
    actor,
    title: str,
    body: str,
    topics=(),
    queues=(),
    review_date: date | None = None,
    owner=None,
    source_contact=None,
    source_ticket=None,
) -> Guide:
    """A new guide as a draft of `owner` (the writer by default), version 1."""
    title = _clean_title(title)
    guide = Guide.objects.create(
        title=title,
        status=GuideStatus.DRAFT,
        owner=owner or actor,
        review_date=review_date,
        source_contact=source_contact,
        source_ticket=source_ticket,
    )
    guide.topics.set(topics)
    guide.queues.set(queues)
    GuideVersion.objects.create(guide=guide, number=1, title=title, body=body or "", author=actor)
    guide_index(guide=guide)
    return guide


def guide_draft_create(
    *, actor, title: str, body: str, topics=(), source_contact=None, source_ticket=None
) -> Guide:
    """A draft guide in one step, keeping the link to the contact or ticket it came from.

    The draft belongs to `actor` until it is published; version 1 holds the text. A contact or a
    ticket gives one guide: when one was made from it before (or by a request at the same moment),
    that guide is returned and nothing new is made."""
    guide, _created = guide_draft_get_or_create(
        actor=actor,
        title=title,
        body=body,
        topics=topics,
        source_contact=source_contact,
        source_ticket=source_ticket,
    )
    return guide


def _from_source(*, source_contact=None, source_ticket=None) -> Guide | None:
    if source_contact is not None:
        return Guide.objects.filter(source_contact=source_contact).order_by("pk").first()
    if source_ticket is not None:
        return Guide.objects.filter(source_ticket=source_ticket).order_by("pk").first()
    return None


def guide_draft_get_or_create(
    *, actor, title: str, body: str, topics=(), source_contact=None, source_ticket=None
) -> tuple[Guide, bool]:
    """(guide, created): the guide made from this contact or ticket, made now as a draft when
    there is none. The unique constraints on the source decide between requests at once."""
    existing = _from_source(source_contact=source_contact, source_ticket=source_ticket)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            guide = guide_create(
                actor=actor,
                title=(title or "").strip()[:200] or _("Draft guide"),
                body=body,
                topics=topics,
                source_contact=source_contact,
                source_ticket=source_ticket,
            )
    except IntegrityError:
        existing = _from_source(source_contact=source_contact, source_ticket=source_ticket)
        if existing is None:
            raise
        return existing, False
    return guide, True


def _locked(actor, guide_id: int) -> Guide:
    guide = guides_visible(user=actor).select_for_update().filter(pk=guide_id).first()
    if guide is None:
        raise NotFound(_("No such guide."), field="id")
    if not may_edit(user=actor, guide=guide):
        raise PermissionDeniedError(_("You may not change this guide."))
    return guide


@transaction.atomic
def guide_update(
    *,
    actor,
    guide_id: int,
    version: int,
    title: str,
    body: str,
    topics=(),
    queues=(),
    review_date: date | None = None,
    owner=None,
    note: str = "",
) -> Guide:
    """Save the guide's text as a new version. `version` is the number the writer edited: when
    someone saved a newer one meanwhile, ConcurrentEditError and nothing changes."""
    title = _clean_title(title)
    guide = _locked(actor, guide_id)
    if guide.current_number != version:
        raise ConcurrentEditError(
            _(
                "Someone saved version %(current)s of this guide while you were editing version "
                "%(yours)s. Open the guide again and make your changes to the new version."
            )
            % {"current": guide.current_number, "yours": version},
            field="version",
        )
    guide.current_number += 1
    guide.title = title
    guide.review_date = review_date
    if owner is not None:
        guide.owner = owner
    guide.save(update_fields=["current_number", "title", "review_date", "owner", "updated_at"])
    guide.topics.set(topics)
    guide.queues.set(queues)
    GuideVersion.objects.create(
        guide=guide, number=guide.current_number, title=title, body=body or "", author=actor, note=note[:300]
    )
    guide_index(guide=guide)
    return guide


@transaction.atomic
def guide_move(*, actor, guide_id: int, move: str) -> Guide:
    """Publish or archive a guide (MOVES); a move from a state it does not start in is refused."""
    if move not in MOVES:
        raise ValidationFailed(_("Unknown action."), field="move")
    guide = _locked(actor, guide_id)
    sources, target = MOVES[move]
    if guide.status not in sources:
        raise ValidationFailed(
            _("A guide that is %(status)s cannot be changed this way.")
            % {"status": guide.get_status_display()},
            field="move",
        )
    guide.status = target
    fields = ["status", "updated_at"]
    if target == GuideStatus.PUBLISHED:
        guide.published_at = timezone.now()
        fields.append("published_at")
    guide.save(update_fields=fields)
    return guide


@transaction.atomic
def guide_attachment_add(*, actor, guide_id: int, name: str, data: bytes) -> GuideAttachment:
    """A file to the guide, its kind checked by its content (a file that is not what its name says
    is refused and nothing is saved)."""
    guide = _locked(actor, guide_id)
    kind = upload_check(name=name, data=data, max_bytes=ATTACHMENT_MAX_BYTES)
    return GuideAttachment.objects.create(
        guide=guide,
        name=name[:200],
        content_type=kind.content_type,
        size=len(data),
        data=data,
        added_by=actor,
    )


def guide_use_link(*, actor, guide_id: int, contact_id: int) -> tuple[GuideUse, bool]:
    """Record that a guide solved a contact; linking twice (or twice at once) keeps one link.
    (use, created). The caller has checked that the actor may see the contact."""
    if not actor.has_perm(LINK) or not actor.has_perm(READ):
        raise PermissionDeniedError(_("You may not link guides to contacts."))
    if not Guide.objects.filter(pk=guide_id, status=GuideStatus.PUBLISHED).exists():
        raise NotFound(_("No such guide."), field="guide")
    try:
        with transaction.atomic():
            return GuideUse.objects.get_or_create(
                guide_id=guide_id, contact_id=contact_id, defaults={"linked_by": actor}
            )
    except IntegrityError:
        # Another request linked the same pair between our read and our insert.
        return GuideUse.objects.get(guide_id=guide_id, contact_id=contact_id), False


def _draft_body(lines: list[tuple[str, str]]) -> str:
    return "\n\n".join(f"**{label}:** {text}" for label, text in lines if text)


def guide_draft_from_contact(*, ctx: AccessContext, contact_id: int) -> tuple[Guide, bool]:
    """A draft guide from a contact the writer may see (the contacts selector decides, and logs
    the look at the customer); the draft keeps the link but no personal data. (guide, created):
    one guide per contact, the one made before when there is one."""
    from teenindus.contacts.selectors import contact_get

    actor = ctx.actor
    if not may_write(actor) or not actor.has_perm("contacts.view_contact"):
        raise PermissionDeniedError(_("You may not write guides."))
    contact = contact_get(ctx=ctx, contact_id=contact_id)
    body = _draft_body(
        [
            (_("Topic"), str(contact.topic)),
            (_("Situation"), _("Describe the case without the customer's personal data.")),
            (_("Solution"), ""),
        ]
    )
    return guide_draft_get_or_create(
        actor=actor,
        title=_("Case: %(topic)s") % {"topic": contact.topic.name},
        body=body,
        topics=[contact.topic_id],
        source_contact=contact,
    )


def guide_draft_from_ticket(*, ctx: AccessContext, ticket_id: int) -> tuple[Guide, bool]:
    """A draft guide from a solved ticket the writer may see (the tickets selector's scope); the
    ticket's summary and description become the draft's text, its contact's topic its topic.
    (guide, created): one guide per ticket, the one made before when there is one."""
    from teenindus.tickets.selectors import ticket_get

    actor = ctx.actor
    if not may_write(actor):
        raise PermissionDeniedError(_("You may not write guides."))
    ticket = ticket_get(ctx=ctx, ticket_id=ticket_id)
    if ticket.state not in SOLVED_TICKET_STATES:
        raise ValidationFailed(_("Only a solved ticket can become a guide."), field="ticket")
    topics = [ticket.contact.topic_id] if ticket.contact_id else []
    body = _draft_body(
        [
            (_("Question"), ticket.description),
            (_("Solution"), _("Write the solution second level gave, without the customer's personal data.")),
        ]
    )
    return guide_draft_get_or_create(
        actor=actor, title=ticket.summary, body=body, topics=topics, source_ticket=ticket
    )
