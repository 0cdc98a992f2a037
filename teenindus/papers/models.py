"""Papers the agency issues to a customer: notices (teatis), certificates (tõend) and decisions
(otsus), written from editable templates in the customer's language and registered in the document
register as outgoing documents with the PDF as their file."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teenindus.core.models import BaseModel
from teenindus.customers.models import Language


class PaperKind(models.TextChoices):
    NOTICE = "notice", _("Notice")
    CERTIFICATE = "certificate", _("Certificate")
    DECISION = "decision", _("Decision")


class PaperTemplate(BaseModel):
    """One paper in one language. The templates of one paper share its `code`; the one in the
    customer's language is used, else the Estonian one. `title` and `body` hold placeholders
    ({nimi}, {isikukood}, ... and the declared `extra_fields`), substituted as plain text."""

    kind = models.CharField(_("kind"), max_length=12, choices=PaperKind.choices)
    code = models.SlugField(_("code"), max_length=60)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ESTONIAN
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"))
    # [{"name": "periood", "label": "Periood", "required": true}, ...]
    extra_fields = models.JSONField(_("extra fields"), default=list, blank=True)
    doc_type = models.ForeignKey(
        "registry.DocumentType", on_delete=models.PROTECT, related_name="+", verbose_name=_("document type")
    )
    series = models.ForeignKey(
        "registry.Series",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("series"),
        help_text=_("Empty: the document type's default series."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    version = models.PositiveIntegerField(default=1)  # an edit carries it; a stale one is refused

    class Meta:
        verbose_name = _("paper template")
        verbose_name_plural = _("paper templates")
        ordering = ["kind", "name", "language"]
        constraints = [
            models.UniqueConstraint(fields=["code", "language"], name="papertemplate_code_language_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"


class IssuedPaper(BaseModel):
    """A paper issued to a customer: its registered document and PDF, how it was delivered."""

    class Delivery(models.TextChoices):
        PRINT = "print", _("Printed")
        EMAIL = "email", _("Sent by e-mail")

    template = models.ForeignKey(PaperTemplate, on_delete=models.PROTECT, related_name="issued")
    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.PROTECT,
        related_name="issued_papers",
        verbose_name=_("customer"),
    )
    document = models.OneToOneField(
        "registry.Document", on_delete=models.PROTECT, related_name="issued_paper", verbose_name=_("document")
    )
    file = models.ForeignKey("registry.DocumentFile", on_delete=models.PROTECT, related_name="+")
    fields = models.JSONField(default=dict)
    delivery = models.CharField(_("delivery"), max_length=5, choices=Delivery.choices)
    email = models.EmailField(_("e-mail"), blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    # The issuing form's one-time key: the same form sent twice issues one paper.
    request_key = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("issued paper")
        verbose_name_plural = _("issued papers")
        ordering = ["-issued_at", "-pk"]
        permissions = [("issue_paper", "Can issue notices, certificates and decisions to customers")]

    def __str__(self) -> str:
        return str(self.document_id)
