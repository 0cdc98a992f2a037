"""JIRA as the second level: a client for JIRA's REST API v2 and the reading of its webhooks.

Plain HTTP with the standard library (`urllib.request`): the project ships no HTTP client
package, and four calls do not need one. Every call is synchronous and bounded by
`JiraConfig.timeout`; callers are worker tasks that retry `JiraUnavailable` and give up on
`JiraRejected`.

Requests (JIRA Cloud and Data Center alike, Basic auth `user:api_token`):
- create an issue:   POST /rest/api/2/issue  {"fields": {...}} -> 201 {"id", "key", "self"}
- find by label:     GET  /rest/api/2/search/jql?jql=... (Cloud; the older /rest/api/2/search
                     is gone there) and, when that answers 404, GET /rest/api/2/search
                     (Data Center) -> {"issues": [{"id", "key", "fields": {...}}]}
- add a comment:     POST /rest/api/2/issue/{key}/comment {"body": "...", "properties":
                     [{"key": "teenindus", "value": {"id": <idempotency key>}}]} -> 201 {"id"}
- find that comment: GET  /rest/api/2/issue/{key}/comment?startAt=&maxResults=&expand=properties
- read an issue:     GET  /rest/api/2/issue/{key} -> {"id", "key", "fields": {...}}
Errors come back as {"errorMessages": [...], "errors": {"field": "message"}}.

Creating is idempotent: every issue we create carries a label naming our ticket, and
`issue_create` first searches for that label. A worker whose create timed out although JIRA
did create the issue finds it on its retry instead of making a second one. JIRA's search index
may lag a freshly created issue by a moment; a retry after a back-off of seconds sees it.
Comments given an idempotency key are found again the same way, by a comment property.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

API = "/rest/api/2"
SEARCH_PATHS = (f"{API}/search/jql", f"{API}/search")
COMMENT_PROPERTY = "teenindus"  # the comment property that carries our idempotency key
COMMENT_PAGE = 100

# JIRA status names -> our ticket states. Names compare case-insensitively.
DEFAULT_STATUS_MAP: dict[str, str] = {
    "Open": "assigned",
    "To Do": "assigned",
    "Backlog": "assigned",
    "Reopened": "assigned",
    "Selected for Development": "assigned",
    "In Progress": "in_progress",
    "In Review": "in_progress",
    "Waiting for support": "in_progress",
    "Waiting for customer": "waiting_customer",
    "Pending": "waiting_customer",
    "Done": "solved",
    "Resolved": "solved",
    "Closed": "solved",
}

_LABEL_RE = re.compile(r"^[^\s\"\\]{1,255}$")


# --- errors --------------------------------------------------------------------------------------


class JiraError(Exception):
    """A call to JIRA failed. `status` is the HTTP status (None when no answer came)."""

    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.status = status

    def __str__(self) -> str:
        return f"{self.message} (HTTP {self.status})" if self.status else self.message


class JiraUnavailable(JiraError):
    """JIRA could not be reached or is overloaded (connection, timeout, 5xx, 429): retry later."""

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None):
        super().__init__(message, status=status)
        self.retry_after = retry_after


class JiraRejected(JiraError):
    """JIRA refused the request (4xx): retrying the same request will not help."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        error_messages: list[str] | None = None,
        errors: dict[str, str] | None = None,
    ):
        super().__init__(message, status=status)
        self.error_messages = error_messages or []
        self.errors = errors or {}


class JiraPayloadError(ValueError):
    """A webhook body is not shaped as JIRA sends it."""


# --- configuration and results --------------------------------------------------------------------


@dataclass(frozen=True)
class JiraConfig:
    base_url: str
    project_key: str
    issue_type: str
    user: str
    api_token: str = field(repr=False)
    timeout: float = 10
    field_map: dict[str, str] = field(default_factory=dict)  # our field name -> JIRA field id


@dataclass(frozen=True)
class JiraIssueRef:
    key: str
    id: str
    url: str  # the issue's page for people: <base_url>/browse/<key>


