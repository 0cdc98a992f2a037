from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from teenindus.core.models import BaseModel


class Topic(BaseModel):
    """The configurable topic tree contacts are filed under (e.g. Pensionid › Vanaduspension)."""

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    name = models.CharField(_("name"), max_length=120)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["parent__name", "name"]

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    VISIT = "visit", _("Visit")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("E-mail")
    TICKET = "ticket", _("Ticket")


class Outcome(models.TextChoices):
    SOLVED = "solved", _("Solved at first contact")
    ESCALATED = "escalated", _("Escalated")
    CALL_BACK = "call_back", _("Call back")
    REFERRED = "referred", _("Referred")


# Outcomes that leave work for the one who handled the contact: a follow-up open until closed.
FOLLOW_UP_OUTCOMES = (Outcome.CALL_BACK, Outcome.ESCALATED)
# Channels a contact is recorded on by hand (a call is recorded at the agent desk, a ticket by tickets).
MANUAL_CHANNELS = (Channel.VISIT, Channel.EMAIL, Channel.LETTER, Channel.PHONE)


class Contact(BaseModel):
    """One customer contact on any channel: who, channel, topic, outcome.

    A contact whose outcome is "call back" or "escalated" has a follow-up, open on its handler's
    start page until someone closes it (followup_closed_at)."""

    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("customer"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("topic")
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    note = models.TextField(_("note"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("handled by")
    )
    queue = models.CharField(_("queue"), max_length=50, blank=True)
    call_id = models.CharField(max_length=80, blank=True, db_index=True)
    occurred_at = models.DateTimeField(_("time"))
    local_date = models.DateField(db_index=True)
    followup_closed_at = models.DateTimeField(_("follow-up closed"), null=True, blank=True)
    followup_closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("follow-up closed by"),
    )
    followup_note = models.CharField(_("what was done"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-occurred_at", "-id"]
        permissions = [("oversee_followup", "Can see and close the team's open follow-ups")]
        constraints = [
            models.UniqueConstraint(
                fields=["call_id"], condition=~models.Q(call_id=""), name="contact_one_per_call"
            )
        ]
        indexes = [
            models.Index(
                fields=["handled_by", "occurred_at"],
                condition=models.Q(outcome__in=["call_back", "escalated"], followup_closed_at__isnull=True),
                name="contact_open_followup",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.occurred_at:%Y-%m-%d %H:%M}"

    @property
    def followup_open(self) -> bool:
        return self.outcome in FOLLOW_UP_OUTCOMES and self.followup_closed_at is None
