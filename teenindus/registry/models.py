"""The document register (dokumendiregister, Public Information Act §§ 11-12).

Every incoming and outgoing document gets a registration number in its series, no later than the
working day after it arrived or was sent (a later registration is flagged). A document is public
or restricted to internal use (AK: "asutusesiseseks kasutamiseks") with its legal basis and end
date. Its reply deadline comes from its type, on the project's one working-time calendar.
Files are kept in the database, in versions: a new version never overwrites an old one.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teenindus.core.exceptions import ValidationFailed
from teenindus.core.models import BaseModel
from teenindus.registry.moves import STATE_CHOICES, WAITING, State
from teenindus.registry.numbering import pattern_check

DEFAULT_PATTERN = "{series}/{year}/{seq}"


class Direction(models.TextChoices):
    IN = "in", _("Incoming")
    OUT = "out", _("Outgoing")


class Series(BaseModel):
    """A series of the agency's list of documents (dokumentide loetelu), e.g. 1-2 letters."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    pattern = models.CharField(
        _("registration number pattern"),
        max_length=60,
        default=DEFAULT_PATTERN,
        help_text=_("Placeholders {series}, {year}, {seq} or {seq:4} (zero-padded)."),
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("unit")
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        try:
            pattern_check(self.pattern)
        except ValidationFailed as exc:
            raise ValidationError({"pattern": exc.message}) from exc


