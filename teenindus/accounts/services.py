import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.accounts.models import ApiToken, User
from teenindus.audit.services import change_record
from teenindus.core.exceptions import PermissionDeniedError, ValidationFailed

TOKEN_PREFIX = "tnd_"


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, actor: User, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; the plain text is returned once and never stored."""
    name = name.strip()
    if not name:
        raise ValidationFailed(_("Give the token a name."), field="name")
    if actor != user and not actor.has_perm("accounts.add_apitoken"):
        raise PermissionDeniedError(_("You may not manage this token."))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:10], key_hash=token_hash(raw))
    change_record(actor=actor, instance=token, event="api_token.created", changes={"name": name})
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if token.user_id != actor.pk and not actor.has_perm("accounts.change_apitoken"):
        raise PermissionDeniedError(_("You may not manage this token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        change_record(actor=actor, instance=token, event="api_token.revoked", changes={})
    return token


def api_token_authenticate(raw: str) -> User | None:
    """The active user behind a token, or None. Records when the token was last used."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
