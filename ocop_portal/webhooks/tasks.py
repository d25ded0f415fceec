"""Thin tasks of the webhooks: take ids, re-fetch, call one service."""

from celery import shared_task

from .models import DeliveryStatus
from .services import MAX_ATTEMPTS, retry_countdown, webhook_delivery_attempt


@shared_task(bind=True, acks_late=True, max_retries=MAX_ATTEMPTS - 1, soft_time_limit=30, time_limit=45)
def deliver_webhook(self, *, delivery_id):
    """Send one delivery; retried with backoff (30 s, 1 min, 2 min, … at most an hour) until it is
    delivered or its eighth attempt fails. The attempt number is the message's retry count, so a
    duplicated or redelivered message for an attempt already made (or a delivery gone, delivered,
    failed) does nothing."""
    delivery = webhook_delivery_attempt(delivery_id=delivery_id, attempt=self.request.retries + 1)
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return delivery.status if delivery else None
    countdown = retry_countdown(delivery.attempts)
    if self.request.is_eager:
        # apply() runs a returned retry at once (no broker, no wait): the tests and the embedded
        # default see every attempt synchronously. Raising it would propagate (eager_propagates).
        return self.retry(countdown=countdown, throw=False)
    raise self.retry(countdown=countdown)
