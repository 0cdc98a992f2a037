from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from teenindus.audit.http import access_context
from teenindus.contacts.selectors import contact_get
from teenindus.core.exceptions import ApplicationError, NotFound
from teenindus.surveys import selectors, services
from teenindus.surveys.forms import SurveyAnswerForm, SurveySendForm
from teenindus.surveys.texts import LANGUAGES, TEXTS, texts

PURPOSE_SURVEY = gettext_noop("Customer feedback")


@permission_required("contacts.view_contact", raise_exception=True)
@require_http_methods(["GET", "POST"])
def contact_surveys(request, contact_id: int):
    """The survey part of a contact's page (loaded by htmx): the answer, the invitations, and for
    the one who handled the contact or their lead the form to send one."""
    ctx = access_context(request, implied_purpose=PURPOSE_SURVEY)
    try:
        contact = contact_get(ctx=ctx, contact_id=contact_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    may_send = services.may_send_survey(user=request.user, contact=contact)
    form = SurveySendForm(request.POST or None)
    link = ""
    if request.method == "POST":
        if not may_send:
            raise Http404(_("No such contact."))
        if form.is_valid():
            try:
                invitation, url = services.survey_invite(
                    actor=request.user,
                    ctx=ctx,
                    contact_id=contact.pk,
                    via=form.cleaned_data["via"],
                    language=form.cleaned_data["language"],
                )
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                if invitation.via == invitation.Via.LINK:
                    link = url  # shown once, to be read out; never stored
                else:
                    messages.success(request, _("The survey is on its way to the customer."))
                    if not request.htmx:
                        return redirect("contacts:detail", contact_id=contact.pk)
                form = SurveySendForm()
    status = 422 if request.method == "POST" and form.errors else 200
    return render(
        request,
        "surveys/contact.html",
        {
            "contact": contact,
            "invitations": selectors.surveys_for_contact(ctx=ctx, contact=contact),
            "may_send": may_send,
            "form": form,
            "link": link,
            "now": timezone.now(),
        },
        status=status,
    )


COMMENT_MAX = SurveyAnswerForm.base_fields["comment"].max_length


def _survey_page(request, language: str, context: dict, status: int = 200):
    words = dict(texts(language))
    words["too_long"] = words["too_long"].format(n=COMMENT_MAX)
    ui_language = language if language in ("et", "en") else translation.get_language()
    with translation.override(ui_language):
        return render(
            request,
            "surveys/answer.html",
            {**context, "t": words, "language": language, "scale": range(1, 6), "comment_max": COMMENT_MAX},
            status=status,
        )


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def survey_answer(request, token: str):
    """The public survey page: no sign-in, opened by the one-time token, shows no personal data."""
    state, invitation = selectors.survey_open(token=token)
    if invitation is None:
        # No survey to take the language from: the message in every survey language.
        return render(
            request,
            "surveys/answer.html",
            {"state": state, "all_texts": [(code, TEXTS[code]) for code in LANGUAGES]},
            status=404,
        )
    language = invitation.language
    if state != "open":
        return _survey_page(request, language, {"state": state}, status=410)
    form = SurveyAnswerForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            # The customer's choices and words come back (the form is hand-written in the survey's
            # language), with the message that fits: the two questions, or a comment too long.
            chosen = {key: request.POST.get(key, "") for key in ("satisfaction", "solved", "comment")}
            context = {
                "state": "open",
                "form": form,
                "invalid": True,
                "too_long": "comment" in form.errors,
                "chosen": chosen,
            }
            return _survey_page(request, language, context, 422)
        outcome = services.survey_answer(
            token=token,
            satisfaction=form.cleaned_data["satisfaction"],
            solved=form.cleaned_data["solved"],
            comment=form.cleaned_data["comment"],
        )
        if outcome != services.ANSWERED:
            return _survey_page(request, language, {"state": outcome}, status=410)
        return _survey_page(request, language, {"state": services.ANSWERED})
    return _survey_page(request, language, {"state": "open", "form": form})
