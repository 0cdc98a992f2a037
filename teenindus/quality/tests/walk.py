"""Quality's part of the URL walk's world: a form, an evaluation, a calibration, a difficult
contact and a goal about the walk's contact (handled by the agent, about the customer sentinel)."""

from datetime import date

from teenindus.quality.services.calibration import calibration_start
from teenindus.quality.services.difficult import contact_flag_difficult
from teenindus.quality.services.evaluations import evaluation_record
from teenindus.quality.services.forms import CriterionInput, form_save
from teenindus.quality.services.goals import goal_set
from teenindus.quality.services.sampling import sampling_rule_get


def quality_world(*, users, contact_id: int) -> dict:
    manager = users["manager"]  # sees every agent: needs no place in the walk's structure
    sampling_rule_get()
    form = form_save(
        actor=manager,
        name="Kõne hindamine",
        criteria=[
            CriterionInput(section="Suhtlus", name="Tervitus", kind="yesno", weight="40"),
            CriterionInput(section="Sisu", name="Info", kind="scale", weight="60"),
        ],
    )
    values = {c.pk: "1" for c in form.criteria.all()}
    evaluation = evaluation_record(actor=manager, contact_id=contact_id, form_id=form.pk, answers=values)
    calibration = calibration_start(
        actor=manager, contact_id=contact_id, form_id=form.pk, evaluator_ids=[manager.pk, users["senior"].pk]
    )
    flag = contact_flag_difficult(actor=users["agent"], contact_id=contact_id, kind="emotional", note="Raske")
    goal = goal_set(actor=manager, agent_id=users["agent"].pk, text="Kokkuvõte", due_date=date(2030, 1, 1))
    return {
        "form_id": form.pk,
        "evaluation_id": evaluation.pk,
        "calibration_id": calibration.pk,
        "flag_id": flag.pk,
        "agent_id": users["agent"].pk,
        "goal_id": goal.pk,
    }
