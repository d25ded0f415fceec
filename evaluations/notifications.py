"""The emails a producer gets when its dossier changes state: one per language of its users,
rendered with that language active; plain text with a link to the dossier."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Application
from .status_texts import NEXT_STEP


def recipients(application):
    """{language: [addresses]} of the producer's active users with an email, and the producer's
    own address (in Vietnamese) when no user has it."""
    producer = application.product.producer
    by_language = {}
    seen = set()
    for membership in producer.memberships.select_related("user").filter(user__is_active=True).exclude(user__email=""):
        address = membership.user.email.lower()
        if address not in seen:
            seen.add(address)
            by_language.setdefault(membership.user.language or settings.LANGUAGE_CODE, []).append(membership.user.email)
    if producer.email and producer.email.lower() not in seen:
        by_language.setdefault(settings.LANGUAGE_CODE, []).append(producer.email)
    return by_language


def send_status_email(*, application_id, status):
    application = (Application.objects.select_related("product__producer", "round").filter(pk=application_id, status=status)
                   .first())
    if application is None:
        return 0
    messages = []
    for language, addresses in recipients(application).items():
        with translation.override(language):
            context = {
                "application": application, "status": application.get_status_display(),
                "next_step": NEXT_STEP.get(application.status, ""),
                "url": settings.PORTAL_BASE_URL + reverse("producer-home"),
            }
            subject = render_to_string("evaluations/email/status_subject.txt", context).strip()
            body = render_to_string("evaluations/email/status_body.txt", context)
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, addresses))
    return send_mass_mail(messages, fail_silently=False)
