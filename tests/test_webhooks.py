"""Webhooks of the local offices: an office registers a URL (/api/v1/webhooks/) and is told, by a
signed POST, of every move of the dossiers in its territory; a receiver that fails is retried with
backoff until it answers or the eighth attempt fails; every attempt is in the delivery log. The
receiver is a real HTTP server on this machine (nothing is mocked); Celery runs eager, so the
retries happen at once, without waiting."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from evaluations import services as ev
from evaluations.models import Application
from ocop_portal.core.models import AdministrativeUnit, AuditEntry, Role, UnitLevel
from ocop_portal.webhooks import services
from ocop_portal.webhooks.models import WebhookDelivery, WebhookEndpoint
from ocop_portal.webhooks.tasks import deliver_webhook
from tests.factories import (
    UnitFactory,
    WebhookDeliveryFactory,
    WebhookEndpointFactory,
    precheck_complete,
    user_with_role,
)

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

LIST = "/api/v1/webhooks/"
GIO_BO = "Giò bò Yên Phong"  # a submitted 2026 dossier of today's Xã Yên Phong (09193)


# --- A real receiver ------------------------------------------------------------------------------


class Receiver:
    """An HTTP server on a free local port that records each POST and answers with the next of
    `answers` (then `default`)."""

    def __init__(self, answers=(), default=200):
        self.answers, self.default, self.requests = list(answers), default, []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"path": self.path, "headers": self.headers, "body": body})  # any case
                code = receiver.answers.pop(0) if receiver.answers else receiver.default
                self.send_response(code)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/ocop/webhook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(answers=(), default=200):
        made.append(Receiver(answers, default))
        return made[-1]

    yield make
    for one in made:
        one.close()


def verified(request, secret):
    """What a receiver does (docs/api-webhooks.md): recompute the signature and compare."""
    timestamp = request["headers"]["X-OCOP-Timestamp"]
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + request["body"], hashlib.sha256).hexdigest()
    return hmac.compare_digest(request["headers"]["X-OCOP-Signature"], f"sha256={expected}")


# --- Demo helpers ---------------------------------------------------------------------------------


def dossier(name=GIO_BO):
    return Application.objects.select_related("product__producer__unit", "round").get(product__name=name)


def today(code, level):
    return AdministrativeUnit.objects.get(code=code, level=level, valid_from__isnull=False)


def register(users, username, unit_code, url):
    """An endpoint registered through the service, as the office's own user."""
    return services.webhook_endpoint_create(actor=users[username], unit_code=unit_code, url=url)


def forward(users, application, capture):
    """The commune officer forwards the dossier; the on-commit callbacks (the deliveries) run."""
    officer = users["xa.yenphong"]
    precheck_complete(application, actor=officer)
    with capture(execute=True):
        ev.application_forward(application=application, actor=officer)


def token_headers(api_token, user):
    return {"HTTP_AUTHORIZATION": f"Token {api_token(user)}"}


# --- Deliveries -----------------------------------------------------------------------------------


def test_a_forwarded_dossier_is_posted_once_signed_to_its_communes_endpoint(
        bac_ninh_2020, receiver, django_capture_on_commit_callbacks):
    commune = receiver()
    endpoint, secret = register(bac_ninh_2020, "xa.yenphong", "09193", commune.url)
    application = dossier()

    forward(bac_ninh_2020, application, django_capture_on_commit_callbacks)

    assert len(commune.requests) == 1
    request = commune.requests[0]
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert verified(request, secret)
    assert not verified(request, "another secret")
    headers = request["headers"]
    assert (headers["Content-Type"], headers["X-OCOP-Event"], headers["X-OCOP-Delivery"]) == (
        "application/json", "application.status_changed", str(delivery.pk))
    body = json.loads(request["body"])
    assert body == delivery.payload
    assert set(body) == {"event", "delivery_id", "occurred_at", "application"}
    assert (body["event"], body["delivery_id"]) == ("application.status_changed", delivery.pk)
    assert body["application"] == {
        "id": application.pk, "receipt_number": application.receipt_number, "status": "forwarded",
        "from_status": "submitted",
        "product": {"id": application.product.pk, "name": GIO_BO},
        "producer": {"id": application.product.producer.pk, "name": application.product.producer.name},
        "round": {"id": application.round.pk, "year": 2026},
    }
    assert body["occurred_at"].endswith("+07:00")
    assert (delivery.status, delivery.attempts, delivery.last_status_code, delivery.last_error) == ("delivered", 1, 200, "")
    assert delivery.delivered_at is not None and delivery.next_attempt_at is None


