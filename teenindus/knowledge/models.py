"""Case guides and answers (the knowledge base): versioned, filed under contact topics and queues."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from teenindus.core.models import BaseModel


class GuideStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class Guide(BaseModel):
    """A case guide for a non-routine problem, or an answer to a frequent question.

    The text lives in versions; `current_number` names the one in force (title and body)."""

    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=GuideStatus.choices, default=GuideStatus.DRAFT
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    review_date = models.DateField(_("review by"), null=True, blank=True)
    topics = models.ManyToManyField(
        "contacts.Topic", blank=True, related_name="guides", verbose_name=_("topics")
    )
    queues = models.ManyToManyField(
        "telephony.Queue", blank=True, related_name="guides", verbose_name=_("queues")
    )
    current_number = models.PositiveIntegerField(default=1)
    # The search's index terms (knowledge.search): the title's, and the whole text's (title, body,
    # topics) in text order, so a term's frequency counts. On PostgreSQL a GIN index covers them
    # (knowledge.search); SQLite ranks the same terms in Python.
    title_terms = models.TextField(blank=True, default="", editable=False)
    search_terms = models.TextField(blank=True, default="", editable=False)
    # PostgreSQL only: the terms as a stored tsvector (title weighted A, the rest B), GIN-indexed
    # (0003), so ranking reads it instead of parsing the text of every match. Empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Where a draft came from: a difficult contact or a solved ticket (kept as the link back).
    source_contact = models.ForeignKey(
        "contacts.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from contact"),
    )
    source_ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from ticket"),
    )

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")
        ordering = ["title", "id"]
        indexes = [models.Index(fields=["owner", "review_date"], name="guide_owner_review")]
        # One guide per source contact or ticket: "make a draft" twice, or at once, gives one.
        constraints = [
            models.UniqueConstraint(
                fields=["source_contact"],
                condition=models.Q(source_contact__isnull=False),
                name="guide_one_per_source_contact",
            ),
            models.UniqueConstraint(
                fields=["source_ticket"],
                condition=models.Q(source_ticket__isnull=False),
                name="guide_one_per_source_ticket",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class GuideVersion(BaseModel):
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    note = models.CharField(_("what changed"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("guide version")
        verbose_name_plural = _("guide versions")
        ordering = ["guide", "-number"]
        constraints = [models.UniqueConstraint(fields=["guide", "number"], name="guideversion_unique")]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"


class GuideUse(BaseModel):
    """A guide that solved a contact, linked from the contact record."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="uses")
    contact = models.ForeignKey("contacts.Contact", on_delete=models.CASCADE, related_name="guide_uses")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["guide", "contact"], name="guideuse_unique")]


class GuideAttachment(BaseModel):
    """A file that goes with a guide (a form, a leaflet); its kind was read from the content."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    data = models.BinaryField()
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("guide attachment")
        verbose_name_plural = _("guide attachments")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name
