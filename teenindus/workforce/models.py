"""Workforce planning: a forecast of contacts per queue and 15-minute interval, the agents that
forecast needs (Erlang C/A), a named roster of shifts solved under the Employment Contracts Act,
and (read from the telephony spans, nothing stored) the plan set against what happened.

Times: a slot is a 15-minute interval of the local day (0 = 00:00–00:15, 95 = 23:45–24:00), as in
the telephony rollups. Shift times are aware datetimes."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from teenindus.core.models import BaseModel

SLOTS_PER_DAY = 96
SLOT_MINUTES = 15


class TeamSettings(BaseModel):
    """A team's targets and shrinkage, and the queues it answers. One row per team (org unit)."""

    unit = models.OneToOneField(
        "org.Unit", on_delete=models.CASCADE, related_name="workforce_settings", verbose_name=_("team")
    )
    queues = models.ManyToManyField("telephony.Queue", blank=True, related_name="+", verbose_name=_("queues"))
    target_sl_percent = models.DecimalField(
        _("target service level (%)"),
        max_digits=5,
        decimal_places=2,
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    threshold_seconds = models.PositiveIntegerField(
        _("answered within (s)"), default=20, validators=[MinValueValidator(1)]
    )
    max_occupancy_percent = models.DecimalField(
        _("maximum occupancy (%)"),
        max_digits=5,
        decimal_places=2,
        default=85,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    # Shrinkage: the share of paid time not on the phones, by cause.
    shrinkage_breaks_percent = models.DecimalField(_("breaks (%)"), max_digits=5, decimal_places=2, default=8)
    shrinkage_training_percent = models.DecimalField(
        _("training (%)"), max_digits=5, decimal_places=2, default=3
    )
    shrinkage_meetings_percent = models.DecimalField(
        _("meetings (%)"), max_digits=5, decimal_places=2, default=2
    )
    shrinkage_absence_percent = models.DecimalField(
        _("absences (%)"), max_digits=5, decimal_places=2, default=7
    )
    # How far a person's rostered hours may be from their contracted hours over a roster period.
    hours_tolerance = models.DecimalField(
        _("contracted hours tolerance (h)"), max_digits=4, decimal_places=1, default=8
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("team settings")
        verbose_name_plural = _("team settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_sl_percent__gt=0) & Q(target_sl_percent__lte=100),
                name="workforce_settings_sl_range",
            ),
            models.CheckConstraint(condition=Q(threshold_seconds__gt=0), name="workforce_settings_threshold"),
        ]

    def __str__(self) -> str:
        return str(self.unit)

    @property
    def shrinkage_percent(self):
        return (
            self.shrinkage_breaks_percent
            + self.shrinkage_training_percent
            + self.shrinkage_meetings_percent
            + self.shrinkage_absence_percent
        )


class Forecast(BaseModel):
    """Offered contacts and handle time of one queue per 15-minute interval for 1–8 weeks.
    `method` is the model whose values are stored; `accuracy` holds every model's error on
    held-out weeks: {method: {"wape_day": 0.08, "wape_interval": 0.21, "weeks": 2}}."""

    class Method(models.TextChoices):
        BASELINE = "baseline", _("Seasonal baseline")
        HOLT_WINTERS = "holt_winters", _("Holt-Winters (statsmodels)")

    queue = models.ForeignKey(
        "telephony.Queue", on_delete=models.CASCADE, related_name="+", verbose_name=_("queue")
    )
    first_day = models.DateField(_("from"))
    last_day = models.DateField(_("until"))
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    proposed_method = models.CharField(_("proposed method"), max_length=20, choices=Method.choices)
    accuracy = models.JSONField(default=dict)
    history_from = models.DateField(null=True, blank=True)
    history_to = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("forecast")
        verbose_name_plural = _("forecasts")
        ordering = ["-created_at"]
        permissions = [
            ("plan_workforce", "Can plan forecasts, staffing and rosters of their teams"),
            ("oversee_workforce", "Can plan and see the workforce of every team"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(last_day__gte=F("first_day")), name="forecast_days_order")
        ]

    def __str__(self) -> str:
        return f"{self.queue} {self.first_day}–{self.last_day}"


class ForecastInterval(models.Model):
    """The model's value for one interval, before adjustments (they are applied when read)."""

    forecast = models.ForeignKey(Forecast, on_delete=models.CASCADE, related_name="intervals")
    local_date = models.DateField()
    slot = models.PositiveSmallIntegerField()
    contacts = models.FloatField()
    aht_seconds = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["forecast", "local_date", "slot"], name="forecastinterval_unique"
            ),
            models.CheckConstraint(condition=Q(contacts__gte=0), name="forecastinterval_contacts"),
        ]


class ForecastAdjustment(BaseModel):
    """A lead's change of a forecast by a percentage, for a whole day (slot empty) or one interval;
    kept and shown as such. Adjustments multiply: +20 % and +10 % give ×1.32."""

    forecast = models.ForeignKey(Forecast, on_delete=models.CASCADE, related_name="adjustments")
    local_date = models.DateField(_("day"))
    slot = models.PositiveSmallIntegerField(_("interval"), null=True, blank=True)
    percent = models.DecimalField(_("change (%)"), max_digits=6, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["local_date", "slot", "created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__gte=-100), name="forecastadjustment_not_negative")
        ]


class StaffingPlan(BaseModel):
    """The agents a team needs per interval for its forecasts, its targets and its shrinkage (the
    settings as they were are kept in `settings_used`)."""

    class Model(models.TextChoices):
        ERLANG_C = "erlang_c", _("Erlang C")
        ERLANG_A = "erlang_a", _("Erlang A")

    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("team"))
    first_day = models.DateField(_("from"))
    last_day = models.DateField(_("until"))
    model = models.CharField(_("model"), max_length=10, choices=Model.choices, default=Model.ERLANG_A)
    patience_seconds = models.FloatField(_("mean patience (s)"), null=True, blank=True)
    settings_used = models.JSONField(default=dict)
    forecasts = models.ManyToManyField(Forecast, related_name="+", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("staffing plan")
        verbose_name_plural = _("staffing plans")
        ordering = ["-created_at"]


class StaffingInterval(models.Model):
    plan = models.ForeignKey(StaffingPlan, on_delete=models.CASCADE, related_name="intervals")
    local_date = models.DateField()
    slot = models.PositiveSmallIntegerField()
    contacts = models.FloatField()
    aht_seconds = models.FloatField()
    agents_on_phones = models.PositiveIntegerField()  # Erlang's answer
    agents_required = models.PositiveIntegerField()  # after shrinkage: rostered people needed
    service_level = models.FloatField()
    asa_seconds = models.FloatField()
    occupancy = models.FloatField()
    abandon_share = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "local_date", "slot"], name="staffinginterval_unique")
        ]