def test_no_personal_data_is_sent(bac_ninh_2020, receiver, django_capture_on_commit_callbacks):
    commune = receiver()
    register(bac_ninh_2020, "xa.yenphong", "09193", commune.url)
    producer = dossier().product.producer

    forward(bac_ninh_2020, dossier(), django_capture_on_commit_callbacks)

    body = commune.requests[0]["body"].decode()
    # (a household's legal name is its owner's: the name is sent, nothing else about them)
    assert (producer.registration_number in body, producer.address in body) == (False, False)
    assert json.loads(body)["application"]["producer"] == {"id": producer.pk, "name": producer.name}
    assert set(json.loads(body)["application"]) == {"id", "receipt_number", "status", "from_status", "product", "producer",
                                                     "round"}


def test_only_the_endpoints_whose_territory_holds_the_dossier_are_told(
        bac_ninh_2020, receiver, django_capture_on_commit_callbacks):
    told, not_told = receiver(), receiver()
    register(bac_ninh_2020, "xa.yenphong", "09193", told.url + "/xa")
    register(bac_ninh_2020, "tinh.bacninh", "24", told.url + "/tinh")  # today's province
    register(bac_ninh_2020, "huyen.tuson", "261", not_told.url + "/tuson")  # old Từ Sơn district
    trung_kenh = user_with_role(Role.LOCAL_OFFICER, unit=today("09499", UnitLevel.COMMUNE))
    services.webhook_endpoint_create(actor=trung_kenh, unit_code="09499", url=not_told.url + "/trungkenh")
    elsewhere = user_with_role(Role.PROVINCIAL_STAFF, unit=UnitFactory(code="98", name="Tỉnh khác"))
    services.webhook_endpoint_create(actor=elsewhere, unit_code="98", url=not_told.url + "/tinhkhac")
    inactive, _secret = register(bac_ninh_2020, "xa.yenphong", "09193", not_told.url + "/tat")
    services.webhook_endpoint_deactivate(endpoint=inactive, actor=bac_ninh_2020["xa.yenphong"])

    forward(bac_ninh_2020, dossier(), django_capture_on_commit_callbacks)

    assert sorted(r["path"] for r in told.requests) == ["/ocop/webhook/tinh", "/ocop/webhook/xa"]
    assert not_told.requests == []
    assert WebhookDelivery.objects.count() == 2


def test_a_province_that_replaced_another_is_told_of_its_old_dossiers(bac_ninh_2020, receiver):
    """Today's Bắc Ninh 24 covers the old Bắc Ninh 27 (its 2020 dossiers), like the access layer."""
    province = receiver()
    endpoint, _secret = register(bac_ninh_2020, "tinh.bacninh", "24", province.url)
    old = Application.objects.filter(round__year=2020).select_related("product__producer__unit").first()

    deliveries = services.on_application_status_changed(application=old, from_status="rated", to_status="recognised")

    assert [d.endpoint for d in deliveries] == [endpoint]


def test_a_move_rolled_back_sends_nothing(bac_ninh_2020, receiver, django_capture_on_commit_callbacks):
    from django.db import transaction

    commune = receiver()
    register(bac_ninh_2020, "xa.yenphong", "09193", commune.url)
    application = dossier()

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                ev.application_return(application=application, reason="Thiếu bản tự công bố", actor=None)
                raise RuntimeError("the request failed after the move")
        except RuntimeError:
            pass

    assert (commune.requests, WebhookDelivery.objects.count()) == ([], 0)


def test_a_receiver_failing_twice_gets_it_on_the_third_attempt(
        bac_ninh_2020, receiver, django_capture_on_commit_callbacks, client, api_token):
    flaky = receiver(answers=[500, 500])
    endpoint, secret = register(bac_ninh_2020, "xa.yenphong", "09193", flaky.url)

    forward(bac_ninh_2020, dossier(), django_capture_on_commit_callbacks)

    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert (delivery.status, delivery.attempts, delivery.last_status_code, delivery.last_error) == ("delivered", 3, 200, "")
    assert len(flaky.requests) == 3
    assert {r["headers"]["X-OCOP-Delivery"] for r in flaky.requests} == {str(delivery.pk)}
    assert {r["body"] for r in flaky.requests} == {flaky.requests[0]["body"]}
    assert all(verified(r, secret) for r in flaky.requests)
    log = client.get(reverse("api:webhook-deliveries", kwargs={"pk": endpoint.pk}),
                     **token_headers(api_token, bac_ninh_2020["xa.yenphong"])).json()
    assert [(row["status"], row["attempts"], row["last_status_code"]) for row in log["results"]] == [("delivered", 3, 200)]
    audit = AuditEntry.objects.filter(object_id=delivery.pk, action="status", content_type__model="webhookdelivery")
    assert list(audit.values_list("from_status", "to_status")) == [("pending", "delivered")]


