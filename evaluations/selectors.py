"""Reads of the evaluations app: which rounds, councils, sessions, dossiers, scorecards, results,
decisions and certificates a user may see. Pages, API, exports and the admin all start here."""

from fractions import Fraction

from django.db.models import Q

from ocop_portal.core import access
from ocop_portal.core.models import UNIT_ROLES, Role
from producers.selectors import producer_ids_of

from .models import (
    Application,
    ApplicationStatus,
    Certificate,
    Council,
    CouncilMember,
    CouncilSession,
    Criterion,
    EvaluationRound,
    Option,
    ProgrammeTarget,
    RecognitionDecision,
    RegulationVersion,
    Result,
    Scorecard,
    ScorecardChoice,
    ScoringSheet,
    SheetPart,
    SheetSection,
)

# Roles that work for the province as a whole (rounds, councils, decisions, targets).
PROVINCE_ROLES = (Role.PROVINCIAL_STAFF, Role.APPROVER, Role.FINANCE)


def seats_of(user):
    """The user's council seats (cached for the request)."""
    if not access.is_authenticated(user):
        return []
    cache = access._cache(user)
    if "seats" not in cache:
        cache["seats"] = list(CouncilMember.objects.filter(user=user).select_related("council"))
    return cache["seats"]


def seat_on(user, council_id):
    return next((s for s in seats_of(user) if s.council_id == council_id), None)


def holds_a_seat(user):
    return bool(seats_of(user))


def _seat_council_ids(user):
    return {s.council_id for s in seats_of(user)}


def _in_provinces(user, field, roles=UNIT_ROLES):
    """Rows whose `field` is a province the user's territory lies in (any territory role)."""
    ids = access.province_ids(user, roles)
    return Q(**{f"{field}__in": ids}) if ids else access.NOTHING


def _ids(field, ids):
    return Q(**{f"{field}__in": ids}) if ids else access.NOTHING


def _start(qs, user):
    """(queryset, done): nothing for anonymous users, everything for superusers."""
    if not access.is_authenticated(user):
        return qs.none(), True
    if user.is_superuser:
        return qs, True
    return qs, False


# --- Reference data: the regulations and their sheets are public ---------------------------------


def regulations_visible_to(user):
    return RegulationVersion.objects.all()


def sheets_visible_to(user):
    return ScoringSheet.objects.all()


def sheet_parts_visible_to(user):
    return SheetPart.objects.all()


def sheet_sections_visible_to(user):
    return SheetSection.objects.all()


def criteria_visible_to(user):
    return Criterion.objects.all()


def options_visible_to(user):
    return Option.objects.all()


# --- Rounds, councils, sessions -------------------------------------------------------------


def rounds_visible_to(user):
    """Rounds of the provinces the user works in or produces in, and of the councils they sit on."""
    qs, done = _start(EvaluationRound.objects.all(), user)
    if done:
        return qs
    producer_provinces = _producer_province_ids(user)
    return qs.filter(_in_provinces(user, "province") | _ids("province_id", producer_provinces)
                     | _ids("sessions__council_id", _seat_council_ids(user))).distinct()


def _producer_province_ids(user):
    from producers.models import Producer

    ids = producer_ids_of(user)
    if not ids:
        return set()
    return {int(path.strip("/").split("/")[0]) for path in Producer.objects.filter(pk__in=ids).values_list("unit__path", flat=True)}


def councils_visible_to(user):
    qs, done = _start(Council.objects.all(), user)
    if done:
        return qs
    return qs.filter(_in_provinces(user, "province") | _ids("pk", _seat_council_ids(user)))


def council_members_visible_to(user):
    return CouncilMember.objects.filter(council__in=councils_visible_to(user))


def sessions_visible_to(user):
    qs, done = _start(CouncilSession.objects.all(), user)
    if done:
        return qs
    return qs.filter(_in_provinces(user, "council__province") | _ids("council_id", _seat_council_ids(user)))


def targets_visible_to(user):
    qs, done = _start(ProgrammeTarget.objects.all(), user)
    if done:
        return qs
    return qs.filter(_in_provinces(user, "province"))


# --- Dossiers and scoring -----------------------------------------------------------------------


