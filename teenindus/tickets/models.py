"""Tickets: what first level hands to second level, until the answer reaches the customer.

A ticket belongs to a second-level group (its category is one of the group's); the one who
escalated it (its owner, first level) stays responsible until the answer is delivered and closes
it. Its deadlines are stored on the row, computed on the project's one working-time calendar
(core.worktime) when the ticket, its state or the calendar changes, never while a list renders.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teenindus.core.models import BaseModel
from teenindus.tickets.moves import OPEN, STATE_CHOICES, State


class SupportGroup(BaseModel):
    """A second-level group: permit managers, a domain's specialists, IT support. Its tickets are
    worked in Teenindus by its members, or (kind "jira") in the agency's JIRA."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Works in Teenindus")
        JIRA = "jira", _("External: JIRA")

    class Assignment(models.TextChoices):
        MANUAL = "manual", _("Manual")
        ROUND_ROBIN = "round_robin", _("Round robin")
        FEWEST_OPEN = "fewest_open", _("Fewest open tickets")

    name = models.CharField(_("name"), max_length=120)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    email = models.EmailField(_("group e-mail"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.INTERNAL)
    assignment = models.CharField(
        _("assignment"), max_length=12, choices=Assignment.choices, default=Assignment.ROUND_ROBIN
    )
    is_it_support = models.BooleanField(_("receives IT problem reports"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)
    members = models.ManyToManyField(
        "org.Employee", through="GroupMember", related_name="support_groups", verbose_name=_("members")
    )
    # A group kept in JIRA: the project its tickets are created in, our field → JIRA field id, and
    # JIRA status name → our state. The server and its credentials come from the settings.
    jira_project_key = models.CharField(_("JIRA project"), max_length=20, blank=True)
    jira_issue_type = models.CharField(_("JIRA issue type"), max_length=40, blank=True, default="Task")
    jira_field_map = models.JSONField(_("JIRA fields"), default=dict, blank=True)
    jira_status_map = models.JSONField(_("JIRA statuses"), default=dict, blank=True)

    class Meta:
        verbose_name = _("second-level group")
        verbose_name_plural = _("second-level groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GroupMember(BaseModel):
    group = models.ForeignKey(SupportGroup, on_delete=models.CASCADE, related_name="memberships")
    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="group_memberships")
    last_assigned_at = models.DateTimeField(null=True, blank=True)  # round robin: the longest ago next

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "employee"], name="group_member_once")]


class Category(BaseModel):
    """A kind of problem a group solves, and what a ticket of it must carry (tickets/fields.py)."""

    group = models.ForeignKey(SupportGroup, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("name"), max_length=120)
    code = models.SlugField(_("code"), max_length=60)
    required_fields = models.JSONField(_("required details"), default=list, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["group__name", "name"]
        constraints = [models.UniqueConstraint(fields=["group", "code"], name="category_code_in_group")]

    def __str__(self) -> str:
        return f"{self.group.name} › {self.name}"


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class SlaUnit(models.TextChoices):
    HOURS = "hours", _("working hours")
    DAYS = "days", _("working days")


class SlaPolicy(BaseModel):
    """Deadlines of a group, for one category and/or priority or for all (blank): the most specific
    policy applies. Second level: first response (working hours) and solution; first level: the
    answer delivered to the customer within `delivery_days` working days of the solution."""

    group = models.ForeignKey(SupportGroup, on_delete=models.CASCADE, related_name="sla_policies")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, null=True, blank=True)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, blank=True)
    response_hours = models.PositiveIntegerField(_("first response, working hours"), default=8)
    solution_amount = models.PositiveIntegerField(_("solution within"), default=5)
    solution_unit = models.CharField(_("unit"), max_length=5, choices=SlaUnit.choices, default=SlaUnit.DAYS)
    delivery_days = models.PositiveIntegerField(_("answer delivered within, working days"), default=2)

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "category", "priority"], name="sla_once", nulls_distinct=False
            )
        ]


