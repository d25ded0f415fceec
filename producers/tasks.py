"""Thin tasks: take ids, re-fetch, call one service."""

from celery import shared_task
from django.contrib.auth import get_user_model
from django.utils import translation

from .services import verification_email_deliver


@shared_task(bind=True, acks_late=True, max_retries=5, default_retry_delay=30, retry_backoff=True)
def verification_email_task(self, *, user_id, language):
    """Send the sign-up verification link, in the language the user signed up (or asked again)
    in. Does nothing for an account that is gone or already active."""
    user = get_user_model().objects.filter(pk=user_id, is_active=False).first()
    if user is None:
        return 0
    try:
        with translation.override(language):
            return verification_email_deliver(user=user)
    except OSError as exc:  # the mail server is away: try again later
        raise self.retry(exc=exc) from exc
