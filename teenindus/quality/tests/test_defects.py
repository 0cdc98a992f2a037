"""Defects found by the tester (each test failed before its fix)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from teenindus.core.exceptions import ConflictError, NotFound, ValidationFailed
from teenindus.core.testing import race
from teenindus.quality.models import Criterion, Evaluation, EvaluationForm, Goal, SamplingRule
from teenindus.quality.services.evaluations import evaluation_record
from teenindus.quality.services.goals import goal_set
from teenindus.quality.tests.conftest import answers

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999"
FUTURE = date(2099, 1, 31)


def _en(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "en"


# 1. month outside 1900-01…2999-12 falls back to the current month (as 2026-13), never a 500


@pytest.mark.parametrize("month", ["0001-01", "9999-12", "1899-12", "3000-01", "2026-13"])
def test_feedback_month_out_of_range_falls_back(client, qa, month):
    _en(client, qa["lead"])
    page = client.get(reverse("quality:feedback", args=[qa["agent"].pk]), {"month": month})
    assert page.status_code == 200
    assert page.context["month"] == f"{timezone.localdate():%Y-%m}"
    pdf = client.get(reverse("quality:feedback_pdf", args=[qa["agent"].pk]), {"month": month})
    assert pdf.status_code == 200


def test_feedback_month_edges_of_range_work(client, qa):
    _en(client, qa["lead"])
    for month in ("1900-01", "2999-12"):
        page = client.get(reverse("quality:feedback", args=[qa["agent"].pk]), {"month": month})
        assert page.status_code == 200 and page.context["month"] == month


# 2. goals only for an existing evaluated agent in scope, never in the past


def test_goal_for_missing_user_is_404_for_the_manager(client, qa):
    _en(client, qa["manager"])
    response = client.post(
        reverse("quality:goal_add", args=[99999]), {"text": "Eesmärk", "due_date": "2099-01-31"}
    )
    assert response.status_code == 404
    assert not Goal.objects.exists()


def test_goal_for_someone_not_evaluated_is_refused(client, qa, users):
    for actor in (qa["manager"], qa["lead"]):
        with pytest.raises(NotFound):
            goal_set(actor=actor, agent_id=users["hr"].pk, text="Eesmärk", due_date=FUTURE)
    _en(client, qa["manager"])
    response = client.post(
        reverse("quality:goal_add", args=[users["hr"].pk]), {"text": "Eesmärk", "due_date": "2099-01-31"}
    )
    assert response.status_code == 404
    assert not Goal.objects.exists()


def test_goal_for_an_agent_in_scope_is_saved_and_past_due_date_refused(qa):
    goal_set(actor=qa["manager"], agent_id=qa["agent"].pk, text="Eesmärk", due_date=FUTURE)
    with pytest.raises(ValidationFailed):
        goal_set(
            actor=qa["lead"],
            agent_id=qa["agent"].pk,
            text="Möödas",
            due_date=timezone.localdate() - timedelta(days=1),
        )
    assert list(Goal.objects.values_list("text", flat=True)) == ["Eesmärk"]


# 3. ids beyond 64 bits are 404


def test_huge_ids_are_404_on_every_quality_url(client, qa):
    _en(client, qa["manager"])
    paths = [
        "forms/{}/",
        "contacts/{}/evaluate/",
        "contacts/{}/calibrate/",
        "contacts/{}/difficult/",
        "evaluations/{}/",
        "evaluations/{}/move/",
        "calibrations/{}/",
        "calibrations/{}/reveal/",
        "difficult/{}/",
        "difficult/{}/guide/",
        "feedback/{}/",
        "feedback/{}/pdf/",
        "feedback/{}/goals/",
        "goals/{}/status/",
    ]
    base = reverse("quality:index")
    for path in paths:
        for big in (HUGE, str(2**63)):
            url = base + path.format(big)
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"text": "x", "due_date": "2099-01-31"}).status_code == 404, url
    with pytest.raises(NotFound):
        goal_set(actor=qa["manager"], agent_id=int(HUGE), text="x", due_date=FUTURE)


# 4. "Contact" in Estonian


def test_quality_pages_in_estonian_have_no_english_contact_label(client, qa):
    evaluation = evaluation_record(
        actor=qa["lead"], contact_id=qa["contact"].pk, form_id=qa["form"].pk, answers=answers(qa["form"])
    )
    client.force_login(qa["lead"])
    client.cookies["django_language"] = "et"
    for url in (reverse("quality:evaluation", args=[evaluation.pk]), reverse("quality:index")):
        body = client.get(url).content.decode()
        assert "<th>Contact</th>" not in body and "<dt>Contact</dt>" not in body
    assert (
        "<dt>Pöördumine</dt>"
        in client.get(reverse("quality:evaluation", args=[evaluation.pk])).content.decode()
    )
    client.force_login(qa["agent"])
    body = client.get(reverse("quality:mine")).content.decode()
    assert "<th>Contact</th>" not in body and "<th>Pöördumine</th>" in body


# 5. an evaluation is saved once per contact, evaluator and form


def _evaluate_post(client, qa):
    data = {"form": qa["form"].pk, **{f"c{pk}": v for pk, v in answers(qa["form"]).items()}}
    return client.post(reverse("quality:evaluate", args=[qa["contact"].pk]), data)


def test_second_evaluation_of_the_same_contact_is_refused_with_a_link(client, qa):
    _en(client, qa["lead"])
    assert _evaluate_post(client, qa).status_code == 302
    first = Evaluation.objects.get()
    second = _evaluate_post(client, qa)
    assert second.status_code == 409
    body = second.content.decode()
    assert "already evaluated this contact" in body
    assert reverse("quality:evaluation", args=[first.pk]) in body
    assert Evaluation.objects.count() == 1


def test_evaluation_with_no_such_form_is_400(client, qa):
    _en(client, qa["lead"])
    for bad in ("99999", HUGE, "abc"):
        data = {"form": bad, **{f"c{pk}": v for pk, v in answers(qa["form"]).items()}}
        response = client.post(reverse("quality:evaluate", args=[qa["contact"].pk]), data)
        assert response.status_code == 400, bad
        assert "no such evaluation form" in response.content.decode()
    assert not Evaluation.objects.exists()


# 6. the form builder refuses over-long and repeated criteria


def _build(client, criteria: str):
    return client.post(reverse("quality:form_new"), {"name": "Uus vorm", "criteria": criteria})


def test_form_builder_refuses_too_long_criterion_naming_the_line(client, qa):
    _en(client, qa["lead"])
    before = EvaluationForm.objects.count()
    response = _build(client, "Suhtlus | Tervitus | yesno | 50\n\nSisu | " + "x" * 201 + " | yesno | 50")
    assert response.status_code == 422
    assert "Line 3" in response.content.decode()
    assert EvaluationForm.objects.count() == before


def test_form_builder_refuses_the_same_criterion_twice(client, qa):
    _en(client, qa["lead"])
    before = Criterion.objects.count()
    response = _build(client, "Suhtlus | Tervitus | yesno | 50\nSuhtlus | tervitus | scale 1-5 | 50")
    assert response.status_code == 422
    assert "is the same as criterion 1" in response.content.decode()
    assert Criterion.objects.count() == before


# 7. a refused sampling form is 422, nothing saved


def test_invalid_sampling_is_422_and_saves_nothing(client, qa):
    _en(client, qa["lead"])
    response = client.post(reverse("quality:sampling"), {"per_agent": "500", "channels": []})
    assert response.status_code == 422
    assert response.context["form"].errors
    assert not SamplingRule.objects.filter(per_agent=500).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_double_submit_at_once_saves_one_evaluation(qa):
    def evaluate(i):
        return evaluation_record(
            actor=qa["lead"], contact_id=qa["contact"].pk, form_id=qa["form"].pk, answers=answers(qa["form"])
        ).pk

    results, errors = race(evaluate, 2)
    assert Evaluation.objects.filter(contact=qa["contact"]).count() == 1
    saved = Evaluation.objects.get().pk
    assert len(errors) == 1 and isinstance(errors[0], ConflictError)
    assert errors[0].extra["evaluation_id"] == saved  # the refusal links to the one saved
    assert [r for r in results if r] == [saved]
