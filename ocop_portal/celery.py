import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_portal.settings")

app = Celery("ocop_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(related_name="tasks_certificates")

# Celery beat (`celery -A ocop_portal beat`); times are in CELERY_TIMEZONE (Asia/Ho_Chi_Minh).
app.conf.beat_schedule = {
    "certificates-daily": {
        "task": "evaluations.tasks_certificates.certificates_daily",
        "schedule": crontab(hour=1, minute=0),
    },
}
