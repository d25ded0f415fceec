"""Predicates of the evaluations app: who may act on rounds, dossiers, scorecards and sessions."""

import rules

from ocop_portal.core import access
from ocop_portal.core.models import Role
from ocop_portal.core.rules import is_superuser
from producers.rules import acts_for_producer, local_office_of_producer

from . import selectors
from .models import MemberRole


def _province_role(user, unit, *roles):
    return access.covers(user, unit, roles)


@rules.predicate
def works_for_round_province(user, round):
    """Provincial staff of the round's province (or the province that replaced it)."""
    return round is not None and _province_role(user, round.province, Role.PROVINCIAL_STAFF)


@rules.predicate
def producer_of_application(user, application):
    return application is not None and acts_for_producer(user, application.product.producer)


@rules.predicate
def office_preparing_application(user, application):
    """The local office over the producer, for a dossier it registered on the producer's behalf."""
    return (application is not None and application.prepared_by_office
            and local_office_of_producer(user, application.product.producer))


# Who fills a dossier in (registration, self-assessment, evidence, handing in).
can_prepare_dossier = producer_of_application | office_preparing_application


@rules.predicate
def local_officer_of_application(user, application):
    return application is not None and access.covers(user, application.product.producer.unit, (Role.LOCAL_OFFICER,))


@rules.predicate
def provincial_staff_of_application(user, application):
    return application is not None and works_for_round_province(user, application.round)


@rules.predicate
def voting_seat_for_application(user, application):
    """A voting seat on the council of the session the dossier is in."""
    if application is None or application.session_id is None:
        return False
    seat = selectors.seat_on(user, application.session.council_id)
    return bool(seat and seat.voting)


@rules.predicate
def chairs_session(user, session):
    seat = session is not None and selectors.seat_on(user, session.council_id)
    return bool(seat and seat.role == MemberRole.CHAIR)


def _chair_conflicted(session, application=None):
    from .models import ConflictOfInterest

    conflicts = ConflictOfInterest.objects.filter(member__council_id=session.council_id, member__role=MemberRole.CHAIR)
    return conflicts.filter(application=application).exists() if application is not None else conflicts.filter(
        application__session=session).exists()


@rules.predicate
def keeps_the_board(user, session):
    """The chair and the secretary follow the session's board (totals before the close); the
    vice-chair too when they preside over a product the chair is conflicted on."""
    seat = session is not None and selectors.seat_on(user, session.council_id)
    if not seat:
        return False
    if seat.role in (MemberRole.CHAIR, MemberRole.SECRETARY):
        return True
    return seat.role == MemberRole.VICE_CHAIR and _chair_conflicted(session)


@rules.predicate
def presides_over(user, application):
    """The chair presides over a product; the vice-chair when the chair is conflicted on it."""
    if application is None or application.session_id is None:
        return False
    seat = selectors.seat_on(user, application.session.council_id)
    if not seat:
        return False
    if seat.role == MemberRole.CHAIR:
        return not _chair_conflicted(application.session, application)
    return seat.role == MemberRole.VICE_CHAIR and _chair_conflicted(application.session, application)


@rules.predicate
def provincial_staff_of_session(user, session):
    return session is not None and _province_role(user, session.council.province, Role.PROVINCIAL_STAFF)


can_submit_application = is_superuser | producer_of_application
can_forward_application = is_superuser | local_officer_of_application
can_return_application = can_forward_application
can_decide_eligibility = is_superuser | provincial_staff_of_application
can_manage_round = is_superuser | works_for_round_province
can_issue_decision = can_manage_round
can_score = voting_seat_for_application
can_manage_session = is_superuser | provincial_staff_of_session
can_close_session = is_superuser | chairs_session
can_see_board = keeps_the_board
can_open_session = chairs_session | provincial_staff_of_session
can_record_precheck = can_forward_application
can_return_for_completion = can_decide_eligibility  # the province, or its advisory team (its staff)
can_advise = can_decide_eligibility
can_carry_over = is_superuser | producer_of_application | provincial_staff_of_application
can_reopen_scorecard = is_superuser | rules.predicate(lambda user, card: chairs_session(user, card.session if card else None))

rules.add_perm("evaluations.submit_application", can_submit_application)
rules.add_perm("evaluations.forward_application", can_forward_application)
rules.add_perm("evaluations.return_application", can_return_application)
rules.add_perm("evaluations.decide_eligibility", can_decide_eligibility)
rules.add_perm("evaluations.manage_round", can_manage_round)
rules.add_perm("evaluations.issue_decision", can_issue_decision)
rules.add_perm("evaluations.score_application", can_score)
rules.add_perm("evaluations.manage_session", can_manage_session)
rules.add_perm("evaluations.close_session", can_close_session)
rules.add_perm("evaluations.reopen_scorecard", can_reopen_scorecard)


@rules.predicate
def provincial_staff_of_province(user, province):
    """Provincial staff of `province` (or of the province that replaced it)."""
    return province is not None and _province_role(user, province, Role.PROVINCIAL_STAFF)


# A province's own calendar of days off and made-up working days (deadlines in working days).
can_manage_working_days = is_superuser | provincial_staff_of_province
rules.add_perm("evaluations.manage_working_days", can_manage_working_days)


# --- Dashboard: the province's staff enter progress towards the targets the portal cannot count --

can_record_target_progress = is_superuser | rules.predicate(
    lambda user, target: provincial_staff_of_province(user, target.province if target else None))
rules.add_perm("evaluations.record_target_progress", can_record_target_progress)