class ShiftTemplate(BaseModel):
    """A shift a team works: start, length and break (a shift over 6 hours needs ≥ 30 min)."""

    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("team"))
    name = models.CharField(_("name"), max_length=60)
    starts = models.TimeField(_("starts"))
    length_minutes = models.PositiveSmallIntegerField(
        _("length (min)"), validators=[MinValueValidator(60), MaxValueValidator(13 * 60)]
    )
    break_minutes = models.PositiveSmallIntegerField(_("break (min)"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("shift template")
        verbose_name_plural = _("shift templates")
        ordering = ["starts", "length_minutes"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="shifttemplate_unique_name"),
            models.CheckConstraint(
                condition=Q(length_minutes__lte=360) | Q(break_minutes__gte=30),
                name="shifttemplate_break_over_6h",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DayOffRequest(BaseModel):
    """A day an agent asks not to work; the roster honours it when it can (the last objective)."""

    employee = models.ForeignKey(
        "org.Employee",
        on_delete=models.CASCADE,
        related_name="days_off_requested",
        verbose_name=_("employee"),
    )
    day = models.DateField(_("day"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["employee", "day"], name="dayoffrequest_unique")]


class Roster(BaseModel):
    """A team's named schedule for 1–4 weeks from a Monday. Solved by the worker (status moves:
    draft → solving → solved | failed; solved → published; published → published on a change, with
    a new publication number). `row_version` guards concurrent edits."""

    class Status(models.TextChoices):
        SOLVING = "solving", _("Being solved")
        SOLVED = "solved", _("Solved")
        FAILED = "failed", _("Could not be solved")
        PUBLISHED = "published", _("Published")

    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("team"))
    first_day = models.DateField(_("from"))
    weeks = models.PositiveSmallIntegerField(
        _("weeks"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    plan = models.ForeignKey(
        StaffingPlan, on_delete=models.PROTECT, related_name="rosters", verbose_name=_("staffing plan")
    )
    templates = models.ManyToManyField(ShiftTemplate, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SOLVING)
    # Why it could not be solved: the rule and the person, in words.
    problem = models.TextField(blank=True)
    # {"uncovered": slot-agents short, "over": slot-agents over, "requests_unmet": n,
    #  "seconds": s, "status": "OPTIMAL"}
    result = models.JSONField(default=dict)
    publication = models.PositiveIntegerField(_("publication"), default=0)
    published_at = models.DateTimeField(null=True, blank=True)
    row_version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("roster")
        verbose_name_plural = _("rosters")
        ordering = ["-first_day", "-created_at"]

    def __str__(self) -> str:
        return f"{self.unit} {self.first_day}"


class Shift(models.Model):
    """One person's shift on one day of a roster (at most one per day)."""

    roster = models.ForeignKey(Roster, on_delete=models.CASCADE, related_name="shifts")
    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="shifts")
    day = models.DateField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    break_starts_at = models.DateTimeField(null=True, blank=True)
    break_minutes = models.PositiveSmallIntegerField(default=0)
    template = models.ForeignKey(
        ShiftTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Paid differently: any part on a public holiday, and the minutes between 22:00 and 06:00.
    on_holiday = models.BooleanField(default=False)
    night_minutes = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["day", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["roster", "employee", "day"], name="shift_one_per_day"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="shift_ends_after_start"),
        ]
        indexes = [models.Index(fields=["employee", "day"], name="shift_employee_day")]


class RosterPublication(BaseModel):
    """Each publishing of a roster: the first, then every change after it, with what changed
    ([{"employee": id, "day": "2026-11-30", "before": "08:00–16:30" | None, "after": ...}])."""

    roster = models.ForeignKey(Roster, on_delete=models.CASCADE, related_name="publications")
    number = models.PositiveIntegerField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changes = models.JSONField(default=list)
    # What agents see: the roster's shifts as published, so edits made after publishing stay
    # unseen until published again ([{"employee", "day", "starts_at", "ends_at", "break_minutes",
    # "on_holiday", "night_minutes", "template"}], times ISO 8601).
    shifts = models.JSONField(default=list)

    class Meta:
        ordering = ["roster", "number"]
        constraints = [models.UniqueConstraint(fields=["roster", "number"], name="rosterpublication_unique")]


class ShiftNotice(models.Model):
    """One notice per publication and person: its mail is queued in the outbox with it, so a person
    is told once however many workers or clicks race."""

    publication = models.ForeignKey(RosterPublication, on_delete=models.CASCADE, related_name="notices")
    employee = models.ForeignKey("org.Employee", on_delete=models.CASCADE, related_name="+")
    mail = models.ForeignKey(
        "core.OutboxMail", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["publication", "employee"], name="shiftnotice_unique")]
