from django.utils.translation import gettext

from teenindus.audit.context import AccessContext
from teenindus.audit.models import AccessLog

PURPOSE_MAX = 255


def access_context(request, *, implied_purpose: str, channel: str | None = None) -> AccessContext:
    """The access context of a request. The purpose is what the user entered (`purpose` in the
    query or form), else the purpose implied by the work the view does."""
    entered = (request.GET.get("purpose") or request.POST.get("purpose") or "").strip()
    match = getattr(request, "resolver_match", None)
    view = match.view_name if match and match.view_name else request.path_info
    if channel is None:
        channel = AccessLog.Channel.API if request.path_info.startswith("/api/") else AccessLog.Channel.UI
    return AccessContext(
        actor=request.user,
        view=view,
        purpose=(entered or gettext(implied_purpose))[:PURPOSE_MAX],
        channel=channel,
    )