class Ticket(BaseModel):
    class Kind(models.TextChoices):
        QUESTION = "question", _("Customer's matter")
        IT_PROBLEM = "it_problem", _("IT or hardware problem")

    class Delivery(models.TextChoices):
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("E-mail")
        LETTER = "letter", _("Letter")
        VISIT = "visit", _("Visit")

    class JiraSync(models.TextChoices):
        NONE = "", _("—")
        PENDING = "pending", _("Being sent to JIRA")
        SYNCED = "synced", _("In JIRA")
        FAILED = "failed", _("JIRA refused it")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.QUESTION)
    summary = models.CharField(_("summary"), max_length=200)
    description = models.TextField(_("description"))
    group = models.ForeignKey(SupportGroup, on_delete=models.PROTECT, related_name="tickets")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="tickets")
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    details = models.JSONField(_("details"), default=dict, blank=True)  # the category's required details
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, null=True, blank=True, related_name="tickets"
    )
    contact = models.OneToOneField(
        "contacts.Contact", on_delete=models.PROTECT, null=True, blank=True, related_name="ticket"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tickets_owned"
    )
    assignee = models.ForeignKey(
        "org.Employee", on_delete=models.SET_NULL, null=True, blank=True, related_name="tickets_assigned"
    )
    state = models.CharField(_("state"), max_length=20, choices=STATE_CHOICES, default=State.NEW)
    state_since = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)  # a form carries it; a stale one is refused

    # Deadlines: the rule's amounts as they were when the ticket got them, and the due times.
    sla_response_hours = models.PositiveIntegerField(default=8)
    sla_solution_amount = models.PositiveIntegerField(default=5)
    sla_solution_unit = models.CharField(max_length=5, choices=SlaUnit.choices, default=SlaUnit.DAYS)
    sla_delivery_days = models.PositiveIntegerField(default=2)
    response_due = models.DateTimeField(_("first response due"), null=True, blank=True)
    solution_due = models.DateTimeField(_("solution due"), null=True, blank=True)  # None while paused
    delivery_due = models.DateTimeField(_("answer due to the customer"), null=True, blank=True)
    # The due time of the clock running now (response, solution or delivery): the breach and warning
    # lists read this one indexed column. `next_due_kind` says which clock it is.
    next_due = models.DateTimeField(null=True, blank=True)
    next_due_kind = models.CharField(max_length=10, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    solved_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    delivery_channel = models.CharField(
        _("delivered by"), max_length=10, choices=Delivery.choices, blank=True
    )
    # Measured on the calendar when they happen (reports read them, nothing is recomputed per row).
    response_seconds = models.PositiveIntegerField(null=True, blank=True)  # working seconds to response
    solution_seconds = models.PositiveIntegerField(null=True, blank=True)  # second level's, pauses out
    delivery_days = models.PositiveIntegerField(null=True, blank=True)  # working days solved → delivered
    reopen_count = models.PositiveIntegerField(default=0)

    jira_key = models.CharField(max_length=40, blank=True)
    jira_sync = models.CharField(max_length=10, choices=JiraSync.choices, blank=True, default="")
    jira_error = models.CharField(max_length=500, blank=True)
    jira_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        permissions = [
            ("work_ticket", "Can work on second-level tickets of own groups"),
            ("oversee_ticket", "Can see every ticket, breaches and ticket reports"),
        ]
        indexes = [
            # "My escalations": an owner's tickets not closed, by how long they are in their state.
            models.Index(
                fields=["owner", "state_since"], name="ticket_owner_open", condition=~Q(state=State.CLOSED)
            ),
            # Breach and warning lists: open tickets by the due time of the clock running now.
            models.Index(fields=["next_due"], name="ticket_next_due", condition=Q(next_due__isnull=False)),
            models.Index(
                fields=["assignee", "state"], name="ticket_assignee_open", condition=Q(state__in=sorted(OPEN))
            ),
            models.Index(fields=["group", "state"], name="ticket_group_state"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["jira_key"], name="ticket_jira_key_once", condition=~Q(jira_key="")
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.summary}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN

    @property
    def past_due(self) -> bool:
        return self.next_due is not None and self.next_due < timezone.now()

    @property
    def awaits_delivery(self) -> bool:
        """Solved, and the answer has not yet reached the customer: flagged for the owner."""
        return self.state == State.SOLVED


class TicketPause(models.Model):
    """A stretch when the second level's clock stood: waiting for the customer or for first level,
    or solved until reopened. Kept: the deadlines are computed from them, the history shows them."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="pauses")
    state = models.CharField(max_length=20, choices=STATE_CHOICES)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket"], name="ticket_one_open_pause", condition=Q(ended_at__isnull=True)
            )
        ]


class TicketEvent(models.Model):
    """The ticket's timeline: every change, who made it, when, from → to. `external_id` marks a
    change that came from JIRA (a resent webhook is applied once)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    actor_name = models.CharField(max_length=150, blank=True)  # JIRA's user, the system
    kind = models.CharField(max_length=30)
    changes = models.JSONField(default=dict, blank=True)  # {field: [old, new]}
    external_id = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "external_id"],
                name="ticket_event_external_once",
                condition=~Q(external_id=""),
            )
        ]


class TicketComment(BaseModel):
    """An internal comment (staff only) or a message to the customer — kept apart."""

    class Visibility(models.TextChoices):
        INTERNAL = "internal", _("Internal comment")
        CUSTOMER = "customer", _("Message to the customer")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    author_name = models.CharField(max_length=150, blank=True)
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL)
    body = models.TextField()
    # From JIRA: its comment id. Ours on a ticket kept in JIRA: sent by the worker, then its id there.
    external_id = models.CharField(max_length=120, blank=True)
    jira_pending = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "external_id"], name="comment_external_once", condition=~Q(external_id="")
            )
        ]


class TicketAttachment(BaseModel):
    """A file on a ticket, kept in the database (every server on every machine reads it the same)
    with its SHA-256 checksum; its type was checked from its content."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["ticket", "sha256"], name="attachment_once_per_ticket")
        ]
