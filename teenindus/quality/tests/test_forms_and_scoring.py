from decimal import Decimal

import pytest

from teenindus.core.exceptions import ConcurrentEditError, PermissionDeniedError, ValidationFailed
from teenindus.quality.models import Criterion, Evaluation, EvaluationForm
from teenindus.quality.services.evaluations import evaluation_record
from teenindus.quality.services.forms import CriterionInput, criteria_parse, form_save
from teenindus.quality.tests.conftest import CRITERIA, answers

pytestmark = pytest.mark.django_db


def _count():
    return EvaluationForm.objects.count(), Criterion.objects.count()


def test_weights_not_summing_to_100_are_refused_and_nothing_is_saved(qa):
    before = _count()
    bad = [
        CriterionInput(section="A", name="X", kind="yesno", weight="40"),
        CriterionInput(section="A", name="Y", kind="scale", weight="50"),
    ]
    with pytest.raises(ValidationFailed) as exc:
        form_save(actor=qa["lead"], name="Vigane", criteria=bad)
    assert "90" in exc.value.message and "100" in exc.value.message
    assert _count() == before


def test_a_critical_criterion_without_a_description_is_refused(qa):
    before = _count()
    bad = [CriterionInput(section="A", name="Õige info", kind="yesno", weight="100", critical=True)]
    with pytest.raises(ValidationFailed) as exc:
        form_save(actor=qa["lead"], name="Vigane", criteria=bad)
    assert "Õige info" in exc.value.message
    assert _count() == before


def test_an_agent_cannot_build_forms(qa):
    with pytest.raises(PermissionDeniedError):
        form_save(actor=qa["agent"], name="Minu", criteria=CRITERIA)


def test_the_builder_text_is_read_line_by_line():
    parsed = criteria_parse(
        "Suhtlus | Tervitus | yesno | 40 | | \nSisu | Info | scale 1-4 | 60 | jah | Vale info"
    )
    assert [(c.kind, c.scale_max, c.critical) for c in parsed] == [("yesno", 5, False), ("scale", 4, True)]
    with pytest.raises(ValidationFailed):
        criteria_parse("only two | parts")


def test_a_used_form_gets_a_new_version_and_the_old_stays_under_its_evaluations(qa):
    form = qa["form"]
    evaluation = evaluation_record(
        actor=qa["lead"], contact_id=qa["contact"].pk, form_id=form.pk, answers=answers(form)
    )
    changed = CRITERIA[:2] + [CriterionInput(section="Sisu", name="Lahendus", kind="scale", weight="50")]
    new = form_save(actor=qa["lead"], name="Kõne hindamine", criteria=changed, form_id=form.pk)
    assert new.pk != form.pk and new.version == 2 and new.family == form.family
    form.refresh_from_db()
    assert not form.is_current
    assert [c.name for c in form.criteria.all()] == ["Tervitus", "Viisakus", "Õige info"]
    assert Evaluation.objects.get(pk=evaluation.pk).form_id == form.pk
    # The old version is not changed again: saving it is a conflict.
    with pytest.raises(ConcurrentEditError):
        form_save(actor=qa["lead"], name="X", criteria=CRITERIA, form_id=form.pk)


def test_an_unused_form_is_changed_in_place_unless_someone_saved_it_meanwhile(qa):
    form = qa["form"]
    loaded = form.updated_at.isoformat()
    same = form_save(actor=qa["lead"], name="Uus nimi", criteria=CRITERIA, form_id=form.pk, loaded_at=loaded)
    assert same.pk == form.pk and same.version == 1
    with pytest.raises(ConcurrentEditError):
        form_save(actor=qa["senior"], name="Teine", criteria=CRITERIA, form_id=form.pk, loaded_at=loaded)


def _score(qa, **by_name):
    form = qa["form"]
    e = evaluation_record(
        actor=qa["lead"], contact_id=qa["contact"].pk, form_id=form.pk, answers=answers(form, **by_name)
    )
    return e


def test_score_is_weighted(qa):
    # Greeting yes (20 × 100), politeness 4 of 5 (30 × 75), correct info yes (50 × 100) → 92.5
    assert _score(qa, Viisakus="4").score == Decimal("92.50")


def test_not_applicable_is_left_out_and_the_rest_reweighted(qa):
    # Greeting N/A: politeness 3 of 5 (30 × 50) + info yes (50 × 100) over 80 → 81.25
    e = _score(qa, Tervitus="na", Viisakus="3")
    assert e.score == Decimal("81.25")
    assert e.answers.get(criterion__name="Tervitus").points is None


def test_a_failed_critical_criterion_zeroes_the_score(qa):
    e = _score(qa, Õige_info="0")
    assert e.score == Decimal("0.00") and e.critical_failed


def test_all_not_applicable_gives_no_score(qa):
    e = _score(qa, Tervitus="na", Viisakus="na", Õige_info="na")
    assert e.score is None


def test_an_answer_outside_the_scale_is_refused_and_nothing_saved(qa):
    with pytest.raises(ValidationFailed):
        _score(qa, Viisakus="6")
    with pytest.raises(ValidationFailed):
        _score(qa, Viisakus="")
    assert not Evaluation.objects.exists()


def test_the_form_builder_page_refuses_bad_weights_with_a_message_and_saves_nothing(client, qa):
    from django.urls import reverse

    client.force_login(qa["senior"])
    client.cookies["django_language"] = "en"
    before = _count()
    response = client.post(
        reverse("quality:form_new"),
        {"name": "Vigane", "criteria": "Suhtlus | Tervitus | yesno | 40\nSisu | Info | scale 1-5 | 50"},
    )
    assert response.status_code == 422
    assert "The weights sum to 90 %; they must sum to 100 %." in response.content.decode()
    assert _count() == before
    response = client.post(
        reverse("quality:form_new"),
        {
            "name": "Hea",
            "criteria": "Suhtlus | Tervitus | yesno | 40\nSisu | Info | scale 1-5 | 60 | jah | Vale info",
        },
    )
    assert response.status_code == 302
    assert EvaluationForm.objects.get(name="Hea").criteria.get(name="Info").critical
    client.force_login(qa["agent"])
    assert client.get(reverse("quality:form_new")).status_code == 403