def test_a_receiver_that_always_fails_is_given_up_after_the_eighth_attempt(
        bac_ninh_2020, receiver, django_capture_on_commit_callbacks):
    down = receiver(default=503)
    endpoint, _secret = register(bac_ninh_2020, "xa.yenphong", "09193", down.url)

    forward(bac_ninh_2020, dossier(), django_capture_on_commit_callbacks)

    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert len(down.requests) == services.MAX_ATTEMPTS == 8
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("failed", 8, 503)
    assert delivery.last_error == "Máy nhận trả lời HTTP 503."
    assert (delivery.next_attempt_at, delivery.delivered_at) == (None, None)


def test_an_unreachable_receiver_is_recorded_with_its_error():
    closed = Receiver()
    closed.close()  # nothing listens on that port any more
    delivery = WebhookDeliveryFactory(endpoint=WebhookEndpointFactory(url=closed.url))

    result = deliver_webhook.delay(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert (result.get(), delivery.status, delivery.attempts, delivery.last_status_code) == ("failed", "failed", 8, None)
    assert delivery.last_error.startswith("Không gửi được: ")


def test_the_wait_between_attempts_doubles_up_to_an_hour():
    assert [services.retry_countdown(n) for n in range(1, 9)] == [30, 60, 120, 240, 480, 960, 1920, 3600]


def test_a_failed_attempt_schedules_the_next_one(receiver):
    down = receiver(default=500)
    delivery = WebhookDeliveryFactory(endpoint=WebhookEndpointFactory(url=down.url))

    services.webhook_delivery_attempt(delivery_id=delivery.pk, attempt=1)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    assert 29 <= (delivery.next_attempt_at - delivery.created_at).total_seconds() <= 31


def test_a_redelivered_message_does_nothing(receiver):
    up = receiver()
    delivery = WebhookDeliveryFactory(endpoint=WebhookEndpointFactory(url=up.url))
    deliver_webhook.delay(delivery_id=delivery.pk)

    again = deliver_webhook.apply(kwargs={"delivery_id": delivery.pk})  # the broker hands the message out twice
    late = deliver_webhook.apply(kwargs={"delivery_id": delivery.pk}, retries=3)
    gone = deliver_webhook.apply(kwargs={"delivery_id": 999999})

    delivery.refresh_from_db()
    assert (again.get(), late.get(), gone.get()) == (None, None, None)
    assert delivery.status == "delivered"
    assert (len(up.requests), delivery.attempts) == (1, 1)


def test_an_attempt_in_flight_elsewhere_is_left_alone(receiver):
    up = receiver()
    delivery = WebhookDeliveryFactory(endpoint=WebhookEndpointFactory(url=up.url))
    from django.utils import timezone

    WebhookDelivery.objects.filter(pk=delivery.pk).update(claimed_until=timezone.now() + services.CLAIM)

    assert services.webhook_delivery_attempt(delivery_id=delivery.pk, attempt=1) is None
    assert up.requests == []


def test_a_delivery_of_an_endpoint_deactivated_since_is_given_up(receiver):
    up = receiver()
    delivery = WebhookDeliveryFactory(endpoint=WebhookEndpointFactory(url=up.url, active=False))

    deliver_webhook.delay(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("failed", 0, "Điểm nhận đã bị tắt: không gửi nữa.")
    assert up.requests == []


def test_a_redirect_is_not_followed(receiver):
    moved = receiver(default=302)
    delivery = WebhookDeliveryFactory(endpoint=WebhookEndpointFactory(url=moved.url))

    services.webhook_delivery_attempt(delivery_id=delivery.pk, attempt=1)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_status_code, len(moved.requests)) == ("pending", 302, 1)


# --- URLs -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "allow_http", "refused"), [
    ("https://motcua.bacninh.gov.vn/ocop", False, False),
    ("http://motcua.bacninh.gov.vn/ocop", False, True),
    ("http://127.0.0.1:8080/ocop", True, False),
    ("https://user:secret@motcua.bacninh.gov.vn/ocop", False, True),
    ("https://token@motcua.bacninh.gov.vn/ocop", False, True),
    ("ftp://motcua.bacninh.gov.vn/ocop", True, True),
    ("file:///etc/passwd", True, True),
    ("https:///no-host", False, True),
    ("https://motcua.bacninh.gov.vn:99999/ocop", False, True),
    ("https://motcua.bacninh.gov.vn/" + "a" * 471, False, True),
])
def test_url_rules(settings, url, allow_http, refused):
    settings.WEBHOOKS_ALLOW_HTTP = allow_http

    problem = services.url_problem(url)

    assert (problem is not None) == refused, problem


