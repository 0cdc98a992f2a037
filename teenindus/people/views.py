"""People pages: job descriptions for everyone, import and review for HR and managers, absences,
conversations. Thin: check input, call a service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from teenindus.accounts.decorators import any_role_required
from teenindus.audit.http import access_context
from teenindus.core.charts import hbar_chart
from teenindus.core.exceptions import ApplicationError
from teenindus.core.exports import PERCENT, Column, table_response
from teenindus.people import forms, selectors
from teenindus.people.jd_parser import parse_job_description
from teenindus.people.jd_sources import Line, document_lines
from teenindus.people.models import ConversationKind, JobDescription, JobDescriptionVersion, Signature
from teenindus.people.rendering import document_context, render_docx, render_text, shown_content
from teenindus.people.services import conversations as conversation_services
from teenindus.people.services import job_descriptions as services

VIEW = "people.view_jobdescription"
PURPOSE_CONVERSATIONS = gettext_noop("Conversation system")
PURPOSE_ABSENCES = gettext_noop("Absences and substitution")
PURPOSE_SIGNATURES = gettext_noop("Signatures of a job description")


def _jd(pk: int) -> JobDescription:
    return get_object_or_404(
        JobDescription.objects.select_related("position__unit", "position__manager"), pk=pk
    )


def _version(jd: JobDescription, number: int | None = None) -> JobDescriptionVersion:
    version = jd.versions.filter(number=number or jd.current_number).first()
    if version is None:
        raise Http404(_("No such version."))
    return version


@permission_required(VIEW, raise_exception=True)
def jd_list(request):
    form = forms.SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    return render(
        request,
        "people/jd_list.html",
        {
            "form": form,
            "versions": selectors.job_descriptions_search(query=query),
            "query": query,
            "due": selectors.reviews_due() if request.user.has_perm("people.review_jobdescription") else [],
        },
    )


@permission_required(VIEW, raise_exception=True)
def jd_detail(request, pk: int, number: int | None = None):
    jd = _jd(pk)
    version = _version(jd, number)
    signatures = selectors.signatures_shown(
        ctx=access_context(request, implied_purpose=PURPOSE_SIGNATURES), version=version
    )
    signed = {s.party for s in signatures}
    return render(
        request,
        "people/jd_detail.html",
        {
            "jd": jd,
            "version": version,
            "versions": list(jd.versions.all()),
            "is_current": version.number == jd.current_number,
            "may_review": selectors.may_review(user=request.user, job_description=jd),
            "sign_parties": [
                (party, label)
                for party, label in Signature.Party.choices
                if party not in signed and selectors.may_sign(user=request.user, version=version, party=party)
            ],
            "holders": selectors.substitution_of_position(
                ctx=access_context(request, implied_purpose=PURPOSE_ABSENCES), position=jd.position
            ),
            **document_context(version.content, version=version, signatures=signatures),
        },
    )


@permission_required(VIEW, raise_exception=True)
def jd_pdf(request, pk: int, number: int):
    version = _version(_jd(pk), number)
    response = HttpResponse(services.version_pdf(version=version), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ametijuhend-{pk}-v{number}.pdf"'
    return response


@permission_required(VIEW, raise_exception=True)
def jd_docx(request, pk: int, number: int):
    version = _version(_jd(pk), number)
    response = HttpResponse(
        render_docx(shown_content(version.content, version=version)),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="ametijuhend-{pk}-v{number}.docx"'
    return response


@permission_required(VIEW, raise_exception=True)
def jd_diff(request, pk: int):
    jd = _jd(pk)
    try:
        a = int(request.GET.get("a") or max(jd.current_number - 1, 1))
        b = int(request.GET.get("b") or jd.current_number)
    except ValueError as exc:
        raise Http404(_("No such version.")) from exc
    old, new = _version(jd, a), _version(jd, b)
    return render(
        request,
        "people/jd_diff.html",
        {"jd": jd, "old": old, "new": new, "rows": selectors.versions_diff(old=old.content, new=new.content)},
    )


def _parse(*, text: str = "", lines: list[Line] | None = None):
    """(parsed, None), or (None, the error with what could be read): nothing is saved either way."""
    try:
        parsed = parse_job_description(
            lines if lines is not None else document_lines("edit.txt", text.encode())
        )
    except ApplicationError as exc:
        return None, exc
    return parsed, None


@permission_required("people.add_jobdescription", raise_exception=True)
def jd_import(request):
    """Upload → preview side by side with the source → correct the text → save."""
    context: dict = {"upload_form": forms.UploadForm()}
    if request.method == "POST" and "file" in request.FILES:
        upload_form = forms.UploadForm(request.POST, request.FILES)
        context["upload_form"] = upload_form
        if upload_form.is_valid():
            upload = upload_form.cleaned_data["file"]
            try:
                lines = document_lines(upload.name, upload.read())
            except ApplicationError as exc:
                context["error"] = exc.message
                return render(request, "people/jd_import.html", context, status=422)
            parsed, error = _parse(lines=lines)
            context["source"] = "\n".join(line.text for line in lines)
            if error:
                context["error"], context["readable"] = error.message, error.extra.get("text", "")
                return render(request, "people/jd_import.html", context, status=422)
            context.update(_preview_context(parsed, source_name=upload.name))
        return render(
            request, "people/jd_import.html", context, status=200 if upload_form.is_valid() else 422
        )
    if request.method == "POST":
        form = forms.DocumentTextForm(request.POST)
        if form.is_valid():
            parsed, error = _parse(text=form.cleaned_data["text"])
            source_name = form.cleaned_data["source_name"]
            if error is None and "confirm" in request.POST:
                try:
                    result = services.job_description_save(
                        actor=request.user, record=parsed.record, source_name=source_name
                    )
                except ApplicationError as exc:
                    error = exc
                else:
                    messages.success(request, _("Saved as version %(n)s.") % {"n": result.version.number})
                    if result.unresolved:
                        messages.warning(
                            request,
                            _("No position found for: %(names)s") % {"names": ", ".join(result.unresolved)},
                        )
                    return redirect("people:jd_detail", pk=result.job_description.pk)
            context["source"] = request.POST.get("source", "")
            if error is not None:
                context["error"] = error.message
                context["form"] = form
                return render(request, "people/jd_import.html", context, status=422)
            context.update(_preview_context(parsed, source_name=source_name, text=form.cleaned_data["text"]))
    return render(request, "people/jd_import.html", context)


def _preview_context(parsed, *, source_name: str, text: str | None = None) -> dict:
    record = parsed.record
    content = services.content_clean(
        {**record, "title": record["title"] or "?", "unit": record["unit"] or "?"}
    )
    return {
        "parsed": parsed,
        "form": forms.DocumentTextForm(
            initial={"text": text if text is not None else render_text(content), "source_name": source_name}
        ),
        **document_context(content),
    }


@permission_required("people.review_jobdescription", raise_exception=True)
def jd_review(request, pk: int):
    jd = _jd(pk)
    if not selectors.may_review(user=request.user, job_description=jd):
        raise Http404(_("No such job description."))
    current = _version(jd)
    form = forms.ReviewForm(
        request.POST or None,
        initial={"text": render_text(current.content), "expected_number": jd.current_number},
    )
    context = {"jd": jd, "form": form, "current": current}
    if request.method == "POST" and form.is_valid():
        parsed, error = _parse(text=form.cleaned_data["text"])
        if error is None:
            try:
                version = services.job_description_review(
                    actor=request.user,
                    job_description=jd,
                    record=parsed.record,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                    expected_number=form.cleaned_data["expected_number"] or 0,
                )
            except ApplicationError as exc:
                error = exc
            else:
                messages.success(
                    request, _("Reviewed: version %(n)s is now current.") % {"n": version.number}
                )
                return redirect("people:jd_detail", pk=jd.pk)
        context["error"] = error.message
        return render(request, "people/jd_review.html", context, status=422)
    return render(request, "people/jd_review.html", context, status=422 if request.method == "POST" else 200)


@require_POST
@permission_required(VIEW, raise_exception=True)
def jd_sign(request, pk: int, number: int):
    jd = _jd(pk)
    version = _version(jd, number)
    form = forms.SignForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("people:jd_version", pk=pk, number=number)
    party = form.cleaned_data["party"]
    upload = form.cleaned_data.get("container")
    try:
        services.signature_record(
            actor=request.user,
            version=version,
            party=party,
            allowed=selectors.may_sign(user=request.user, version=version, party=party),
            container=upload.read() if upload else None,
            container_name=upload.name if upload else "",
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Signature recorded."))
    return redirect("people:jd_version", pk=pk, number=number)


# --- absences ---------------------------------------------------------------------------------


@permission_required("people.view_absence", raise_exception=True)
def absences(request):
    form = forms.AbsenceForm(request.POST or None, employees=selectors.absence_employees(user=request.user))
    if request.method == "POST":
        if not request.user.has_perm("people.add_absence"):
            raise Http404
        if form.is_valid():
            try:
                conversation_services.absence_add(actor=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                form.add_error(exc.field, exc.message)
            else:
                messages.success(request, _("Absence recorded."))
                return redirect("people:absences")
    ctx = access_context(request, implied_purpose=PURPOSE_ABSENCES)
    rows = selectors.absences_with_substitutes(ctx=ctx)
    return render(
        request, "people/absences.html", {"form": form, "rows": rows}, status=422 if form.errors else 200
    )


# --- conversations ----------------------------------------------------------------------------


@any_role_required
def conversations(request):
    """Everyone sees their own; managers their people's; the HR partner all and the overdue list."""
    ctx = access_context(request, implied_purpose=PURPOSE_CONVERSATIONS)
    overdue = request.GET.get("overdue") == "1"
    return render(
        request,
        "people/conversations.html",
        {"rows": selectors.conversations_list(ctx=ctx, overdue_only=overdue), "overdue": overdue},
    )


