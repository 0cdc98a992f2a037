"""Job descriptions as versioned records, their signatures, absences and the conversation system."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from teenindus.core.models import BaseModel


class JobDescription(BaseModel):
    """The job description of one position; its content lives in versions, the newest is current."""

    position = models.OneToOneField(
        "org.Position", on_delete=models.PROTECT, related_name="job_description", verbose_name=_("position")
    )
    current_number = models.PositiveIntegerField(_("current version"), default=0)
    review_due = models.DateField(_("next review"), null=True, blank=True, db_index=True)
    last_reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True)
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("job description")
        verbose_name_plural = _("job descriptions")
        permissions = [("review_jobdescription", "Can review job descriptions")]

    def __str__(self) -> str:
        return str(self.position)


class JobDescriptionVersion(BaseModel):
    class Reason(models.TextChoices):
        IMPORT = "import", _("Imported from a document")
        EDIT = "edit", _("Edited")
        ANNUAL_REVIEW = "annual_review", _("Annual review")
        WORK_CHANGE = "work_change", _("Change in work organisation")

    job_description = models.ForeignKey(JobDescription, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    # Stemmed words of title, unit and duties: Estonian word forms match in search.
    search_text = models.TextField(blank=True, default="")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    source_name = models.CharField(_("source file"), max_length=255, blank=True)
    # The PDF given out for signing, made once: a signed container must hold exactly these bytes.
    pdf = models.BinaryField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("job description version")
        verbose_name_plural = _("job description versions")
        ordering = ["job_description", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["job_description", "number"], name="jd_version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.job_description} v{self.number}"


class Signature(BaseModel):
    """One party's signature on one version: who, when and how."""

    class Party(models.TextChoices):
        EMPLOYEE = "employee", _("Employee")
        EMPLOYER = "employer", _("Employer")

    class Method(models.TextChoices):
        IN_SYSTEM = "in_system", _("Confirmed in Teenindus after signing in")
        CONTAINER = "container", _("Digitally signed container (.asice/.bdoc)")

    version = models.ForeignKey(JobDescriptionVersion, on_delete=models.CASCADE, related_name="signatures")
    party = models.CharField(_("party"), max_length=10, choices=Party.choices)
    signer_name = models.CharField(_("signer"), max_length=200)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed at"))
    method = models.CharField(_("method"), max_length=12, choices=Method.choices)
    container_name = models.CharField(max_length=255, blank=True)
    container = models.BinaryField(null=True, blank=True)
    # What verification found in the container: [{"name", "id_code", "signed_at"}].
    container_signers = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["version", "party"]
        constraints = [models.UniqueConstraint(fields=["version", "party"], name="signature_one_per_party")]

    def __str__(self) -> str:
        return f"{self.version}: {self.party} {self.signer_name}"


class Reminder(BaseModel):
    """A reminder for a due date, once per recipient: what, to whom, and how its delivery went.

    The row is written when the reminder is decided; a worker task sends the mail and only then sets
    `sent_at`. A failed send is counted with its error and tried again later; after the last try
    the reminder is `failed_at` and stays visible (admin, HR's conversations page)."""

    subject = models.CharField(max_length=40)  # "review:<jd id>" or "conversation:<id>"
    due_date = models.DateField()
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=255, default="")
    body = models.TextField(default="")
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subject", "due_date", "recipient"], name="reminder_once")
        ]


class Absence(BaseModel):
    class Kind(models.TextChoices):
        VACATION = "vacation", _("Vacation")
        SICK = "sick", _("Sick leave")
        TRAINING = "training", _("Training")
        TRIP = "trip", _("Business trip")
        OTHER = "other", _("Other")

    employee = models.ForeignKey(
        "org.Employee", on_delete=models.CASCADE, related_name="absences", verbose_name=_("employee")
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="absence_end_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.start_date}–{self.end_date}"


class ConversationKind(models.TextChoices):
    PROBATION = "probation", _("End of probation")
    APPRAISAL = "appraisal", _("Appraisal and development")
    EXIT = "exit", _("Exit")


class ConversationTemplate(BaseModel):
    kind = models.CharField(_("kind"), max_length=10, choices=ConversationKind.choices, unique=True)
    questions = models.JSONField(_("questions"), default=list)

    class Meta:
        verbose_name = _("conversation template")
        verbose_name_plural = _("conversation templates")

    def __str__(self) -> str:
        return self.get_kind_display()


class Conversation(BaseModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    class ExitReason(models.TextChoices):
        PAY = "pay", _("Pay")
        WORKLOAD = "workload", _("Workload")
        MANAGEMENT = "management", _("Management")
        DEVELOPMENT = "development", _("No room to develop")
        RELOCATION = "relocation", _("Moving away")
        PERSONAL = "personal", _("Personal reasons")
        RETIREMENT = "retirement", _("Retirement")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=10, choices=ConversationKind.choices)
    employment = models.ForeignKey(
        "org.Employment", on_delete=models.PROTECT, related_name="conversations", verbose_name=_("employment")
    )
    due_date = models.DateField(_("due"), db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    answers = models.JSONField(_("answers"), default=list, blank=True)  # [{"question", "answer"}]
    goals = models.TextField(_("agreed goals"), blank=True)
    training_needs = models.JSONField(_("training needs"), default=list, blank=True)
    exit_reasons = models.JSONField(_("reasons for leaving"), default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["due_date"]
        permissions = [("analyse_conversation", "Can see every conversation and their analysis")]
        constraints = [
            models.UniqueConstraint(
                fields=["employment", "kind", "due_date"], name="conversation_unique_due"
            ),
            models.CheckConstraint(
                condition=Q(status="done", held_on__isnull=False) | ~Q(status="done"),
                name="conversation_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.employment.employee} ({self.due_date})"
