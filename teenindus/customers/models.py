from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teenindus.core.models import BaseModel


class Language(models.TextChoices):
    ESTONIAN = "et", _("Estonian")
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")


class Customer(BaseModel):
    """A private person or a company: the one record every call, visit, letter and ticket meets."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Private person")
        COMPANY = "company", _("Company")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=255)
    # The name folded in Python (validators.name_fold: case, diacritics, sh/zh), as the search folds
    # its query: SQLite's LIKE folds ASCII only, and agents type "magi" for Mägi.
    search_name = models.CharField(max_length=255, db_index=True, editable=False)
    # Private person
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    isikukood = models.CharField(_("personal identification code"), max_length=11, null=True, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    # Company
    registrikood = models.CharField(_("registry code"), max_length=8, null=True, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.ESTONIAN
    )
    note = models.TextField(_("note"), blank=True)
    # Optimistic locking: an edit carries the version it was based on.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["isikukood"], name="customer_unique_isikukood"),
            models.UniqueConstraint(fields=["registrikood"], name="customer_unique_registrikood"),
            models.CheckConstraint(
                condition=Q(kind="person", registrikood__isnull=True)
                | Q(kind="company", isikukood__isnull=True, birth_date__isnull=True),
                name="customer_codes_match_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind="company") | Q(isikukood__isnull=False) | Q(birth_date__isnull=False),
                name="customer_person_code_or_birth_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_person(self) -> bool:
        return self.kind == self.Kind.PERSON

    @property
    def code(self) -> str:
        return (self.isikukood if self.is_person else self.registrikood) or ""


class ContactPoint(BaseModel):
    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("E-mail")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="contact_points")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    value = models.CharField(_("value"), max_length=254)
    # Phones as +372…, e-mails in lower case: what search compares against.
    normalized = models.CharField(max_length=254, db_index=True)
    is_primary = models.BooleanField(_("primary"), default=False)

    class Meta:
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        ordering = ["kind", "-is_primary", "id"]
        constraints = [
            models.UniqueConstraint(fields=["customer", "kind", "normalized"], name="contactpoint_unique"),
        ]

    def __str__(self) -> str:
        return self.value


class Address(BaseModel):
    class Kind(models.TextChoices):
        RESIDENCE = "residence", _("Residence")
        POSTAL = "postal", _("Postal address")
        SEAT = "seat", _("Registered office")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="addresses")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.RESIDENCE)
    street = models.CharField(_("street and house"), max_length=200)
    city = models.CharField(_("city or parish"), max_length=100)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    country = models.CharField(_("country"), max_length=2, default="EE")

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return ", ".join(p for p in [self.street, self.city, self.postal_code] if p)


class Representation(BaseModel):
    """A person's right to act for a company (e.g. board member from the business register)."""

    class Role(models.TextChoices):
        BOARD_MEMBER = "board_member", _("Board member")
        PROCURATOR = "procurator", _("Procurator")
        AUTHORISED = "authorised", _("Authorised representative")
        MAIN_USER = "main_user", _("E-services main user")
        USER = "user", _("E-services user")

    person = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="represents", limit_choices_to={"kind": "person"}
    )
    company = models.ForeignKey(
        Customer,
        on_delete=models.CASCADE,
        related_name="representatives",
        limit_choices_to={"kind": "company"},
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("representation")
        verbose_name_plural = _("representations")
        ordering = ["company__name", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "company", "role"], name="representation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.company} ({self.get_role_display()})"
