from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from teenindus.audit import http
from teenindus.audit.http import access_context
from teenindus.contacts import selectors, services
from teenindus.contacts.forms import ContactRecordForm, FollowupCloseForm
from teenindus.contacts.models import FOLLOW_UP_OUTCOMES
from teenindus.core.exceptions import ApplicationError, NotFound, PermissionDeniedError
from teenindus.customers.selectors import customer_get

RECORD = "contacts.add_contact"
READ = ["contacts.view_contact", "customers.view_customer"]
PURPOSE_CONTACTS = gettext_noop("Customer contacts")
SHOWN = 50


@permission_required(READ, raise_exception=True)
def customer_history(request, customer_id: int):
    """The contacts fragment of the customer card (loaded by htmx)."""
    ctx = access_context(request, implied_purpose=http.PURPOSE_CARD)
    try:
        contacts = selectors.contacts_for_customer(ctx=ctx, customer_id=customer_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(request, "contacts/history.html", {"contacts": contacts})


def _record(request, form: ContactRecordForm, customer_id: int | None) -> bool:
    """Record the contact of a valid form; a refusal goes onto the form. True when recorded."""
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        services.contact_record(
            actor=request.user,
            channel=data["channel"],
            topic_id=data["topic"].pk,
            outcome=data["outcome"],
            customer_id=customer_id,
            note=data["note"],
        )
    except ApplicationError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return False
    if data["outcome"] in FOLLOW_UP_OUTCOMES:
        messages.success(
            request, _("Contact recorded. Its follow-up is on your start page until you close it.")
        )
    else:
        messages.success(request, _("Contact recorded."))
    return True


@permission_required(RECORD, raise_exception=True)
def contact_index(request):
    """Kontaktid: record a contact without a call (no customer: an anonymous visitor or letter),
    the user's open follow-ups, a team lead's team's call-backs, the user's latest contacts."""
    form = ContactRecordForm(request.POST or None)
    if request.method == "POST" and _record(request, form, None):
        return redirect("contacts:index")
    ctx = access_context(request, implied_purpose=PURPOSE_CONTACTS)
    mine, mine_total = selectors.followups_mine(ctx=ctx, limit=SHOWN)
    team, team_total = selectors.callbacks_waiting_in_team(ctx=ctx, limit=SHOWN)
    return render(
        request,
        "contacts/index.html",
        {
            "form": form,
            "mine": mine,
            "mine_total": mine_total,
            "team": team,
            "team_total": team_total,
            "oversees": request.user.has_perm(selectors.OVERSEE),
            "recent": selectors.contacts_recorded_by(ctx=ctx),
        },
    )


@permission_required([RECORD, "customers.view_customer"], raise_exception=True)
def customer_contact_record(request, customer_id: int):
    """Record a contact without a call for a customer (from the card and from a contact's page)."""
    form = ContactRecordForm(request.POST or None)
    if request.method == "POST" and _record(request, form, customer_id):
        return redirect("customers:detail", customer_id=customer_id)
    try:
        customer = customer_get(
            ctx=access_context(request, implied_purpose=PURPOSE_CONTACTS), customer_id=customer_id
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(request, "contacts/record.html", {"form": form, "customer": customer})


@permission_required(READ, raise_exception=True)
def contact_detail(request, contact_id: int):
    try:
        contact = selectors.contact_get(
            ctx=access_context(request, implied_purpose=PURPOSE_CONTACTS), contact_id=contact_id
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(
        request,
        "contacts/detail.html",
        {
            "contact": contact,
            "may_close": contact.followup_open
            and selectors.may_close_followup(user=request.user, contact=contact),
            "close_form": FollowupCloseForm(),
            "may_record": request.user.has_perm(RECORD),
            # An "escalated" contact offers its ticket in one step (to the one who handled it).
            "may_escalate": contact.outcome == "escalated"
            and contact.handled_by_id == request.user.pk
            and request.user.has_perm("tickets.add_ticket"),
        },
    )


@permission_required("contacts.view_contact", raise_exception=True)
@require_POST
def followup_close(request, contact_id: int):
    """Close a follow-up (from the start page or the contact's page), then back to where it was."""
    form = FollowupCloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        try:
            services.contact_followup_close(
                actor=request.user, contact_id=contact_id, note=form.cleaned_data["note"]
            )
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Follow-up closed."))
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("contacts:detail", contact_id=contact_id)
