"""How the API knows who is calling: a personal API token (Bearer) or the browser session.

Both require a role: an account without one is refused (403) on every endpoint, here, once.
"""

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

    def authenticate(self, request, key):
        return _with_role(super().authenticate(request, key))


API_AUTH = [TokenAuth(), RoleSessionAuth()]


def require_perm(request, *perms: str) -> None:
    """403 unless the caller holds every permission (roles give permissions)."""
    user = request.user
    if not user.is_active or not user.has_perms(perms):
        raise HttpError(403, _("Your role does not allow this."))


def docs_guard(view):
    """The interactive API docs and the OpenAPI schema are for staff with a role."""
    return login_required(any_role_required(view))
