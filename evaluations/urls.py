from django.urls import path

from . import views, views_certificates, views_intake, views_issuing, views_public, views_setup

app_name = "evaluations"
urlpatterns = [
    path("rounds/", views_setup.round_list, name="round-list"),
    path("rounds/<int:pk>/", views_setup.round_detail, name="round-detail"),
    path("rounds/<int:pk>/sessions/new/", views_setup.session_create, name="session-create"),
    path("sessions/<int:pk>/setup/", views_setup.session_setup, name="session-setup"),
    path("sessions/", views.session_list, name="session-list"),
    path("sessions/<int:pk>/", views.session_detail, name="session-detail"),
    path("sessions/<int:pk>/products/<int:application_pk>/", views.scorecard_page, name="scorecard"),
    path("sessions/<int:pk>/products/<int:application_pk>/choose/", views.scorecard_choose, name="scorecard-choose"),
    path("sessions/<int:pk>/products/<int:application_pk>/submit/", views.scorecard_submit, name="scorecard-submit"),
    path("sessions/<int:pk>/products/<int:application_pk>/conflict/", views.conflict_declare, name="conflict-declare"),
    path("sessions/<int:pk>/products/<int:application_pk>/stop/", views.scorecard_stop, name="scorecard-stop"),
    path("sessions/<int:pk>/board/", views.session_board, name="session-board"),
    path("sessions/<int:pk>/open/", views.session_open, name="session-open"),
    path("sessions/<int:pk>/close/", views.session_close, name="session-close"),
    path("sessions/<int:pk>/results/", views.session_results, name="session-results"),
    path("sessions/<int:pk>/products/<int:application_pk>/reopen/", views.application_reopen, name="application-reopen"),
    path("sessions/<int:pk>/products/<int:application_pk>/keep/", views.spread_keep, name="spread-keep"),
    path("sessions/<int:pk>/products/<int:application_pk>/case/", views.application_case, name="application-case"),
]

# The local office's pre-check and the province's intake.
urlpatterns += [
    path("intake/queue/", views_intake.precheck_queue, name="precheck-queue"),
    path("intake/province/", views_intake.intake, name="intake"),
    path("intake/dossiers/<int:pk>/", views_intake.dossier_detail, name="dossier-detail"),
    path("intake/dossiers/<int:pk>/forward/", views_intake.dossier_forward, name="dossier-forward"),
    path("intake/dossiers/<int:pk>/return/", views_intake.dossier_return, name="dossier-return"),
    path("intake/dossiers/<int:pk>/eligibility/", views_intake.dossier_eligibility, name="dossier-eligibility"),
    path("intake/dossiers/<int:pk>/precheck/", views_intake.dossier_precheck, name="dossier-precheck"),
    path("intake/dossiers/<int:pk>/completion/", views_intake.dossier_completion, name="dossier-completion"),
    path("intake/dossiers/<int:pk>/advisory/", views_intake.advisory_add, name="advisory-add"),
    path("intake/dossiers/<int:pk>/advisory/<int:request_pk>/outcome/", views_intake.advisory_outcome, name="advisory-outcome"),
    path("intake/dossiers/<int:pk>/carry-over/", views_intake.dossier_carry_over, name="dossier-carry-over"),
    path("intake/dossiers/<int:pk>/versions/", views_intake.dossier_versions, name="dossier-versions"),
    path("intake/calendar/", views_intake.working_days, name="working-days"),
    path("intake/calendar/<int:pk>/delete/", views_intake.working_day_delete, name="working-day-delete"),
]

# Issuing decisions, referrals to the ministry
urlpatterns += [
    path("issuing/rounds/<int:pk>/decisions/", views_issuing.decision_list, name="decision-list"),
    path("issuing/sessions/<int:pk>/prepare/", views_issuing.decision_prepare, name="decision-prepare"),
    path("issuing/decisions/<int:pk>/", views_issuing.decision_detail, name="decision-detail"),
    path("issuing/decisions/<int:pk>/edit/", views_issuing.decision_edit, name="decision-edit"),
    path("issuing/decisions/<int:pk>/issue/", views_issuing.decision_issue, name="decision-issue"),
    path("issuing/decisions/<int:pk>/progress/", views_issuing.decision_progress, name="decision-progress"),
    path("issuing/rounds/<int:pk>/referrals/", views_issuing.referral_list, name="referral-list"),
    path("issuing/referrals/<int:pk>/", views_issuing.referral_detail, name="referral-detail"),
    path("issuing/referrals/<int:pk>/answer/", views_issuing.ministry_answer, name="ministry-answer"),
    path("issuing/referrals/<int:pk>/recognise/", views_issuing.referral_recognise, name="referral-recognise"),
]

# Public: the form to type a certificate's code (no login; the navigation links it for visitors).
urlpatterns += [
    path("certificates/verify/", views_public.certificate_lookup, name="certificate-lookup"),
]

# A certificate's page (its state, PDF versions) and its revocation by the province.
urlpatterns += [
    path("certificates/<int:pk>/", views_certificates.certificate_detail, name="certificate-detail"),
    path("certificates/<int:pk>/revoke/", views_certificates.certificate_revoke_view, name="certificate-revoke"),
]
