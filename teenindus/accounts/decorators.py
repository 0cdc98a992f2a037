from functools import wraps

from django.core.exceptions import PermissionDenied


def any_role_required(view_func):
    """The user must hold at least one role; an outsider with no role is refused."""

    @wraps(view_func)
    def wrapper(request, *args, **kwargs):
        if not user_has_role(request.user):
            raise PermissionDenied
        return view_func(request, *args, **kwargs)

    return wrapper


def user_has_role(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    known = getattr(user, "_has_role", None)  # loaded with the permissions (api_token_authenticate)
    return known if known is not None else user.groups.exists()
