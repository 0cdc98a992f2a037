from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from teenindus.audit.http import access_context
from teenindus.core.exceptions import ApplicationError, NotFound
from teenindus.core.exports import FORMATS, table_response
from teenindus.customers.selectors import customer_get, customer_search
from teenindus.frontdesk import selectors, stats
from teenindus.frontdesk.forms import BookForm, CheckInForm, MoveForm, StatsForm
from teenindus.frontdesk.moves import MOVES, moves_from
from teenindus.frontdesk.rendering import ticket_pdf
from teenindus.frontdesk.services import appointments, checkin, queue

PURPOSE_FRONT_DESK = gettext_noop("Front desk")
CHECK_IN = "frontdesk.add_visit"
VIEW = "frontdesk.view_visit"
BOOK = "frontdesk.add_appointment"
BOOKINGS = "frontdesk.view_appointment"
WORK = "frontdesk.work_desk"
FIGURES = "frontdesk.view_visit_stats"


def _ctx(request):
    return access_context(request, implied_purpose=PURPOSE_FRONT_DESK)


def _office(code: str):
    try:
        return selectors.office_by_code(code=code)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _refuse(request, exc: ApplicationError) -> None:
    messages.error(request, exc.message)


def _customer_pick(request, customer_id: str | None = None):
    """The customer search of the check-in and booking forms (customers' audited selectors): the
    matches for ?q=, and the customer chosen with ?customer= (or the one a posted form carried)."""
    ctx = access_context(request, implied_purpose=PURPOSE_FRONT_DESK)
    query = request.GET.get("q", "").strip()[:100]
    found = customer_search(ctx=ctx, query=query, limit=10) if query else []
    chosen = None
    chosen_id = request.GET.get("customer", "") if customer_id is None else customer_id
    if chosen_id.isdigit() and int(chosen_id) <= 2**63 - 1:
        try:
            chosen = customer_get(ctx=ctx, customer_id=int(chosen_id), action="search")
        except NotFound:
            chosen = None
    return {"query": query, "found": found, "chosen": chosen}


def _form_errors(form) -> str:
    """The form's errors in one line, each after its field's label: "Service: This field is
    required." (a hidden field's error would otherwise not be seen at all)."""
    parts = []
    for name, errors in form.errors.items():
        text = " ".join(str(e) for e in errors)
        label = form.fields[name].label if name in form.fields else None
        parts.append(f"{label}: {text}" if label else text)
    return " ".join(parts)


@permission_required([BOOKINGS], raise_exception=True)
def index(request):
    own = selectors.office_of_user(request.user)
    offices = selectors.offices_all()
    if own is not None and request.user.has_perm(VIEW) and "all" not in request.GET:
        return redirect("frontdesk:office", office_code=own.code)
    return render(request, "frontdesk/index.html", {"offices": offices})


def _office_page(request, office, *, form=None, pick=None, status: int = 200):
    pick = pick or _customer_pick(request)
    if form is None:
        form = CheckInForm(office=office, initial={"customer": pick["chosen"].pk if pick["chosen"] else None})
    return render(
        request,
        "frontdesk/office.html",
        {
            "office": office,
            "form": form,
            "pick": pick,
            "pick_url": reverse("frontdesk:office", args=[office.code]),
            "queue": selectors.queue_today(ctx=_ctx(request), office=office),
            "desks": selectors.desks_of(office=office),
            "may_check_in": request.user.has_perm(CHECK_IN),
            "may_see_figures": request.user.has_perm(FIGURES),
        },
        status=status,
    )


@permission_required([VIEW], raise_exception=True)
def office(request, office_code: str):
    """The info specialist's counter: check a visitor in, the queue now, the desks."""
    return _office_page(request, _office(office_code))


@require_POST
@permission_required([CHECK_IN], raise_exception=True)
def check_in(request, office_code: str):
    """A refused check-in shows the office page again with the typed values and the errors, each
    error after its field's name."""
    office = _office(office_code)
    form = CheckInForm(request.POST, office=office)
    pick = _customer_pick(request, customer_id=request.POST.get("customer", ""))
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _office_page(request, office, form=form, pick=pick, status=400)
    data = form.cleaned_data
    try:
        visit = checkin.visit_check_in(
            actor=request.user,
            office_id=office.pk,
            service_id=data["service"].pk,
            note=data["note"],
            customer_id=data["customer"],
            special_needs=data["special_needs"],
        )
    except ApplicationError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        messages.error(request, _form_errors(form))
        return _office_page(request, office, form=form, pick=pick, status=exc.status_code)
    return redirect("frontdesk:visit", visit_id=visit.pk)


