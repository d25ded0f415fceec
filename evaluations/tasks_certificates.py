"""The certificates' daily job (Celery beat, 01:00 Asia/Ho_Chi_Minh: `ocop_portal/celery.py`) and
the notice emails it enqueues. Thin: each calls one service."""

import datetime

from celery import shared_task


@shared_task(bind=True, acks_late=True, soft_time_limit=600, time_limit=660)
def certificates_daily(self, *, day=None):
    """Expire the certificates that ran out and send the notices due (`day`: ISO date, today by
    default). Safe to run twice a day or after missed days: nothing is expired or sent twice."""
    from .services_certificates import certificates_daily_run

    return certificates_daily_run(today=datetime.date.fromisoformat(day) if day else None)


@shared_task(bind=True, acks_late=True, max_retries=5, default_retry_delay=30, retry_backoff=True)
def certificate_notice_email(self, *, notice_id):
    """Email one certificate notice to the producer, each user in their language."""
    from .services_certificates import certificate_notice_email_send

    try:
        return certificate_notice_email_send(notice_id=notice_id)
    except OSError as exc:  # the mail server is away: try again later
        raise self.retry(exc=exc) from exc
