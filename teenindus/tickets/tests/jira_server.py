"""A local JIRA for tests: the REST API v2 calls Teenindus makes, and the webhooks JIRA sends.

It speaks HTTP on 127.0.0.1 (a free port) from a daemon thread, checks Basic auth, keeps its
issues in memory (PROJ-1, PROJ-2, ...) and answers errors the way JIRA does:
{"errorMessages": [...], "errors": {"field": "message"}}. Requests served: POST /issue (checks
project, issuetype, summary, labels, priority and which custom fields exist), GET /search/jql
(Cloud) or /search (Data Center, `cloud=False`) with JQL `project = "P" AND labels = "x"`,
GET /issue/{key}, POST and GET /issue/{key}/comment (with comment properties, `expand=properties`).

Test controls:
- `fail_next(n, status=503)`: the next n requests fail with that status (nothing is done);
- `drop_response_next(method="POST", mode="close")`: the next request with that method is
  carried out but its answer is lost (connection closed, or `mode=503` answers 503) — what a
  timeout after JIRA did the work looks like;
- `requests`: every request received, in order;
- `transition(key, to_status)`, `comment(key, body, author)`, `comment_edit(...)`, `delete(key)`:
  change the issue as a person in JIRA would, and build the webhook JIRA sends for it; the
  payload is POSTed to `webhook_url` when set (signed with `X-Hub-Signature` when
  `webhook_secret` is set) and returned, so a test can also post it itself.

Usage: `with JiraServer() as jira: client = JiraClient(jira.config())`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from teenindus.tickets.jira import JiraConfig

API = "/rest/api/2"
STATUS_IDS = {"To Do": "10000", "In Progress": "3", "Waiting for customer": "10002", "Done": "10001"}
PRIORITIES = ("Highest", "High", "Medium", "Low", "Lowest")


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any


@dataclass
class WebhookDelivery:
    url: str
    status: int | None  # None: the receiver could not be reached
    response: bytes
    payload: dict


@dataclass
class _Issue:
    id: str
    key: str
    fields: dict[str, Any]
    comments: list[dict[str, Any]] = field(default_factory=list)


def jira_time(moment: datetime | None = None) -> str:
    """JIRA's way of writing a time: 2026-11-22T21:05:01.123+0000."""
    moment = moment or datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}" + moment.strftime("%z")


