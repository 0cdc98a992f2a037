from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from teenindus.core.models import BaseModel


class Agency(BaseModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=20, blank=True)
    registry_code = models.CharField(_("registry code"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class Unit(BaseModel):
    """A structural unit; units form a tree inside an agency."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Department")
        SECTION = "section", _("Section")
        OFFICE = "office", _("Local office")
        TEAM = "team", _("Team")

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="units", verbose_name=_("agency")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "parent", "name"], name="unit_unique_name_in_parent"),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="unit_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name


class Position(BaseModel):
    """An ametikoht: a post in a unit, reporting to a manager position, with its substitutes."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="positions", verbose_name=_("unit"))
    title = models.CharField(_("title"), max_length=200)
    manager = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("line manager position"),
    )
    # A.substitutes = {B}: A stands in for B when B is absent; B.substituted_by = {A}.
    substitutes = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="substituted_by",
        verbose_name=_("substitutes"),
    )
    is_manager = models.BooleanField(_("heads the unit"), default=False)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["unit__name", "title"]
        constraints = [
            models.CheckConstraint(condition=~Q(manager=F("id")), name="position_not_own_manager"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.unit})"


class Employee(BaseModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee",
        verbose_name=_("user account"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Employment(BaseModel):
    """An employee holding a position for a period, with the end of probation."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="employments", verbose_name=_("employee")
    )
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="employments", verbose_name=_("position")
    )
    start_date = models.DateField(_("start date"))
    probation_end = models.DateField(_("end of probation"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    # Contracted working time: 40 is full time; 30 is a 0.75 part-time share.
    weekly_hours = models.DecimalField(
        _("contracted hours a week"),
        max_digits=4,
        decimal_places=1,
        default=40,
        validators=[MinValueValidator(1), MaxValueValidator(48)],
    )

    class Meta:
        verbose_name = _("employment")
        verbose_name_plural = _("employments")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="employment_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(probation_end__isnull=True) | Q(probation_end__gte=F("start_date")),
                name="employment_probation_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} — {self.position}"