# The offices see a dossier once it is submitted, and the drafts they prepare for a producer.
OFFICE_SEES = ~Q(status=ApplicationStatus.DRAFT) | Q(prepared_by_office=True)


def applications_visible_to(user):
    """A producer's users see all its dossiers; local and provincial officers those of their
    territory once submitted (a draft is the producer's own); council members those of their
    sessions."""
    qs, done = _start(Application.objects.all(), user)
    if done:
        return qs
    territory = access.territory_q(user, "product__producer__unit") & OFFICE_SEES
    return qs.filter(territory | _ids("product__producer_id", producer_ids_of(user))
                     | _ids("session__council_id", _seat_council_ids(user)))


def scorecards_visible_to(user):
    """Independence: a member sees their own sheets; another member's sheet for a product only
    once the session is closed, or once their own sheet for that product is handed in when the
    round allows it; the chair and the secretary follow every sheet of their sessions live; the
    province's staff see their province's sheets."""
    from .models import MemberRole, ScoresVisible

    qs, done = _start(Scorecard.objects.all(), user)
    if done:
        return qs
    seats = seats_of(user)
    own = _ids("member_id", {s.pk for s in seats})
    closed = _ids("session__council_id", {s.council_id for s in seats}) & Q(session__status="closed")
    presiding = _ids("session__council_id", {s.council_id for s in seats if s.role in (MemberRole.CHAIR, MemberRole.SECRETARY)})
    after_own = access.NOTHING
    if seats:
        handed_in = Scorecard.objects.filter(member__in=[s.pk for s in seats], status="submitted",
                                             session__round__scores_visible=ScoresVisible.AFTER_OWN_SUBMIT)
        after_own = Q(pk__in=Scorecard.objects.filter(
            application__in=handed_in.values("application"), session__in=handed_in.values("session")).values("pk"))
    return qs.filter(_in_provinces(user, "session__council__province", (Role.PROVINCIAL_STAFF,)) | own | closed | presiding
                     | after_own)


def scorecard_choices_visible_to(user):
    return ScorecardChoice.objects.filter(scorecard__in=scorecards_visible_to(user))


def results_visible_to(user):
    """Frozen results (closed sessions): the province's staff, approvers and finance; local
    officers for their territory; producers their own; council members their sessions'."""
    qs, done = _start(Result.objects.all(), user)
    if done:
        return qs
    closed = Q(session__status="closed")
    return qs.filter(closed & (
        _in_provinces(user, "session__council__province", PROVINCE_ROLES)
        | access.territory_q(user, "application__product__producer__unit")
        | _ids("application__product__producer_id", producer_ids_of(user))
        | _ids("session__council_id", _seat_council_ids(user))
    ))


def decisions_visible_to(user):
    qs, done = _start(RecognitionDecision.objects.all(), user)
    if done:
        return qs
    return qs.filter(_in_provinces(user, "province")
                     | _ids("certificates__result__application__product__producer_id", producer_ids_of(user))).distinct()


def certificates_visible_to(user):
    """The portal's lists of certificates; the public checks one certificate by its code."""
    qs, done = _start(Certificate.objects.all(), user)
    if done:
        return qs
    return qs.filter(result__in=results_visible_to(user))


def conflicts_visible_to(user):
    """The province's staff, the member concerned, and the chair and secretary of the council."""
    from .models import ConflictOfInterest, MemberRole

    qs, done = _start(ConflictOfInterest.objects.all(), user)
    if done:
        return qs
    seats = seats_of(user)
    presiding = {s.council_id for s in seats if s.role in (MemberRole.CHAIR, MemberRole.SECRETARY)}
    return qs.filter(_in_provinces(user, "member__council__province", (Role.PROVINCIAL_STAFF,))
                     | _ids("member_id", {s.pk for s in seats}) | _ids("member__council_id", presiding))


# --- The member's work and the chair's board ----------------------------------------------------


def member_sessions(user):
    """(session, seat) for every session of a council the user sits on, newest first."""
    seats = {s.council_id: s for s in seats_of(user)}
    if not seats:
        return []
    sessions = (CouncilSession.objects.filter(council_id__in=seats).select_related("council", "round")
                .order_by("-starts_on", "-pk"))
    return [(session, seats[session.council_id]) for session in sessions]


