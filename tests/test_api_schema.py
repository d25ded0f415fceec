"""The OpenAPI contract: schemathesis generates requests for every operation of `/api/schema/`
(valid and invalid data, with a token of the Yên Phong commune office on the Bắc Ninh demo) and
checks that none gives a server error and every answer matches the schema (body, content type,
headers). Run in-process through the WSGI application, on SQLite and on PostgreSQL."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
)

from ocop_portal.core.api_auth import TokenRateThrottle
from ocop_portal.wsgi import application

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance, response_headers_conformance]


@pytest.fixture
def office_headers(bac_ninh_2020, api_token, monkeypatch):
    # The WSGI calls fire request_started/finished, whose close_old_connections would close the
    # test's own connection on PostgreSQL (stack-verified §5); the test client does the same.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": None})  # thousands of requests in a minute
    yield {"Authorization": f"Token {api_token(bac_ninh_2020['xa.yenphong'])}", "Accept-Language": "en"}
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_operation_answers_a_server_error_or_breaks_its_schema(case, office_headers):
    case.call_and_validate(headers=office_headers, checks=CHECKS)


def test_the_schema_generates_without_a_warning(run_command):
    run_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
