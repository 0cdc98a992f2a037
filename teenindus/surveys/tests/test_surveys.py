"""Customer surveys: the one-time token (used once, identifies no one, expires), sending by e-mail,
a link read out and SMS through the gateway, who may send, and the answers on the contact's page
and in the agent's figures."""

import re
from datetime import date, timedelta

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone

from teenindus.audit.context import AccessContext
from teenindus.audit.models import AccessLog
from teenindus.contacts.services import contact_record
from teenindus.core.exceptions import NotFound, ValidationFailed
from teenindus.core.models import OutboxMail
from teenindus.surveys import services
from teenindus.surveys.models import SurveyInvitation, SurveySms
from teenindus.surveys.selectors import agent_survey_summary
from teenindus.surveys.texts import TEXTS

pytestmark = pytest.mark.django_db


def ctx(user, view="test"):
    return AccessContext(actor=user, view=view, purpose="test")


def invite(users, team, via="link", who="agent", language=""):
    return services.survey_invite(
        actor=users[who], ctx=ctx(users[who]), contact_id=team["contact"].pk, via=via, language=language
    )


def token_of(url: str) -> str:
    return re.search(r"/s/([^/]+)/$", url).group(1)


def run_worker():
    call_command("worker", "--batch", "--no-periodic", "--interval", "0")


def test_the_token_can_be_used_once_and_identifies_no_one(client, users, team):
    invitation, url = invite(users, team)
    token = token_of(url)
    customer, contact = team["customer"], team["contact"]
    # The URL carries a random token only: no contact, customer or invitation id.
    path = url.removeprefix(django_settings.SITE_URL)
    assert path == f"/tagasiside/s/{token}/"
    assert len(token) >= 16 and not token.isdigit()
    for number in (contact.pk, customer.pk, invitation.pk):
        assert f"/{number}/" not in path
    # Only the token's hash is stored; the token itself is nowhere in the row.
    row = SurveyInvitation.objects.filter(pk=invitation.pk).values().get()
    assert row["token_hash"] == services.token_hash(token) and token not in str(row)
    # The page opens without signing in and shows no personal data.
    page = client.get(path)
    assert page.status_code == 200
    body = page.content.decode()
    for personal in ("Sentinella", "Jälgitavsalu", customer.isikukood, "5551", "sentinella@", "Anu", "Agent"):
        assert personal not in body
    assert TEXTS["ru"]["satisfaction"] in body  # the customer's language (Russian)
    # The first answer counts ...
    answered = client.post(path, {"satisfaction": "4", "solved": "yes", "comment": "Спасибо"})
    assert answered.status_code == 200 and TEXTS["ru"]["thanks"] in answered.content.decode()
    # ... the token is spent: a second answer is refused in the survey's language and changes nothing.
    again = client.post(path, {"satisfaction": "1", "solved": "no", "comment": "другое"})
    assert again.status_code == 410 and TEXTS["ru"]["used"] in again.content.decode()
    assert client.get(path).status_code == 410
    invitation.refresh_from_db()
    assert (invitation.satisfaction, invitation.solved, invitation.comment) == (4, True, "Спасибо")


def test_an_expired_token_gets_a_clear_message_and_changes_nothing(client, users, team):
    invitation, url = invite(users, team, language="en")
    SurveyInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    path = url.removeprefix(django_settings.SITE_URL)
    response = client.post(path, {"satisfaction": "5", "solved": "yes"})
    assert response.status_code == 410 and TEXTS["en"]["expired"] in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.answered_at is None and invitation.satisfaction is None


def test_an_unknown_token_is_refused_in_every_survey_language(client, db):
    response = client.get("/tagasiside/s/AAAAAAAAAAAAAAAA/")
    body = response.content.decode()
    assert response.status_code == 404
    assert all(TEXTS[code]["unknown"] in body for code in ("et", "ru", "en"))


def test_an_incomplete_answer_is_refused_and_the_token_stays_usable(client, users, team):
    invitation, url = invite(users, team, language="et")
    path = url.removeprefix(django_settings.SITE_URL)
    response = client.post(path, {"satisfaction": "9", "solved": "yes"})
    assert response.status_code == 422 and TEXTS["et"]["invalid"] in response.content.decode()
    assert client.post(path, {"satisfaction": "5", "solved": "no"}).status_code == 200
    invitation.refresh_from_db()
    assert (invitation.satisfaction, invitation.solved) == (5, False)


