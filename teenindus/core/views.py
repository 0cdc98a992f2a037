from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.models import Max
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from teenindus.accounts.decorators import any_role_required
from teenindus.audit.http import access_context
from teenindus.core import startpage
from teenindus.core.models import WorkerHeartbeat


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """Load balancers and monitoring: the database and the task workers. 200 when the database
    answers and a worker has left a heartbeat within WORKER_SILENT_AFTER; 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        last_seen = WorkerHeartbeat.objects.aggregate(last=Max("seen_at"))["last"]
    except Exception as exc:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse(
            {"status": "error", "database": "unreachable", "error": type(exc).__name__}, status=503
        )
    silent_for = (timezone.now() - last_seen).total_seconds() if last_seen else None
    worker_ok = silent_for is not None and silent_for <= settings.WORKER_SILENT_AFTER.total_seconds()
    body = {
        "status": "ok" if worker_ok else "error",
        "database": "ok",
        "vendor": connection.vendor,
        "worker": "ok" if worker_ok else ("silent" if last_seen else "never seen"),
        "worker_last_seen": last_seen.isoformat() if last_seen else None,
        "worker_silent_seconds": round(silent_for, 1) if silent_for is not None else None,
    }
    return JsonResponse(body, status=200 if worker_ok else 503)


@any_role_required
def home(request):
    """Avaleht: the user's own work, from every app's start-page provider (core.startpage)."""
    ctx = access_context(request, implied_purpose=startpage.PURPOSE_START_PAGE)
    return render(request, "core/home.html", {"sections": startpage.sections_for(ctx=ctx)})


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)
