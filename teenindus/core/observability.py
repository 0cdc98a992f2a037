"""Structured logs to stdout: one JSON line per request and per task, never a person's data.

A request line carries the user id, method, path (without the query string: searches put codes
and names there), status and duration; a task line its name, id, status, attempts and duration
(never its arguments). Every response made by a view also gets `Cache-Control: no-store`: pages and
API answers show personal data, and no browser or proxy may keep them (static files are served by
WhiteNoise before this middleware and keep their long caching)."""

import json
import logging
import time
from datetime import UTC, datetime

from django.utils.cache import patch_cache_control

request_logger = logging.getLogger("teenindus.request")
task_logger = logging.getLogger("teenindus.task")


class JsonFormatter(logging.Formatter):
    """A log record as one JSON object: time, level, logger, message and the record's `fields`."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        patch_cache_control(response, no_store=True, private=True)
        user = getattr(request, "user", None)
        request_logger.info(
            "request",
            extra={
                "fields": {
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                }
            },
        )
        return response


_started: dict[str, float] = {}  # task id -> start (this process only: it times its own tasks)


def task_started(sender, task_result, **kwargs) -> None:
    _started[str(task_result.id)] = time.perf_counter()


def task_finished(sender, task_result, **kwargs) -> None:
    started = _started.pop(str(task_result.id), None)
    task_logger.info(
        "task",
        extra={
            "fields": {
                "task": task_result.task.name,
                "task_id": str(task_result.id),
                "status": str(task_result.status).lower().rsplit(".", 1)[-1],
                "attempts": task_result.attempts,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
            }
        },
    )
