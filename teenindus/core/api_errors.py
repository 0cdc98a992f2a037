"""One error shape for the whole API: {"detail": message in the caller's language, "field": name}."""

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.db import DataError
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from teenindus.core.exceptions import ApplicationError

_PYDANTIC_MESSAGES = {
    "missing": lambda e: _("This field is required."),
    "string_type": lambda e: _("Enter text."),
    "int_parsing": lambda e: _("Enter a whole number."),
    "int_type": lambda e: _("Enter a whole number."),
    "bool_parsing": lambda e: _("Enter true or false."),
    "date_parsing": lambda e: _("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": lambda e: _("Enter a date as YYYY-MM-DD."),
    "date_type": lambda e: _("Enter a date as YYYY-MM-DD."),
    "literal_error": lambda e: (
        _("Choose one of: %(choices)s.") % {"choices": e.get("ctx", {}).get("expected", "")}
    ),
    "enum": lambda e: _("Choose one of: %(choices)s.") % {"choices": e.get("ctx", {}).get("expected", "")},
    "json_invalid": lambda e: _("The request body is not valid JSON."),
    "model_attributes_type": lambda e: _("The request body must be a JSON object."),
    "dict_type": lambda e: _("The request body must be a JSON object."),
    "list_type": lambda e: _("Send a JSON list."),
    "extra_forbidden": lambda e: _("This field is not allowed here."),
    "string_too_long": lambda e: _("The text is too long."),
    "string_too_short": lambda e: _("This field is required."),
    "timezone_aware": lambda e: _("Give the time with its time zone, e.g. 2026-11-19T09:00:00+02:00."),
    "datetime_parsing": lambda e: _("Enter a time as YYYY-MM-DDTHH:MM:SS+02:00."),
    "datetime_from_date_parsing": lambda e: _("Enter a time as YYYY-MM-DDTHH:MM:SS+02:00."),
    "datetime_type": lambda e: _("Enter a time as YYYY-MM-DDTHH:MM:SS+02:00."),
    "float_parsing": lambda e: _("Enter a number."),
    "greater_than_equal": lambda e: _("The number must not be negative."),
    "time_out_of_range": lambda e: _("The time must be within the years 2000–2099."),
}
_LOCATIONS = {"body", "query", "path", "header", "cookie", "form", "file"}


def _field_of(loc) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in _LOCATIONS:
        parts = parts[1:]
        if len(parts) > 1 and parts[0] in {"payload", "data", "body"}:
            parts = parts[1:]  # the operation's parameter name, not the client's field
    return ".".join(parts) or "body"


def error_payload(message: str, field: str | None = None, **extra) -> dict:
    return {"detail": message, "field": field, **extra}


class FieldError(Schema):
    detail: str
    field: str | None


class ErrorOut(Schema):
    """Every error of the API (4xx): the message in the caller's language and the field it is about.
    A 422 lists every invalid field in `errors`; a 409 on a stale `version` gives `current_version`."""

    detail: str
    field: str | None
    errors: list[FieldError] | None = None
    current_version: int | None = None


ERROR_SCHEMA_NAME = "Error"
_DESCRIPTIONS = {
    400: "The request body is not valid JSON.",
    401: "No credentials, or a wrong or revoked token.",
    403: "The role does not allow this (checked before the input), or the CSRF check failed.",
    404: "No such object, or no such path.",
    405: "The method is not allowed on this path.",
    409: "A conflict: a duplicate, or a version that is not the current one.",
    422: "An invalid field: `field` names it, `errors` lists all.",
}


def document_errors(schema: dict) -> dict:
    """Add each operation's possible 4xx answers, all in the one error shape, to an OpenAPI schema:
    401, 403 and 405 everywhere; 422 with parameters or a body; 400 and 409 with a body (writes);
    404 with a path parameter."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components[ERROR_SCHEMA_NAME] = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    for nested in components[ERROR_SCHEMA_NAME].pop("$defs", {}).items():
        components.setdefault(*nested)
    ref = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_SCHEMA_NAME}"}}}
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            codes = {401, 403, 405}
            if operation.get("parameters") or operation.get("requestBody"):
                codes.add(422)
            if operation.get("requestBody"):
                codes |= {400, 409}
            if "{" in path:
                codes.add(404)
            responses = operation.setdefault("responses", {})
            for code in sorted(codes):
                responses.setdefault(str(code), {"description": _DESCRIPTIONS[code], "content": ref})
    return schema


def not_found_response(api: NinjaAPI, request):
    return api.create_response(request, error_payload(_("Not found.")), status=404)


def method_not_allowed_response(api: NinjaAPI, request, allowed: set[str]):
    response = api.create_response(
        request,
        error_payload(_("Method %(method)s is not allowed here.") % {"method": request.method}),
        status=405,
    )
    response["Allow"] = ", ".join(sorted(allowed))
    return response


def install(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def on_validation(request, exc: NinjaValidationError):
        errors = []
        for error in exc.errors:
            translate = _PYDANTIC_MESSAGES.get(error.get("type"))
            message = translate(error) if translate else str(error.get("msg", ""))
            errors.append({"field": _field_of(error.get("loc", ())), "detail": message})
        first = errors[0] if errors else {"field": None, "detail": _("Invalid request.")}
        return api.create_response(
            request, error_payload(first["detail"], first["field"], errors=errors), status=422
        )

    @api.exception_handler(ApplicationError)
    def on_application_error(request, exc: ApplicationError):
        return api.create_response(
            request, error_payload(exc.message, exc.field, **exc.extra), status=exc.status_code
        )

    @api.exception_handler(AuthenticationError)
    def on_authentication(request, exc):
        return api.create_response(
            request, error_payload(_("Sign in or send a valid API token.")), status=401
        )

    @api.exception_handler(HttpError)
    def on_http_error(request, exc: HttpError):
        if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
            return api.create_response(
                request, error_payload(_("The request body is not valid JSON."), "body"), status=400
            )
        return api.create_response(request, error_payload(str(exc)), status=exc.status_code)

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return api.create_response(request, error_payload(_("Not found.")), status=404)

    @api.exception_handler(DataError)
    @api.exception_handler(OverflowError)
    def on_data_error(request, exc):
        # A value the database (or Python's datetime, converting to UTC) cannot hold, e.g. a time
        # just before year 1 or after 9999 in UTC: bad input that validation let through; the
        # write was rolled back.
        return api.create_response(
            request,
            error_payload(_("A value is outside what can be stored (e.g. a date too far away).")),
            status=422,
        )

    @api.exception_handler(MultiPartParserError)
    @api.exception_handler(BadRequest)
    @api.exception_handler(SuspiciousOperation)
    def on_unreadable_request(request, exc):
        # e.g. a body announced as multipart/form-data without its boundary
        return api.create_response(
            request, error_payload(_("The request could not be read: send JSON."), "body"), status=400
        )


def _nul_in(value, path: tuple = ()) -> str | None:
    """The dotted name of the first text that holds a NUL character (no database stores it), or None."""
    if isinstance(value, str):
        return ".".join(map(str, path)) or "body" if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _nul_in(key, path) or _nul_in(item, (*path, key))
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_in(item, (*path, index))
            if found:
                return found
    return None


def nul_character_response(api: NinjaAPI, request):
    """422 naming the field when a text in the path, query or JSON body holds a NUL character; else
    None. Checked before anything reads the input (PostgreSQL refuses NUL in text: it would be a 500)."""
    field = None
    if "\x00" in request.path:
        return not_found_response(api, request)
    for key, values in request.GET.lists():
        if _nul_in([key, *values]):
            field = key
            break
    if field is None and b"\\u0000" in request.body:
        import json

        try:
            field = _nul_in(json.loads(request.body))
        except ValueError:
            return None  # not JSON: the parser says so
    if field is None:
        return None
    return api.create_response(
        request, error_payload(_("The text must not contain a NUL character."), field), status=422
    )
