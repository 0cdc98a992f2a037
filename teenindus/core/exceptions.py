"""The ApplicationError tree: business-rule failures raised by services.

Views turn them into a message for the user, the API into JSON {"detail": ..., "field": ...}.
"""


class ApplicationError(Exception):
    status_code = 400

    def __init__(self, message: str, *, field: str | None = None, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}


class ValidationFailed(ApplicationError):
    status_code = 422


class NotFound(ApplicationError):
    status_code = 404


class PermissionDeniedError(ApplicationError):
    status_code = 403


class ConcurrentEditError(ApplicationError):
    """Someone else saved the record after this user loaded it."""

    status_code = 409


class ConflictError(ApplicationError):
    status_code = 409
