"""Thin tasks: take ids, re-fetch, call one service."""

from celery import shared_task
from django.contrib.auth import get_user_model

from .models import CouncilSession
from .services import session_close


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=5)
def session_close_task(self, *, session_id, actor_id=None):
    """Close a session in the background (many products → many results). Quietly does nothing if
    the session is gone or already closed, so a retried or duplicated message is harmless."""
    session = CouncilSession.objects.filter(pk=session_id, status="open").first()
    if session is None:
        return None
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    session_close(session=session, actor=actor)
    return session.results.count()


@shared_task(bind=True, acks_late=True, max_retries=5, default_retry_delay=30, retry_backoff=True)
def application_status_email(self, *, application_id, status):
    """Tell the producer's users (and the producer's own address) where their dossier stands, each
    in their language. Does nothing when the dossier has moved on since (a later email follows)."""
    from .notifications import send_status_email

    try:
        return send_status_email(application_id=application_id, status=status)
    except OSError as exc:  # the mail server is away: try again later
        raise self.retry(exc=exc) from exc
