"""Writes of the webhooks: an office registers (or deactivates) an endpoint; a dossier's move
makes one delivery per endpoint that covers it; the task sends a delivery, attempt by attempt.

A delivery is signed: `X-OCOP-Signature: sha256=<hex>` is the HMAC-SHA256, with the endpoint's
secret, of `"<X-OCOP-Timestamp>.<body>"` (docs/api-webhooks.md)."""

import datetime
import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.core import access
from ocop_portal.core.models import AdministrativeUnit
from ocop_portal.core.state import audit, set_status

from . import selectors
from .models import URL_MAX_LENGTH, DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent

TIMEOUT = 10  # seconds an attempt waits for the receiver
MAX_ATTEMPTS = 8
FIRST_DELAY, MAX_DELAY = 30, 3600  # seconds before the first retry; no wait is longer than an hour
# How long an attempt in flight keeps its delivery to itself: more than the task's time limit.
CLAIM = datetime.timedelta(seconds=90)
USER_AGENT = "OCOP-Portal-Webhooks/1"


class WebhookError(ValidationError):
    """A rule of the webhooks refused the action; the message is meant for the user."""


# --- Endpoints ----------------------------------------------------------------------------------


def url_problem(url):
    """Why `url` may not receive webhooks (None when it may): http(s) only, plain http only when
    `WEBHOOKS_ALLOW_HTTP`, no user name or password in it, at most 500 characters."""
    if len(url) > URL_MAX_LENGTH:
        return _("Địa chỉ dài quá %(max)s ký tự.") % {"max": URL_MAX_LENGTH}
    try:
        parts = urlsplit(url)
        has_credentials = parts.username is not None or parts.password is not None
        valid_port = parts.port is None or 0 < parts.port < 65536  # a port that is not a number raises ValueError
    except ValueError:
        valid_port = False
    if not valid_port:
        return _("Địa chỉ không hợp lệ.")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return _("Địa chỉ phải bắt đầu bằng https:// và có tên máy chủ.")
    if parts.scheme == "http" and not settings.WEBHOOKS_ALLOW_HTTP:
        return _("Chỉ nhận địa chỉ https://: nội dung gửi đi phải được mã hóa trên đường truyền.")
    if has_credentials:
        return _("Không ghi tên đăng nhập hay mật khẩu trong địa chỉ: hãy xác minh chữ ký của từng lần gửi.")
    return None


def _unit_for(user, code):
    """The unit of `code` inside the user's territory (today's unit when the code was used on both
    maps). Unknown and outside answer alike, so that the answer reveals nothing."""
    units = [unit for unit in AdministrativeUnit.objects.filter(code=(code or "").strip()).order_by("-valid_from")
             if user.is_superuser or access.covers(user, unit)]
    today = timezone.localdate()
    current = [u for u in units if (u.valid_from is None or u.valid_from <= today) and (u.valid_until is None or u.valid_until >= today)]
    if not (current or units):
        raise WebhookError({"unit": _("Không có đơn vị mang mã “%(code)s” trong địa bàn bạn phụ trách.") % {"code": code}},
                           code="unit_outside")
    return (current or units)[0]


@transaction.atomic
def webhook_endpoint_create(*, actor, unit_code, url, description=""):
    """Register `url` for the office of `unit_code` (a unit inside the actor's territory). Makes
    the endpoint with a new random secret and audits it. Returns (endpoint, secret): the secret is
    shown once, to the caller, and signs every delivery."""
    unit = _unit_for(actor, unit_code)
    url = (url or "").strip()
    problem = url_problem(url)
    if problem:
        raise WebhookError({"url": problem}, code="url_refused")
    endpoint = WebhookEndpoint(unit=unit, url=url, description=(description or "").strip(), created_by=actor,
                               secret=secrets.token_hex(32))
    endpoint.full_clean()
    endpoint.save()
    audit(endpoint, action="webhook_create", actor=actor, note=url[:200])
    return endpoint, endpoint.secret


@transaction.atomic
def webhook_endpoint_deactivate(*, endpoint, actor):
    """Stop sending to `endpoint` (its log stays). Deliveries still waiting are given up when their
    next attempt comes. Deactivating twice changes nothing."""
    locked = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    if locked.active:
        locked.active = False
        locked.save(update_fields=["active"])
        audit(locked, action="webhook_deactivate", actor=actor)
    endpoint.active = False
    return locked


# --- Deliveries ---------------------------------------------------------------------------------


def application_payload(*, application, from_status, delivery_id, occurred_at):
    """What an office is told of a move: the dossier, its product, producer and round, and the
    two statuses. No personal data (no representative, phone, identity numbers)."""
    product, round_ = application.product, application.round
    return {
        "event": WebhookEvent.APPLICATION_STATUS_CHANGED.value,
        "delivery_id": delivery_id,
        "occurred_at": timezone.localtime(occurred_at).isoformat(),
        "application": {
            "id": application.pk,
            "receipt_number": application.receipt_number,
            "status": str(application.status),
            "from_status": str(from_status),
            "product": {"id": product.pk, "name": product.name},
            "producer": {"id": product.producer_id, "name": product.producer.name},
            "round": {"id": round_.pk, "year": round_.year},
        },
    }


