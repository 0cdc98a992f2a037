"""Contact evaluation and feedback: forms (versioned), evaluations with their answers, calibration,
random samples, difficult contacts and the goals agreed in feedback talks."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teenindus.core.models import BaseModel
from teenindus.quality.moves import STATE_CHOICES, State


class EvaluationForm(BaseModel):
    """One version of an evaluation form. A form that has been used is never changed: saving it
    again makes the next version (same `family`), and the old one stays under its evaluations."""

    family = models.PositiveIntegerField(_("form"), db_index=True)  # the pk of its first version
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_current = models.BooleanField(_("current"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("evaluation form")
        verbose_name_plural = _("evaluation forms")
        ordering = ["name", "-version"]
        permissions = [
            ("evaluate_contact", "Can evaluate contacts of their unit and build evaluation forms"),
            ("oversee_evaluation", "Can see every evaluation and feedback view"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["family", "version"], name="quality_form_one_version"),
            models.UniqueConstraint(
                fields=["family"], condition=Q(is_current=True), name="quality_form_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class CriterionKind(models.TextChoices):
    SCALE = "scale", _("Scale")
    YES_NO = "yesno", _("Yes / no / not applicable")


class Criterion(BaseModel):
    form = models.ForeignKey(EvaluationForm, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveIntegerField(default=0)
    section = models.CharField(_("section"), max_length=120)
    name = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=6, choices=CriterionKind.choices)
    scale_max = models.PositiveSmallIntegerField(_("scale to"), default=5)
    weight = models.DecimalField(_("weight (%)"), max_digits=5, decimal_places=2)
    critical = models.BooleanField(_("critical"), default=False)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["form", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.section} › {self.name}"


class Calibration(BaseModel):
    """Several evaluators score one contact blind; the lead reveals the spread and records the
    agreed score (an ordinary evaluation that goes to the agent)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open (blind)")
        REVEALED = "revealed", _("Scores revealed")
        AGREED = "agreed", _("Agreed score recorded")

    contact = models.ForeignKey("contacts.Contact", on_delete=models.PROTECT, related_name="+")
    form = models.ForeignKey(EvaluationForm, on_delete=models.PROTECT, related_name="+")
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    evaluators = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("calibration")
        verbose_name_plural = _("calibrations")
        ordering = ["-created_at"]


class Evaluation(BaseModel):
    """An evaluation of one contact with one form version. A calibration score (kind calibration)
    is never shown to the agent; the agreed score of a calibration is an ordinary evaluation."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Evaluation")
        CALIBRATION = "calibration", _("Calibration score")

    form = models.ForeignKey(EvaluationForm, on_delete=models.PROTECT, related_name="evaluations")
    contact = models.ForeignKey("contacts.Contact", on_delete=models.PROTECT, related_name="+")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.REGULAR)
    calibration = models.ForeignKey(
        Calibration, on_delete=models.PROTECT, null=True, blank=True, related_name="evaluations"
    )
    month = models.DateField(db_index=True)  # first day of the contact's local month
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)  # percent
    critical_failed = models.BooleanField(default=False)
    strengths = models.TextField(_("strengths"), blank=True)
    improvements = models.TextField(_("what to improve"), blank=True)
    state = models.CharField(max_length=12, choices=STATE_CHOICES, default=State.NEW)
    agent_comment = models.TextField(_("agent's comment"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(_("answer to the dispute"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["agent", "month"], name="quality_eval_agent_month")]
        constraints = [
            models.UniqueConstraint(
                fields=["calibration", "evaluator"],
                condition=Q(kind="calibration"),
                name="quality_one_calibration_score_each",
            ),
            models.UniqueConstraint(
                fields=["calibration"],
                condition=Q(kind="regular", calibration__isnull=False),
                name="quality_one_agreed_score",
            ),
            # An ordinary evaluation once per contact, evaluator and form version (a double submit
            # saves one); another version of the form may evaluate the contact again.
            models.UniqueConstraint(
                fields=["contact", "evaluator", "form"],
                condition=Q(kind="regular", calibration__isnull=True),
                name="quality_evaluate_once",
            ),
        ]


class Answer(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(null=True, blank=True)  # None = not applicable
    points = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)  # 0–100

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="quality_one_answer_each")
        ]


class SamplingRule(BaseModel):
    """How many contacts per agent and month are sampled, and from which channels (one row)."""

    per_agent = models.PositiveSmallIntegerField(_("contacts per agent and month"), default=3)
    channels = models.JSONField(_("channels"), default=list)

    class Meta:
        verbose_name = _("sampling rule")
        verbose_name_plural = _("sampling rules")


class SampledContact(BaseModel):
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    month = models.DateField()
    contact = models.ForeignKey("contacts.Contact", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("sampled contact")
        verbose_name_plural = _("sampled contacts")
        ordering = ["month", "agent", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agent", "month", "contact"], name="quality_sample_once")
        ]


class DifficultContact(BaseModel):
    class Kind(models.TextChoices):
        EMOTIONAL = "emotional", _("Emotionally difficult")
        SUBSTANTIVE = "substantive", _("Difficult in substance")

    class Status(models.TextChoices):
        FLAGGED = "flagged", _("To analyse")
        ANALYSED = "analysed", _("Analysed")

    contact = models.OneToOneField("contacts.Contact", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=500)
    flagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.FLAGGED)
    what_happened = models.TextField(_("what happened"), blank=True)
    solution = models.TextField(_("the way to a solution"), blank=True)
    lessons = models.TextField(_("lessons"), blank=True)
    analysed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    guide = models.ForeignKey(
        "knowledge.Guide", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("difficult contact")
        verbose_name_plural = _("difficult contacts")
        ordering = ["-created_at"]


class Goal(BaseModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MET = "met", _("Met")
        DROPPED = "dropped", _("Dropped")

    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.CharField(_("goal"), max_length=500)
    due_date = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["due_date", "pk"]
