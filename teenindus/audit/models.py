"""The compliance logs. Both tables are append-only: the app has no way to change or delete a row,
the admin shows no edit or delete, and database triggers refuse UPDATE (and DELETE on PostgreSQL)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLog(models.Model):
    """One look at one person's data: who, when, whose, where and why.

    Whose: a customer, or an employee (their conversation records, absences)."""

    class Channel(models.TextChoices):
        UI = "ui", _("Web page")
        API = "api", _("API")
        EXPORT = "export", _("Export")
        ADMIN = "admin", _("Administration")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("viewed by"),
    )
    # The customer whose data was shown. PROTECT: a person's log outlives nothing it describes.
    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("whose data"),
    )
    employee = models.ForeignKey(
        "org.Employee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employee whose data"),
    )
    view = models.CharField(_("view"), max_length=120)
    action = models.CharField(_("action"), max_length=40)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    purpose = models.CharField(_("purpose"), max_length=255)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data access log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["customer", "-at"], name="accesslog_customer_at"),
            models.Index(fields=["employee", "-at"], name="accesslog_employee_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(customer__isnull=False, employee__isnull=True)
                | models.Q(customer__isnull=True, employee__isnull=False),
                name="accesslog_one_person",
            )
        ]

    def __str__(self) -> str:
        whose = self.customer_id or f"employee {self.employee_id}"
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} → {whose} ({self.view})"


class ChangeEvent(models.Model):
    """Who changed what: every write service records one (old → new as JSON)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entity = models.CharField(max_length=80)
    entity_id = models.CharField(max_length=40)
    event = models.CharField(max_length=60)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["entity", "entity_id"], name="changeevent_entity")]

    def __str__(self) -> str:
        return f"{self.event} {self.entity}#{self.entity_id}"
