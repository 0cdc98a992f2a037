"""Reads of the knowledge base. Guides hold no personal data; the contact and ticket they link to
are read through the contacts and tickets selectors (scope and the access log live there)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from teenindus.core.textdiff import DiffRow, lines_diff
from teenindus.knowledge import search
from teenindus.knowledge.models import Guide, GuideAttachment, GuideStatus, GuideUse, GuideVersion

READ = "knowledge.view_guide"
WRITE = "knowledge.change_guide"
LINK = "knowledge.add_guideuse"


def may_write(user) -> bool:
    return user.has_perm(WRITE)


def guides_visible(*, user) -> QuerySet[Guide]:
    """Published guides for every reader; a writer also sees archived ones; drafts only their owner."""
    if not user.has_perm(READ):
        return Guide.objects.none()
    shown = Q(status=GuideStatus.PUBLISHED) | Q(owner=user)
    if may_write(user):
        shown |= Q(status=GuideStatus.ARCHIVED)
    return Guide.objects.filter(shown)


def may_edit(*, user, guide: Guide) -> bool:
    """A writer edits any guide they see (a draft is its owner's until published)."""
    return may_write(user) and (guide.status != GuideStatus.DRAFT or guide.owner_id == user.pk)


@dataclass(frozen=True)
class GuideFilter:
    query: str = ""
    topic_id: int | None = None
    queue_id: int | None = None
    status: str = ""
    mine: bool = False


def _with_uses(guides: QuerySet[Guide]) -> QuerySet[Guide]:
    return guides.annotate(use_count=Count("uses", distinct=True))


def guides_list(*, user, filters: GuideFilter, limit: int = 100) -> list[Guide]:
    """The guides the user sees, filtered; ranked by the words asked, else by title."""
    guides = guides_visible(user=user)
    if filters.topic_id:
        # A parent topic also finds the guides filed under its children.
        guides = guides.filter(Q(topics__id=filters.topic_id) | Q(topics__parent_id=filters.topic_id))
    if filters.queue_id:
        guides = guides.filter(queues__id=filters.queue_id)
    if filters.status:
        guides = guides.filter(status=filters.status)
    if filters.mine:
        guides = guides.filter(owner=user)
    guides = guides.distinct()
    if filters.query.strip():
        ids = search.ranked_ids(
            Guide.objects.filter(pk__in=guides.values("pk")), query=filters.query, limit=limit
        )
        found = {g.pk: g for g in _with_uses(Guide.objects.filter(pk__in=ids)).select_related("owner")}
        return [found[pk] for pk in ids if pk in found]
    return list(_with_uses(guides).select_related("owner").order_by("title", "pk")[:limit])


def guides_search(*, user, query: str, limit: int = 5) -> list[Guide]:
    """Published guides (and the user's own) best matching `query`."""
    return guides_list(user=user, filters=GuideFilter(query=query), limit=limit)


def guide_get(*, user, guide_id: int) -> Guide | None:
    """A guide the user may see, with its use count; None otherwise (the view answers 404)."""
    return (
        _with_uses(guides_visible(user=user))
        .select_related("owner", "source_contact", "source_ticket")
        .filter(pk=guide_id)
        .first()
    )


def guide_current(*, guide: Guide) -> GuideVersion:
    return guide.versions.select_related("author").get(number=guide.current_number)


def guide_versions(*, guide: Guide) -> list[GuideVersion]:
    return list(guide.versions.select_related("author").order_by("-number"))


def guide_attachments(*, guide: Guide) -> QuerySet[GuideAttachment]:
    return guide.attachments.defer("data")


def guide_attachment_get(*, guide: Guide, attachment_id: int) -> GuideAttachment | None:
    return guide.attachments.filter(pk=attachment_id).first()


@dataclass(frozen=True)
class VersionDiff:
    old: GuideVersion | None
    new: GuideVersion
    rows: list[DiffRow]


def version_diff(*, guide: Guide, number: int) -> VersionDiff | None:
    """Version `number` against the one before it (the title as the first line), words marked."""
    new = guide.versions.select_related("author").filter(number=number).first()
    if new is None:
        return None
    old = guide.versions.select_related("author").filter(number__lt=number).order_by("-number").first()
    before = f"{old.title}\n\n{old.body}" if old else ""
    return VersionDiff(old, new, lines_diff(before, f"{new.title}\n\n{new.body}"))


def guides_for_desk(*, user, queue_id: int | None, topic_id: int | None, limit: int = 8) -> list[Guide]:
    """Published guides for a call's queue and the chosen topic (its parent's too), most used first.
    A guide matching both comes before one matching only one."""
    if not user.has_perm(READ) or not (queue_id or topic_id):
        return []
    guides = Guide.objects.filter(status=GuideStatus.PUBLISHED)
    by_queue = Q(queues__id=queue_id) if queue_id else Q(pk__in=[])
    by_topic = Q(topics__id=topic_id) | Q(topics__children__id=topic_id) if topic_id else Q(pk__in=[])
    guides = guides.filter(by_queue | by_topic).distinct()
    queue_ids = (
        set(Guide.objects.filter(queues__id=queue_id).values_list("pk", flat=True)) if queue_id else set()
    )
    topic_ids = (
        set(
            Guide.objects.filter(Q(topics__id=topic_id) | Q(topics__children__id=topic_id)).values_list(
                "pk", flat=True
            )
        )
        if topic_id
        else set()
    )
    rows = list(_with_uses(guides).only("pk", "title", "review_date"))
    rows.sort(key=lambda g: (-((g.pk in queue_ids) + (g.pk in topic_ids)), -g.use_count, g.title))
    return rows[:limit]


def guide_uses_for_contact(*, contact_id: int) -> list[GuideUse]:
    return list(GuideUse.objects.filter(contact_id=contact_id).select_related("guide").order_by("created_at"))


def guides_linked_ids(*, contact_id: int) -> set[int]:
    return set(GuideUse.objects.filter(contact_id=contact_id).values_list("guide_id", flat=True))


def guides_mine(*, user) -> list[Guide]:
    """The guides the user owns, with their use counts, those due for review first."""
    return list(_with_uses(Guide.objects.filter(owner=user)).order_by("status", "review_date", "title"))


def guides_review_due(*, user, on: date | None = None) -> QuerySet[Guide]:
    """The user's guides in force (published) past their review date, the oldest first."""
    on = on or timezone.localdate()
    return Guide.objects.filter(owner=user, status=GuideStatus.PUBLISHED, review_date__lt=on).order_by(
        "review_date", "pk"
    )