def member_session_progress(user):
    """[(session, seat, assigned, handed in)] for each session of the user's councils, in a fixed
    number of queries: dossiers of the session the seat is not conflicted on, sheets handed in."""
    from django.db.models import Count

    from .models import ConflictOfInterest

    rows = member_sessions(user)
    if not rows:
        return []
    seats = [seat.pk for _session, seat in rows]
    sessions = [session.pk for session, _seat in rows]
    assigned = dict(Application.objects.filter(session__in=sessions).values_list("session").annotate(n=Count("pk")).order_by())
    conflicted = dict(ConflictOfInterest.objects.filter(member__in=seats, application__session__in=sessions)
                      .values_list("application__session").annotate(n=Count("pk")).order_by())
    handed_in = dict(Scorecard.objects.filter(member__in=seats, session__in=sessions, status="submitted")
                     .values_list("session").annotate(n=Count("pk")).order_by())
    return [(session, seat, assigned.get(session.pk, 0) - conflicted.get(session.pk, 0), handed_in.get(session.pk, 0))
            for session, seat in rows]


def session_for_seat_or_404(user, pk):
    """The session and the user's seat on its council; 404 for anyone without a seat there."""
    session = access.get_visible_or_404(CouncilSession.objects.select_related("council", "round__regulation"), pk=pk)
    seat = seat_on(user, session.council_id)
    if seat is None:
        from django.http import Http404

        raise Http404
    return session, seat


def member_applications(session, seat):
    """The session's dossiers this seat may see (conflicts excluded), with the seat's scorecard
    state: "not_started", "draft", "reopened" or "submitted", answered and applicable counts."""
    from django.db.models import Count

    from .models import ConflictOfInterest

    conflicted = ConflictOfInterest.objects.filter(member=seat).values("application_id")
    applications = list(session.applications.exclude(pk__in=conflicted)
                        .select_related("product__producer__unit", "product__product_set", "sheet")
                        .order_by("product__name", "pk"))
    cards = {c.application_id: c for c in Scorecard.objects.filter(session=session, member=seat)
             .annotate(answered=Count("choices"))}
    criteria = dict(Criterion.objects.filter(sheet__in={a.sheet_id for a in applications}).values_list("sheet_id")
                    .annotate(n=Count("pk")).order_by())
    rows = []
    for application in applications:
        card = cards.get(application.pk)
        rows.append({"application": application, "card": card, "state": card.status if card else "not_started",
                     "answered": card.answered if card else 0, "criteria": criteria.get(application.sheet_id, 0)})
    return rows


def sheet_for_page(sheet):
    """The sheet's parts → sections → criteria → options, in order, in four queries."""
    from django.db.models import Prefetch

    return list(sheet.parts.order_by("code").prefetch_related(
        Prefetch("sections", queryset=SheetSection.objects.order_by("position")),
        Prefetch("sections__criteria", queryset=Criterion.objects.select_related("applies_if").order_by("position", "pk")
                 .prefetch_related(Prefetch("options", queryset=Option.objects.order_by("position", "pk")))),
    ))


BORDERLINES = (50, 70, 90)


