"""Calibration: several evaluators score one contact blind; the lead reveals the spread."""

from django.db import transaction
from django.utils.translation import gettext as _

from teenindus.audit.services import change_record
from teenindus.core.exceptions import ConflictError, NotFound, ValidationFailed
from teenindus.quality.models import Calibration, EvaluationForm
from teenindus.quality.scope import EVALUATE
from teenindus.quality.services.evaluations import _contact_in_scope


@transaction.atomic
def calibration_start(*, actor, contact_id: int, form_id: int, evaluator_ids: list[int]) -> Calibration:
    contact = _contact_in_scope(actor, contact_id)
    form = EvaluationForm.objects.filter(pk=form_id, is_current=True).first()
    if form is None:
        raise ValidationFailed(_("Choose a current evaluation form."), field="form")
    from teenindus.accounts.models import User

    evaluators = [
        u for u in User.objects.filter(pk__in=evaluator_ids, is_active=True) if u.has_perm(EVALUATE)
    ]
    evaluators = [u for u in evaluators if u.pk != contact.handled_by_id]
    if len(evaluators) < 2:
        raise ValidationFailed(_("Choose at least two evaluators."), field="evaluators")
    calibration = Calibration.objects.create(contact=contact, form=form, lead=actor)
    calibration.evaluators.set(evaluators)
    change_record(
        actor=actor,
        instance=calibration,
        event="quality.calibration_started",
        changes={"evaluators": [None, sorted(u.pk for u in evaluators)]},
    )
    return calibration


@transaction.atomic
def calibration_reveal(*, actor, calibration_id: int, version: int) -> Calibration:
    """The lead closes the blind round: every participant now sees the spread."""
    calibration = Calibration.objects.select_for_update().filter(pk=calibration_id, lead=actor).first()
    if calibration is None:
        raise NotFound(_("No such calibration."), field="calibration")
    if calibration.version != version or calibration.status != Calibration.Status.OPEN:
        raise ConflictError(
            _("This calibration has changed in the meantime. Nothing was saved."), field="version"
        )
    if not calibration.evaluations.exists():
        raise ValidationFailed(_("No evaluator has scored the contact yet."), field="calibration")
    calibration.status = Calibration.Status.REVEALED
    calibration.version += 1
    calibration.save(update_fields=["status", "version", "updated_at"])
    change_record(
        actor=actor,
        instance=calibration,
        event="quality.calibration_revealed",
        changes={"status": ["open", "revealed"]},
    )
    return calibration