class SeriesCounter(models.Model):
    """The last sequence number given in a series in a year (numbering.number_next)."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="counters")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="series_counter_once")]


class DeadlineKind(models.TextChoices):
    NONE = "none", _("No deadline")
    WORKING_DAYS = "working_days", _("Working days after registration")
    CALENDAR_DAYS = "calendar_days", _("Calendar days after receipt")


class DocumentType(BaseModel):
    """A kind of document and its reply deadline; the agency adds its own in the admin."""

    class Direction(models.TextChoices):
        IN = "in", _("Incoming")
        OUT = "out", _("Outgoing")
        BOTH = "both", _("Incoming and outgoing")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    direction = models.CharField(_("direction"), max_length=4, choices=Direction.choices, default="both")
    deadline_kind = models.CharField(
        _("reply deadline"), max_length=14, choices=DeadlineKind.choices, default=DeadlineKind.NONE
    )
    deadline_days = models.PositiveSmallIntegerField(_("days to reply"), null=True, blank=True)
    extendable_to = models.PositiveSmallIntegerField(_("extendable to, working days"), null=True, blank=True)
    default_series = models.ForeignKey(
        Series, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("default series")
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.deadline_kind != DeadlineKind.NONE and not self.deadline_days:
            raise ValidationError({"deadline_days": _("Give the number of days to reply.")})
        if self.extendable_to and self.deadline_kind != DeadlineKind.WORKING_DAYS:
            raise ValidationError({"extendable_to": _("Only a deadline in working days can be extended.")})
        if self.extendable_to and self.deadline_days and self.extendable_to <= self.deadline_days:
            raise ValidationError({"extendable_to": _("The extended deadline must be longer.")})


class Channel(models.TextChoices):
    POST = "post", _("Post")
    EMAIL = "email", _("E-mail")
    PORTAL = "portal", _("E-services portal")
    DESK = "desk", _("At the service desk")
    OTHER = "other", _("Other")


class Access(models.TextChoices):
    PUBLIC = "public", _("Public")
    AK = "ak", _("For internal use (AK)")


class Document(BaseModel):
    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="documents")
    year = models.PositiveSmallIntegerField()
    seq = models.PositiveIntegerField()
    number = models.CharField(_("registration number"), max_length=80, unique=True)
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    doc_type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, related_name="documents", verbose_name=_("type")
    )
    title = models.CharField(_("title"), max_length=300)
    # The sender (incoming) or the recipient (outgoing): a customer, or a name as written.
    party_customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registered_documents",
        verbose_name=_("customer"),
    )
    party_name = models.CharField(_("sender or recipient"), max_length=255, blank=True)
    party_is_person = models.BooleanField(_("a private person"), default=True)
    party_email = models.EmailField(_("e-mail"), blank=True)
    sender_date = models.DateField(_("sender's date"), null=True, blank=True)
    sender_reference = models.CharField(_("sender's reference"), max_length=80, blank=True)
    received_on = models.DateField(_("received or sent on"))
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    registered_late = models.BooleanField(_("registered late"), default=False)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    responsible_unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registered_documents",
        verbose_name=_("responsible unit"),
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registered_documents",
        verbose_name=_("responsible person"),
    )
    deadline = models.DateField(_("reply deadline"), null=True, blank=True)
    extended_at = models.DateTimeField(_("deadline extended at"), null=True, blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=STATE_CHOICES, default=State.OPEN)
    access = models.CharField(_("access"), max_length=6, choices=Access.choices, default=Access.PUBLIC)
    ak_basis = models.CharField(_("legal basis of the restriction"), max_length=200, blank=True)
    ak_until = models.DateField(_("restricted until"), null=True, blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Search: stems of what the public may always see (registry.search.document_index), and of the title.
    public_stems = models.TextField(blank=True, editable=False)
    title_stems = models.TextField(blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)  # a form carries it; a stale one is refused

    class Meta:
        verbose_name = _("registered document")
        verbose_name_plural = _("registered documents")
        ordering = ["-registered_at", "-pk"]
        permissions = [
            ("oversee_document", "Can see the units' register lists and due documents"),
            ("work_forwarding", "Can see and answer documents forwarded to oneself or one's unit"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["series", "year", "seq"], name="document_seq_once"),
            models.CheckConstraint(
                condition=Q(access="public") | (~Q(ak_basis="") & Q(ak_until__isnull=False)),
                name="document_ak_has_basis_and_end",
            ),
        ]
        indexes = [
            models.Index(fields=["registered_at"], name="document_registered"),
            models.Index(
                fields=["deadline"], name="document_open_deadline", condition=Q(state__in=sorted(WAITING))
            ),
            models.Index(fields=["responsible_user", "state"], name="document_user_state"),
            models.Index(fields=["responsible_unit", "state"], name="document_unit_state"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_restricted(self) -> bool:
        return self.access == Access.AK and (self.ak_until is None or self.ak_until >= timezone.localdate())

    @property
    def is_overdue(self) -> bool:
        return self.state in WAITING and self.deadline is not None and self.deadline < timezone.localdate()

    @property
    def party_display(self) -> str:
        return self.party_customer.name if self.party_customer_id else self.party_name


class DocumentLink(BaseModel):
    """One document refers to another: a reply to a request, a notice about it."""

    class Kind(models.TextChoices):
        REPLY = "reply", _("Reply to")
        NOTICE = "notice", _("Notice about")
        RELATED = "related", _("Related to")

    from_document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="links_out")
    to_document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REPLY)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["from_document", "to_document"], name="document_link_once"),
            models.CheckConstraint(condition=~Q(from_document=models.F("to_document")), name="link_not_self"),
        ]


class DocumentFile(models.Model):
    """A file of a document, kept in the database with its SHA-256; its type was checked from its
    content. The same name again is the next version; the old one stays."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=100)  # the content type found from the content
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField()
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    uploaded_at = models.DateTimeField(default=timezone.now)
    is_public = models.BooleanField(_("public"), default=False)

    class Meta:
        ordering = ["name", "version"]
        constraints = [
            models.UniqueConstraint(fields=["document", "name", "version"], name="document_file_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class Forwarding(BaseModel):
    """A document sent to a unit or a person to answer or to act on, by a due date."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        REPLIED = "replied", _("Replied")
        CLOSED = "closed", _("Closed")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="forwardings")
    to_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="document_forwardings",
        verbose_name=_("person"),
    )
    due = models.DateField(_("due"))
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reply = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("forwarding")
        verbose_name_plural = _("forwardings")
        ordering = ["due", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_unit__isnull=False) | Q(to_user__isnull=False), name="forwarding_has_target"
            )
        ]
        indexes = [
            models.Index(fields=["to_user", "due"], name="forwarding_user_open", condition=Q(state="open")),
            models.Index(fields=["to_unit", "due"], name="forwarding_unit_open", condition=Q(state="open")),
        ]

    @property
    def is_overdue(self) -> bool:
        return self.state == self.State.OPEN and self.due < timezone.localdate()