def session_board(session):
    """The chair's and the secretary's board: for each dossier, each voting member's sheet state
    and total, the spread and its flag, the mean of the sheets handed in and whether it lies within
    one point of a band's edge, and whether every sheet is in. Conflicted members show as such."""
    from .models import ConflictOfInterest

    voters = list(session.council.members.filter(voting=True).order_by("pk"))
    applications = list(session.applications.select_related("product__producer", "sheet", "session").order_by("product__name", "pk"))
    cards = {(c.application_id, c.member_id): c for c in Scorecard.objects.filter(session=session)}
    conflicts = set(ConflictOfInterest.objects.filter(application__session=session).values_list("application_id", "member_id"))
    limit = session.round.spread_limit
    case_sheets = set(Option.objects.filter(criterion__sheet_id__in={a.sheet_id for a in applications})
                      .exclude(alternative_group="").values_list("criterion__sheet_id", flat=True))
    rows = []
    for application in applications:
        cells, totals = [], []
        for member in voters:
            if (application.pk, member.pk) in conflicts:
                cells.append({"member": member, "state": "conflicted", "card": None})
                continue
            card = cards.get((application.pk, member.pk))
            cells.append({"member": member, "state": card.status if card else "not_started", "card": card})
            if card and card.status == "submitted":
                totals.append(card.total)
        expected = sum(1 for c in cells if c["state"] != "conflicted")
        mean = Fraction(sum(totals), len(totals)) if totals else None
        rows.append({
            "application": application, "cells": cells, "submitted": len(totals), "expected": expected,
            "all_in": len(totals) == expected and expected > 0,
            "spread": (max(totals) - min(totals)) if totals else None,
            "spread_flagged": bool(totals) and max(totals) - min(totals) > limit,
            "mean": round(float(mean), 2) if mean is not None else None,
            "borderline": mean is not None and any(abs(mean - edge) <= 1 for edge in BORDERLINES),
            "has_cases": application.sheet_id in case_sheets,
        })
    return {"voters": voters, "rows": rows}


def province_settings_visible_to(user):
    from .models import ProvinceSettings

    qs, done = _start(ProvinceSettings.objects.all(), user)
    if done:
        return qs
    return qs.filter(_in_provinces(user, "province", PROVINCE_ROLES))


# --- The local pre-check and the province's intake ------------------------------------------------


def working_day_overrides_visible_to(user):
    """A province's own calendar (nghỉ bù / làm bù): every territory role of the province reads it."""
    from .models import WorkingDayOverride

    qs, done = _start(WorkingDayOverride.objects.all(), user)
    if done:
        return qs
    return qs.filter(_in_provinces(user, "province"))


def precheck_deadlines(applications):
    """{application id: the last day of its local pre-check}: 15 working days after the day it was
    (last) submitted, by Vietnam's public holidays and its round's province's own calendar. One
    query for the provinces' calendars, none when no dossier has been submitted."""
    from django.utils import timezone

    from . import working_days
    from .models import WorkingDayOverride

    filed = {a.pk: (timezone.localdate(a.submitted_at), a.round.province_id) for a in applications if a.submitted_at}
    if not filed:
        return {}
    first = min(day for day, _p in filed.values())
    last = max(day for day, _p in filed.values())
    holidays_set, national_working = working_days.national_calendar(tuple(range(first.year, last.year + 2)))
    calendars = {}
    for province_id, day, is_working in (WorkingDayOverride.objects.filter(province_id__in={p for _d, p in filed.values()},
                                                                           day__gt=first)
                                         .values_list("province_id", "day", "is_working")):
        off, working = calendars.setdefault(province_id, (set(), set()))
        (working if is_working else off).add(day)
    deadlines = {}
    for pk, (day, province_id) in filed.items():
        off, working = calendars.get(province_id, (set(), set()))
        deadlines[pk] = working_days.add_working_days(
            day, working_days.PRECHECK_WORKING_DAYS, holidays_set=holidays_set, extra_off=off,
            extra_working=national_working | working)
    return deadlines


def local_dossiers(user):
    """The dossiers of the user's territory as a local officer, once submitted (the pre-check
    queue): those awaiting the pre-check and those already handled."""
    territory = access.territory_q(user, "product__producer__unit", (Role.LOCAL_OFFICER,))
    return (applications_visible_to(user).filter(territory).exclude(status=ApplicationStatus.DRAFT)
            .select_related("product__producer__unit", "product__product_set", "round"))


def precheck_rows(applications, *, today):
    """Each dossier with its pre-check deadline, and whether it is overdue on `today` (only while
    it still awaits the pre-check)."""
    applications = list(applications)
    deadlines = precheck_deadlines(applications)
    rows = []
    for application in applications:
        deadline = deadlines.get(application.pk)
        waiting = application.status == ApplicationStatus.SUBMITTED
        rows.append({"application": application, "deadline": deadline, "waiting": waiting,
                     "overdue": bool(waiting and deadline and today > deadline),
                     "due_today": bool(waiting and deadline == today)})
    return rows


