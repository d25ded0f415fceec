from django.urls import path

from . import views

app_name = "evaluations"
urlpatterns = [
    path("sessions/", views.session_list, name="session-list"),
    path("sessions/<int:pk>/", views.session_detail, name="session-detail"),
    path("sessions/<int:pk>/products/<int:application_pk>/", views.scorecard_page, name="scorecard"),
    path("sessions/<int:pk>/products/<int:application_pk>/choose/", views.scorecard_choose, name="scorecard-choose"),
    path("sessions/<int:pk>/products/<int:application_pk>/submit/", views.scorecard_submit, name="scorecard-submit"),
    path("sessions/<int:pk>/products/<int:application_pk>/conflict/", views.conflict_declare, name="conflict-declare"),
]
