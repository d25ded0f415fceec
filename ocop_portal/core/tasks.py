"""Thin tasks of the core: take ids, re-fetch, call one service."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from .models import Document


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=5, soft_time_limit=120, time_limit=150)
def render_document(self, *, document_id):
    """Render one document. Retries with backoff (5 s, 10 s, 20 s); after the last try the document
    is marked failed with the reason, and staff may retry it from its page. A duplicated or
    redelivered message finds it ready and does nothing."""
    from .documents import document_fail, document_render

    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return None
    try:
        rendered = document_render(document=document)
    except (Exception, SoftTimeLimitExceeded) as exc:  # any failure is retried, then shown
        # In eager mode (no broker) a retry would run at once inside the request: fail instead.
        if self.request.is_eager or self.request.retries >= self.max_retries:
            document_fail(document=document, error=exc)
            return None
        raise self.retry(exc=exc, countdown=5 * 2 ** self.request.retries) from exc
    return rendered.status if rendered else None
