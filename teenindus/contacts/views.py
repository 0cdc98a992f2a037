from django.contrib.auth.decorators import permission_required
from django.shortcuts import render

from teenindus.audit import http
from teenindus.audit.http import access_context
from teenindus.contacts.selectors import contacts_for_customer


@permission_required(["contacts.view_contact", "customers.view_customer"], raise_exception=True)
def customer_history(request, customer_id: int):
    """The contacts fragment of the customer card (loaded by htmx)."""
    ctx = access_context(request, implied_purpose=http.PURPOSE_CARD)
    contacts = contacts_for_customer(ctx=ctx, customer_id=customer_id)
    return render(request, "contacts/history.html", {"contacts": contacts})