def test_a_second_invitation_cannot_answer_the_same_contact_twice(users, team):
    _first, url1 = invite(users, team)
    _second, url2 = invite(users, team)
    assert services.survey_answer(token=token_of(url1), satisfaction=5, solved=True) == services.ANSWERED
    assert services.survey_answer(token=token_of(url2), satisfaction=1, solved=False) == services.USED
    assert SurveyInvitation.objects.filter(answered_at__isnull=False).count() == 1


def test_by_e_mail_in_the_customers_language_once_per_invitation(users, team):
    invitation, url = invite(users, team, via="email")
    mail = OutboxMail.objects.get(key=f"survey:{invitation.pk}")
    assert mail.to == "sentinella@example.ee" and mail.language == "ru"
    assert url in mail.body and "Ваш отзыв" in mail.subject
    # Reading the customer's address was a look at the customer: logged.
    assert AccessLog.objects.filter(customer=team["customer"]).filter(action="survey").exists()


def test_only_the_handler_or_their_lead_may_send(users, team):
    with pytest.raises(NotFound):
        services.survey_invite(
            actor=team["other"], ctx=ctx(team["other"]), contact_id=team["contact"].pk, via="link"
        )
    invitation, _url = invite(users, team, who="teamlead")
    assert invitation.sent_by == users["teamlead"]
    with pytest.raises(NotFound):  # HR may not send surveys at all
        invite(users, team, who="hr")


def test_sms_is_refused_without_a_gateway(users, team, settings):
    settings.SMS_GATEWAY_URL = ""
    with pytest.raises(ValidationFailed):
        invite(users, team, via="sms")
    assert not SurveyInvitation.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_sms_goes_through_the_gateway_once_retried_when_it_is_away(users, team, sms_gateway):
    sms_gateway.fail_next(1, status=503)
    invitation, url = invite(users, team, via="sms")
    message = SurveySms.objects.get(invitation=invitation)
    assert message.to == "+37255512345"
    run_worker()  # the gateway is away: retried later
    message.refresh_from_db()
    assert message.sent_at is None and message.attempts == 1 and not sms_gateway.messages
    # The gateway takes the retry but its answer is lost: the next retry sends nothing twice.
    sms_gateway.drop_response_next()
    assert services.survey_sms_deliver(sms_id=message.pk) == "retry"
    assert services.survey_sms_deliver(sms_id=message.pk) == "sent"
    assert services.survey_sms_deliver(sms_id=message.pk) == "done"
    assert len(sms_gateway.messages) == 1
    sent = sms_gateway.messages[0]
    assert (
        sent["to"] == "+37255512345"
        and url in sent["text"]
        and TEXTS["ru"]["sms"].split(":")[0] in sent["text"]
    )
    message.refresh_from_db()
    assert message.sent_at and message.text == "" and message.gateway_id == sent["id"]


def test_sms_refused_by_the_gateway_fails_without_retrying(users, team, sms_gateway):
    invitation, _url = invite(users, team, via="sms")
    message = SurveySms.objects.get(invitation=invitation)
    SurveySms.objects.filter(pk=message.pk).update(to="12")
    assert services.survey_sms_deliver(sms_id=message.pk) == "failed"
    assert services.survey_sms_deliver(sms_id=message.pk) == "done"
    assert not sms_gateway.messages


def _answered_contact(users, team, *, satisfaction, solved, days_ago=0, who="agent"):
    contact = contact_record(
        actor=users[who] if who in users else team["other"],
        channel="phone",
        topic_id=team["topic"].pk,
        outcome="solved",
        customer_id=team["customer"].pk,
        occurred_at=timezone.now() - timedelta(days=days_ago),
    )
    _inv, url = services.survey_invite(
        actor=contact.handled_by, ctx=ctx(contact.handled_by), contact_id=contact.pk, via="link"
    )
    assert services.survey_answer(token=token_of(url), satisfaction=satisfaction, solved=solved) == "answered"
    return contact


def test_agent_survey_summary(users, team):
    _answered_contact(users, team, satisfaction=5, solved=True)
    _answered_contact(users, team, satisfaction=3, solved=False)
    _answered_contact(users, team, satisfaction=4, solved=True)
    _answered_contact(users, team, satisfaction=1, solved=False, days_ago=40)  # before the period
    _answered_contact(users, team, satisfaction=1, solved=False, who="other")  # another agent
    invite(users, team)  # sent, not answered
    today = timezone.localdate()
    summary = agent_survey_summary(
        ctx=ctx(users["teamlead"]),
        agent_user=users["agent"],
        start=today - timedelta(days=7),
        end=today + timedelta(days=1),
    )
    assert summary.count == 3 and summary.mean_satisfaction == 4.0
    assert summary.solved_share == pytest.approx(2 / 3)
    assert AccessLog.objects.filter(employee=team["people"]["agent"]).filter(action="survey_summary").exists()
    empty = agent_survey_summary(
        ctx=ctx(users["teamlead"]), agent_user=users["agent"], start=date(2020, 1, 1), end=date(2020, 2, 1)
    )
    assert (empty.count, empty.mean_satisfaction, empty.solved_share) == (0, None, None)


