from dataclasses import dataclass

from teenindus.audit.models import AccessLog


@dataclass(frozen=True)
class AccessContext:
    """Who is looking and why: required by every selector that returns a person's data.

    Built in the HTTP layer (see audit.http.access_context); domain code never sees a request.
    """

    actor: object  # accounts.User
    view: str
    purpose: str
    channel: str = AccessLog.Channel.UI
