"""The producer's account pages: sign-up and email verification, the profile, its people, its
leaders' training, and the local office's confirmation of new producers."""

from django.urls import path

from . import views

app_name = "producers"
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/check-email/", views.check_email, name="check-email"),
    path("signup/resend/", views.resend, name="resend"),
    path("verify/<str:token>/", views.verify, name="verify"),
    path("new/", views.producer_create, name="create"),
    path("communes/", views.communes, name="communes"),
    path("pending/", views.pending, name="pending"),
    path("<int:pk>/", views.producer_detail, name="detail"),
    path("<int:pk>/edit/", views.producer_edit, name="edit"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/members/", views.members, name="members"),
    path("<int:pk>/training/", views.training, name="training"),
    # a membership's and a training record's own ids: the producer is theirs
    path("members/<int:pk>/role/", views.member_role, name="member-role"),
    path("members/<int:pk>/remove/", views.member_remove, name="member-remove"),
    path("training/<int:pk>/delete/", views.training_delete, name="training-delete"),
]
