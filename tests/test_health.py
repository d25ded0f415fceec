"""/healthz: the database and the broker, for load balancers and monitoring."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.mark.parametrize("path", ["/healthz", "/healthz/"])
def test_healthz_reports_database_and_broker_with_or_without_the_slash(client, path):
    response = client.get(path)

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["database"]["status"], body["broker"]["status"]) == ("ok", "ok", "ok")


def test_healthz_is_503_when_the_broker_is_unreachable(client, settings):
    from ocop_portal.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    previous = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:6390/0"  # nothing listens there
    try:
        response = client.get(reverse("healthz"))
    finally:
        app.conf.broker_url = previous

    assert response.status_code == 503
    assert response.json()["broker"]["status"] == "error"
    assert response.json()["database"]["status"] == "ok"