@dataclass(frozen=True)
class JiraChange:
    """One change JIRA reported, to apply once: `change_id` is stable across JIRA's resends."""

    kind: str  # "status" | "comment" | "deleted"
    key: str
    change_id: str
    event: str  # the webhookEvent it came in
    at: datetime | None = None
    status_from: str | None = None
    status_to: str | None = None
    comment_id: str | None = None
    body: str | None = None
    author: str | None = None


# --- the client -----------------------------------------------------------------------------------


class JiraClient:
    def __init__(self, config: JiraConfig):
        self.config = config
        self._base = config.base_url.rstrip("/")
        token = base64.b64encode(f"{config.user}:{config.api_token}".encode()).decode("ascii")
        self._auth = f"Basic {token}"
        self._search_paths = list(SEARCH_PATHS)

    # public calls

    def issue_create(
        self,
        *,
        summary: str,
        description: str,
        priority: str | None,
        labels: list[str],
        fields: dict[str, Any],
        idempotency_label: str,
    ) -> JiraIssueRef:
        """Create the issue unless one carrying `idempotency_label` exists; return it either way."""
        if not _LABEL_RE.match(idempotency_label):
            raise ValueError(f"A JIRA label has no spaces or quotes: {idempotency_label!r}")
        custom_fields = self._mapped_fields(fields)
        existing = self.issue_find_by_label(label=idempotency_label)
        if existing is not None:
            return existing
        body_fields: dict[str, Any] = {
            "project": {"key": self.config.project_key},
            "issuetype": {"name": self.config.issue_type},
            "summary": summary,
            "description": description,
            "labels": list(dict.fromkeys([*labels, idempotency_label])),
        }
        if priority:
            body_fields["priority"] = {"name": priority}
        body_fields.update(custom_fields)
        answer = self._request("POST", f"{API}/issue", {"fields": body_fields})
        key, issue_id = _issue_ids(answer)
        return JiraIssueRef(key=key, id=issue_id, url=self._browse_url(key))

    def issue_find_by_label(self, *, label: str) -> JiraIssueRef | None:
        """The oldest issue of our project carrying `label`, or None."""
        jql = f'project = "{self.config.project_key}" AND labels = "{label}" ORDER BY created ASC'
        query = {"jql": jql, "fields": "summary,status,labels", "maxResults": "1"}
        answer = self._search(query)
        issues = answer.get("issues") if isinstance(answer, dict) else None
        if not isinstance(issues, list):
            raise JiraUnavailable("JIRA answered the search without an issue list")
        if not issues:
            return None
        key, issue_id = _issue_ids(issues[0])
        return JiraIssueRef(key=key, id=issue_id, url=self._browse_url(key))

    def comment_add(self, *, key: str, body: str, idempotency_key: str | None = None) -> str:
        """Add a comment; return its id. With `idempotency_key` the comment carries it as a
        comment property, and a comment already carrying it is returned instead of a second."""
        payload: dict[str, Any] = {"body": body}
        if idempotency_key:
            existing = self.comment_find_by_property(key=key, idempotency_key=idempotency_key)
            if existing is not None:
                return existing
            payload["properties"] = [{"key": COMMENT_PROPERTY, "value": {"id": idempotency_key}}]
        answer = self._request("POST", f"{API}/issue/{_quote(key)}/comment", payload)
        comment_id = answer.get("id") if isinstance(answer, dict) else None
        if comment_id in (None, ""):
            raise JiraUnavailable("JIRA answered the comment without its id")
        return str(comment_id)

    def comment_find_by_property(self, *, key: str, idempotency_key: str) -> str | None:
        """The id of the issue's comment whose property carries `idempotency_key`, or None."""
        start = 0
        while True:
            query = urllib.parse.urlencode(
                {"startAt": start, "maxResults": COMMENT_PAGE, "expand": "properties"}
            )
            page = self._request("GET", f"{API}/issue/{_quote(key)}/comment?{query}")
            comments = page.get("comments") if isinstance(page, dict) else None
            if not isinstance(comments, list):
                raise JiraUnavailable("JIRA answered the comment list without comments")
            for comment in comments:
                if _carries(comment, idempotency_key):
                    return str(comment["id"])
            start += len(comments)
            if not comments or start >= int(page.get("total") or 0):
                return None

    def issue_get(self, *, key: str) -> dict[str, Any]:
        """The issue as {key, id, url, summary, status, labels, updated, fields (JIRA's own)}."""
        answer = self._request("GET", f"{API}/issue/{_quote(key)}")
        issue_key, issue_id = _issue_ids(answer)
        fields = answer.get("fields") or {}
        status = fields.get("status") or {}
        return {
            "key": issue_key,
            "id": issue_id,
            "url": self._browse_url(issue_key),
            "summary": fields.get("summary"),
            "status": status.get("name") if isinstance(status, dict) else None,
            "labels": fields.get("labels") or [],
            "updated": fields.get("updated"),
            "fields": fields,
        }

    # plumbing

    def _mapped_fields(self, fields: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(fields) - set(self.config.field_map))
        if unknown:
            raise ValueError(f"No JIRA field is mapped for: {', '.join(unknown)}")
        return {self.config.field_map[name]: value for name, value in fields.items()}

    def _search(self, query: dict[str, str]) -> Any:
        """Search with the API this JIRA has: /search/jql (Cloud) else /search (Data Center)."""
        while True:
            path = self._search_paths[0]
            try:
                return self._request("GET", f"{path}?{urllib.parse.urlencode(query)}")
            except JiraRejected as exc:
                if exc.status in (404, 410) and len(self._search_paths) > 1:
                    self._search_paths.pop(0)  # remembered for this client's later searches
                    continue
                raise

    def _browse_url(self, key: str) -> str:
        return f"{self._base}/browse/{key}"

    def _request(self, method: str, path: str, payload: Any = None) -> Any:
        data = None if payload is None else json.dumps(payload).encode("utf-8")
        request = urllib.request.Request(self._base + path, data=data, method=method)
        request.add_header("Authorization", self._auth)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        what = f"{method} {path.split('?', 1)[0]}"
        try:
            with urllib.request.urlopen(request, timeout=self.config.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raise _http_error(what, exc) from exc
        except (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", None) or exc
            raise JiraUnavailable(f"JIRA did not answer {what}: {reason}") from exc
        if not raw.strip():
            return {}
        try:
            return json.loads(raw)
        except ValueError as exc:
            raise JiraUnavailable(f"JIRA answered {what} with something that is not JSON") from exc


def _http_error(what: str, exc: urllib.error.HTTPError) -> JiraError:
    status = exc.code
    try:
        raw = exc.read()
    except (OSError, http.client.HTTPException):
        raw = b""
    error_messages, errors = _jira_error_body(raw)
    details = [*error_messages, *(f"{name}: {text}" for name, text in errors.items())]
    reason = "; ".join(details) or (exc.reason if isinstance(exc.reason, str) else "") or "no details"
    if status == 429 or status >= 500:
        retry_after = _seconds(exc.headers.get("Retry-After") if exc.headers else None)
        return JiraUnavailable(
            f"JIRA could not serve {what}: {reason}", status=status, retry_after=retry_after
        )
    return JiraRejected(
        f"JIRA refused {what}: {reason}", status=status, error_messages=error_messages, errors=errors
    )


def _jira_error_body(raw: bytes) -> tuple[list[str], dict[str, str]]:
    try:
        body = json.loads(raw) if raw else {}
    except ValueError:
        return [], {}
    if not isinstance(body, dict):
        return [], {}
    messages = [str(m) for m in body.get("errorMessages") or [] if m]
    errors = body.get("errors") or {}
    errors = {str(k): str(v) for k, v in errors.items()} if isinstance(errors, dict) else {}
    return messages, errors


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _issue_ids(answer: Any) -> tuple[str, str]:
    if not isinstance(answer, dict) or not answer.get("key") or answer.get("id") in (None, ""):
        raise JiraUnavailable("JIRA answered without the issue's key and id")
    return str(answer["key"]), str(answer["id"])


def _carries(comment: Any, idempotency_key: str) -> bool:
    """Whether a comment (read with expand=properties) carries our idempotency key."""
    properties = comment.get("properties") if isinstance(comment, dict) else None
    return any(
        isinstance(prop, dict)
        and prop.get("key") == COMMENT_PROPERTY
        and isinstance(prop.get("value"), dict)
        and prop["value"].get("id") == idempotency_key
        for prop in properties or []
    )


def _quote(key: str) -> str:
    return urllib.parse.quote(key, safe="")


# --- webhooks -------------------------------------------------------------------------------------


def webhook_verify(*, secret_expected: str, provided: str | None) -> bool:
    """Constant-time comparison of a shared secret; an unset expected secret accepts nothing."""
    if not secret_expected or not provided or not isinstance(provided, str):
        return False
    return hmac.compare_digest(secret_expected.encode("utf-8"), provided.encode("utf-8"))


def webhook_signature(*, secret: str, body: bytes) -> str:
    """The `X-Hub-Signature` value JIRA sends for `body`: "sha256=<hex HMAC-SHA256>"."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def webhook_authentic(*, secret: str, body: bytes, headers: Mapping, query: Mapping) -> bool:
    """Whether a webhook request carries our secret: `?secret=` in its URL (JIRA's classic
    webhooks) or an `X-Hub-Signature: sha256=<hex>` HMAC of the raw body (secured webhooks)."""
    if not secret:
        return False
    provided = query.get("secret")
    if isinstance(provided, list | tuple):  # urllib's parse_qs gives lists
        provided = provided[-1] if provided else None
    if webhook_verify(secret_expected=secret, provided=provided):
        return True
    signature = _header(headers, "X-Hub-Signature")
    if not signature:
        return False
    return hmac.compare_digest(
        webhook_signature(secret=secret, body=body).encode("utf-8"), signature.strip().encode("utf-8")
    )


def _header(headers: Mapping, name: str) -> str | None:
    value = headers.get(name)
    if value is None:  # a plain dict is case-sensitive; Django's request.headers is not
        wanted = name.lower()
        value = next((v for k, v in headers.items() if str(k).lower() == wanted), None)
    return value if isinstance(value, str) else None


def webhook_parse(payload: Any) -> list[JiraChange]:
    """The changes a JIRA webhook reports that we act on; other events give an empty list."""
    if not isinstance(payload, dict):
        raise JiraPayloadError("The webhook body is not a JSON object.")
    event = payload.get("webhookEvent")
    if not isinstance(event, str) or not event:
        raise JiraPayloadError("The webhook body has no webhookEvent.")
    if event not in ("jira:issue_updated", "comment_created", "comment_updated", "jira:issue_deleted"):
        return []
    at = _timestamp(payload.get("timestamp"))
    issue = payload.get("issue")
    if not isinstance(issue, dict) or not isinstance(issue.get("key"), str) or not issue["key"]:
        raise JiraPayloadError(f"The {event} webhook has no issue key.")
    key = issue["key"]
    if event == "jira:issue_deleted":
        ident = issue.get("id") or key
        return [JiraChange(kind="deleted", key=key, change_id=f"deleted:{ident}", event=event, at=at)]
    if event in ("comment_created", "comment_updated"):
        return [_comment_change(payload.get("comment"), key=key, event=event, at=at)]
    changes = _status_changes(payload.get("changelog"), key=key, event=event, at=at)
    # JIRA Server/Data Center reports a comment as jira:issue_updated (issue_commented) with
    # the comment inside; its change_id equals comment_created's, so the pair applies once.
    comment = payload.get("comment")
    kind_of_update = payload.get("issue_event_type_name")
    if comment is not None and kind_of_update != "issue_comment_deleted":
        edited = kind_of_update == "issue_comment_edited"
        changes.append(_comment_change(comment, key=key, event=event, at=at, edited=edited))
    return changes


def _status_changes(changelog: Any, *, key: str, event: str, at: datetime | None) -> list[JiraChange]:
    if changelog is None:
        return []
    if not isinstance(changelog, dict) or not isinstance(changelog.get("items", []), list):
        raise JiraPayloadError("The webhook's changelog is not an object with a list of items.")
    changes = []
    for index, item in enumerate(changelog.get("items", [])):
        if not isinstance(item, dict):
            raise JiraPayloadError("A changelog item is not an object.")
        if item.get("field") != "status" and item.get("fieldId") != "status":
            continue
        if changelog.get("id") in (None, ""):
            raise JiraPayloadError("The webhook's changelog has no id.")
        if not isinstance(item.get("toString"), str):
            raise JiraPayloadError("A status change in the changelog has no new status.")
        changes.append(
            JiraChange(
                kind="status",
                key=key,
                change_id=f"changelog:{changelog['id']}:{index}",
                event=event,
                at=at,
                status_from=item.get("fromString"),
                status_to=item["toString"],
            )
        )
    return changes


def _comment_change(
    comment: Any, *, key: str, event: str, at: datetime | None, edited: bool | None = None
) -> JiraChange:
    if not isinstance(comment, dict) or comment.get("id") in (None, ""):
        raise JiraPayloadError(f"The {event} webhook has no comment id.")
    comment_id = str(comment["id"])
    edited = event == "comment_updated" if edited is None else edited
    author = comment.get("updateAuthor") if edited else None
    author = author or comment.get("author") or {}
    when_text = comment.get("updated") if edited else comment.get("created")
    when = _jira_time(when_text) or at
    change_id = f"comment:{comment_id}"
    if edited:  # every edit is its own change; JIRA's resend of one edit keeps its time
        change_id += f":edited:{when_text or (int(at.timestamp() * 1000) if at else '')}"
    return JiraChange(
        kind="comment",
        key=key,
        change_id=change_id,
        event=event,
        at=when,
        comment_id=comment_id,
        body=_text(comment.get("body")),
        author=author.get("displayName") if isinstance(author, dict) else None,
    )


def _timestamp(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise JiraPayloadError("The webhook's timestamp is not a number of milliseconds.")
    return datetime.fromtimestamp(value / 1000, tz=UTC)


def _jira_time(value: Any) -> datetime | None:
    """JIRA writes times as 2026-11-22T23:05:01.123+0200."""
    if not isinstance(value, str) or not value:
        return None
    for pattern in ("%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z"):
        try:
            return datetime.strptime(value, pattern).astimezone(UTC)
        except ValueError:
            continue
    raise JiraPayloadError(f"The webhook's time {value!r} is not in JIRA's format.")


def _text(body: Any) -> str | None:
    """A comment body: a string in API v2, an Atlassian Document (ADF) in some Cloud webhooks."""
    if body is None or isinstance(body, str):
        return body
    if not isinstance(body, dict):
        raise JiraPayloadError("The comment body is neither text nor a document.")
    blocks: list[str] = []

    def walk(node: Any, out: list[str]) -> None:
        if isinstance(node, dict):
            if node.get("type") == "text" and isinstance(node.get("text"), str):
                out.append(node["text"])
            elif node.get("type") == "hardBreak":
                out.append("\n")
            for child in node.get("content") or []:
                walk(child, out)

    for block in body.get("content") or []:
        parts: list[str] = []
        walk(block, parts)
        blocks.append("".join(parts))
    return "\n".join(blocks)


def status_category(status_name: str | None, mapping: Mapping[str, str] | None = None) -> str | None:
    """Our ticket state for a JIRA status name (case-insensitive), or None when not mapped."""
    if not status_name:
        return None
    mapping = DEFAULT_STATUS_MAP if mapping is None else mapping
    wanted = status_name.strip().casefold()
    return next((state for name, state in mapping.items() if name.strip().casefold() == wanted), None)
