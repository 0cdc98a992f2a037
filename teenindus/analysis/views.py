from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_POST

from teenindus.analysis import outputs, selectors, services
from teenindus.analysis.forms import PeriodForm, SendForm, default_month
from teenindus.audit.http import access_context
from teenindus.core.exceptions import ApplicationError
from teenindus.core.exports import FORMATS, file_response, table_response

VIEW = "analysis.view_contact_analysis"
PURPOSE_ANALYSIS = gettext_noop("Contact analysis")


def _period_form(request) -> PeriodForm:
    data = request.GET.dict()
    if not any(data.get(key) for key in ("month", "start", "end")):
        data["month"] = default_month(timezone.localdate())
    return PeriodForm(data)


def _report(request, form: PeriodForm, *, notes: bool):
    data = form.cleaned_data
    return selectors.analysis_report(
        ctx=access_context(request, implied_purpose=PURPOSE_ANALYSIS),
        start=data["start"],
        end=data["end"],
        unit_id=data["unit"].pk if data["unit"] else None,
        include_notes=notes,
    )


@permission_required(VIEW, raise_exception=True)
@require_GET
def analysis_index(request):
    """The contact analysis for the leads and the manager: a period, optionally one unit's topics,
    the tables, downloads, and sending it to a unit's head."""
    form = _period_form(request)
    context = {"form": form, "may_send": request.user.has_perm(services.SEND)}
    status = 200
    if form.is_valid():
        report = _report(request, form, notes=form.cleaned_data["notes"])
        data = form.cleaned_data
        query = {"start": data["start"].isoformat(), "end": data["end"].isoformat()}
        if data["unit"]:
            query["unit"] = data["unit"].pk
        context.update(
            report=report,
            tables=outputs.report_tables(report),
            note=outputs.report_note(report),
            query=urlencode(query),
            send_form=SendForm(
                initial={"unit": data["unit"], "start": data["start"], "end": data["end"]}, offered=True
            ),
        )
    else:
        status = 400
    return render(request, "analysis/index.html", context, status=status)


@permission_required(VIEW, raise_exception=True)
@require_GET
def analysis_export(request, file_format: str):
    """The topic table (CSV) or the whole report (XLSX), through the one export writer, or the PDF
    the heads of units receive by e-mail; the free-text notes only when asked for, as on the page
    (and then the look at the customers is logged by the selector)."""
    if file_format not in (*FORMATS, "pdf"):
        raise Http404
    form = _period_form(request)
    if not form.is_valid():
        return render(request, "analysis/index.html", {"form": form}, status=400)
    report = _report(request, form, notes=form.cleaned_data["notes"])
    name = f"poordumiste-analyys-{report.period.start:%Y-%m-%d}"
    if file_format == "xlsx":
        return file_response(data=outputs.report_xlsx(report), filename=name, file_format="xlsx")
    if file_format == "pdf":
        response = HttpResponse(outputs.report_pdf(report), content_type=services.PDF)
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    return table_response(
        rows=outputs.topic_rows(report),
        columns=outputs.topic_columns(),
        filename=name,
        file_format=file_format,
        note=outputs.report_note(report),
    )


@permission_required(services.SEND, raise_exception=True)
@require_POST
def analysis_send(request):
    form = SendForm(request.POST)
    back = redirect("analysis:index")
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return back
    data = form.cleaned_data
    try:
        services.analysis_send_request(
            actor=request.user,
            unit_id=data["unit"].pk,
            start=data["start"],
            end=data["end"],
            include_notes=data["include_notes"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("The analysis is being sent to the head of %(unit)s.") % {"unit": data["unit"]}
        )
    query = urlencode(
        {"start": data["start"].isoformat(), "end": data["end"].isoformat(), "unit": data["unit"].pk}
    )
    return redirect(f"{back.url}?{query}")