def test_a_delivery_to_an_http_url_no_longer_allowed_fails_without_sending(settings, receiver):
    up = receiver()
    delivery = WebhookDeliveryFactory(endpoint=WebhookEndpointFactory(url=up.url))
    settings.WEBHOOKS_ALLOW_HTTP = False

    deliver_webhook.delay(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, up.requests) == ("failed", 1, [])


# --- The API --------------------------------------------------------------------------------------


def test_an_office_registers_an_endpoint_and_gets_its_secret_once(bac_ninh_2020, client, api_token):
    headers = token_headers(api_token, bac_ninh_2020["xa.yenphong"])

    created = client.post(LIST, {"unit": "09193", "url": "https://motcua.yenphong.example.vn/ocop", "description": "Một cửa"},
                          content_type="application/json", **headers)
    shown = client.get(reverse("api:webhook-detail", kwargs={"pk": created.json()["id"]}), **headers).json()
    listed = client.get(LIST, **headers).json()

    endpoint = WebhookEndpoint.objects.get()
    assert created.status_code == 201
    assert created.json() == {"id": endpoint.pk, "unit": {"code": "09193", "name": endpoint.unit.name},
                              "url": "https://motcua.yenphong.example.vn/ocop", "description": "Một cửa", "active": True,
                              "created_at": created.json()["created_at"], "secret": endpoint.secret}
    assert len(endpoint.secret) == 64
    assert set(shown) == {"id", "unit", "url", "description", "active", "created_at"}
    assert [row["id"] for row in listed["results"]] == [endpoint.pk]
    assert "secret" not in listed["results"][0]
    assert (endpoint.created_by, endpoint.unit) == (bac_ninh_2020["xa.yenphong"], today("09193", UnitLevel.COMMUNE))


def test_server_owned_fields_cannot_be_posted(bac_ninh_2020, client, api_token):
    other = bac_ninh_2020["tinh.bacninh"]

    created = client.post(LIST, {"unit": "09193", "url": "https://motcua.example.vn/ocop", "secret": "chon-san",
                                 "active": False, "created_by": other.pk, "id": 4242, "status": "delivered", "attempts": 5,
                                 "created_at": "2020-01-01T00:00:00Z"},
                          content_type="application/json", **token_headers(api_token, bac_ninh_2020["xa.yenphong"]))

    endpoint = WebhookEndpoint.objects.get()
    assert created.status_code == 201
    assert endpoint.pk != 4242
    assert (endpoint.secret != "chon-san", endpoint.active, endpoint.created_by) == (True, True, bac_ninh_2020["xa.yenphong"])
    assert endpoint.created_at.year >= 2025
    assert WebhookDelivery.objects.count() == 0


def test_plain_http_is_refused_when_not_allowed(bac_ninh_2020, client, api_token, settings):
    settings.WEBHOOKS_ALLOW_HTTP = False

    refused = client.post(LIST, {"unit": "09193", "url": "http://motcua.example.vn/ocop"}, content_type="application/json",
                          **token_headers(api_token, bac_ninh_2020["xa.yenphong"]))

    assert refused.status_code == 400
    error = refused.json()["error"]
    assert (error["message"], list(error["details"])) == ("Dữ liệu gửi lên không hợp lệ.", ["url"])
    assert WebhookEndpoint.objects.count() == 0


@pytest.mark.parametrize("unit_code", ["261", "98765", ""])
def test_a_unit_outside_the_territory_is_refused_like_an_unknown_one(bac_ninh_2020, client, api_token, unit_code):
    refused = client.post(LIST, {"unit": unit_code, "url": "https://motcua.example.vn/ocop"}, content_type="application/json",
                          **token_headers(api_token, bac_ninh_2020["xa.yenphong"]))

    assert refused.status_code == 400
    assert list(refused.json()["error"]["details"]) == ["unit"]
    assert WebhookEndpoint.objects.count() == 0


@pytest.mark.parametrize("username", ["xa.yenphong", "huyen.yenphong"])
def test_another_offices_endpoint_is_404(bac_ninh_2020, client, api_token, username):
    endpoint, _secret = register(bac_ninh_2020, "huyen.tuson", "261", "https://motcua.tuson.example.vn/ocop")
    headers = token_headers(api_token, bac_ninh_2020[username])

    got = [client.get(reverse(name, kwargs={"pk": endpoint.pk}), **headers).status_code
           for name in ("api:webhook-detail", "api:webhook-deliveries")]
    deleted = client.delete(reverse("api:webhook-detail", kwargs={"pk": endpoint.pk}), **headers)
    listed = client.get(LIST, **headers).json()

    endpoint.refresh_from_db()
    assert (got, deleted.status_code, endpoint.active) == ([404, 404], 404, True)
    assert listed["results"] == []


