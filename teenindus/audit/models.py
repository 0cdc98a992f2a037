"""The compliance logs. Both tables are append-only: the app has no way to change or delete a row,
the admin shows no edit or delete, and database triggers refuse UPDATE (and DELETE on PostgreSQL)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLogQuerySet(models.QuerySet):
    """Reads of the log. `about(...)` selects one person's rows.

    Adapter for code written when the log had a column per kind of person: the keywords
    `customer`, `customer_id`, `employee` and `employee_id` (an instance or a pk) in filter(),
    exclude() and get(), and the same names in values_list(), mean the subject of that kind."""

    def about(self, subject_type: str, subject_id) -> "AccessLogQuerySet":
        return self.filter(subject_type=subject_type, subject_id=subject_id)

    def filter(self, *args, **kwargs):
        legacy = _legacy_q(kwargs)  # takes the legacy keywords out of kwargs
        return super().filter(*args, *legacy, **kwargs)

    def exclude(self, *args, **kwargs):
        legacy = _legacy_q(kwargs)
        return super().exclude(*args, *legacy, **kwargs)

    def values_list(self, *fields, **kwargs):
        legacy = {name: LEGACY_SUBJECT_FIELDS[name] for name in fields if name in LEGACY_SUBJECT_FIELDS}
        qs = self.annotate(
            **{
                name: models.Case(models.When(subject_type=label, then=models.F("subject_id")))
                for name, label in legacy.items()
            }
        )
        return super(AccessLogQuerySet, qs).values_list(*fields, **kwargs)


# The subject types of the people the project had before the log had one subject shape.
CUSTOMER = "customers.customer"
EMPLOYEE = "org.employee"
LEGACY_SUBJECT_FIELDS = {"customer_id": CUSTOMER, "employee_id": EMPLOYEE}
_LEGACY_KEYWORDS = {
    "customer": CUSTOMER,
    "customer_id": CUSTOMER,
    "employee": EMPLOYEE,
    "employee_id": EMPLOYEE,
}


def _legacy_q(kwargs: dict) -> list[models.Q]:
    out = []
    for key in [k for k in kwargs if k in _LEGACY_KEYWORDS]:
        value = kwargs.pop(key)
        out.append(models.Q(subject_type=_LEGACY_KEYWORDS[key], subject_id=getattr(value, "pk", value)))
    return out


class AccessLog(models.Model):
    """One look at one person's data: who, when, whose, where and why.

    Whose: a subject, named by its kind (the model's label, e.g. "customers.customer",
    "org.employee") and its id. A new kind of person needs no change here: its app registers the
    model (audit.subjects.register) and passes its instances to the write helper."""

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
    # Whose data was shown. Not a foreign key (one shape for every kind of person); deleting a
    # person with history is refused by audit.subjects (as PROTECT did).
    subject_type = models.CharField(_("kind of person"), max_length=100)
    subject_id = models.BigIntegerField(_("person"))
    view = models.CharField(_("view"), max_length=120)
    action = models.CharField(_("action"), max_length=40)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    purpose = models.CharField(_("purpose"), max_length=255)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data access log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "-at"], name="accesslog_subject_at")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(subject_type=""), name="accesslog_subject_type")
        ]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} → {self.subject_type}#{self.subject_id} ({self.view})"
        )

    @property
    def customer_id(self) -> int | None:
        return self.subject_id if self.subject_type == CUSTOMER else None

    @property
    def employee_id(self) -> int | None:
        return self.subject_id if self.subject_type == EMPLOYEE else None


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