# The province's intake, stage by stage: a dossier is past the eligibility check once it is
# eligible, whatever happened to it at the council afterwards.
PAST_ELIGIBILITY = (ApplicationStatus.ELIGIBLE, ApplicationStatus.IN_SESSION, ApplicationStatus.SCORED,
                    ApplicationStatus.RATED, ApplicationStatus.NOT_ACHIEVED, ApplicationStatus.RECOGNISED,
                    ApplicationStatus.REFERRED)
INTAKE_STAGES = {
    "forwarded": (ApplicationStatus.FORWARDED,),
    "submitted": (ApplicationStatus.SUBMITTED,),
    "returned": (ApplicationStatus.RETURNED,),
    "ineligible": (ApplicationStatus.INELIGIBLE,),
    "eligible": PAST_ELIGIBILITY,
}


def intake_rounds(user):
    """The rounds whose intake the user runs: those of the provinces they are provincial staff of."""
    qs, done = _start(EvaluationRound.objects.all(), user)
    if not done:
        qs = qs.filter(_in_provinces(user, "province", (Role.PROVINCIAL_STAFF,)))
    return qs.select_related("province").order_by("-year", "-opens_on", "-pk")


def intake_counts(round, user):
    """{"registered": dossiers submitted at least once, and one count per stage of INTAKE_STAGES}, in one query."""
    from django.db.models import Count

    qs = applications_visible_to(user).filter(round=round).exclude(status=ApplicationStatus.DRAFT)
    return qs.aggregate(registered=Count("pk"), **{
        stage: Count("pk", filter=Q(status__in=statuses)) for stage, statuses in INTAKE_STAGES.items()})


def intake_dossiers(round, user, stage=None):
    """The round's dossiers for the intake list: those forwarded and awaiting the province's
    decision first (oldest submission first), then those still with the local offices, returned,
    ineligible, and past the check."""
    from django.db.models import Case, IntegerField, Value, When

    qs = applications_visible_to(user).filter(round=round).exclude(status=ApplicationStatus.DRAFT)
    if stage in INTAKE_STAGES:
        qs = qs.filter(status__in=INTAKE_STAGES[stage])
    rank = Case(*[When(status__in=statuses, then=Value(i)) for i, statuses in enumerate(INTAKE_STAGES.values())],
                default=Value(len(INTAKE_STAGES)), output_field=IntegerField())
    return (qs.annotate(stage_rank=rank).select_related("product__producer__unit", "round")
            .order_by("stage_rank", "submitted_at", "pk"))


def application_history(application):
    """The dossier's status trail, oldest first: its creation and every status move, each with who
    and when (other audit rows, such as conflicts of interest, are not for every reader)."""
    from django.contrib.contenttypes.models import ContentType

    from ocop_portal.core.models import AuditEntry

    return list(AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Application),
                                          object_id=application.pk, action__in=("create", "status"))
                .select_related("actor").order_by("at", "pk"))


def dossiers_for_page(user):
    """`applications_visible_to`, less the dossiers a council seat of the user's is in conflict on
    when that seat is their only way in: a conflicted member may neither see nor score the product
    (their territory role or producer membership still shows it)."""
    from .models import ConflictOfInterest

    qs = applications_visible_to(user)
    seats = seats_of(user)
    if not seats or user.is_superuser:
        return qs
    conflicted = ConflictOfInterest.objects.filter(member__in=[s.pk for s in seats]).values("application_id")
    other_way = ((access.territory_q(user, "product__producer__unit") & OFFICE_SEES)
                 | _ids("product__producer_id", producer_ids_of(user)))
    return qs.filter(~Q(pk__in=conflicted) | other_way)


# --- Evidence -----------------------------------------------------------------------------------


# A dossier's files change only while the producer holds it: a draft, a dossier the local office
# returned, or one the province asked to complete.
EVIDENCE_EDITABLE_STATUSES = (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED, ApplicationStatus.COMPLETION)


def dossier_files_editable(application):
    return application.status in EVIDENCE_EDITABLE_STATUSES


def evidence_removable(application, evidence):
    """A file may be removed while the dossier can change, and only if it was uploaded after the
    dossier's last submission: what was submitted stays, so every version remains comparable."""
    return dossier_files_editable(application) and (
        application.submitted_at is None or evidence.uploaded_at > application.submitted_at)