def test_producers_and_anonymous_callers_are_kept_out(bac_ninh_2020, client):
    endpoint, _secret = register(bac_ninh_2020, "huyen.tuson", "261", "https://motcua.tuson.example.vn/ocop")
    url = reverse("api:webhook-detail", kwargs={"pk": endpoint.pk})

    anonymous = client.get(url).status_code
    client.force_login(bac_ninh_2020["chuthe.dinhbang"])
    producer = client.get(url).status_code
    producer_post = client.post(LIST, {"unit": "261", "url": "https://x.example.vn/"}, content_type="application/json")

    assert (anonymous, producer, producer_post.status_code) == (401, 403, 403)


def test_the_office_deactivates_its_endpoint_and_it_is_told_nothing_more(
        bac_ninh_2020, client, api_token, receiver, django_capture_on_commit_callbacks):
    commune = receiver()
    endpoint, _secret = register(bac_ninh_2020, "xa.yenphong", "09193", commune.url)
    headers = token_headers(api_token, bac_ninh_2020["xa.yenphong"])

    deleted = client.delete(reverse("api:webhook-detail", kwargs={"pk": endpoint.pk}), **headers)
    again = client.delete(reverse("api:webhook-detail", kwargs={"pk": endpoint.pk}), **headers)
    forward(bac_ninh_2020, dossier(), django_capture_on_commit_callbacks)

    endpoint.refresh_from_db()
    assert (deleted.status_code, again.status_code, endpoint.active) == (204, 204, False)
    assert (commune.requests, WebhookDelivery.objects.count()) == ([], 0)
    assert AuditEntry.objects.filter(action="webhook_deactivate", object_id=endpoint.pk).count() == 1


# --- Query counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 3])
def test_the_endpoint_list_costs_the_same_queries_for_1_and_3(bac_ninh_2020, client, django_assert_num_queries, rows):
    province = today("24", UnitLevel.PROVINCE)
    WebhookEndpointFactory.create_batch(rows, unit=province)
    client.force_login(bac_ninh_2020["tinh.bacninh"])

    with django_assert_num_queries(8):
        body = client.get(LIST).json()

    assert body["count"] == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_the_delivery_log_costs_the_same_queries_for_1_and_3(bac_ninh_2020, client, django_assert_num_queries, rows):
    endpoint = WebhookEndpointFactory(unit=today("24", UnitLevel.PROVINCE))
    WebhookDeliveryFactory.create_batch(rows, endpoint=endpoint)
    client.force_login(bac_ninh_2020["tinh.bacninh"])

    with django_assert_num_queries(9):
        body = client.get(reverse("api:webhook-deliveries", kwargs={"pk": endpoint.pk})).json()

    assert body["count"] == rows


def test_the_schema_describes_the_webhooks(client):
    schema = client.get(reverse("schema"), {"format": "json"}).json()

    create = schema["paths"]["/api/v1/webhooks/"]["post"]
    log = schema["paths"]["/api/v1/webhooks/{id}/deliveries/"]["get"]
    assert create["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/WebhookEndpointCreateRequest")
    assert create["responses"]["201"]["content"]["application/json"]["schema"]["$ref"].endswith("/WebhookEndpointCreated")
    assert log["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/PaginatedWebhookDeliveryList")
    assert "204" in schema["paths"]["/api/v1/webhooks/{id}/"]["delete"]["responses"]


def test_a_dossier_put_into_a_session_is_told_too(bac_ninh_2020, receiver, django_capture_on_commit_callbacks):
    """The two moves that send the producer no email (into a session, scored) still reach the hook."""
    from evaluations.models import CouncilSession

    province = receiver()
    register(bac_ninh_2020, "tinh.bacninh", "24", province.url)
    application = dossier("Bánh tẻ Thuận Thành")
    session = CouncilSession.objects.filter(round=application.round).exclude(status="closed").first()

    with django_capture_on_commit_callbacks(execute=True):
        ev.session_add_application(session=session, application=application, actor=bac_ninh_2020["tinh.bacninh"])

    statuses = [(b["application"]["from_status"], b["application"]["status"])
                for b in (json.loads(r["body"]) for r in province.requests)]
    assert statuses == [("eligible", "in_session")]
