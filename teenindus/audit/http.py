from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_noop

from teenindus.audit.context import AccessContext
from teenindus.audit.models import AccessLog

PURPOSE_MAX = 255

# Purposes implied by the work a view does (marked here for translation, stored in Estonian).
PURPOSE_SEARCH = gettext_noop("Customer search")
PURPOSE_CARD = gettext_noop("Customer card")
PURPOSE_REGISTRATION = gettext_noop("Customer registration")
PURPOSE_CHANGE = gettext_noop("Customer data change")
PURPOSE_ACCESS_REPORT = gettext_noop("Data subject's access report")


def access_context(request, *, implied_purpose: str, channel: str | None = None) -> AccessContext:
    """The access context of a request. The purpose is what the user entered (`purpose` in the
    query or form), else the purpose implied by the work the view does, in the agency's language
    so that the log reads the same whoever looks at it."""
    entered = (request.GET.get("purpose") or request.POST.get("purpose") or "").strip()
    if not entered:
        with translation.override(settings.LANGUAGE_CODE):
            entered = translation.gettext(implied_purpose)
    match = getattr(request, "resolver_match", None)
    view = match.view_name if match and match.view_name else request.path_info
    if channel is None:
        channel = AccessLog.Channel.API if request.path_info.startswith("/api/") else AccessLog.Channel.UI
    return AccessContext(actor=request.user, view=view, purpose=entered[:PURPOSE_MAX], channel=channel)