def evidence_by_criterion(application):
    """The dossier's evidence files grouped by criterion id (None: for the dossier as a whole),
    oldest first, each with `deletable` (see `evidence_removable`), in one query."""
    from .models import EvidenceFile

    grouped = {}
    for evidence in EvidenceFile.objects.filter(application=application).order_by("uploaded_at", "pk"):
        evidence.deletable = evidence_removable(application, evidence)
        grouped.setdefault(evidence.criterion_id, []).append(evidence)
    return grouped


def evidence_visible_to(user):
    """Evidence files of the dossiers the user may open (`dossiers_for_page`)."""
    from .models import EvidenceFile

    return EvidenceFile.objects.filter(application__in=dossiers_for_page(user))


def evidence_groups(application):
    """The dossier's evidence for its files page: [(criterion or None, files)], the dossier-wide
    files first, then by the criterion's place on the sheet, in two queries."""
    grouped = evidence_by_criterion(application)
    criteria = Criterion.objects.filter(pk__in=[pk for pk in grouped if pk is not None]).order_by("position", "pk")
    return [(None, grouped.get(None, []))] + [(criterion, grouped[criterion.pk]) for criterion in criteria]


def evidence_totals(application):
    """{"count": files, "bytes": their total size} of the dossier's evidence, in one query."""
    from django.db.models import Count, Sum

    from .models import EvidenceFile

    totals = EvidenceFile.objects.filter(application=application).aggregate(count=Count("pk"), bytes=Sum("size"))
    return {"count": totals["count"], "bytes": totals["bytes"] or 0}


def standing_documents_readable_by(user):
    """The standing documents the user may download: those the producers app shows them (the
    producer's users, the officers over its unit), and those attached to a dossier the user may
    open (its council's members among others; a member conflicted on it is left out)."""
    from producers.models import StandingDocument
    from producers.selectors import standing_documents_visible_to

    if access.is_authenticated(user) and user.is_superuser:
        return StandingDocument.objects.all()
    attached = Application.standing_documents.through.objects.filter(application__in=dossiers_for_page(user))
    return StandingDocument.objects.filter(Q(pk__in=standing_documents_visible_to(user).values("pk"))
                                           | Q(pk__in=attached.values("standingdocument_id")))


def dossier_standing_documents(application, today):
    """The standing documents attached to the dossier, each with its expiry `state`."""
    from producers.selectors import standing_document_state

    documents = list(application.standing_documents.order_by("kind", "-issued_on", "pk"))
    for document in documents:
        document.state = standing_document_state(document, today)
    return documents


def attachable_standing_documents(application, today):
    """The producer's documents the dossier could still use: not attached yet, not expired."""
    from producers.models import StandingDocument

    return list(StandingDocument.objects.filter(producer_id=application.product.producer_id)
                .exclude(pk__in=application.standing_documents.values("pk"))
                .exclude(expires_on__lt=today).order_by("kind", "-issued_on", "pk"))


def producer_standing_documents(producer, today):
    """The producer's documents for its documents page: each with its expiry `state`, `in_use`
    (the number of its dossiers that use it) and `locked` (used by a dossier that has been
    submitted: it can no longer be removed), in one query."""
    from django.db.models import Count

    from producers.selectors import standing_document_state

    documents = list(producer.standing_documents.annotate(
        in_use=Count("applications", distinct=True),
        submitted_uses=Count("applications", filter=Q(applications__submitted_at__isnull=False), distinct=True),
    ).order_by("kind", "-issued_on", "pk"))
    for document in documents:
        document.state = standing_document_state(document, today)
        document.locked = document.submitted_uses > 0
    return documents


# --- Dossier: the producer's registration (Mẫu 01) and self-assessment (Mẫu 02) ------------------


