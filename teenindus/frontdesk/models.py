"""The visitor queue of the agency's local offices.

An office (org.Unit of kind OFFICE) with a front desk has its services (each with a letter prefix and
the contacts topic its visits are filed under) and its desks (each serving some services). A visitor
checked in gets a number (prefix + the office's sequence of the day); a specialist at a desk calls
the next one; a served visit becomes a contact in the customer's history.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teenindus.core.models import BaseModel
from teenindus.frontdesk.moves import STATE_CHOICES, State


class Office(BaseModel):
    """A local office's front desk: the code the waiting-room display is reached by, and its rules."""

    unit = models.OneToOneField(
        "org.Unit",
        on_delete=models.PROTECT,
        related_name="front_office",
        verbose_name=_("unit"),
        limit_choices_to={"kind": "office"},
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    priority_first = models.BooleanField(
        _("appointments and special needs first"),
        default=True,
        help_text=_("Off: everyone strictly by check-in time."),
    )
    slot_minutes = models.PositiveSmallIntegerField(_("appointment length, minutes"), default=15)

    class Meta:
        verbose_name = _("front-desk office")
        verbose_name_plural = _("front-desk offices")
        ordering = ["name"]
        permissions = [("view_visit_stats", "Can see the front desk's figures")]

    def __str__(self) -> str:
        return self.name


PREFIX = RegexValidator(r"^[A-Z]$", _("One capital letter A–Z."))


class Service(BaseModel):
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(_("name"), max_length=120)
    prefix = models.CharField(_("number prefix"), max_length=1, validators=[PREFIX])
    topic = models.ForeignKey(
        "contacts.Topic", on_delete=models.PROTECT, related_name="+", verbose_name=_("contact topic")
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["office", "prefix"]
        constraints = [models.UniqueConstraint(fields=["office", "prefix"], name="service_prefix_once")]

    def __str__(self) -> str:
        return f"{self.prefix} · {self.name}"


class Desk(BaseModel):
    """A service desk; the specialist signed in to it calls visitors of the services it serves."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="desks")
    name = models.CharField(_("name"), max_length=60)
    services = models.ManyToManyField(Service, blank=True, related_name="desks", verbose_name=_("services"))
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed in"),
    )
    signed_in_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("desk")
        verbose_name_plural = _("desks")
        ordering = ["office", "name"]
        constraints = [models.UniqueConstraint(fields=["office", "name"], name="desk_name_once")]

    def __str__(self) -> str:
        return self.name


class DayCounter(models.Model):
    """The office's numbering of one day: upserted and incremented in one statement per number."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["office", "day"], name="day_counter_once")]


class Appointment(BaseModel):
    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CHECKED_IN = "checked_in", _("Checked in")
        CANCELLED = "cancelled", _("Cancelled")

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="appointments")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="appointments")
    desk = models.ForeignKey(Desk, on_delete=models.PROTECT, related_name="appointments")
    starts_at = models.DateTimeField(_("time"))
    ends_at = models.DateTimeField()
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.BOOKED)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at", "desk__name"]
        constraints = [
            # A desk's slot is booked once (the service also checks overlaps under the desk's lock).
            models.UniqueConstraint(
                fields=["desk", "starts_at"], name="appointment_slot_once", condition=~Q(status="cancelled")
            )
        ]


class Visit(BaseModel):
    """One visitor's way through the office today: checked in, waiting, called, served."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="visits")
    local_date = models.DateField()
    sequence = models.PositiveIntegerField()
    number = models.CharField(_("number"), max_length=8)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="visits")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("need"), max_length=500, blank=True)
    special_needs = models.BooleanField(_("special needs"), default=False)
    appointment = models.OneToOneField(
        Appointment, on_delete=models.PROTECT, null=True, blank=True, related_name="visit"
    )
    priority = models.BooleanField(default=False)  # an appointment or special needs
    state = models.CharField(_("state"), max_length=10, choices=STATE_CHOICES, default=State.WAITING)
    checked_in_at = models.DateTimeField(_("checked in"))  # kept on a redirect
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    desk = models.ForeignKey(Desk, on_delete=models.SET_NULL, null=True, blank=True, related_name="visits")
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    called_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    contact = models.OneToOneField(
        "contacts.Contact", on_delete=models.PROTECT, null=True, blank=True, related_name="visit"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["checked_in_at", "pk"]
        permissions = [("work_desk", "Can work at a front desk: call and serve visitors")]
        constraints = [
            models.UniqueConstraint(fields=["office", "local_date", "sequence"], name="visit_number_once")
        ]
        indexes = [
            models.Index(
                fields=["office", "checked_in_at"], name="visit_waiting", condition=Q(state=State.WAITING)
            ),
            models.Index(fields=["office", "local_date"], name="visit_day"),
        ]

    def __str__(self) -> str:
        return self.number


class VisitEvent(models.Model):
    """The visit's timeline: every move, at which desk, by whom. The display reads its calls."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="events")
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=20)  # a move's name, or "check_in"
    from_state = models.CharField(max_length=10, blank=True)
    to_state = models.CharField(max_length=10)
    desk = models.ForeignKey(Desk, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["office", "at"], name="visit_event_office_at")]
