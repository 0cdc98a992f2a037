"""Information materials and leaflets of the local offices (job description 001 point 3.7).

A material has editions; publishing one centrally makes it the current edition. Each front-desk
office is assigned the materials it should hold (a Holding): which edition it holds, and when its
stock was last checked and by whom. A holding whose edition is not the current one is outdated
and stays flagged until the office records the new edition."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teenindus.core.models import BaseModel


class MaterialKind(models.TextChoices):
    LEAFLET = "leaflet", _("Leaflet")
    MATERIAL = "material", _("Information material")


class Material(BaseModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=MaterialKind.choices, default=MaterialKind.LEAFLET
    )
    description = models.TextField(_("description"), blank=True)
    current_edition = models.ForeignKey(
        "Edition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current edition"),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("information material")
        verbose_name_plural = _("information materials")
        ordering = ["name"]
        permissions = [("check_stock", "Can record the stock check of their office")]

    def __str__(self) -> str:
        return self.name


class Edition(BaseModel):
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="editions")
    number = models.PositiveIntegerField()
    label = models.CharField(_("edition"), max_length=60)
    note = models.CharField(_("changes in this edition"), max_length=300, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # An optional PDF of the edition, kept in the database (checked by core.uploads.upload_check).
    file_name = models.CharField(max_length=200, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    file_sha256 = models.CharField(max_length=64, blank=True)
    file_data = models.BinaryField(null=True, blank=True)

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["material", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["material", "number"], name="edition_unique_number"),
            models.UniqueConstraint(fields=["material", "label"], name="edition_unique_label"),
        ]

    def __str__(self) -> str:
        return f"{self.material.name} {self.label}"


class Holding(BaseModel):
    """A material an office should hold: the edition it holds and its last stock check."""

    office = models.ForeignKey("frontdesk.Office", on_delete=models.CASCADE, related_name="material_holdings")
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="holdings")
    edition = models.ForeignKey(
        Edition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edition held"),
    )
    edition_recorded_at = models.DateTimeField(null=True, blank=True)
    edition_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(_("stock last checked"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("quantity in stock"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("material of an office")
        verbose_name_plural = _("materials of offices")
        ordering = ["office", "material__name"]
        constraints = [models.UniqueConstraint(fields=["office", "material"], name="holding_unique")]


class StockCheck(models.Model):
    """One stock check of a holding per local day (a second check the same day updates it)."""

    holding = models.ForeignKey(Holding, on_delete=models.CASCADE, related_name="checks")
    day = models.DateField()
    checked_at = models.DateTimeField()
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    quantity = models.PositiveIntegerField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["holding", "-day"]
        constraints = [
            models.UniqueConstraint(fields=["holding", "day"], name="stockcheck_once_a_day"),
            models.CheckConstraint(
                condition=Q(quantity__gte=0) | Q(quantity__isnull=True), name="stock_qty_ok"
            ),
        ]