def province_lineage_forward(unit):
    """Ids of `unit`'s province and of the provinces that replaced it, at any depth: a producer
    registered under the old map (Bắc Ninh 27) applies to today's province (Bắc Ninh 24). No
    query for the province itself (the first id on the path), one per generation of mergers."""
    from ocop_portal.core.models import AdministrativeUnit

    through = AdministrativeUnit.predecessors.through.objects
    ids = {int(unit.path.strip("/").split("/")[0])}
    frontier = set(ids)
    while frontier:
        frontier = set(through.filter(to_administrativeunit_id__in=frontier)
                       .values_list("from_administrativeunit_id", flat=True)) - ids
        ids |= frontier
    return ids


def open_rounds_for_producer(producer):
    """The open rounds a producer may register in: those of its province (or of the province
    that replaced it), newest first."""
    return (EvaluationRound.objects.filter(status=EvaluationRound.STATUS_OPEN, province_id__in=province_lineage_forward(producer.unit))
            .select_related("regulation").order_by("-year", "-opens_on", "pk"))


def usable_sheet(regulation_id, product_set_id):
    """The regulation's usable scoring sheet of a product set, or None."""
    return ScoringSheet.objects.filter(regulation_id=regulation_id, product_set_id=product_set_id, usable=True).first()


def sheet_case_texts(sheet_ids):
    """{sheet id: {case number: [the distinct wordings of that case, in sheet order]}} of the sheets
    whose options are split by alternative case (set 26: "Trường hợp 1 / 2"), in one query."""
    from . import scoring

    texts = {}
    for sheet_id, group in (Option.objects.filter(criterion__sheet_id__in=sheet_ids).exclude(alternative_group="")
                            .order_by("criterion__sheet_id", "criterion__position", "position")
                            .values_list("criterion__sheet_id", "alternative_group")):
        number = scoring.case_number(group)
        wording = scoring.CASE_RE.split(group, maxsplit=1)[-1].lstrip(" :.-–")
        wordings = texts.setdefault(sheet_id, {}).setdefault(number, [])
        if wording and wording not in wordings:
            wordings.append(wording)
    return texts


def certificates_for_registration(product_ids, day, grace_days):
    """{product id: (the certificate it holds on `day`, or None; the latest one that ran out in
    the `grace_days` before `day`, or None)}, in one query: the first allows an upgrade or a
    re-rating, the second only a re-rating under a transitional rule (Điều 12.3)."""
    import datetime

    found = {}
    for certificate in (Certificate.objects.filter(result__application__product_id__in=product_ids, status__in=("valid", "expired"),
                                                   valid_until__gte=day - datetime.timedelta(days=grace_days))
                        .select_related("result__application").order_by("valid_until")):
        held, ran_out = found.get(certificate.result.application.product_id, (None, None))
        if certificate.valid_until >= day:
            held = certificate  # by its dates: the stored status may say expired for a past day
        else:
            ran_out = certificate
        found[certificate.result.application.product_id] = (held, ran_out)
    return found


def self_assessment_answers(application):
    """{criterion id: the producer's answer} of a dossier, with the chosen option."""
    from .models import SelfAssessmentAnswer

    return {a.criterion_id: a for a in SelfAssessmentAnswer.objects.filter(application=application).select_related("option")}


def self_assessment_reading(sheet_def, choices, *, alternative_case=None, minimum_mode="per_member"):
    """What the scoring engine makes of the producer's own choices ({criterion id: option id}),
    as a council member's sheet would be read: the running total, the criteria still unanswered
    (applicable ones, in sheet order), the minimum-star markers not met by the options chosen so
    far, the criteria zeroed by their condition, a knock-out the choices would cause, and, once
    every applicable criterion is answered, the star the total implies.

    A draft is read as the engine reads a sheet stopped before its end (criteria not answered
    count 0): `evaluate` accepts an unfinished sheet only with a knock-out, so the reading passes
    a placeholder one and keeps nothing of it but the totals and markers; the star comes from a
    second, ordinary evaluation of the complete sheet. Returns a dict; `problem` holds the
    engine's message when the choices cannot be read (a set-26 dossier without its case)."""
    from . import scoring

    rules = scoring.RoundRules(minimum_mode=minimum_mode)
    member = scoring.MemberChoices(member_id=0, choices=dict(choices))
    placeholder = scoring.Knockout(criterion_code="", reason="")
    reading = {"total": 0, "missing": [], "unmet": [], "zeroed": set(), "knockouts": [], "star": None, "band_star": None,
               "complete": False, "message": "", "problem": ""}
    try:
        draft = scoring.evaluate(sheet_def, [member], rules, [placeholder], alternative_case=alternative_case)
    except scoring.ScoringError as exc:
        reading["problem"] = str(exc)
        return reading
    explanation = draft.explanation
    reading.update(
        total=draft.member_totals[0],
        missing=list(explanation["members"][0]["missing"]),
        unmet=[u for u in explanation["minimums"].get("unmet", []) if u["criterion_code"] not in explanation["members"][0]["missing"]],
        zeroed={z["criterion_code"] for z in explanation["conditional_zeroed"]},
        knockouts=[k for k in explanation["knockouts"] if k.get("criterion_code")],
        band_star=draft.band_star,
    )
    if not reading["missing"]:
        result = scoring.evaluate(sheet_def, [member], rules, alternative_case=alternative_case)
        reading.update(complete=True, star=result.star, message=result.explanation["message"])
    return reading