def test_the_contact_page_shows_the_answer_and_the_lead_sends_a_link(client, users, team):
    contact = team["contact"]
    _inv, url = invite(users, team)
    services.survey_answer(token=token_of(url), satisfaction=2, solved=False, comment="Liiga kaua ootasin")
    client.force_login(users["teamlead"])
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/contacts/{contact.pk}/")
    assert page.status_code == 200 and f"/tagasiside/contact/{contact.pk}/" in page.content.decode()
    panel = client.get(f"/tagasiside/contact/{contact.pk}/").content.decode()
    assert "2 / 5" in panel and "Liiga kaua ootasin" in panel and "Send the survey" in panel
    assert AccessLog.objects.filter(customer=team["customer"]).filter(action="survey").exists()
    # Already answered: a new survey is refused with a message, nothing is written.
    refused = client.post(f"/tagasiside/contact/{contact.pk}/", {"via": "link", "language": "en"})
    assert refused.status_code == 422 and "already answered" in refused.content.decode()
    assert SurveyInvitation.objects.count() == 1


def test_an_agent_who_did_not_handle_the_contact_may_not_send(client, users, team):
    client.force_login(team["other"])
    response = client.post(f"/tagasiside/contact/{team['contact'].pk}/", {"via": "link"})
    assert response.status_code in (403, 404)
    assert not SurveyInvitation.objects.exists()


def test_a_link_read_out_is_shown_once_to_the_agent(client, users, team):
    client.force_login(users["agent"])
    response = client.post(f"/tagasiside/contact/{team['contact'].pk}/", {"via": "link", "language": "et"})
    body = response.content.decode()
    assert response.status_code == 200
    link = re.search(r"/tagasiside/s/([A-Za-z0-9_-]+)/", body).group(1)
    assert SurveyInvitation.objects.get().token_hash == services.token_hash(link)
    assert link not in client.get(f"/tagasiside/contact/{team['contact'].pk}/").content.decode()


def test_the_agents_start_page_shows_their_feedback_and_low_scores(client, users, team):
    low = _answered_contact(users, team, satisfaction=2, solved=False)
    _answered_contact(users, team, satisfaction=5, solved=True)
    client.force_login(users["agent"])
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get("/").content.decode()
    assert "Customer feedback on my contacts (30 days)" in body
    assert f"/contacts/{low.pk}/" in body and "3.5 / 5" in body and "50.0" in body
    client.force_login(team["other"])
    assert "Customer feedback on my contacts" not in client.get("/").content.decode()


def test_the_russian_survey_page_is_russian_without_the_staff_chrome(client, users, team):
    invitation, url = invite(users, team)  # the customer's language: Russian
    assert invitation.language == "ru"
    body = client.get(url.removeprefix(django_settings.SITE_URL)).content.decode()
    assert '<html lang="ru">' in body
    assert "Mine sisu juurde" not in body and TEXTS["ru"]["skip"] in body
    assert "set_language" not in body and "/i18n/setlang/" not in body and 'name="language"' not in body
    assert "Teenindus</a>" not in body  # no staff top bar


def test_after_a_refused_answer_the_choices_and_words_come_back(client, users, team):
    invitation, url = invite(users, team, language="en")
    path = url.removeprefix(django_settings.SITE_URL)
    response = client.post(path, {"satisfaction": "4", "comment": "Waited & waited"})
    body = response.content.decode()
    assert response.status_code == 422 and TEXTS["en"]["invalid"] in body
    assert 'value="4" required checked' in body and "Waited &amp; waited</textarea>" in body


@pytest.mark.parametrize("language", ["et", "ru", "en"])
def test_a_comment_over_the_limit_gets_its_own_message_in_the_surveys_language(client, users, team, language):
    invitation, url = invite(users, team, language=language)
    path = url.removeprefix(django_settings.SITE_URL)
    long = "x" * 2001
    response = client.post(path, {"satisfaction": "5", "solved": "no", "comment": long})
    body = response.content.decode()
    assert response.status_code == 422
    assert TEXTS[language]["too_long"].format(n=2000) in body
    assert TEXTS[language]["invalid"] not in body
    assert f">{long}</textarea>" in body and 'value="no" checked' in body
    invitation.refresh_from_db()
    assert invitation.answered_at is None
