"""With REDIS_URL and PostgreSQL, a real Celery worker closes a session (CI's second pass)."""

import datetime

import pytest

from evaluations import services as ev
from evaluations.models import CouncilSession
from evaluations.tasks import session_close_task

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_renders_the_demo_decision_certificates_and_minutes(celery_worker_process):
    """`seed_demo` requests the 2020 decision, its 33 certificates and the session's minutes after
    commit; the worker renders them (polled: the worker is another process)."""
    import time

    from evaluations.catalogue_services import catalogue_load
    from ocop_portal import demo
    from ocop_portal.core.models import Document

    catalogue_load()
    demo.seed_demo()
    deadline = time.monotonic() + 240
    while Document.objects.exclude(status="ready").exists() and time.monotonic() < deadline:
        time.sleep(0.5)

    ready = Document.objects.filter(status="ready")
    assert (ready.filter(kind="certificate").count(), ready.filter(kind="recognition_decision").count(),
            ready.filter(kind="session_minutes").count()) == (33, 1, 1)
    assert not ready.filter(sha256="").exists()


def test_a_real_worker_closes_a_session_and_a_duplicate_message_is_harmless(celery_worker_process):
    from evaluations.catalogue_services import catalogue_load
    from ocop_portal import demo

    catalogue_load()
    users, _ = demo.seed_demo(documents=False)  # the worker closes the session, not a queue of PDFs
    # reopen the demo's scoring as a fresh session: a second session of the same council
    session = CouncilSession.objects.get(round__year=2020)
    council, rnd = session.council, session.round
    second = ev.session_create(council=council, round=rnd, starts_on=datetime.date(2020, 9, 6), ends_on=datetime.date(2020, 9, 6))
    ev.session_open(session=second)

    first = session_close_task.delay(session_id=second.pk, actor_id=users["chutich.hoidong"].pk)
    again = session_close_task.delay(session_id=second.pk)

    assert first.get(timeout=60) == 0
    assert again.get(timeout=60) is None
    second.refresh_from_db()
    assert second.status == "closed"


def _worker(queue, name, visibility_timeout):
    import os
    import subprocess
    import sys

    from django.conf import settings

    db = settings.DATABASES["default"]
    env = {**os.environ, "CELERY_TASK_ALWAYS_EAGER": "false", "CELERY_QUEUE": queue,
           "CELERY_VISIBILITY_TIMEOUT": str(visibility_timeout), "CELERY_RESTORE_INTERVAL": "1",
           "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
           "DATABASE_URL": f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"}
    return subprocess.Popen([sys.executable, "-m", "celery", "-A", "ocop_portal", "worker", "--pool=solo", "--concurrency=1",
                             "--without-mingle", "--without-gossip", "--loglevel=warning", "-Q", queue, "-n", name], env=env)


def test_a_worker_killed_in_the_middle_of_a_render_leaves_it_to_another_which_makes_one_document(celery_worker_process):
    """SIGKILL the worker while it renders (its task is acknowledged late): after the broker's
    visibility timeout the task goes back to the queue, a second worker renders it, and there is
    one ready document with one file."""
    import signal
    import time
    import uuid

    from evaluations.catalogue_services import catalogue_load
    from evaluations.documents import BLANK_SHEET
    from evaluations.models import ScoringSheet
    from ocop_portal.celery import app
    from ocop_portal.core.documents import document_request
    from ocop_portal.core.models import Document

    catalogue_load()
    sheet = ScoringSheet.objects.filter(usable=True).order_by("-pk").first()
    queue = f"kill-{uuid.uuid4().hex[:10]}"
    first = _worker(queue, f"{queue}-a@%h", visibility_timeout=5)
    previous, app.conf.task_default_queue = app.conf.task_default_queue, queue
    try:
        time.sleep(3)  # the worker connects (it answers no ping: it has its own queue and no control)
        document = document_request(obj=sheet, kind=BLANK_SHEET)  # autocommit: enqueued at once
        deadline = time.monotonic() + 60
        while not Document.objects.filter(pk=document.pk, attempts__gte=1).exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        killed_while = Document.objects.get(pk=document.pk).status
        second = _worker(queue, f"{queue}-b@%h", visibility_timeout=5)
        try:
            deadline = time.monotonic() + 90
            while Document.objects.get(pk=document.pk).status != "ready" and time.monotonic() < deadline:
                time.sleep(0.5)
        finally:
            second.terminate()
            second.wait(timeout=15)
    finally:
        app.conf.task_default_queue = previous

    document.refresh_from_db()
    assert killed_while == "waiting"
    assert (document.status, document.attempts) == ("ready", 2)
    assert Document.objects.filter(kind=BLANK_SHEET, object_id=sheet.pk).count() == 1
    assert document.file.size == document.size