@any_role_required
def conversation_detail(request, pk: int):
    ctx = access_context(request, implied_purpose=PURPOSE_CONVERSATIONS)
    conversation = selectors.conversation_get(ctx=ctx, pk=pk)
    if conversation is None:
        raise Http404(_("No such conversation."))
    may_record = request.user.has_perm("people.change_conversation") and (
        conversation.employment.employee.user_id != request.user.pk
    )
    questions = (
        [a["question"] for a in conversation.answers]
        if conversation.answers
        else selectors.conversation_questions(kind=conversation.kind)
    )
    initial = {
        "held_on": conversation.held_on,
        "goals": conversation.goals,
        "training_needs": "\n".join(conversation.training_needs),
        "exit_reasons": conversation.exit_reasons,
        "version": conversation.version,
        **{f"q{i}": a["answer"] for i, a in enumerate(conversation.answers)},
    }
    form = forms.ConversationForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        questions=questions,
        kind=conversation.kind,
    )
    if request.method == "POST":
        if not may_record:
            raise Http404(_("No such conversation."))
        if form.is_valid():
            data = form.cleaned_data
            try:
                conversation_services.conversation_record(
                    actor=request.user,
                    conversation=conversation,
                    held_on=data["held_on"],
                    answers=form.answers(),
                    goals=data["goals"],
                    training_needs=data["training_needs"].splitlines(),
                    exit_reasons=data.get("exit_reasons") or [],
                    expected_version=data["version"],
                )
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Conversation recorded."))
                return redirect("people:conversation", pk=pk)
    return render(
        request,
        "people/conversation.html",
        {"c": conversation, "form": form, "may_record": may_record},
        status=422 if form.errors else 200,
    )


