from django.urls import path

from . import views

app_name = "rewards"
urlpatterns = [
    path("", views.payout_list, name="payout-list"),
    path("decisions/<int:pk>/", views.decision_entitlements, name="decision"),
    path("decisions/<int:pk>/compute/", views.decision_compute, name="decision-compute"),
    path("propose/", views.batch_propose, name="batch-propose"),
    path("batches/<int:pk>/", views.batch_detail, name="batch-detail"),
    path("batches/<int:pk>/approve/", views.batch_approve, name="batch-approve"),
    path("batches/<int:pk>/pay/", views.batch_pay, name="batch-pay"),
    path("payouts/<int:pk>/reverse/", views.payout_reverse, name="payout-reverse"),
    path("schedules/", views.schedule_list, name="schedule-list"),
    path("schedules/new/", views.schedule_create, name="schedule-create"),
]
