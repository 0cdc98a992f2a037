"""Ticket reports for team leads, on the page and as CSV/XLSX (the one export writer)."""

from datetime import timedelta

from django import forms
from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teenindus.core.exports import FORMATS, table_response
from teenindus.tickets import reports
from teenindus.tickets.selectors import OVERSEE

MAX_DAYS = 366


class ReportForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"))
    end = forms.DateField(label=gettext_lazy("Until (not included)"))
    within = forms.IntegerField(
        label=gettext_lazy("Delivered within, working days"), min_value=0, max_value=30, initial=2
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and not (start < end <= start + timedelta(days=MAX_DAYS)):
            raise forms.ValidationError(
                _("Choose a period of 1 to %(n)s days, the start before the end.") % {"n": MAX_DAYS}
            )
        return data


def _form(request) -> ReportForm:
    today = timezone.localdate()
    defaults = {
        "start": (today - timedelta(days=30)).isoformat(),
        "end": (today + timedelta(days=1)).isoformat(),
        "within": 2,
    }
    return ReportForm({**defaults, **request.GET.dict()})


@permission_required(OVERSEE, raise_exception=True)
def ticket_reports(request):
    form = _form(request)
    context = {"form": form}
    if form.is_valid():
        data = form.cleaned_data
        context.update(
            open_rows=reports.open_by_group_and_age(),
            open_columns=reports.open_columns(),
            rows=reports.performance_by_group(
                start=data["start"], end=data["end"], within_days=data["within"]
            ),
            columns=reports.performance_columns(data["within"]),
            query=request.GET.urlencode(),
        )
    return render(request, "tickets/reports.html", context, status=200 if form.is_valid() else 400)


@permission_required(OVERSEE, raise_exception=True)
def ticket_reports_export(request):
    form = _form(request)
    file_format = request.GET.get("format", "xlsx")
    table = request.GET.get("table", "performance")
    if not form.is_valid() or file_format not in FORMATS or table not in ("open", "performance"):
        return render(request, "tickets/reports.html", {"form": form}, status=400)
    data = form.cleaned_data
    if table == "open":
        rows, columns, name = reports.open_by_group_and_age(), reports.open_columns(), "tickets-open"
    else:
        rows = reports.performance_by_group(start=data["start"], end=data["end"], within_days=data["within"])
        columns = reports.performance_columns(data["within"])
        name = f"tickets-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}"
    note = _("Tickets created %(start)s–%(end)s; times in working hours on the agency's calendar.") % {
        "start": data["start"].strftime("%d.%m.%Y"),
        "end": data["end"].strftime("%d.%m.%Y"),
    }
    return table_response(rows=rows, columns=columns, filename=name, file_format=file_format, note=note)
