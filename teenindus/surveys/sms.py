"""The SMS gateway: a client for its HTTP API, plain HTTP with the standard library (as tickets/jira.py).

The protocol (the contract partner's gateway and the local fake in surveys/sms_fake.py alike):
- send:  POST {base}/v1/messages  Authorization: Bearer <token>
         {"to": "+3725...", "text": "...", "reference": "<idempotency key>"}
         -> 201 {"id": "...", "status": "accepted"}; the same reference again -> 200 with the same id
            (the gateway sends a reference once, so a retry after a lost answer sends nothing twice)
- read:  GET  {base}/v1/messages/{id} -> {"id", "to", "status", "reference"}
Errors: {"error": "...", "field": "..."}; 4xx is a refusal (retrying will not help), 5xx, 429, a
timeout or no connection mean "try again later".

Settings: SMS_GATEWAY_URL and SMS_GATEWAY_TOKEN from the environment; no gateway, no SMS.
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from django.conf import settings


class SmsError(Exception):
    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.status = status

    def __str__(self) -> str:
        return f"{self.message} (HTTP {self.status})" if self.status else self.message


class SmsUnavailable(SmsError):
    """The gateway could not be reached or is overloaded: retry later."""


class SmsRejected(SmsError):
    """The gateway refused the message (a bad number, a bad token): retrying will not help."""


@dataclass(frozen=True)
class SmsConfig:
    base_url: str
    token: str = field(repr=False)
    sender: str = ""
    timeout: float = 10


def sms_config() -> SmsConfig | None:
    """The configured gateway, or None when there is none (SMS is then not offered)."""
    url = getattr(settings, "SMS_GATEWAY_URL", "")
    if not url:
        return None
    return SmsConfig(
        base_url=url.rstrip("/"),
        token=getattr(settings, "SMS_GATEWAY_TOKEN", ""),
        sender=getattr(settings, "SMS_SENDER", ""),
    )


class SmsClient:
    def __init__(self, config: SmsConfig):
        self.config = config

    def _request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.config.base_url + path,
            data=data,
            method=method,
            headers={
                "Authorization": f"Bearer {self.config.token}",
                "Content-Type": "application/json",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.config.timeout) as response:  # noqa: S310
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            try:
                payload = json.loads(exc.read() or b"{}")
            except ValueError:
                payload = {}
            message = payload.get("error") or exc.reason or "error"
            if exc.code >= 500 or exc.code == 429:
                raise SmsUnavailable(str(message), status=exc.code) from exc
            raise SmsRejected(str(message), status=exc.code) from exc
        except (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException) as exc:
            raise SmsUnavailable(f"gateway not reachable: {exc}") from exc
        except ValueError as exc:
            raise SmsUnavailable("the gateway's answer is not JSON") from exc

    def send(self, *, to: str, text: str, reference: str) -> str:
        """Send one message; returns the gateway's id. The same reference twice is one message."""
        body = {"to": to, "text": text, "reference": reference}
        if self.config.sender:
            body["sender"] = self.config.sender
        _status, payload = self._request("POST", "/v1/messages", body)
        if not payload.get("id"):
            raise SmsUnavailable("the gateway answered without a message id")
        return str(payload["id"])

    def get(self, message_id: str) -> dict:
        return self._request("GET", f"/v1/messages/{message_id}")[1]
