"""How the API knows who is calling, and what the caller's role allows.

A personal API token (Bearer) or the browser session. Both require a role: an account without one
is refused (403) on every endpoint, here, once. Nobody signed in is a 401, also for a write (the
CSRF check concerns a signed-in session only).

Each operation's permission is checked right after authentication, before its parameters and body
are validated (teenindus/api.py applies `required_perms` to every operation of every router), so a
role without permission gets 403 whatever it sent, never a 422 that tells it about the input.
"""

import ast
import inspect
import textwrap

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from teenindus.accounts.decorators import any_role_required, user_has_role
from teenindus.accounts.services import api_token_authenticate


def _with_role(user):
    if user is not None and not user_has_role(user):
        raise HttpError(403, _("Your account has no role."))
    return user


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return _with_role(user)


class RoleSessionAuth(SessionAuth):
    """The signed-in browser session (CSRF-checked for writes)."""

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None  # nobody signed in: 401, not a CSRF refusal
        try:
            return super().__call__(request)
        except HttpError as exc:
            if exc.status_code == 403:
                raise HttpError(403, _("CSRF check failed: send the X-CSRFToken header.")) from exc
            raise

    def authenticate(self, request, key):
        return _with_role(super().authenticate(request, key))


API_AUTH = [TokenAuth(), RoleSessionAuth()]


def require_perm(request, *perms: str) -> None:
    """403 unless the caller holds every permission (roles give permissions)."""
    user = request.user
    if not user.is_active or not user.has_perms(perms):
        raise HttpError(403, _("Your role does not allow this."))


def requires(*perms: str):
    """Declare an operation's permissions when its body does not start with require_perm(...)."""

    def mark(view):
        view.required_perms = perms
        return view

    return mark


def required_perms(view) -> tuple[str, ...]:
    """The permissions an operation needs: declared with @requires, else the literal arguments of the
    `require_perm(request, "app.perm", ...)` statements at the top level of the view's own body."""
    declared = getattr(view, "required_perms", None)
    if declared is not None:
        return tuple(declared)
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(inspect.unwrap(view))))
    except (OSError, TypeError, SyntaxError):
        return ()
    function = tree.body[0]
    perms: list[str] = []
    for statement in getattr(function, "body", []):
        call = statement.value if isinstance(statement, ast.Expr) else None
        if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "require_perm":
            perms += [
                a.value for a in call.args[1:] if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
    return tuple(perms)


def docs_guard(view):
    """The interactive API docs and the OpenAPI schema are for staff with a role."""
    return login_required(any_role_required(view))
