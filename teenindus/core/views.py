from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from teenindus.accounts.decorators import any_role_required


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """Load balancers and monitoring: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse(
            {"status": "error", "database": "unreachable", "error": type(exc).__name__}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok", "vendor": connection.vendor})


@any_role_required
def home(request):
    return render(request, "core/home.html")


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)
