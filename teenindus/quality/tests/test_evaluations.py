"""Scope, the agent's moves (one table), the trend per criterion, calibration and pages."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from teenindus.audit.context import AccessContext
from teenindus.audit.models import AccessLog
from teenindus.core.exceptions import ConflictError, NotFound, PermissionDeniedError, ValidationFailed
from teenindus.quality import selectors
from teenindus.quality.models import Calibration, Evaluation
from teenindus.quality.moves import MOVES, State
from teenindus.quality.services.calibration import calibration_reveal, calibration_start
from teenindus.quality.services.evaluations import evaluation_move, evaluation_record
from teenindus.quality.tests.conftest import answers, at, contact

pytestmark = pytest.mark.django_db


def ctx(user):
    return AccessContext(actor=user, view="test", purpose="test")


def evaluate(qa, who="lead", c=None, **by_name):
    form = qa["form"]
    c = c or qa["contact"]
    return evaluation_record(
        actor=qa[who], contact_id=c.pk, form_id=form.pk, answers=answers(form, **by_name)
    )


# --- scope ------------------------------------------------------------------------------------


def test_lead_and_senior_evaluate_their_units_contacts(qa):
    assert evaluate(qa, "lead").agent == qa["agent"]
    assert evaluate(qa, "senior").evaluator == qa["senior"]


def test_an_evaluation_out_of_scope_is_refused_and_nothing_is_saved(qa):
    for who in ("lead", "senior"):
        with pytest.raises(NotFound):
            evaluate(qa, who, c=qa["stranger_contact"])
    with pytest.raises(NotFound):
        evaluate(qa, "agent2")  # an agent evaluates nobody
    assert not Evaluation.objects.exists()


def test_the_manager_evaluates_every_contact(qa):
    assert evaluate(qa, "manager", c=qa["stranger_contact"]).agent == qa["stranger"]


def test_the_evaluate_page_of_a_contact_out_of_scope_is_404_and_posting_saves_nothing(client, qa):
    client.force_login(qa["lead"])
    url = reverse("quality:evaluate", args=[qa["stranger_contact"].pk])
    assert client.get(url).status_code == 404
    data = {f"c{pk}": v for pk, v in answers(qa["form"]).items()} | {"form": qa["form"].pk}
    assert client.post(url, data).status_code == 404
    assert not Evaluation.objects.exists()


def test_evaluating_on_the_page_logs_the_agent_and_shows_the_percentage(client, qa):
    client.force_login(qa["lead"])
    client.cookies["django_language"] = "en"
    url = reverse("quality:evaluate", args=[qa["contact"].pk])
    assert client.get(url).status_code == 200
    data = {f"c{pk}": v for pk, v in answers(qa["form"], Viisakus="4").items()}
    response = client.post(
        url, data | {"form": qa["form"].pk, "strengths": "Rahulik", "improvements": "Kokkuvõte"}, follow=True
    )
    evaluation = Evaluation.objects.get()
    assert evaluation.score == Decimal("92.50") and evaluation.strengths == "Rahulik"
    assert "93 %" in response.content.decode() or "92 %" in response.content.decode()
    employee = qa["agent"].employee
    assert AccessLog.objects.filter(
        actor=qa["lead"], subject_type="org.employee", subject_id=employee.pk
    ).exists()


def test_a_post_with_a_missing_answer_is_refused_with_a_message(client, qa):
    client.force_login(qa["lead"])
    response = client.post(reverse("quality:evaluate", args=[qa["contact"].pk]), {"form": qa["form"].pk})
    assert response.status_code == 422
    assert not Evaluation.objects.exists()


def test_an_agent_sees_only_their_own_evaluations(client, qa):
    e = evaluate(qa)
    client.force_login(qa["agent2"])
    assert client.get(reverse("quality:evaluation", args=[e.pk])).status_code == 404
    client.force_login(qa["agent"])
    assert client.get(reverse("quality:evaluation", args=[e.pk])).status_code == 200
    assert client.get(reverse("quality:index")).status_code == 403


# --- moves ------------------------------------------------------------------------------------


def test_the_table_of_moves():
    assert {name: (sorted(m.sources), m.target, m.who) for name, m in MOVES.items()} == {
        "acknowledge": ([State.NEW], State.ACKNOWLEDGED, "agent"),
        "dispute": ([State.NEW], State.DISPUTED, "agent"),
        "resolve": ([State.DISPUTED], State.RESOLVED, "evaluator"),
    }


def test_the_agent_acknowledges(qa):
    e = evaluate(qa)
    moved = evaluation_move(
        actor=qa["agent"], evaluation_id=e.pk, move="acknowledge", version=e.version, comment="Selge"
    )
    assert moved.state == State.ACKNOWLEDGED and moved.agent_comment == "Selge"


def test_a_dispute_needs_a_comment_and_the_lead_answers_it(qa):
    e = evaluate(qa)
    with pytest.raises(ValidationFailed):
        evaluation_move(actor=qa["agent"], evaluation_id=e.pk, move="dispute", version=e.version)
    disputed = evaluation_move(
        actor=qa["agent"], evaluation_id=e.pk, move="dispute", version=e.version, comment="Klient katkestas"
    )
    assert disputed.state == State.DISPUTED
    rows, total = selectors.evaluations_disputed(ctx=ctx(qa["lead"]))
    assert [r.pk for r in rows] == [e.pk] and total == 1
    resolved = evaluation_move(
        actor=qa["lead"], evaluation_id=e.pk, move="resolve", version=disputed.version, comment="Arvestan"
    )
    assert resolved.state == State.RESOLVED


def test_a_stale_move_is_a_conflict_with_a_message_and_changes_nothing(client, qa):
    e = evaluate(qa)
    evaluation_move(actor=qa["agent"], evaluation_id=e.pk, move="acknowledge", version=e.version)
    with pytest.raises(ConflictError):
        evaluation_move(
            actor=qa["agent"], evaluation_id=e.pk, move="dispute", version=e.version, comment="Ei"
        )
    client.force_login(qa["agent"])
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("quality:evaluation_move", args=[e.pk]),
        {"move": "dispute", "version": e.version, "comment": "Ei"},
        follow=True,
    )
    assert "has changed in the meantime" in response.content.decode()
    assert Evaluation.objects.get(pk=e.pk).state == State.ACKNOWLEDGED


def test_only_the_agent_moves_their_evaluation(qa):
    e = evaluate(qa)
    with pytest.raises(NotFound):
        evaluation_move(actor=qa["agent2"], evaluation_id=e.pk, move="acknowledge", version=e.version)
    with pytest.raises(NotFound):
        evaluation_move(actor=qa["lead"], evaluation_id=e.pk, move="acknowledge", version=e.version)


def test_the_new_evaluation_is_on_the_agents_start_page_until_acknowledged(client, qa):
    e = evaluate(qa)
    client.force_login(qa["agent"])
    assert reverse("quality:evaluation", args=[e.pk]) in client.get(reverse("home")).content.decode()
    evaluation_move(actor=qa["agent"], evaluation_id=e.pk, move="acknowledge", version=e.version)
    assert reverse("quality:evaluation", args=[e.pk]) not in client.get(reverse("home")).content.decode()


# --- trend ------------------------------------------------------------------------------------


def test_trend_per_criterion_by_month(qa):
    earlier = contact(qa["agent"], qa["topic"], when=at(3, month_offset=1))
    later = contact(qa["agent"], qa["topic"], when=at(3))
    evaluate(qa, c=earlier, Viisakus="1", Õige_info="na")  # politeness 0 %
    evaluate(qa, c=later, Viisakus="5")  # politeness 100 %
    evaluate(qa, c=qa["contact"], Viisakus="3")  # politeness 50 %, same month as `later`
    months = [earlier.local_date.replace(day=1), later.local_date.replace(day=1)]
    trend = {
        row.criterion: row.cells
        for row in selectors.trend_by_criterion(ctx=ctx(qa["agent"]), agent_id=qa["agent"].pk, months=months)
    }
    assert trend["Suhtlus › Viisakus"] == [Decimal("0.0"), Decimal("75.0")]
    assert trend["Sisu › Õige info"] == [None, Decimal("100.0")]


def test_the_trend_leaves_out_other_agents_and_blind_calibration_scores(qa):
    contact(qa["agent2"], qa["topic"])
    other = contact(qa["agent2"], qa["topic"])
    evaluate(qa, c=other, Viisakus="1")
    months = [other.local_date.replace(day=1)]
    assert selectors.trend_by_criterion(ctx=ctx(qa["agent"]), agent_id=qa["agent"].pk, months=months) == []


# --- calibration ------------------------------------------------------------------------------


def _calibration(qa):
    return calibration_start(
        actor=qa["lead"],
        contact_id=qa["contact"].pk,
        form_id=qa["form"].pk,
        evaluator_ids=[qa["lead"].pk, qa["senior"].pk, qa["manager"].pk],
    )


def _score_cal(qa, who, cal, **by_name):
    return evaluation_record(
        actor=qa[who],
        contact_id=qa["contact"].pk,
        form_id=qa["form"].pk,
        answers=answers(qa["form"], **by_name),
        calibration_id=cal.pk,
    )


def test_calibration_is_blind_until_the_lead_reveals_it(client, qa):
    cal = _calibration(qa)
    mine = _score_cal(qa, "senior", cal, Viisakus="2")
    _score_cal(qa, "manager", cal, Viisakus="4")
    assert mine.kind == Evaluation.Kind.CALIBRATION
    # Each sees only their own score, the lead none; nobody sees a spread.
    assert [s.pk for s in selectors.calibration_scores(calibration=cal, user=qa["senior"])] == [mine.pk]
    assert selectors.calibration_scores(calibration=cal, user=qa["lead"]) == []
    assert selectors.calibration_spread(calibration=cal) == []
    other = Evaluation.objects.get(calibration=cal, evaluator=qa["manager"])
    assert not selectors.evaluations_visible(user=qa["senior"]).filter(pk=other.pk).exists()
    client.force_login(qa["senior"])
    page = client.get(reverse("quality:calibration", args=[cal.pk])).content.decode()
    assert reverse("quality:evaluation", args=[other.pk]) not in page
    # The agent never sees calibration scores.
    assert not selectors.evaluations_visible(user=qa["agent"]).exists()
    # A second score from the same evaluator is refused.
    with pytest.raises((ConflictError, PermissionDeniedError)):
        _score_cal(qa, "senior", cal)


def test_revealed_calibration_shows_the_spread_and_the_lead_records_the_agreed_score(qa):
    cal = _calibration(qa)
    _score_cal(qa, "senior", cal, Viisakus="2")  # 25 %
    _score_cal(qa, "manager", cal, Viisakus="4")  # 75 %
    with pytest.raises(NotFound):
        _score_cal(qa, "agent2", cal)
    cal = calibration_reveal(actor=qa["lead"], calibration_id=cal.pk, version=cal.version)
    spread = {row.criterion: row for row in selectors.calibration_spread(calibration=cal)}
    politeness = spread["Suhtlus › Viisakus"]
    assert (politeness.minimum, politeness.maximum, politeness.stdev) == (
        Decimal("25.00"),
        Decimal("75.00"),
        Decimal("25.0"),
    )
    assert spread["Sisu › Õige info"].stdev == Decimal("0.0")
    assert len(selectors.calibration_scores(calibration=cal, user=qa["senior"])) == 2
    # Only the lead records the agreed score; it is what the agent sees.
    with pytest.raises(PermissionDeniedError):
        _score_cal(qa, "senior", cal)
    agreed = _score_cal(qa, "lead", cal, Viisakus="3")
    assert agreed.kind == Evaluation.Kind.REGULAR and agreed.score == Decimal("85.00")
    assert Calibration.objects.get(pk=cal.pk).status == Calibration.Status.AGREED
    assert list(selectors.evaluations_visible(user=qa["agent"])) == [agreed]
    with pytest.raises(ConflictError):
        _score_cal(qa, "lead", cal)


def test_a_stale_reveal_is_a_conflict(qa):
    cal = _calibration(qa)
    _score_cal(qa, "senior", cal)
    calibration_reveal(actor=qa["lead"], calibration_id=cal.pk, version=cal.version)
    with pytest.raises(ConflictError):
        calibration_reveal(actor=qa["lead"], calibration_id=cal.pk, version=cal.version)


def test_month_of_an_evaluation_is_the_contacts_month(qa):
    e = evaluate(qa)
    assert e.month == qa["contact"].local_date.replace(day=1)
    assert e.month <= qa["contact"].local_date < e.month + timedelta(days=31)


def test_an_evaluation_posted_on_a_form_changed_meanwhile_saves_nothing(client, qa):
    from teenindus.quality.services.forms import form_save
    from teenindus.quality.tests.conftest import CRITERIA

    old = qa["form"]
    data = {f"c{pk}": v for pk, v in answers(old).items()} | {"form": old.pk}
    evaluate(qa, c=contact(qa["agent"], qa["topic"]))  # the form is used: saving it makes version 2
    form_save(actor=qa["lead"], name="Kõne hindamine", criteria=CRITERIA, form_id=old.pk)
    client.force_login(qa["lead"])
    client.cookies["django_language"] = "en"
    before = Evaluation.objects.count()
    response = client.post(reverse("quality:evaluate", args=[qa["contact"].pk]), data)
    assert response.status_code == 409
    assert "The form has changed in the meantime" in response.content.decode()
    assert Evaluation.objects.count() == before
