"""Meetings' pages: the list, a meeting (agenda, attendees, summary, decisions, files, guides and,
for the leads, who has read the summary), the forms, sending the summary, confirming it was read."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from teenindus.audit.http import access_context
from teenindus.core.exceptions import ApplicationError, NotFound, PermissionDeniedError
from teenindus.knowledge.models import GuideStatus
from teenindus.meetings import selectors, services
from teenindus.meetings.forms import FileForm, MeetingForm

PURPOSE_MEETINGS = gettext_noop("Meetings and info hours")
VIEW = "meetings.view_meeting"
ADD = "meetings.add_meeting"
CHANGE = "meetings.change_meeting"


def _ctx(request):
    return access_context(request, implied_purpose=PURPOSE_MEETINGS)


def _meeting(request, meeting_id: int, *, log: bool = True):
    try:
        return selectors.meeting_get(ctx=_ctx(request), meeting_id=meeting_id, log=log)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _refusal(form, exc: ApplicationError) -> int:
    field = exc.field if exc.field in form.fields and exc.field != "version" else None
    form.add_error(field, exc.message)
    return exc.status_code


def _refused(request, meeting, message: str):
    """Not the meeting's editor: 403 with the reason (the generic 403 page names no reason)."""
    return render(request, "meetings/refused.html", {"meeting": meeting, "message": message}, status=403)


def _guide_links(meeting) -> list[dict]:
    """Linked guides: a link to the guide's page where the knowledge base has one, else the title."""
    out = []
    for guide in meeting.guides.all():
        url = ""
        if guide.status == GuideStatus.PUBLISHED:  # an archived (or draft) guide: its title only
            try:
                url = reverse("knowledge:detail", args=[guide.pk])
            except NoReverseMatch:
                url = ""
        out.append({"title": guide.title, "url": url})
    return out


@permission_required(VIEW, raise_exception=True)
def meeting_index(request):
    return render(
        request,
        "meetings/index.html",
        {"meetings": selectors.meetings_list(ctx=_ctx(request)), "is_lead": selectors.is_lead(request.user)},
    )


@permission_required(ADD, raise_exception=True)
def meeting_create(request):
    form = MeetingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                meeting = services.meeting_create(actor=request.user, **form.fields_for_service())
            except ApplicationError as exc:
                status = _refusal(form, exc)
            else:
                messages.success(request, _("Meeting saved."))
                return redirect("meetings:detail", meeting.pk)
        else:
            status = 400
    return render(request, "meetings/form.html", {"form": form, "meeting": None}, status=status)


@permission_required(VIEW, raise_exception=True)
def meeting_detail(request, meeting_id: int):
    return _detail_page(request, _meeting(request, meeting_id))


def _detail_page(request, meeting, *, file_form=None, status: int = 200):
    ctx = _ctx(request)
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "guides": _guide_links(meeting),
            "readers": selectors.meeting_readers(ctx=ctx, meeting=meeting),
            "receipt": selectors.receipt_of(user=request.user, meeting=meeting),
            "is_lead": selectors.is_lead(request.user),
            "may_edit": selectors.may_edit(request.user, meeting),
            "file_form": file_form or FileForm(),
        },
        status=status,
    )


@permission_required(CHANGE, raise_exception=True)
def meeting_edit(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    if not selectors.may_edit(request.user, meeting):
        return _refused(request, meeting, _("Only the meeting's organiser edits it."))
    initial = {
        "title": meeting.title,
        "kind": meeting.kind,
        "starts_at": meeting.starts_at,
        "unit": meeting.unit_id,
        "agenda": meeting.agenda,
        "attendees": list(meeting.attendees.all()),
        "summary": meeting.summary,
        "decisions": "\n".join(d.text for d in meeting.decisions.all()),
        "guides": list(meeting.guides.all()),
        "legal_change": meeting.legal_change,
        "work_change": meeting.work_change,
        "problem_feedback": meeting.problem_feedback,
        "version": meeting.version,
    }
    form = MeetingForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid() and form.cleaned_data.get("version") is not None:
            try:
                services.meeting_update(
                    actor=request.user,
                    meeting_id=meeting.pk,
                    version=form.cleaned_data["version"],
                    **form.fields_for_service(),
                )
            except PermissionDeniedError as exc:
                return _refused(request, meeting, exc.message)
            except ApplicationError as exc:
                status = _refusal(form, exc)
            else:
                messages.success(request, _("Meeting saved."))
                return redirect("meetings:detail", meeting.pk)
        else:
            if form.is_valid():
                form.add_error(None, _("The form is out of date. Open the meeting again."))
            status = 400
    return render(request, "meetings/form.html", {"form": form, "meeting": meeting}, status=status)


@require_POST
@permission_required(CHANGE, raise_exception=True)
def meeting_attach(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    if not selectors.may_edit(request.user, meeting):
        return _refused(request, meeting, _("Only the meeting's organiser edits it."))
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail_page(request, meeting, file_form=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        services.meeting_file_add(
            actor=request.user, meeting_id=meeting.pk, name=upload.name, data=upload.read()
        )
    except PermissionDeniedError as exc:
        return _refused(request, meeting, exc.message)
    except ApplicationError as exc:
        form.add_error("file", exc.message)
        return _detail_page(request, meeting, file_form=form, status=exc.status_code)
    messages.success(request, _("File added."))
    return redirect("meetings:detail", meeting.pk)


@permission_required(VIEW, raise_exception=True)
def file_download(request, meeting_id: int, file_id: int):
    meeting = _meeting(request, meeting_id, log=False)
    try:
        stored = selectors.meeting_file_get(meeting=meeting, file_id=file_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    response = HttpResponse(bytes(stored.data), content_type=stored.content_type)
    response["Content-Disposition"] = content_disposition_header(True, stored.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@permission_required(CHANGE, raise_exception=True)
def summary_send(request, meeting_id: int):
    """The send form lists who the summary goes to; posting it sends."""
    ctx = _ctx(request)
    meeting = _meeting(request, meeting_id, log=False)
    status = 200
    if request.method == "POST":
        try:
            new = services.summary_send(actor=request.user, meeting_id=meeting.pk)
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        except ApplicationError as exc:
            messages.error(request, exc.message)
            status = exc.status_code
        else:
            messages.success(request, _("Summary sent to %(count)s new recipients.") % {"count": new})
            return redirect("meetings:detail", meeting.pk)
    recipients = selectors.summary_recipients_shown(ctx=ctx, meeting=meeting)
    return render(
        request,
        "meetings/send.html",
        {
            "meeting": meeting,
            "recipients": recipients,
            "is_organiser": meeting.organiser_id == request.user.pk,
        },
        status=status,
    )


@require_POST
@permission_required(VIEW, raise_exception=True)
def summary_confirm(request, meeting_id: int):
    """The recipient confirms having read the summary (from the start page or the meeting's page)."""
    try:
        services.summary_confirm(actor=request.user, meeting_id=meeting_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    messages.success(request, _("Marked as read."))
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("meetings:detail", meeting_id)
