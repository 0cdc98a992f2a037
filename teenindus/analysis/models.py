from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from teenindus.core.models import BaseModel


class TopicOwnership(BaseModel):
    """A unit owns a contact topic: its head receives the contact analysis of that topic. A
    top-level topic covers its children."""

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.CASCADE, related_name="owned_topics", verbose_name=_("unit")
    )
    topic = models.ForeignKey(
        "contacts.Topic", on_delete=models.CASCADE, related_name="owners", verbose_name=_("topic")
    )

    class Meta:
        verbose_name = _("topic owned by a unit")
        verbose_name_plural = _("topics owned by units")
        ordering = ["unit__name", "topic__name"]
        permissions = [
            ("view_contact_analysis", "Can see the contact analysis"),
            ("send_contact_analysis", "Can send the contact analysis to the heads of units"),
        ]
        constraints = [models.UniqueConstraint(fields=["unit", "topic"], name="topic_owned_once_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.topic}"


class AnalysisSend(BaseModel):
    """The contact analysis of one unit for one period, sent to its head once (the unique key)."""

    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        ON_DEMAND = "on_demand", _("On demand")

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until (not included)"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    include_notes = models.BooleanField(_("free-text notes included"), default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    mailed_at = models.DateTimeField(_("mailed"), null=True, blank=True)
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("contact analysis sent")
        verbose_name_plural = _("contact analyses sent")
        ordering = ["-period_start", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period_start", "period_end"], name="analysis_sent_once_per_unit_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")), name="analysis_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.period_start}–{self.period_end}"
