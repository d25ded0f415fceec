"""With REDIS_URL and PostgreSQL, a real Celery worker closes a session (CI's second pass)."""

import datetime

import pytest

from evaluations import services as ev
from evaluations.models import CouncilSession
from evaluations.tasks import session_close_task

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_closes_a_session_and_a_duplicate_message_is_harmless(celery_worker_process):
    from evaluations.catalogue_services import catalogue_load
    from ocop_portal import demo

    catalogue_load()
    users, _ = demo.seed_demo()
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