@permission_required("people.change_conversationtemplate", raise_exception=True)
def conversation_templates(request):
    """The HR partner's questions for each kind of conversation, one per line."""
    kinds = ConversationKind.choices
    errors: dict[str, str] = {}
    if request.method == "POST":
        with transaction.atomic():  # all kinds or none: one bad list saves nothing
            for kind, _label in kinds:
                field = f"questions_{kind}"
                if field not in request.POST:
                    continue
                try:
                    conversation_services.conversation_template_set(
                        actor=request.user, kind=kind, questions=request.POST[field].splitlines()
                    )
                except ApplicationError as exc:
                    errors[kind] = exc.message
            if errors:
                transaction.set_rollback(True)
        if not errors:
            messages.success(request, _("Questions saved."))
            return redirect("people:templates")
    rows = [
        {
            "kind": kind,
            "label": label,
            "text": request.POST.get(f"questions_{kind}")
            if errors
            else "\n".join(selectors.conversation_questions(kind=kind)),
            "error": errors.get(kind, ""),
        }
        for kind, label in kinds
    ]
    return render(request, "people/templates.html", {"rows": rows}, status=422 if errors else 200)


@permission_required("people.analyse_conversation", raise_exception=True)
def conversations_analysis(request):
    form = forms.AnalysisForm(request.GET or None)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    analysis = selectors.conversations_analysis(year=year)
    rows = [
        {
            "unit": r.unit,
            "year": r.year,
            "due": r.due,
            "held": r.held,
            "on_time": r.on_time,
            "on_time_rate": round(r.on_time_rate * 100, 1) if r.on_time_rate is not None else None,
            "on_time_share": r.on_time_rate,  # the export's percent cell
        }
        for r in analysis.rows
    ]
    file_format = form.cleaned_data.get("format") if form.is_valid() else ""
    if file_format:
        table = form.cleaned_data.get("table") or "units"
        if table == "units":
            columns = [
                ("unit", _("Unit")),
                ("year", _("Year")),
                ("due", _("Due")),
                ("held", _("Held")),
                ("on_time", _("Held on time")),
                Column("on_time_share", _("On time, %"), PERCENT),
            ]
            return table_response(rows=rows, columns=columns, filename="vestlused", file_format=file_format)
        pairs, heading, filename = {
            "reasons": (analysis.exit_reasons, _("Reasons for leaving"), "lahkumise-pohjused"),
            "needs": (analysis.training_needs, _("Training needs"), "koolitusvajadused"),
        }[table]
        return table_response(
            rows=[{"name": name, "count": count} for name, count in pairs],
            columns=[("name", heading), ("count", _("Conversations"))],
            filename=filename,
            file_format=file_format,
            note=_("Year %(year)s") % {"year": year} if year else "",
        )
    charts = []
    if rows:
        # One series per year, so that years are compared unit by unit.
        units = list(dict.fromkeys(r["unit"] for r in rows))
        rates = {(r["unit"], r["year"]): r["on_time_rate"] for r in rows}
        charts.append(
            hbar_chart(
                _("Conversations held on time, %"),
                units,
                [(str(y), [rates.get((u, y)) for u in units]) for y in sorted({r["year"] for r in rows})],
                unit="%",
            )
        )
    for title, unit, pairs in (
        (_("Reasons for leaving"), _("exits"), analysis.exit_reasons),
        (_("Training needs"), _("conversations"), analysis.training_needs[:12]),
    ):
        if pairs:
            charts.append(
                hbar_chart(title, [n for n, _c in pairs], [(title, [c for _n, c in pairs])], unit=unit)
            )
    return render(
        request,
        "people/analysis.html",
        {"form": form, "rows": rows, "analysis": analysis, "charts": charts},
    )
