import functools
import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.accounts.models import ApiToken, User
from teenindus.audit.services import change_record
from teenindus.core.exceptions import PermissionDeniedError, ValidationFailed
from teenindus.core.prepared import prepared_cursor

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


LAST_USED_EVERY = timedelta(minutes=1)


def api_token_authenticate(raw: str) -> User | None:
    """The active user behind a token, or None, with their permissions, in one query, so the role
    and permission checks of the request cost nothing more. When the token was last used is
    recorded at most once a minute: a phone system calling many times a second must not write
    (and serialise on) one row per call.

    The query is written once per process (_token_user_sql): building it with the ORM for every
    request was 40 % of the CPU of a phone system's call to the API. It returns one row per
    permission of the user (its own, and each of its groups'), each with the token and user."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    sql, fields = _token_user_sql(connection.vendor)
    # PostgreSQL prepares it once per connection (a machine client calls many times a second).
    with prepared_cursor() if connection.vendor == "postgresql" else connection.cursor() as cursor:
        cursor.execute(sql, [token_hash(raw)] * 3)  # the permissions' two, then the token's
        rows = cursor.fetchall()
    if not rows:
        return None
    token_pk, *values = rows[0][:-3]
    # The backend's conversions, as the ORM applies them (SQLite: aware datetimes, booleans).
    for index, field in enumerate(fields):
        column = field.get_col(field.model._meta.db_table)
        for convert in connection.ops.get_db_converters(column) + field.get_db_converters(connection):
            values[index] = convert(values[index], column, connection)
    last_used_at, *values = values
    user = User.from_db(connection.alias, [f.attname for f in fields[1:]], values)
    now = timezone.now()
    if last_used_at is None or now - last_used_at >= LAST_USED_EVERY:
        # Conditional, so concurrent requests of the same minute write it once.
        ApiToken.objects.filter(pk=token_pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_EVERY)
        ).update(last_used_at=now)
    _permission_caches_fill(user, [row[-3:] for row in rows if row[-3] is not None])
    return user


def _permissions_sql(users: str) -> str:
    """(kind 'g' or 'u', app_label, codename, user_id) of the groups' and own permissions of the
    users the subquery `users` selects; a group without permissions gives one row with NULLs
    (the role counts)."""
    groups = User.groups.through._meta.db_table
    group_perms = Group.permissions.through._meta.db_table
    user_perms = User.user_permissions.through._meta.db_table
    permission = Permission._meta.db_table
    content_type = ContentType._meta.db_table
    return f"""
        SELECT 'g' AS kind, ct.app_label AS app_label, p.codename AS codename, ug.user_id AS user_id
        FROM {groups} ug
        LEFT JOIN {group_perms} gp ON gp.group_id = ug.group_id
        LEFT JOIN {permission} p ON p.id = gp.permission_id
        LEFT JOIN {content_type} ct ON ct.id = p.content_type_id
        WHERE ug.user_id IN ({users})
        UNION ALL
        SELECT 'u', ct.app_label, p.codename, up.user_id FROM {user_perms} up
        JOIN {permission} p ON p.id = up.permission_id
        JOIN {content_type} ct ON ct.id = p.content_type_id
        WHERE up.user_id IN ({users})
    """


@functools.cache
def _token_user_sql(vendor: str) -> tuple[str, list]:
    """SELECT token id, token last_used_at, the user's concrete fields, then (kind, app_label,
    codename) of each of the user's permissions (NULLs when none), for an unrevoked token of an
    active user by the token's hash; and the fields of the columns after the token id."""
    fields = User._meta.concrete_fields
    qn = connection.ops.quote_name
    user_columns = ", ".join(f"u.{qn(f.column)}" for f in fields)
    user_pk = f"u.{qn(User._meta.pk.column)}"
    token_user = qn(ApiToken._meta.get_field("user").column)
    # The permissions of this one user: the subquery names the token's user by the same hash.
    token_users = f"SELECT {token_user} FROM {qn(ApiToken._meta.db_table)} WHERE {qn('key_hash')} = %s"
    permissions = _permissions_sql(token_users)
    sql = (
        f"SELECT t.{qn('id')}, t.{qn('last_used_at')}, {user_columns}, "
        f"perm.kind, perm.app_label, perm.codename "
        f"FROM {qn(ApiToken._meta.db_table)} t JOIN {qn(User._meta.db_table)} u "
        f"ON {user_pk} = t.{token_user} "
        f"LEFT JOIN ({permissions}) perm ON perm.user_id = {user_pk} "
        f"WHERE t.{qn('key_hash')} = %s AND t.{qn('revoked_at')} IS NULL AND u.{qn('is_active')}"
    )
    return sql, [ApiToken._meta.get_field("last_used_at"), *fields]


def _permission_caches_fill(user: User, rows: list[tuple]) -> None:
    if user.is_superuser:
        return  # ModelBackend grants a superuser everything without looking
    group_set = {f"{app}.{code}" for kind, app, code in rows if kind == "g" and code}
    user_set = {f"{app}.{code}" for kind, app, code in rows if kind == "u"}
    user._group_perm_cache = group_set
    user._user_perm_cache = user_set
    user._perm_cache = group_set | user_set
    user._has_role = any(kind == "g" for kind, _app, _code in rows)