def on_application_status_changed(*, application, from_status, to_status, actor=None):
    """The hook's handler (registered in `WebhooksConfig.ready`), inside the move's transaction:
    one pending delivery per active endpoint whose territory holds the dossier's producer, each
    enqueued once the move commits."""
    if not selectors.any_active_endpoint():
        return []
    endpoints = selectors.endpoints_covering(application.product.producer.unit)
    if not endpoints:
        return []
    occurred_at = timezone.now()
    deliveries = []
    for endpoint in endpoints:
        delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=WebhookEvent.APPLICATION_STATUS_CHANGED,
                                                  application_id=application.pk)
        delivery.payload = application_payload(application=application, from_status=from_status, delivery_id=delivery.pk,
                                               occurred_at=occurred_at)
        delivery.save(update_fields=["payload"])
        deliveries.append(delivery)
    _enqueue([d.pk for d in deliveries])
    return deliveries


def _enqueue(delivery_ids):
    from . import tasks

    def send():
        for delivery_id in delivery_ids:
            tasks.deliver_webhook.delay(delivery_id=delivery_id)

    # robust: a broker that is away must not turn the committed move into an error page.
    transaction.on_commit(send, robust=True)


def body_of(delivery):
    """The exact bytes sent (and signed): the stored payload as compact UTF-8 JSON."""
    return json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def signature(secret, timestamp, body):
    """`sha256=<hex>` of HMAC-SHA256(secret, "<timestamp>.<body>")."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer like any other that is not 2xx: the payload is not sent elsewhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _post(delivery):
    """One attempt: POST the signed body. Returns (HTTP status or None, error text)."""
    body, timestamp = body_of(delivery), str(int(time.time()))
    request = urllib.request.Request(delivery.endpoint.url, data=body, method="POST", headers={
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-OCOP-Event": delivery.event,
        "X-OCOP-Delivery": str(delivery.pk),
        "X-OCOP-Timestamp": timestamp,
        "X-OCOP-Signature": signature(delivery.endpoint.secret, timestamp, body),
    })
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=TIMEOUT) as response:
            response.read(1024)
            return response.status, ""
    except urllib.error.HTTPError as exc:
        exc.close()
        return exc.code, _("Máy nhận trả lời HTTP %(code)s.") % {"code": exc.code}
    except Exception as exc:  # refused, timed out, TLS, a malformed answer, the time limit: recorded and retried
        reason = getattr(exc, "reason", None) or exc
        return None, _("Không gửi được: %(reason)s") % {"reason": str(reason)[:300] or type(exc).__name__}


def retry_countdown(attempts):
    """Seconds to wait after `attempts` failed attempts: 30 s, 1 min, 2 min, … at most an hour."""
    return min(FIRST_DELAY * 2 ** (attempts - 1), MAX_DELAY)


def _claim(delivery_id, attempt, now):
    """The delivery, kept for this attempt, or None when there is nothing to do: gone, no longer
    pending, already past this attempt (a duplicated or redelivered message), or in flight in
    another worker. An endpoint deactivated since is given up here."""
    with transaction.atomic():
        delivery = (WebhookDelivery.objects.select_for_update(of=("self",)).select_related("endpoint")
                    .filter(pk=delivery_id).first())
        if (delivery is None or delivery.status != DeliveryStatus.PENDING or delivery.attempts != attempt - 1
                or (delivery.claimed_until is not None and delivery.claimed_until > now)):
            return None
        if not delivery.endpoint.active:
            delivery.last_error, delivery.next_attempt_at = _("Điểm nhận đã bị tắt: không gửi nữa."), None
            set_status(delivery, DeliveryStatus.FAILED, extra_fields=["last_error", "next_attempt_at"], note="inactive")
            return None
        delivery.claimed_until = now + CLAIM
        delivery.save(update_fields=["claimed_until"])
    return delivery


@transaction.atomic
def _record(delivery, attempt, status_code, error, *, give_up, now):
    locked = WebhookDelivery.objects.select_for_update().filter(pk=delivery.pk).first()
    if locked is None or locked.status != DeliveryStatus.PENDING or locked.attempts != attempt - 1:
        return locked
    locked.attempts, locked.last_status_code, locked.last_error, locked.claimed_until = attempt, status_code, error, None
    fields = ["attempts", "last_status_code", "last_error", "claimed_until", "next_attempt_at"]
    if status_code is not None and 200 <= status_code < 300:
        locked.delivered_at, locked.next_attempt_at = now, None
        set_status(locked, DeliveryStatus.DELIVERED, extra_fields=[*fields, "delivered_at"])
    elif give_up or attempt >= MAX_ATTEMPTS:
        locked.next_attempt_at = None
        set_status(locked, DeliveryStatus.FAILED, extra_fields=fields, note=error[:200])
    else:
        locked.next_attempt_at = now + datetime.timedelta(seconds=retry_countdown(attempt))
        locked.save(update_fields=fields)
    return locked


def webhook_delivery_attempt(*, delivery_id, attempt):
    """Make attempt number `attempt` (1, 2, …) of a delivery: keep the row for this attempt (or
    return None when another message or worker has it, or it is settled), POST it outside any
    transaction, then record the outcome: 2xx → delivered; otherwise the status or error is kept
    and the delivery waits for its next attempt (`next_attempt_at`), or fails after the last one,
    or at once when the endpoint's URL is no longer accepted. Returns the delivery."""
    delivery = _claim(delivery_id, attempt, timezone.now())
    if delivery is None:
        return None
    problem = url_problem(delivery.endpoint.url)
    status_code, error = (None, problem) if problem else _post(delivery)
    return _record(delivery, attempt, status_code, error, give_up=bool(problem), now=timezone.now())