class JiraServer:
    def __init__(
        self,
        *,
        user: str = "teenindus@example.ee",
        api_token: str = "jira-api-token",
        project_key: str = "PROJ",
        issue_type: str = "Task",
        custom_fields: tuple[str, ...] = ("customfield_10010", "customfield_10011"),
        cloud: bool = True,
        webhook_url: str | None = None,
        webhook_secret: str | None = None,
    ):
        self.user = user
        self.api_token = api_token
        self.project_key = project_key
        self.issue_type = issue_type
        self.custom_fields = set(custom_fields)
        self.cloud = cloud  # Cloud: /search/jql only; Data Center: /search only
        self.webhook_url = webhook_url
        self.webhook_secret = webhook_secret
        self.requests: list[RecordedRequest] = []
        self.deliveries: list[WebhookDelivery] = []
        self.issues: dict[str, _Issue] = {}
        self._lock = threading.Lock()
        self._issue_numbers = itertools.count(1)
        self._issue_ids = itertools.count(10001)
        self._comment_ids = itertools.count(10100)
        self._changelog_ids = itertools.count(20001)
        self._fail: list[int] = []  # statuses for the next requests
        self._drop: list[tuple[str, str]] = []  # (method, mode) of requests whose answer is lost
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # lifecycle

    def start(self) -> JiraServer:
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="fake-jira", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._thread.join()
            self._httpd = self._thread = None

    def __enter__(self) -> JiraServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def config(self, **overrides) -> JiraConfig:
        values = {
            "base_url": self.base_url,
            "project_key": self.project_key,
            "issue_type": self.issue_type,
            "user": self.user,
            "api_token": self.api_token,
            "timeout": 5,
            "field_map": {"permit_number": "customfield_10010", "region": "customfield_10011"},
        }
        return JiraConfig(**{**values, **overrides})

    # test controls

    def fail_next(self, n: int = 1, status: int = 503) -> None:
        with self._lock:
            self._fail.extend([status] * n)

    def drop_response_next(self, *, method: str = "POST", mode: str = "close") -> None:
        """The next `method` request is done, but its answer is lost ("close" or "503")."""
        with self._lock:
            self._drop.append((method.upper(), mode))

    def issue(self, key: str) -> dict[str, Any]:
        """A copy of an issue as stored: {id, key, fields, comments}."""
        with self._lock:
            found = self.issues[key]
            return json.loads(json.dumps({**found.__dict__}))

    def transition(self, key: str, to_status: str, *, author: str = "Mari Maasikas") -> dict:
        with self._lock:
            issue = self.issues[key]
            old = issue.fields["status"]["name"]
            issue.fields["status"] = _status(to_status)
            issue.fields["updated"] = jira_time()
            payload = {
                "timestamp": _now_ms(),
                "webhookEvent": "jira:issue_updated",
                "issue_event_type_name": "issue_generic",
                "user": _user(author),
                "issue": self._issue_json(issue),
                "changelog": {
                    "id": str(next(self._changelog_ids)),
                    "items": [
                        {
                            "field": "status",
                            "fieldtype": "jira",
                            "fieldId": "status",
                            "from": STATUS_IDS.get(old, "1"),
                            "fromString": old,
                            "to": STATUS_IDS.get(to_status, "1"),
                            "toString": to_status,
                        }
                    ],
                },
            }
        self.webhook_post(payload)
        return payload

    def comment(self, key: str, body: str, *, author: str = "Mari Maasikas") -> dict:
        with self._lock:
            issue = self.issues[key]
            made = self._comment_add(issue, body, author)
            payload = self._comment_payload("comment_created", issue, made)
        self.webhook_post(payload)
        return payload

    def comment_edit(self, key: str, comment_id: str, body: str, *, author: str = "Mari Maasikas") -> dict:
        with self._lock:
            issue = self.issues[key]
            found = next(c for c in issue.comments if c["id"] == comment_id)
            found.update(body=body, updateAuthor=_user(author), updated=jira_time())
            payload = self._comment_payload("comment_updated", issue, found)
        self.webhook_post(payload)
        return payload

    def delete(self, key: str, *, author: str = "Mari Maasikas") -> dict:
        with self._lock:
            issue = self.issues.pop(key)
            payload = {
                "timestamp": _now_ms(),
                "webhookEvent": "jira:issue_deleted",
                "user": _user(author),
                "issue": self._issue_json(issue),
            }
        self.webhook_post(payload)
        return payload

    def webhook_post(self, payload: dict) -> WebhookDelivery | None:
        """POST a payload to `webhook_url` as JIRA does (also to resend one); None when unset."""
        if not self.webhook_url:
            return None
        body = json.dumps(payload).encode("utf-8")
        request = urllib.request.Request(self.webhook_url, data=body, method="POST")
        request.add_header("Content-Type", "application/json")
        request.add_header("User-Agent", "Atlassian Webhook HTTP Client")
        if self.webhook_secret:
            digest = hmac.new(self.webhook_secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
            request.add_header("X-Hub-Signature", f"sha256={digest}")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                delivery = WebhookDelivery(self.webhook_url, response.status, response.read(), payload)
        except urllib.error.HTTPError as exc:
            delivery = WebhookDelivery(self.webhook_url, exc.code, exc.read(), payload)
        except OSError as exc:
            delivery = WebhookDelivery(self.webhook_url, None, str(exc).encode(), payload)
        self.deliveries.append(delivery)
        return delivery

    # the REST API (called by the handler, under the lock)

    def _handle(self, method: str, path: str, query: dict, body: Any) -> tuple[int, Any]:
        if method == "POST" and path == f"{API}/issue":
            return self._create(body)
        if method == "GET" and path in (f"{API}/search/jql", f"{API}/search"):
            if (path == f"{API}/search") == self.cloud:
                if self.cloud:
                    message = "The requested API has been removed. Please migrate to /rest/api/2/search/jql."
                    return 410, {"errorMessages": [message], "errors": {}}
                return 404, {"errorMessages": ["null for uri: " + path], "errors": {}}
            return self._search(query)
        match = re.fullmatch(rf"{API}/issue/([^/]+)(/comment)?", path)
        if match:
            issue = self.issues.get(urllib.parse.unquote(match.group(1)))
            if issue is None:
                message = "Issue does not exist or you do not have permission to see it."
                return 404, {"errorMessages": [message], "errors": {}}
            if method == "GET" and not match.group(2):
                return 200, self._issue_json(issue, with_comments=True)
            if method == "GET" and match.group(2):
                return 200, self._comment_page(issue, query)
            if method == "POST" and match.group(2):
                if not isinstance(body, dict) or not isinstance(body.get("body"), str) or not body["body"]:
                    return 400, {"errorMessages": [], "errors": {"comment": "Comment body can not be empty!"}}
                properties = body.get("properties") or []
                if not isinstance(properties, list) or not all(
                    isinstance(p, dict) and isinstance(p.get("key"), str) and "value" in p for p in properties
                ):
                    return 400, {
                        "errorMessages": ["Comment properties are a list of {key, value}."],
                        "errors": {},
                    }
                made = self._comment_add(issue, body["body"], self._display_name(), properties)
                made.pop("properties")  # JIRA answers a create without them unless expanded
                return 201, made
        return 404, {"errorMessages": [f"null for uri: {self.base_url}{path}"], "errors": {}}

    def _create(self, body: Any) -> tuple[int, Any]:
        fields = body.get("fields") if isinstance(body, dict) else None
        if not isinstance(fields, dict):
            return 400, {"errorMessages": ["Can not deserialize the request: no fields."], "errors": {}}
        errors: dict[str, str] = {}
        project = fields.get("project")
        if not isinstance(project, dict) or not (project.get("key") or project.get("id")):
            errors["project"] = "project is required"
        elif project.get("key") != self.project_key:
            errors["project"] = "valid project is required"
        issuetype = fields.get("issuetype")
        if not isinstance(issuetype, dict) or not (issuetype.get("name") or issuetype.get("id")):
            errors["issuetype"] = "issue type is required"
        elif issuetype.get("name") != self.issue_type:
            errors["issuetype"] = "valid issue type is required"
        if not isinstance(fields.get("summary"), str) or not fields["summary"].strip():
            errors["summary"] = "You must specify a summary of the issue."
        elif len(fields["summary"]) > 255:
            errors["summary"] = "Summary must be less than 255 characters."
        for label in fields.get("labels") or []:
            if not isinstance(label, str) or re.search(r"\s", label):
                errors["labels"] = f"The label '{label}' contains spaces which is invalid."
        priority = fields.get("priority")
        if priority is not None and (
            not isinstance(priority, dict) or priority.get("name") not in PRIORITIES
        ):
            name = priority.get("name") if isinstance(priority, dict) else priority
            errors["priority"] = f"The priority selected is invalid: {name}"
        known = {"project", "issuetype", "summary", "description", "labels", "priority", *self.custom_fields}
        for name in fields:
            if name not in known:
                errors[name] = (
                    f"Field '{name}' cannot be set. It is not on the appropriate screen, or unknown."
                )
        if errors:
            return 400, {"errorMessages": [], "errors": errors}
        number = next(self._issue_numbers)
        issue = _Issue(
            id=str(next(self._issue_ids)),
            key=f"{self.project_key}-{number}",
            fields={
                **fields,
                "labels": list(fields.get("labels") or []),
                "status": _status("To Do"),
                "created": jira_time(),
                "updated": jira_time(),
            },
        )
        self.issues[issue.key] = issue
        return 201, {"id": issue.id, "key": issue.key, "self": f"{self.base_url}{API}/issue/{issue.id}"}

    def _search(self, query: dict[str, list[str]]) -> tuple[int, Any]:
        jql = (query.get("jql") or [""])[0]
        clauses = re.sub(r"\s+ORDER\s+BY\s+.*$", "", jql, flags=re.IGNORECASE)
        wanted: dict[str, str] = {}
        for clause in re.split(r"\s+AND\s+", clauses.strip(), flags=re.IGNORECASE):
            match = re.fullmatch(r'(project|labels)\s*=\s*"([^"]*)"', clause.strip())
            if not match:
                message = f"Error in the JQL Query: cannot read '{clause}'."
                return 400, {"errorMessages": [message], "errors": {}}
            wanted[match.group(1)] = match.group(2)
        found = [
            issue
            for issue in self.issues.values()
            if wanted.get("project", issue.key.split("-")[0]) == issue.key.split("-")[0]
            and ("labels" not in wanted or wanted["labels"] in issue.fields.get("labels", []))
        ]
        limit = int((query.get("maxResults") or ["50"])[0])
        names = [n for n in (query.get("fields") or [""])[0].split(",") if n]
        issues = [
            {
                "id": issue.id,
                "key": issue.key,
                "self": f"{self.base_url}{API}/issue/{issue.id}",
                "fields": {name: issue.fields.get(name) for name in names},
            }
            for issue in found[:limit]
        ]
        if self.cloud:
            return 200, {"issues": issues, "isLast": len(found) <= limit}
        return 200, {"startAt": 0, "maxResults": limit, "total": len(found), "issues": issues}

    def _comment_page(self, issue: _Issue, query: dict[str, list[str]]) -> dict:
        start = int((query.get("startAt") or ["0"])[0])
        limit = int((query.get("maxResults") or ["50"])[0])
        expand = "properties" in (query.get("expand") or [""])[0].split(",")
        page = [dict(c) for c in issue.comments[start : start + limit]]
        for comment in page:
            if not expand:
                comment.pop("properties", None)
        total = len(issue.comments)
        return {"startAt": start, "maxResults": limit, "total": total, "comments": page}

    def _comment_add(self, issue: _Issue, body: str, author: str, properties: list | None = None) -> dict:
        comment_id = str(next(self._comment_ids))
        now = jira_time()
        made = {
            "self": f"{self.base_url}{API}/issue/{issue.id}/comment/{comment_id}",
            "id": comment_id,
            "author": _user(author),
            "body": body,
            "updateAuthor": _user(author),
            "created": now,
            "updated": now,
            "properties": list(properties or []),
        }
        issue.comments.append(made)
        issue.fields["updated"] = now
        return dict(made)

    def _comment_payload(self, event: str, issue: _Issue, comment: dict) -> dict:
        return {
            "timestamp": _now_ms(),
            "webhookEvent": event,
            "comment": {name: value for name, value in comment.items() if name != "properties"},
            "issue": self._issue_json(issue),
        }

    def _issue_json(self, issue: _Issue, *, with_comments: bool = False) -> dict:
        fields = json.loads(json.dumps(issue.fields))
        if with_comments:
            comments = [
                {name: value for name, value in comment.items() if name != "properties"}
                for comment in json.loads(json.dumps(issue.comments))
            ]
            fields["comment"] = {"comments": comments, "total": len(comments), "startAt": 0}
        return {
            "id": issue.id,
            "self": f"{self.base_url}{API}/issue/{issue.id}",
            "key": issue.key,
            "fields": fields,
        }

    def _display_name(self) -> str:
        return self.user.split("@")[0]

    # the handler's checks

    def _authorized(self, header: str | None) -> bool:
        expected = "Basic " + base64.b64encode(f"{self.user}:{self.api_token}".encode()).decode("ascii")
        return header is not None and hmac.compare_digest(header.encode(), expected.encode())

    def _next_failure(self) -> int | None:
        return self._fail.pop(0) if self._fail else None

    def _next_drop(self, method: str) -> str | None:
        for index, (wanted, mode) in enumerate(self._drop):
            if wanted == method:
                del self._drop[index]
                return mode
        return None


def _status(name: str) -> dict:
    return {"name": name, "id": STATUS_IDS.get(name, "1")}


def _user(display_name: str) -> dict:
    return {"displayName": display_name, "active": True, "accountId": "5b10ac8d82e05b22cc7d4ef5"}


def _now_ms() -> int:
    return int(datetime.now(UTC).timestamp() * 1000)


def _handler_for(server: JiraServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def _serve(self, method: str) -> None:
            parsed = urllib.parse.urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                self._answer(400, {"errorMessages": ["Unexpected character in the JSON body."], "errors": {}})
                return
            query = urllib.parse.parse_qs(parsed.query)
            with server._lock:
                server.requests.append(
                    RecordedRequest(method, parsed.path, query, dict(self.headers.items()), body)
                )
                failure = server._next_failure()
                if failure is None and not server._authorized(self.headers.get("Authorization")):
                    failure = 401
                if failure is not None:
                    self._fail(failure)
                    return
                status, answer = server._handle(method, parsed.path, query, body)
                dropped = server._next_drop(method)
            if dropped == "close":
                self.close_connection = True
                self.connection.close()  # the work is done; the client hears nothing
                return
            if dropped is not None:
                status, answer = 503, {"errorMessages": ["Service Unavailable"], "errors": {}}
            self._answer(status, answer)

        def _fail(self, status: int) -> None:
            if status == 401:
                message = "You are not authenticated. Authentication required to perform this operation."
            else:
                message = "Service Unavailable" if status >= 500 else "Request refused"
            headers = {"Retry-After": "7"} if status == 429 else {}
            self._answer(status, {"errorMessages": [message], "errors": {}}, headers)

        def _answer(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            raw = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json;charset=UTF-8")
            self.send_header("Content-Length", str(len(raw)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
            pass

    return Handler
