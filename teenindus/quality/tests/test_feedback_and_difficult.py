import io
from datetime import date

import pdfplumber
import pytest
from django.urls import reverse

from teenindus.audit.context import AccessContext
from teenindus.core.exceptions import ConflictError, NotFound, ValidationFailed
from teenindus.knowledge.models import Guide
from teenindus.org.models import Employment
from teenindus.people.models import Conversation
from teenindus.quality.models import DifficultContact, Goal
from teenindus.quality.services.difficult import contact_flag_difficult, difficult_analyse, difficult_to_guide
from teenindus.quality.services.evaluations import evaluation_record
from teenindus.quality.services.goals import goal_set
from teenindus.quality.tests.conftest import answers
from teenindus.surveys.services import survey_answer, survey_invite
from teenindus.telephony.models import Agent, Interface, Queue

pytestmark = pytest.mark.django_db


def test_feedback_page_and_pdf_show_score_goals_and_call_figures(client, qa):
    agent = qa["agent"]
    evaluation_record(
        actor=qa["lead"],
        contact_id=qa["contact"].pk,
        form_id=qa["form"].pk,
        answers=answers(qa["form"], Viisakus="4"),
    )
    goal_set(actor=qa["lead"], agent_id=agent.pk, text="Kokkuvõte iga kõne lõpus", due_date=date(2027, 3, 31))
    month = qa["contact"].local_date.replace(day=1)
    client.force_login(qa["lead"])
    client.cookies["django_language"] = "en"
    page = client.get(reverse("quality:feedback", args=[agent.pk]), {"month": f"{month:%Y-%m}"})
    body = page.content.decode()
    assert page.status_code == 200
    assert "92 %" in body or "93 %" in body
    assert "Kokkuvõte iga kõne lõpus" in body and "31.03.2027" in body
    assert page.context["survey"] is None  # no customer has answered yet: nothing shown
    # The customer answers the survey about the evaluated contact: the page shows it beside the score.
    _, link = survey_invite(
        actor=qa["lead"],
        ctx=AccessContext(actor=qa["lead"], view="test", purpose="test"),
        contact_id=qa["contact"].pk,
        via="link",
    )
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert survey_answer(token=token, satisfaction=4, solved=False) == "answered"
    page = client.get(reverse("quality:feedback", args=[agent.pk]), {"month": f"{month:%Y-%m}"})
    survey = page.context["survey"]
    assert (survey.count, survey.mean_satisfaction, survey.solved_share) == (1, 4.0, 0.0)
    assert "Mean satisfaction (1–5)" in page.content.decode()
    pdf = client.get(reverse("quality:feedback_pdf", args=[agent.pk]), {"month": f"{month:%Y-%m}"})
    assert pdf["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(pdf.content)) as document:
        text = "\n".join(p.extract_text() or "" for p in document.pages)
    assert len(document.pages) == 1
    assert "Feedback talk" in text and "Kokkuvõte iga kõne lõpus" in text
    assert "Suhtlus › Viisakus" in text and ("92 %" in text or "93 %" in text)
    assert "Contacts recorded: 1" in text


def test_feedback_shows_the_agents_handled_calls_from_telephony(client, qa):
    from django.utils import timezone

    from teenindus.telephony.queue_log import import_queue_log
    from teenindus.telephony.tests.test_startpage import _today_calls

    Queue.objects.create(name="pensionid", sl_threshold_seconds=20, short_abandon_seconds=5)
    agent = Agent.objects.create(name="Agent Testija", extension="201", employee=qa["agent"].employee)
    Interface.objects.create(name="PJSIP/201", agent=agent)
    import_queue_log(_today_calls())  # agent 201 answers A (180 s) and B (120 s)
    client.force_login(qa["lead"])
    client.cookies["django_language"] = "en"
    month = timezone.localdate().strftime("%Y-%m")
    page = client.get(reverse("quality:feedback", args=[qa["agent"].pk]), {"month": month})
    calls = page.context["f"].calls
    assert calls["answered"] == 2 and calls["aht_seconds"] == 150
    assert "Calls handled" in page.content.decode()


def test_feedback_of_an_agent_out_of_scope_is_404(client, qa):
    client.force_login(qa["lead"])
    assert client.get(reverse("quality:feedback", args=[qa["stranger"].pk])).status_code == 404
    assert client.get(reverse("quality:feedback_pdf", args=[qa["stranger"].pk])).status_code == 404
    client.force_login(qa["agent2"])
    assert client.get(reverse("quality:feedback", args=[qa["agent"].pk])).status_code == 404
    assert client.get(reverse("quality:feedback", args=[qa["agent2"].pk])).status_code == 200
    with pytest.raises(NotFound):
        goal_set(actor=qa["lead"], agent_id=qa["stranger"].pk, text="X", due_date=date(2027, 1, 1))
    assert not Goal.objects.exists()


def test_feedback_links_to_the_appraisal_conversation(client, qa):
    employment = Employment.objects.get(employee__user=qa["agent"])
    conversation = Conversation.objects.create(employment=employment, kind="appraisal", due_date="2026-12-01")
    client.force_login(qa["lead"])
    body = client.get(reverse("quality:feedback", args=[qa["agent"].pk])).content.decode()
    assert reverse("people:conversation", args=[conversation.pk]) in body


def test_an_agent_flags_a_difficult_contact_and_the_lead_turns_the_lesson_into_a_draft_guide(client, qa):
    with pytest.raises(NotFound):  # not their contact
        contact_flag_difficult(
            actor=qa["agent2"], contact_id=qa["contact"].pk, kind="emotional", note="Karjus"
        )
    client.force_login(qa["agent"])
    response = client.post(
        reverse("quality:difficult_flag", args=[qa["contact"].pk]),
        {"kind": "emotional", "note": "Klient karjus"},
    )
    flag = DifficultContact.objects.get()
    assert response.status_code == 302 and flag.flagged_by == qa["agent"]
    with pytest.raises(ConflictError):
        contact_flag_difficult(actor=qa["agent"], contact_id=qa["contact"].pk, kind="emotional", note="Jälle")
    client.force_login(qa["lead"])
    assert reverse("quality:difficult", args=[flag.pk]) in client.get(reverse("home")).content.decode()
    with pytest.raises(ValidationFailed):
        difficult_to_guide(actor=qa["lead"], flag_id=flag.pk, version=flag.version, title="Liiga vara")
    flag = difficult_analyse(
        actor=qa["lead"],
        flag_id=flag.pk,
        version=flag.version,
        what_happened="Klient ootas pensioni ja sai vale info.",
        solution="Selgitada maksepäevi.",
        lessons="Maksepäevad peavad olema käepärast.",
    )
    with pytest.raises(ConflictError):  # an analysis saved on a stale page
        difficult_analyse(
            actor=qa["lead"], flag_id=flag.pk, version=1, what_happened="x", solution="", lessons="y"
        )
    response = client.post(
        reverse("quality:difficult_guide", args=[flag.pk]),
        {"version": flag.version, "title": "Pensioni maksepäevad"},
    )
    guide = Guide.objects.get()
    assert guide.title == "Pensioni maksepäevad" and guide.status == "draft"
    assert guide.source_contact_id == qa["contact"].pk
    assert list(guide.topics.all()) == [qa["topic"]]
    assert "Maksepäevad peavad olema käepärast." in guide.versions.get().body
    assert DifficultContact.objects.get().guide_id == guide.pk
    # One step, once.
    client.post(
        reverse("quality:difficult_guide", args=[flag.pk]), {"version": flag.version + 1, "title": "Teine"}
    )
    assert Guide.objects.count() == 1


def test_a_lead_of_another_unit_cannot_analyse(qa):
    flag = contact_flag_difficult(
        actor=qa["stranger"], contact_id=qa["stranger_contact"].pk, kind="substantive", note="Keeruline"
    )
    with pytest.raises(NotFound):
        difficult_analyse(
            actor=qa["lead"], flag_id=flag.pk, version=1, what_happened="x", solution="", lessons="y"
        )


def test_the_appraisal_conversation_links_back_to_the_feedback_page(client, qa):
    employment = Employment.objects.get(employee__user=qa["agent"])
    conversation = Conversation.objects.create(employment=employment, kind="appraisal", due_date="2026-12-01")
    client.force_login(qa["lead"])
    body = client.get(reverse("people:conversation", args=[conversation.pk])).content.decode()
    assert reverse("quality:feedback", args=[qa["agent"].pk]) in body


def test_the_contact_page_offers_evaluation_to_the_lead_and_the_flag_to_its_agent(client, qa):
    url = reverse("contacts:detail", args=[qa["contact"].pk])
    client.force_login(qa["lead"])
    assert reverse("quality:evaluate", args=[qa["contact"].pk]) in client.get(url).content.decode()
    client.force_login(qa["agent"])
    body = client.get(url).content.decode()
    assert reverse("quality:difficult_flag", args=[qa["contact"].pk]) in body
    assert reverse("quality:evaluate", args=[qa["contact"].pk]) not in body
