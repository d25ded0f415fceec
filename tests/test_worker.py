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