@permission_required([VIEW], raise_exception=True)
def visit(request, visit_id: int):
    try:
        visit = selectors.visit_get(ctx=_ctx(request), visit_id=visit_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(request, "frontdesk/visit.html", {"visit": visit})


@permission_required([VIEW], raise_exception=True)
def visit_ticket(request, visit_id: int):
    """The visitor's number as a small PDF ticket to print: number, service, time; no name."""
    try:
        visit = selectors.visit_get(ctx=_ctx(request), visit_id=visit_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    response = HttpResponse(ticket_pdf(visit), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{visit.number}.pdf"'
    return response


# The days the appointment list shows: none before this, none after the booking window.
FIRST_DAY = date(2000, 1, 1)


def _day(text: str) -> date:
    """The day asked for (YYYY-MM-DD), else today; kept within FIRST_DAY and the last bookable day
    (so the day before and after are real dates, never out of range)."""
    today = timezone.localdate()
    try:
        day = parse_date(text[:10]) or today
    except ValueError:  # well formed, no such date
        day = today
    return min(max(day, FIRST_DAY), today + timedelta(days=appointments.BOOK_DAYS_AHEAD))


@permission_required([BOOKINGS], raise_exception=True)
def appointment_list(request, office_code: str):
    office = _office(office_code)
    day = _day(request.GET.get("day", ""))
    pick = _customer_pick(request)
    status = 200
    if request.method == "POST":
        if not request.user.has_perm(BOOK):
            raise PermissionDenied
        form = BookForm(request.POST, office=office)
        if form.is_valid():
            data = form.cleaned_data
            try:
                booked = appointments.appointment_book(
                    actor=request.user,
                    service_id=data["service"].pk,
                    desk_id=data["desk"].pk,
                    starts_at=data["starts_at"],
                    customer_id=data["customer"],
                    note=data["note"],
                )
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = exc.status_code
            else:
                messages.success(
                    request,
                    _("Booked for %(time)s at %(desk)s.")
                    % {
                        "time": timezone.localtime(booked.starts_at).strftime("%d.%m.%Y %H:%M"),
                        "desk": booked.desk,
                    },
                )
                return redirect(
                    f"{request.path}?day={timezone.localtime(booked.starts_at).date().isoformat()}"
                )
        else:
            status = 400
    else:
        form = BookForm(office=office, initial={"customer": pick["chosen"].pk if pick["chosen"] else None})
    return render(
        request,
        "frontdesk/appointments.html",
        {
            "office": office,
            "day": day,
            "previous": _day((day - timedelta(days=1)).isoformat()),
            "next": _day((day + timedelta(days=1)).isoformat()),
            "rows": selectors.appointments_on(ctx=_ctx(request), office=office, day=day),
            "form": form,
            "pick": pick,
            "may_book": request.user.has_perm(BOOK),
            "may_check_in": request.user.has_perm(CHECK_IN),
        },
        status=status,
    )


@require_POST
@permission_required([CHECK_IN], raise_exception=True)
def appointment_check_in(request, appointment_id: int):
    try:
        visit = appointments.appointment_check_in(actor=request.user, appointment_id=appointment_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except ApplicationError as exc:
        _refuse(request, exc)
        return redirect("frontdesk:index")
    return redirect("frontdesk:visit", visit_id=visit.pk)


@permission_required([WORK], raise_exception=True)
def desk(request, desk_id: int):
    try:
        page = selectors.desk_get(ctx=_ctx(request), desk_id=desk_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    current = page["current"]
    return render(
        request,
        "frontdesk/desk.html",
        {
            **page,
            "signed_in": page["desk"].specialist_id == request.user.pk,
            "moves": [(name, MOVES[name].label) for name in moves_from(current.state)] if current else [],
            "other_services": selectors.services_active(office=page["desk"].office).exclude(
                pk=current.service_id if current else None
            ),
        },
    )


def _desk_action(request, desk_id: int, action) -> HttpResponse:
    try:
        action()
    except NotFound as exc:
        if exc.field == "desk":
            raise Http404(exc.message) from exc
        messages.info(request, exc.message)
    except ApplicationError as exc:
        if exc.status_code == 403:
            return _forbidden(request, exc)
        _refuse(request, exc)
    return redirect("frontdesk:desk", desk_id=desk_id)


def _forbidden(request, exc):
    return render(request, "403.html", {"exception": exc.message}, status=403)


@require_POST
@permission_required([WORK], raise_exception=True)
def desk_sign_in(request, desk_id: int):
    return _desk_action(request, desk_id, lambda: queue.desk_sign_in(actor=request.user, desk_id=desk_id))


@require_POST
@permission_required([WORK], raise_exception=True)
def desk_sign_out(request, desk_id: int):
    return _desk_action(request, desk_id, lambda: queue.desk_sign_out(actor=request.user, desk_id=desk_id))


@require_POST
@permission_required([WORK], raise_exception=True)
def desk_next(request, desk_id: int):
    def call():
        visit = queue.visitor_call_next(actor=request.user, desk_id=desk_id)
        messages.success(request, _("Called %(number)s.") % {"number": visit.number})

    return _desk_action(request, desk_id, call)


@require_POST
@permission_required([WORK], raise_exception=True)
def visit_move(request, visit_id: int):
    form = MoveForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Invalid request."), status=400)
    data = form.cleaned_data
    try:
        queue.visit_move(
            actor=request.user,
            visit_id=visit_id,
            move=data["move"],
            desk_id=data["desk"],
            version=data["version"],
            service_id=data["service"],
            outcome=data["outcome"] or "solved",
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except ApplicationError as exc:
        if exc.status_code == 403:
            return _forbidden(request, exc)
        _refuse(request, exc)  # e.g. stale: another desk served the visitor; the desk page again
    return redirect("frontdesk:desk", desk_id=data["desk"])


def _stats_form(request) -> StatsForm:
    today = timezone.localdate()
    defaults = {"start": today.isoformat(), "end": (today + timedelta(days=1)).isoformat(), "by": "service"}
    return StatsForm({**defaults, **request.GET.dict()})


@permission_required([FIGURES], raise_exception=True)
def figures(request, office_code: str):
    office = _office(office_code)
    form = _stats_form(request)
    context = {"office": office, "form": form}
    if form.is_valid():
        data = form.cleaned_data
        context.update(
            rows=stats.visit_stats(office=office, start=data["start"], end=data["end"], by=data["by"]),
            columns=stats.stats_columns(data["by"]),
            query=request.GET.urlencode(),
            note=stats.stats_note(),
        )
    return render(request, "frontdesk/figures.html", context, status=200 if form.is_valid() else 400)


@permission_required([FIGURES], raise_exception=True)
def figures_export(request, office_code: str):
    office = _office(office_code)
    form = _stats_form(request)
    file_format = request.GET.get("format", "xlsx")
    if not form.is_valid() or file_format not in FORMATS:
        return render(request, "frontdesk/figures.html", {"office": office, "form": form}, status=400)
    data = form.cleaned_data
    rows = stats.visit_stats(office=office, start=data["start"], end=data["end"], by=data["by"])
    name = f"visits-{office.code}-{data['by']}-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}"
    return table_response(
        rows=rows,
        columns=stats.stats_columns(data["by"]),
        filename=name,
        file_format=file_format,
        note=stats.stats_note(),
    )


# The waiting-room display: public (a screen in the office), numbers and desks only, read-only.


@login_not_required
@require_GET
def display(request, office_code: str):
    try:
        office = selectors.office_by_code(code=office_code)
    except NotFound as exc:
        return render(request, "frontdesk/display_missing.html", {"message": exc.message}, status=404)
    return render(
        request, "frontdesk/display.html", {"office": office, "state": selectors.display_state(office=office)}
    )


@login_not_required
@require_GET
@never_cache
def display_state(request, office_code: str):
    try:
        office = selectors.office_by_code(code=office_code)
    except NotFound as exc:
        return JsonResponse({"detail": exc.message, "field": "office"}, status=404)
    return JsonResponse(selectors.display_state(office=office))
