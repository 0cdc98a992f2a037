from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teenindus.core.models import BaseModel


class SurveyLanguage(models.TextChoices):
    ESTONIAN = "et", _("Estonian")
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")


class SurveyInvitation(BaseModel):
    """A short survey about one contact, answered once through a one-time link.

    The link carries a random token; only its SHA-256 is kept (`token_hash`), so neither the URL nor
    the database row leads from the link to a person without the contact this row points at, and a
    leaked database gives no usable links. The answer lives on the same row: `answered_at` is set by
    one conditional UPDATE, so two submissions at once make one answer."""

    class Via(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")
        LINK = "link", _("Link read out")

    contact = models.ForeignKey(
        "contacts.Contact",
        on_delete=models.PROTECT,
        related_name="survey_invitations",
        verbose_name=_("contact"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=2, choices=SurveyLanguage.choices)
    via = models.CharField(_("sent by"), max_length=5, choices=Via.choices)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("sent by")
    )
    expires_at = models.DateTimeField(_("expires"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction"), null=True, blank=True)
    solved = models.BooleanField(_("solved"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        ordering = ["-created_at", "-id"]
        permissions = [("send_survey", "Can send a customer a survey about a contact")]
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True) | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="survey_satisfaction_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(satisfaction__isnull=False, solved__isnull=False),
                name="survey_answer_complete",
            ),
            # However many invitations a contact had, the customer answers about it once.
            models.UniqueConstraint(
                fields=["contact"],
                condition=Q(answered_at__isnull=False),
                name="survey_one_answer_per_contact",
            ),
        ]
        indexes = [models.Index(fields=["answered_at"], name="survey_answered")]

    def __str__(self) -> str:
        return f"{self.get_via_display()} {self.created_at:%Y-%m-%d}"


class SurveySms(BaseModel):
    """An SMS with a survey link, sent once by a worker through the SMS gateway (surveys/sms.py).

    The text (it holds the link) is wiped once the gateway has taken it. The gateway is given the
    row's reference, and takes a message with a reference it already has as the same message: a
    retry after a lost answer sends nothing twice."""

    invitation = models.OneToOneField(SurveyInvitation, on_delete=models.CASCADE, related_name="sms")
    to = models.CharField(max_length=30)
    text = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    gateway_id = models.CharField(max_length=80, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("survey SMS")
        verbose_name_plural = _("survey SMS messages")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"SMS {self.pk}"

    @property
    def reference(self) -> str:
        return f"teenindus-survey-sms-{self.pk}"
