"""GET /healthz (and /healthz/): is the database reachable, is the broker? Top-level wiring: it
knows the Celery app, which the core must not."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ocop_portal.celery import app


def _database_state():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return "ok", connection.vendor
    except Exception as exc:
        return "error", f"{type(exc).__name__}: {exc}"


def _broker_state():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "ok", "eager (no broker: tasks run in-process)"
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok", settings.CELERY_BROKER_URL.split("@")[-1]
    except Exception as exc:
        return "error", f"{type(exc).__name__}: {exc}"


@login_not_required
@never_cache
@require_GET
def healthz(request):
    db_state, db_detail = _database_state()
    broker_state, broker_detail = _broker_state()
    healthy = db_state == "ok" and broker_state == "ok"
    return JsonResponse(
        {
            "status": "ok" if healthy else "error",
            "database": {"status": db_state, "detail": db_detail},
            "broker": {"status": broker_state, "detail": broker_detail},
        },
        status=200 if healthy else 503,
    )
