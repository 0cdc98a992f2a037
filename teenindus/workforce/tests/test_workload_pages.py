"""The workload page and its PDF over HTTP: scope, the access log, bad periods, a real PDF."""

import io

import pdfplumber
import pytest
from django.urls import reverse

from teenindus.audit.models import EMPLOYEE, AccessLog
from teenindus.workforce.tests.workload_world import workload_world

pytestmark = pytest.mark.django_db
WEEK = {"from": "2026-10-05", "to": "2026-10-11"}


@pytest.fixture
def world(users):
    return workload_world(users)


def url(name: str, unit) -> str:
    return reverse(f"workforce:{name}", kwargs={"unit_id": unit.pk})


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def logged(view: str) -> set[int]:
    rows = AccessLog.objects.filter(view=view, action="workload", subject_type=EMPLOYEE)
    return {int(pk) for pk in rows.values_list("subject_id", flat=True)}


def test_the_lead_sees_the_figures_proposals_and_charts(client_for, world):
    response = client_for("teamlead").get(url("workload_team", world["unit"]), WEEK)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store" or "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Esmaspäev 10:00–11:30: keskmiselt 1,3 agenti puudu (vaja 3,0, graafikus 1,7)" in html
    assert "Anna Aas: hõivatus perioodil 85,7" in html
    assert html.count("<svg") == 2 and "Hõivatus agentide kaupa" in html
    assert "Pensionid › Vanaduspension" in html
    people = world["people"]
    assert {people["anna"].pk, people["bert"].pk, people["carl"].pk} <= logged("workforce:workload_team")
    assert world["stranger"].pk not in logged("workforce:workload_team")


def test_the_default_period_is_the_last_four_full_weeks(client_for, world):
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    response = client_for("teamlead").get(url("workload_team", world["unit"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{(monday - timedelta(weeks=4)).isoformat()}"' in html
    assert f'value="{(monday - timedelta(days=1)).isoformat()}"' in html


def test_the_pdf_is_a_real_pdf_with_the_proposals(client_for, world):
    response = client_for("teamlead").get(url("workload_pdf", world["unit"]), WEEK)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")
    text = " ".join(pdf_text(response.content).split())
    assert "Töökoormus ja ettepanekud töötajate arvu kohta · Kõnekeskus" in text
    assert "Esmaspäev 10:00–11:30: keskmiselt 1,3 agenti puudu" in text
    assert "Järjekord Pensionid: prognoos alahindas kõnede arvu" in text
    assert "Anna Aas" in text and "Periood 05.10.2026–11.10.2026." in text
    assert world["people"]["anna"].pk in logged("workforce:workload_pdf")


def test_a_team_out_of_scope_is_not_found(client_for, world, users):
    lead = client_for("teamlead")
    assert lead.get(url("workload_team", world["other"]), WEEK).status_code == 404
    assert lead.get(url("workload_pdf", world["other"]), WEEK).status_code == 404
    assert lead.get("/workforce/workload/999999/").status_code == 404
    assert lead.get("/workforce/workload/99999999999999999999/").status_code == 404
    # The service manager oversees every team; an agent plans none.
    assert client_for("manager").get(url("workload_team", world["other"]), WEEK).status_code == 200
    assert client_for("agent").get(url("workload_team", world["unit"]), WEEK).status_code == 403
    assert not AccessLog.objects.filter(action="workload", actor=users["agent"]).exists()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"from": "2026-10-11", "to": "2026-10-05"}, "Viimane päev on enne esimest päeva."),
        ({"from": "2026-01-01", "to": "2026-04-03"}, "Periood on kõige rohkem 92 päeva pikk."),
        ({"from": "5.10.2026", "to": "2026-10-11"}, "Sisesta kuupäev kujul AAAA-KK-PP"),
        ({"from": "2026-10-05"}, "Anna perioodi esimene ja viimane päev."),
    ],
)
def test_a_bad_period_is_refused_with_a_clear_message(client_for, world, query, message):
    lead = client_for("teamlead")
    for name in ("workload_team", "workload_pdf"):
        response = lead.get(url(name, world["unit"]), query)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not AccessLog.objects.filter(action="workload").exists()


def test_92_days_is_allowed(client_for, world):
    # 1 January to 2 April 2026, both days included: 31 + 28 + 31 + 2 = 92 days.
    period = {"from": "2026-01-01", "to": "2026-04-02"}
    assert client_for("teamlead").get(url("workload_team", world["unit"]), period).status_code == 200
