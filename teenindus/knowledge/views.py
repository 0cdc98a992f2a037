"""The knowledge base's pages: thin, the rules are in services and selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from teenindus.audit.http import access_context
from teenindus.core.exceptions import ApplicationError, NotFound
from teenindus.knowledge import selectors, services
from teenindus.knowledge.formatting import render_body
from teenindus.knowledge.forms import AttachmentForm, DeskGuidesForm, GuideFilterForm, GuideForm, LinkForm
from teenindus.knowledge.selectors import READ, WRITE

PURPOSE_GUIDE = gettext_noop("Writing a guide from a case")
PURPOSE_LINK = gettext_noop("Linking a guide to a contact")


def _guide(request, guide_id: int):
    guide = selectors.guide_get(user=request.user, guide_id=guide_id)
    if guide is None:
        raise Http404(_("No such guide."))
    return guide


def _refusal(form, exc: ApplicationError) -> int:
    field = exc.field if exc.field in form.fields and exc.field != "version" else None
    form.add_error(field, exc.message)
    return exc.status_code


@permission_required(READ, raise_exception=True)
def guide_list(request):
    form = GuideFilterForm(request.GET or None)
    filters = selectors.GuideFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.GuideFilter(
            query=data["q"] or "",
            topic_id=data["topic"].pk if data["topic"] else None,
            queue_id=data["queue"].pk if data["queue"] else None,
            status=data["status"] or "",
            mine=data["mine"],
        )
    status = 400 if form.is_bound and not form.is_valid() else 200
    guides = selectors.guides_list(user=request.user, filters=filters)
    return render(
        request,
        "knowledge/list.html",
        {
            "form": form,
            "guides": guides,
            "query": filters.query,
            "may_write": selectors.may_write(request.user),
        },
        status=status,
    )


@permission_required(READ, raise_exception=True)
def guides_mine(request):
    return render(
        request,
        "knowledge/mine.html",
        {
            "guides": selectors.guides_mine(user=request.user),
            "due": selectors.guides_review_due(user=request.user),
        },
    )


@permission_required(READ, raise_exception=True)
def guide_detail(request, guide_id: int):
    guide = _guide(request, guide_id)
    version = selectors.guide_current(guide=guide)
    return render(
        request,
        "knowledge/detail.html",
        {
            "guide": guide,
            "version": version,
            "body": render_body(version.body),
            "versions": selectors.guide_versions(guide=guide),
            "attachments": selectors.guide_attachments(guide=guide),
            "topics": guide.topics.select_related("parent"),
            "queues": guide.queues.all(),
            "may_edit": selectors.may_edit(user=request.user, guide=guide),
            "moves": [m for m, (sources, _t) in services.MOVES.items() if guide.status in sources],
            "attach_form": AttachmentForm(),
            "shows_uses": guide.owner_id == request.user.pk or selectors.may_write(request.user),
        },
    )


def _save_args(data: dict) -> dict:
    return {
        "title": data["title"],
        "body": data["body"],
        "topics": list(data["topics"]),
        "queues": list(data["queues"]),
        "review_date": data["review_date"],
        "owner": data["owner"],
    }


@permission_required(WRITE, raise_exception=True)
def guide_new(request):
    form = GuideForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                guide = services.guide_create(actor=request.user, **_save_args(form.cleaned_data))
            except ApplicationError as exc:
                status = _refusal(form, exc)
            else:
                messages.success(request, _("The guide is saved as a draft."))
                return redirect("knowledge:detail", guide_id=guide.pk)
    return render(request, "knowledge/edit.html", {"form": form, "guide": None}, status=status)


@permission_required(WRITE, raise_exception=True)
def guide_edit(request, guide_id: int):
    guide = _guide(request, guide_id)
    if not selectors.may_edit(user=request.user, guide=guide):
        raise Http404(_("No such guide."))
    status = 200
    if request.method == "POST":
        form = GuideForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                services.guide_update(
                    actor=request.user,
                    guide_id=guide.pk,
                    version=form.cleaned_data["version"] or 0,
                    note=form.cleaned_data["note"],
                    **_save_args(form.cleaned_data),
                )
            except ApplicationError as exc:
                status = _refusal(form, exc)
            else:
                messages.success(request, _("Saved as a new version."))
                return redirect("knowledge:detail", guide_id=guide.pk)
    else:
        version = selectors.guide_current(guide=guide)
        form = GuideForm(
            initial={
                "title": version.title,
                "body": version.body,
                "topics": list(guide.topics.values_list("pk", flat=True)),
                "queues": list(guide.queues.values_list("pk", flat=True)),
                "review_date": guide.review_date,
                "owner": guide.owner_id,
                "version": guide.current_number,
            }
        )
    return render(request, "knowledge/edit.html", {"form": form, "guide": guide}, status=status)


@permission_required(WRITE, raise_exception=True)
@require_POST
def guide_move(request, guide_id: int, move: str):
    guide = _guide(request, guide_id)
    try:
        services.guide_move(actor=request.user, guide_id=guide.pk, move=move)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("knowledge:detail", guide_id=guide.pk)
    messages.success(request, _("Published.") if move == "publish" else _("Archived."))
    return redirect("knowledge:detail", guide_id=guide.pk)


@permission_required(READ, raise_exception=True)
def guide_diff(request, guide_id: int, number: int):
    guide = _guide(request, guide_id)
    diff = selectors.version_diff(guide=guide, number=number)
    if diff is None:
        raise Http404(_("No such version."))
    return render(request, "knowledge/diff.html", {"guide": guide, "diff": diff})


@permission_required(WRITE, raise_exception=True)
@require_POST
def attachment_add(request, guide_id: int):
    guide = _guide(request, guide_id)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file."))
        return redirect("knowledge:detail", guide_id=guide.pk)
    upload = form.cleaned_data["file"]
    try:
        services.guide_attachment_add(
            actor=request.user, guide_id=guide.pk, name=upload.name, data=upload.read()
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except ApplicationError as exc:
        return render(
            request,
            "knowledge/attach_refused.html",
            {"guide": guide, "message": exc.message},
            status=exc.status_code,
        )
    messages.success(request, _("File added."))
    return redirect("knowledge:detail", guide_id=guide.pk)


@permission_required(READ, raise_exception=True)
def attachment_download(request, guide_id: int, attachment_id: int):
    guide = _guide(request, guide_id)
    attachment = selectors.guide_attachment_get(guide=guide, attachment_id=attachment_id)
    if attachment is None:
        raise Http404(_("No such file."))
    response = HttpResponse(bytes(attachment.data), content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, attachment.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@permission_required([READ, "knowledge.add_guideuse", "contacts.view_contact"], raise_exception=True)
@require_POST
def use_link(request):
    """ "This guide solved the contact": linked from the contact's page (idempotent)."""
    from teenindus.contacts.selectors import contact_get

    form = LinkForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Choose the guide that solved the contact."), status=400)
    try:
        # The contact must be one the user may see (the contacts selector: scope and the log).
        contact = contact_get(
            ctx=access_context(request, implied_purpose=PURPOSE_LINK), contact_id=form.cleaned_data["contact"]
        )
        _use, created = services.guide_use_link(
            actor=request.user, guide_id=form.cleaned_data["guide"], contact_id=contact.pk
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("contacts:detail", contact_id=form.cleaned_data["contact"])
    messages.success(request, _("The guide is linked to the contact.") if created else _("Already linked."))
    return redirect("contacts:detail", contact_id=contact.pk)


@permission_required(READ, raise_exception=True)
def desk_guides(request):
    """The agent desktop's guides for the call's queue and chosen topic (an HTML fragment that the
    desktop's script puts in place; published guides only, most used first)."""
    form = DeskGuidesForm(request.GET)
    if not form.is_valid():
        return HttpResponse(_("Bad queue or topic."), status=400)
    guides = selectors.guides_for_desk(
        user=request.user, queue_id=form.cleaned_data["queue"], topic_id=form.cleaned_data["topic"]
    )
    return render(request, "knowledge/desk_guides.html", {"guides": guides})


@permission_required(WRITE, raise_exception=True)
@require_POST
def draft_from_contact(request, contact_id: int):
    """A draft guide from a contact in one step (also what the difficult-contact page calls)."""
    try:
        guide, created = services.guide_draft_from_contact(
            ctx=access_context(request, implied_purpose=PURPOSE_GUIDE), contact_id=contact_id
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if not created:
        return _to_existing(request, guide, _("A guide has already been made from this contact."))
    messages.success(request, _("A draft guide is made from the contact. Describe the case and publish it."))
    return redirect("knowledge:edit", guide_id=guide.pk)


def _to_existing(request, guide, message: str):
    """The guide made from the same source before: its edit page when the user may edit it, else
    its page when they see it, else the guides' list, with a message naming whose draft it is."""
    if selectors.may_edit(user=request.user, guide=guide):
        messages.info(request, message)
        return redirect("knowledge:edit", guide_id=guide.pk)
    if selectors.guides_visible(user=request.user).filter(pk=guide.pk).exists():
        messages.info(request, message)
        return redirect("knowledge:detail", guide_id=guide.pk)
    owner = guide.owner.get_full_name() or guide.owner.get_username()
    whose = _("It is a draft of %(owner)s.") % {"owner": owner}
    messages.info(request, f"{message} {whose}")
    return redirect("knowledge:list")


@permission_required(WRITE, raise_exception=True)
@require_POST
def draft_from_ticket(request, ticket_id: int):
    try:
        guide, created = services.guide_draft_from_ticket(
            ctx=access_context(request, implied_purpose=PURPOSE_GUIDE), ticket_id=ticket_id
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("tickets:detail", ticket_id=ticket_id)
    if not created:
        return _to_existing(request, guide, _("A guide has already been made from this ticket."))
    messages.success(request, _("A draft guide is made from the ticket. Check the text and publish it."))
    return redirect("knowledge:edit", guide_id=guide.pk)
