"""The public view of the document register: search, a document, its public files, open data.
No sign-in; nothing is written (the pages show no personal data, a private person by initials)."""

from datetime import date

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import pgettext, pgettext_lazy
from django.views.decorators.http import require_GET

from teenindus.core.exceptions import NotFound
from teenindus.core.exports import DATE, DATETIME, table_response
from teenindus.registry import public
from teenindus.registry.models import Direction

DATE_INPUTS = ["%d.%m.%Y", "%Y-%m-%d"]


# The dates a search may name (a day outside them cannot be a day of the register, and year 1 or
# 9999 would overflow the day's bounds).
DATE_FIRST, DATE_LAST = date(1900, 1, 1), date(2999, 12, 31)


class PublicSearchForm(forms.Form):
    q = forms.CharField(label=pgettext_lazy("public register", "Words"), required=False, max_length=200)
    number = forms.CharField(
        label=pgettext_lazy("public register", "Registration number"), required=False, max_length=80
    )
    type = forms.TypedChoiceField(
        label=pgettext_lazy("public register", "Document type"), required=False, coerce=int, empty_value=None
    )
    direction = forms.ChoiceField(
        label=pgettext_lazy("public register", "Direction"),
        required=False,
        choices=[("", "")] + list(Direction.choices),
    )
    party = forms.CharField(
        label=pgettext_lazy("public register", "Sender or recipient"), required=False, max_length=200
    )
    start = forms.DateField(
        label=pgettext_lazy("public register", "Registered from"), required=False, input_formats=DATE_INPUTS
    )
    end = forms.DateField(
        label=pgettext_lazy("public register", "Registered until"), required=False, input_formats=DATE_INPUTS
    )
    after = forms.RegexField(
        label=pgettext_lazy("public register", "Page"),
        regex=r"^\d{1,20}-\d{1,18}$",
        required=False,
        max_length=42,
    )
    limit = forms.IntegerField(
        label=pgettext_lazy("public register", "Page size"),
        required=False,
        min_value=1,
        max_value=public.DATA_PAGE_MAX,
    )

    def __init__(self, *args, types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", "")] + [(t.pk, t.name) for t in types]
        self.fields["after"].error_messages["invalid"] = pgettext_lazy(
            "public register", "The page link is not valid; start the search again."
        )

    def clean(self):
        data = super().clean()
        for name in ("start", "end"):
            day = data.get(name)
            if day and not DATE_FIRST <= day <= DATE_LAST:
                self.add_error(
                    name,
                    pgettext("public register", "Give a date between %(first)s and %(last)s.")
                    % {"first": DATE_FIRST.strftime("%d.%m.%Y"), "last": DATE_LAST.strftime("%d.%m.%Y")},
                )
                data.pop(name, None)
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", pgettext("public register", "The end date is before the start date."))
        return data

    def filters(self) -> public.PublicFilter:
        data = self.cleaned_data
        return public.PublicFilter(
            words=data.get("q") or "",
            number=data.get("number") or "",
            doc_type_id=data.get("type"),
            direction=data.get("direction") or "",
            party=data.get("party") or "",
            registered_from=data.get("start"),
            registered_to=data.get("end"),
        )


def _search(request, *, limit_default: int):
    """(form, page or None) for the request's query; the page is None when the query is bad."""
    form = PublicSearchForm(request.GET, types=public.public_types())
    if not form.is_valid():
        return form, None
    limit = form.cleaned_data.get("limit") or limit_default
    try:
        page = public.public_documents(
            filters=form.filters(), after=form.cleaned_data.get("after") or "", limit=limit
        )
    except public.BadCursor:
        form.add_error("after", form.fields["after"].error_messages["invalid"])
        return form, None
    return form, page


def _query_without(request, *names: str) -> str:
    return urlencode([(k, v) for k, v in request.GET.items() if k not in names and v])


@login_not_required
@require_GET
def public_index(request):
    form, page = _search(request, limit_default=public.PAGE_SIZE)
    status = 400 if page is None else 200
    query = _query_without(request, "after", "limit")
    return render(
        request,
        "registry/public/index.html",
        {
            "form": form,
            "errors": _messages(form) if page is None else [],
            "page": page,
            "query": query,
            "first_page": not request.GET.get("after"),
            "data_json": reverse("registry_public:data_json") + (f"?{query}" if query else ""),
            "data_csv": reverse("registry_public:data_csv") + (f"?{query}" if query else ""),
        },
        status=status,
    )


@login_not_required
@require_GET
def public_detail(request, document_id: int):
    try:
        doc = public.public_document_get(document_id=document_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(request, "registry/public/detail.html", {"doc": doc})


@login_not_required
@require_GET
def public_file(request, document_id: int, file_id: int):
    try:
        stored = public.public_file_get(document_id=document_id, file_id=file_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    response = HttpResponse(bytes(stored.content), content_type=stored.kind)
    response["Content-Disposition"] = content_disposition_header(True, stored.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _errors(form) -> dict:
    return {name: [str(e) for e in errors] for name, errors in form.errors.items()}


def _messages(form) -> list[str]:
    """The form's errors as sentences naming their field."""
    out = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields and form.fields[name].label else ""
        out += [f"{label}: {error}" if label else str(error) for error in errors]
    return out


def _record(request, doc: public.PublicDocument) -> dict:
    """One document in the open data; the fields are described in FIELDS."""
    return {
        "id": doc.id,
        "number": doc.number,
        "registered_at": doc.registered_at.isoformat(),
        "received_on": doc.received_on.isoformat(),
        "sender_date": doc.sender_date.isoformat() if doc.sender_date else None,
        "type": doc.doc_type,
        "direction": doc.direction,
        "series": doc.series,
        "party": doc.party,
        "title": doc.title,
        "restricted": doc.restricted,
        "restriction_basis": doc.ak_basis or None,
        "restricted_until": doc.ak_until.isoformat() if doc.ak_until else None,
        "deadline": doc.deadline.isoformat() if doc.deadline else None,
        "replied_on": doc.replied_on.isoformat() if doc.replied_on else None,
        "unit": doc.unit or None,
        "url": request.build_absolute_uri(reverse("registry_public:detail", args=[doc.id])),
        "files": [
            {
                "name": version.name,
                "version": version.version,
                "size": version.size,
                "url": request.build_absolute_uri(reverse("registry_public:file", args=[doc.id, version.id])),
            }
            for group in doc.files
            for version in [group.latest, *group.older]
        ],
    }


FIELDS = {
    "id": "The document's number in this register's addresses.",
    "number": "Registration number.",
    "registered_at": "Registration time, ISO 8601 with offset.",
    "received_on": "Date received (incoming) or sent (outgoing), YYYY-MM-DD.",
    "sender_date": "The sender's own date of the document, or null.",
    "type": "Document type.",
    "direction": "'in' (incoming) or 'out' (outgoing).",
    "series": "Series of the list of documents: code and name.",
    "party": "Sender or recipient: an organisation in full, a private person by initials.",
    "title": "Title; null while the document is restricted to internal use.",
    "restricted": "true while restricted to internal use (AK); it ends by itself after restricted_until.",
    "restriction_basis": "Legal basis of the restriction while restricted, else null.",
    "restricted_until": "Last day of the restriction while restricted, else null.",
    "deadline": "Reply deadline, or null.",
    "replied_on": "Date of the reply, or null.",
    "unit": "Responsible unit, or null.",
    "url": "The document's public page.",
    "files": "Public files (none while restricted): name, version, size in bytes, download address.",
}


@login_not_required
@require_GET
def public_data_json(request):
    """Open data, JSON: a page of documents, newest first, and the address of the next page."""
    form, page = _search(request, limit_default=public.DATA_PAGE_SIZE)
    if page is None:
        first = next(iter(form.errors))
        return JsonResponse(
            {"detail": form.errors[first][0], "field": first, "errors": _errors(form)}, status=400
        )
    documents = public.public_files_attach(page.documents)
    next_url = None
    if page.next_cursor:
        query = _query_without(request, "after")
        next_url = request.build_absolute_uri(
            reverse("registry_public:data_json")
            + "?"
            + "&".join(p for p in (query, f"after={page.next_cursor}") if p)
        )
    return JsonResponse(
        {
            "results": [_record(request, doc) for doc in documents],
            "next": next_url,
            "page_size_max": public.DATA_PAGE_MAX,
            "fields": FIELDS,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@login_not_required
@require_GET
def public_data_csv(request):
    """Open data, CSV (the project's export writer): the same fields but files; the next page's
    address in the Link header (rel="next")."""
    form, page = _search(request, limit_default=public.DATA_PAGE_SIZE)
    if page is None:
        first = next(iter(form.errors))
        return HttpResponse(
            f"{first}: {form.errors[first][0]}", status=400, content_type="text/plain; charset=utf-8"
        )
    columns = [
        ("id", "id"),
        ("number", "number"),
        ("registered_at", "registered_at", DATETIME),
        ("received_on", "received_on", DATE),
        ("sender_date", "sender_date", DATE),
        ("type", "type"),
        ("direction", "direction"),
        ("series", "series"),
        ("party", "party"),
        ("title", "title"),
        ("restricted", "restricted"),
        ("restriction_basis", "restriction_basis"),
        ("restricted_until", "restricted_until", DATE),
        ("deadline", "deadline", DATE),
        ("replied_on", "replied_on", DATE),
        ("unit", "unit"),
        ("url", "url"),
    ]
    rows = [
        {
            **{key: getattr(doc, attr) for key, attr in _CSV_ATTRS.items()},
            "restricted": "true" if doc.restricted else "false",
            "url": request.build_absolute_uri(reverse("registry_public:detail", args=[doc.id])),
        }
        for doc in page.documents
    ]
    response = table_response(rows=rows, columns=columns, filename="dokumendiregister", file_format="csv")
    if page.next_cursor:
        query = _query_without(request, "after")
        link = (
            reverse("registry_public:data_csv")
            + "?"
            + "&".join(p for p in (query, f"after={page.next_cursor}") if p)
        )
        response["Link"] = f'<{request.build_absolute_uri(link)}>; rel="next"'
    return response


_CSV_ATTRS = {
    "id": "id",
    "number": "number",
    "registered_at": "registered_at",
    "received_on": "received_on",
    "sender_date": "sender_date",
    "type": "doc_type",
    "direction": "direction",
    "series": "series",
    "party": "party",
    "title": "title",
    "restriction_basis": "ak_basis",
    "restricted_until": "ak_until",
    "deadline": "deadline",
    "replied_on": "replied_on",
    "unit": "unit",
}