# --- The pre-check's report, the advisory team's requests, versions, later rounds ---------------


def precheck_of(application):
    from .models import Precheck

    return Precheck.objects.filter(application=application).select_related("checked_by").first()


def advisory_requests_of(application):
    from .models import AdvisoryRequest

    return AdvisoryRequest.objects.filter(application=application).select_related("requested_by", "outcome_by").order_by(
        "requested_at", "pk")


def dossier_versions(application):
    from .models import DossierVersion

    return list(DossierVersion.objects.filter(application=application).select_related("submitted_by").order_by("number"))


def carry_over_rounds(application):
    """Open rounds after the dossier's, of its province or of the province that replaced it."""
    from ocop_portal.core.models import AdministrativeUnit

    later = EvaluationRound.objects.filter(status=EvaluationRound.STATUS_OPEN, opens_on__gt=application.round.opens_on).select_related(
        "province")
    ids = [r.pk for r in later if application.round.province_id in AdministrativeUnit.objects.lineage_ids(r.province)]
    return EvaluationRound.objects.filter(pk__in=ids).order_by("opens_on")


def regulation_in_force(day):
    """The regulation version in force on `day` (the latest that took effect by then)."""
    from .models import RegulationVersion

    return (RegulationVersion.objects.filter(effective_from__lte=day).exclude(effective_until__lt=day)
            .order_by("-effective_from").first())


# --- The parts of a dossier (self-assessment, evidence, pre-check, requests, versions) -----------


def _dossier_parts(model):
    """Rows that belong to a dossier: visible to whoever may see the dossier's page."""

    def visible_to(user):
        return model.objects.filter(application__in=dossiers_for_page(user))

    visible_to.__doc__ = f"{model.__name__} rows of the dossiers the user may see."
    return visible_to


def self_assessments_visible_to(user):
    from .models import SelfAssessment

    return _dossier_parts(SelfAssessment)(user)


def self_answers_visible_to(user):
    from .models import SelfAssessmentAnswer

    return _dossier_parts(SelfAssessmentAnswer)(user)


def evidence_files_visible_to(user):
    from .models import EvidenceFile

    return _dossier_parts(EvidenceFile)(user)


def prechecks_visible_to(user):
    from .models import Precheck

    return _dossier_parts(Precheck)(user)


def advisory_requests_visible_to(user):
    from .models import AdvisoryRequest

    return _dossier_parts(AdvisoryRequest)(user)


def dossier_versions_visible_to(user):
    from .models import DossierVersion

    return _dossier_parts(DossierVersion)(user)


# --- Dashboard: progress towards targets entered by the province's staff --------------------------


def manual_target_progress_visible_to(user):
    """Entries of the targets the user may see (their provinces')."""
    from .models import ManualTargetProgress

    return ManualTargetProgress.objects.filter(target__in=targets_visible_to(user))


def certificate_notices_visible_to(user):
    from .models import CertificateNotice

    return CertificateNotice.objects.filter(certificate__in=certificates_visible_to(user))


def ministry_answers_visible_to(user):
    from .models import MinistryAnswer

    return MinistryAnswer.objects.filter(application__in=dossiers_for_page(user))
