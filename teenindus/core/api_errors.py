"""One error shape for the whole API: {"detail": message in the caller's language, "field": name}."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
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
    "extra_forbidden": lambda e: _("This field is not allowed here."),
    "string_too_long": lambda e: _("The text is too long."),
    "string_too_short": lambda e: _("This field is required."),
    "timezone_aware": lambda e: _("Give the time with its time zone, e.g. 2026-11-19T09:00:00+02:00."),
    "datetime_parsing": lambda e: _("Enter a time as YYYY-MM-DDTHH:MM:SS+02:00."),
    "datetime_from_date_parsing": lambda e: _("Enter a time as YYYY-MM-DDTHH:MM:SS+02:00."),
    "datetime_type": lambda e: _("Enter a time as YYYY-MM-DDTHH:MM:SS+02:00."),
    "float_parsing": lambda e: _("Enter a number."),
    "greater_than_equal": lambda e: _("The number must not be negative."),
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
