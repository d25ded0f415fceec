"""Build the Bắc Ninh demo through the same services pages and API call: the 2020 round end to
end (closed), and a current 2026 round still taking registrations.

Top-level composition (like the API router): it may import every app. Nothing here writes a
model directly: roles go through `role_assign`, producers and their owners through
`producer_create`, council seats through `council_create`, council members' choices through
`scorecard_choose` / `scorecard_submit`, and the results come out of `session_close`, i.e. the
scoring engine. Every step is done by the user whose job it is (the producer's owner files, the
local office of the dossier's district or commune forwards or returns, the province decides
eligibility, each council seat scores as itself, the chair closes the session).
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from evaluations import services as ev
from evaluations.models import (
    EvaluationRound,
    ProgrammeTarget,
    RegulationVersion,
    ScoringSheet,
)
from evaluations.services_certificates import certificates_daily_run
from evaluations.sheet_definitions import sheet_definition
from ocop_portal.core.data.units_bac_ninh import REFORM_DAY
from ocop_portal.core.models import AdministrativeUnit, Role, RoleAssignment, UnitLevel
from ocop_portal.core.services import role_assign, units_load_bac_ninh
from producers.models import ProductSet
from producers.services import producer_confirm, producer_create, product_create
from rewards import services as rw

from . import demo_data as D

REGULATION_CODE = "1048/2019"


class DemoError(RuntimeError):
    pass


def _aware(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _staff_group():
    """Provincial staff read everything in the admin; writes go through the portal's services."""
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name="Cán bộ cấp tỉnh (xem)")
    group.permissions.set(Permission.objects.filter(
        content_type__app_label__in=["core", "producers", "evaluations", "rewards"], codename__startswith="view_"))
    return group


def _unit(code):
    """A unit by the demo's convention (see demo_data.USERS): 2 digits a province and 5 digits a
    commune of today's map (since 01/07/2025), 3 digits a district (until 30/06/2025)."""
    if len(code) == 3:
        return AdministrativeUnit.objects.get(level=UnitLevel.DISTRICT, code=code)
    level = UnitLevel.PROVINCE if len(code) == 2 else UnitLevel.COMMUNE
    return AdministrativeUnit.objects.get(level=level, code=code, valid_from=REFORM_DAY)


def _users():
    """Create the demo logins (once) and give them their territory roles (idempotent)."""
    User = get_user_model()
    staff_group = _staff_group()
    users = {}
    for username, full_name, flags, _roles in D.USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"full_name": full_name, "is_superuser": flags.get("is_superuser", False),
                      "is_staff": flags.get("is_staff", False)},
        )
        if created:
            user.set_password(D.PASSWORD)
            user.save(update_fields=["password"])
            if flags.get("view_only_admin"):
                user.groups.add(staff_group)
        users[username] = user
    units = {}
    for username, _full_name, _flags, roles in D.USERS:
        for role, code in roles:
            unit = units.get(code) or units.setdefault(code, _unit(code))
            role_assign(user=users[username], role=role, unit=unit, actor=users["admin"])
    return users


def _local_officers(users):
    """{unit id: the demo's local officer of that district or commune}."""
    assignments = RoleAssignment.objects.filter(user__in=users.values(), role=Role.LOCAL_OFFICER).select_related("user")
    return {a.unit_id: a.user for a in assignments}


def _officer_for(officers, unit):
    """The local office of `unit`: the commune's own (today's map) or its district's (before 2025)."""
    for unit_id in (unit.pk, unit.parent_id):
        if unit_id in officers:
            return officers[unit_id]
    raise DemoError(f"Không có cán bộ địa phương phụ trách {unit.name} ({unit.code}).")


def _regulation(code):
    try:
        return RegulationVersion.objects.get(code=code)
    except RegulationVersion.DoesNotExist as exc:
        raise DemoError("Chưa nạp bộ tiêu chí: chạy `python manage.py load_criteria` trước.") from exc


def _members(rows, users):
    return [{"role": role, "full_name": full_name, "position": position, "user": users[username] if username else None}
            for role, full_name, position, username in rows]


def _choices_for_total(sheet_def, target, rng):
    """Options for one member whose total is `target`: start from the best option everywhere and
    lower criteria, in a shuffled order, until the total reaches the target."""
    chosen = {c.id: max(c.options, key=lambda o: o.points) for c in sheet_def.criteria}
    depended_on = {c.applies_if for c in sheet_def.criteria if c.applies_if}
    deficit = sum(o.points for o in chosen.values()) - target
    criteria = list(sheet_def.criteria)
    while deficit > 0:
        rng.shuffle(criteria)
        progressed = False
        for criterion in criteria:
            if deficit <= 0:
                break
            current = chosen[criterion.id].points
            floor = 1 if criterion.id in depended_on else 0
            lower = sorted((o for o in criterion.options if floor <= o.points < current and current - o.points <= deficit),
                           key=lambda o: -o.points)
            if lower:
                deficit -= current - lower[0].points
                chosen[criterion.id] = lower[0]
                progressed = True
        if not progressed:
            break
    return {cid: o.id for cid, o in chosen.items()}


@transaction.atomic
def seed_demo(stdout=None, *, until_decision=False, documents=True):
    """Create the Bắc Ninh demo: the 2020 round end to end, then the current 2026 round. Returns
    (users by username, whether anything was created). A second call finds both rounds and
    changes nothing. With `until_decision` the 2020 rewards stop at the decision: its 33
    entitlements are created, none proposed, approved or paid (to walk that path by hand). With
    `documents` false the 2020 decision's, certificates' and minutes' PDFs are not requested (a
    test that needs the worker for something else)."""
    old_province, new_province = units_load_bac_ninh()
    regulations = {code: _regulation(code) for code in (REGULATION_CODE, D.REGULATION_2026)}
    users = _users()
    created = False
    if not EvaluationRound.objects.filter(province=old_province, name=D.ROUND["name"]).exists():
        _seed_2020(old_province, regulations[REGULATION_CODE], users, until_decision=until_decision)
        created = True
    if not EvaluationRound.objects.filter(province=new_province, name=D.ROUND_2026["name"]).exists():
        _seed_2026(new_province, regulations[D.REGULATION_2026], users)
        created = True
    # The certificates' daily job, as the beat runs it: the 2020 certificates ran out in 2023.
    certificates_daily_run(today=timezone.localdate())
    if documents:
        _request_documents(old_province, users["tinh.bacninh"])
    return users, created


def rewards_summary():
    """One line on the 2020 rewards for the seed's report: how much is owed, proposed, approved, paid."""
    from ocop_portal.core.formats import format_vnd
    from rewards.models import Entitlement
    from rewards.selectors import totals

    t = totals(Entitlement.objects.filter(application__round__name=D.ROUND["name"]))
    return (f"Khen thưởng đợt 2020: {t['count']} khoản, tổng {format_vnd(t['total'])}; "
            f"đã chi {format_vnd(t['paid'])}, chưa chi {format_vnd(t['unpaid'])}.")


def _request_documents(old_province, staff):
    """The 2020 decision's PDF, its 33 certificates' and the session's minutes. Requesting is
    idempotent; they are rendered once the demo commits (at once in eager mode, else by a worker)."""
    from evaluations.documents import MINUTES, decision_documents_request
    from evaluations.models import CouncilSession, RecognitionDecision
    from ocop_portal.core.documents import document_request

    for decision in RecognitionDecision.objects.filter(round__province=old_province, round__name=D.ROUND["name"], status="issued"):
        decision_documents_request(decision=decision, actor=staff)
    for session in CouncilSession.objects.filter(round__province=old_province, round__name=D.ROUND["name"], status="closed"):
        document_request(obj=session, kind=MINUTES, actor=staff)
    from rewards.documents import REWARD_DECISION_KIND
    from rewards.models import PayoutBatch

    for batch in PayoutBatch.objects.filter(province=old_province, decision__round__name=D.ROUND["name"]):
        document_request(obj=batch, kind=REWARD_DECISION_KIND, actor=staff)


def _seed_2020(old_province, regulation, users, *, until_decision=False):
    """The published Bắc Ninh 2020 round, from registration to payouts (or, `until_decision`, to
    the decision and its entitlements, nothing proposed yet); the round ends closed."""
    staff = users["tinh.bacninh"]
    officers = _local_officers(users)
    communes = {u.code: u for u in AdministrativeUnit.objects.filter(path__startswith=old_province.path, level=UnitLevel.COMMUNE)}
    sheets = {s.set_number: s for s in ScoringSheet.objects.filter(regulation=regulation)}
    product_sets = {p.number: p for p in ProductSet.objects.all()}

    rnd = ev.round_open(province=old_province, regulation=regulation, actor=staff, **D.ROUND)
    planned = []  # (application, outcome)
    for i, (kind, name, reg_no, commune, address, rep, gender, products) in enumerate(D.PRODUCERS):
        owners = [users[D.OWNERS[reg_no]]] if reg_no in D.OWNERS else []
        producer = producer_create(kind=kind, name=name, registration_number=reg_no, unit=communes[commune],
                                   address=address, representative_name=rep, representative_gender=gender,
                                   owners=owners, actor=staff)
        officer = _officer_for(officers, producer.unit)  # the district office (the 2020 map)
        producer_confirm(producer=producer, actor=officer, at=_aware(datetime.date(2020, 6, 15)))
        for j, (product_name, sheet_no, set_no, outcome) in enumerate(products):
            product = product_create(producer=producer, name=product_name, product_set=product_sets[set_no])
            application = ev.application_create(product=product, round=rnd, sheet=sheets[sheet_no])
            ev.application_submit(application=application, at=_aware(datetime.date(2020, 7, 1) + datetime.timedelta(days=i + j)))
            _precheck(application, officer)
            ev.application_forward(application=application, actor=officer)
            if isinstance(outcome, str):
                ev.application_decide_eligibility(application=application, eligible=False, reason=outcome, actor=staff)
            else:
                ev.application_decide_eligibility(application=application, eligible=True, actor=staff)
                planned.append((application, outcome))

    council = ev.council_create(province=old_province, actor=staff, **D.COUNCIL, members=_members(D.MEMBERS, users))
    session = ev.session_create(council=council, round=rnd, actor=staff, **D.SESSION)
    for application, _outcome in planned:
        ev.session_add_application(session=session, application=application, actor=staff)
    ev.session_open(session=session, actor=staff)

    rng = random.Random(2020)  # the published figures depend on this exact sequence of draws
    voters = list(council.members.filter(voting=True).select_related("user"))
    definitions = {}
    for application, outcome in planned:
        sheet_def = definitions.setdefault(application.sheet_id, sheet_definition(application.sheet))
        centre = rng.randint(72, 84) if outcome == 4 else rng.randint(55, 64)
        for member in voters:
            choices = _choices_for_total(sheet_def, centre + rng.randint(-4, 4), rng)
            card = ev.scorecard_choose(session=session, application=application, member=member, choices=choices, actor=member.user)
            ev.scorecard_submit(scorecard=card, actor=member.user, sheet=sheet_def)
    chair = council.members.get(role="chair").user
    ev.session_close(session=session, actor=chair)

    # The schedule in force on the decision's date: issuing the decision creates the entitlements.
    schedule_data = dict(D.SCHEDULE)
    rates = schedule_data.pop("rates")
    rw.schedule_create(province=old_province, rates=rates, actor=staff, **schedule_data)
    decision = ev.decision_issue(round=rnd, actor=staff, **D.DECISION)
    if not until_decision:
        _pay_2020(decision, staff, users)

    for metric, target, qualifier in D.TARGETS:
        ProgrammeTarget.objects.get_or_create(province=old_province, period_start=2021, period_end=2025, metric=metric,
                                              defaults={"target": target, "qualifier": qualifier})
    _check(rnd)
    ev.round_close(round=rnd, actor=staff)
    return rnd


def _pay_2020(decision, staff, users):
    """The department proposes every entitlement of the 2020 decision, the committee approves the
    batch as its reward decision, finance pays each producer's lines with one transfer."""
    batch = rw.batch_propose(decision=decision, actor=staff)
    rw.batch_approve(batch=batch, actor=users["pheduyet"], **D.REWARD_DECISION)
    by_producer = {}
    for payout in batch.payouts.select_related("entitlement__application__product__producer").order_by(
            "entitlement__application__product__producer__name", "pk"):
        by_producer.setdefault(payout.entitlement.application.product.producer_id, []).append(payout)
    for n, lines in enumerate(by_producer.values(), start=1):
        rw.batch_mark_paid(batch=batch, payouts=lines, actor=users["ketoan"], paid_on=D.REWARD_PAID_ON,
                           reference=D.REWARD_REFERENCE.format(n=n))
    return batch


def _sheet_2026(regulation, set_number):
    sheet = ScoringSheet.objects.filter(regulation=regulation, product_set__number=set_number, usable=True).first()
    if sheet is None:
        raise DemoError(f"QĐ {regulation.code} không có phiếu dùng được cho bộ sản phẩm {set_number}.")
    return sheet


def _seed_2026(new_province, regulation, users):
    """The current round of today's Bắc Ninh under QĐ 26/2026, still open: dossiers filed by the
    producers' owners, pre-checked by their commune offices (forwarded or returned), some found
    eligible by the province, and a planned council session holding a few of them. No draw of
    chance: everything here is fixed by demo_data."""
    staff = users["tinh.bacninh"]
    officers = _local_officers(users)
    communes = {u.code: u for u in AdministrativeUnit.objects.filter(parent=new_province, level=UnitLevel.COMMUNE)}
    product_sets = {p.number: p for p in ProductSet.objects.all()}

    ev.province_settings_update(province=new_province, actor=staff, locality_conflicts=False)
    rnd = ev.round_open(province=new_province, regulation=regulation, actor=staff, **D.ROUND_2026)
    to_session, to_planned = [], []
    filed_on = datetime.date(2026, 9, 1)
    for kind, name, reg_no, commune, address, rep, gender, owner_name, products in D.PRODUCERS_2026:
        owner = users[owner_name]
        producer = producer_create(kind=kind, name=name, registration_number=reg_no, unit=communes[commune], address=address,
                                   representative_name=rep, representative_gender=gender, owners=[owner], actor=staff)
        officer = _officer_for(officers, producer.unit)  # the commune office (today's map)
        producer_confirm(producer=producer, actor=officer, at=_aware(datetime.date(2026, 8, 15)))
        for product_name, set_no, stage, reason in products:
            product = product_create(producer=producer, name=product_name, product_set=product_sets[set_no])
            application = ev.application_create(product=product, round=rnd, sheet=_sheet_2026(regulation, set_no), actor=owner)
            if stage == "draft":
                continue
            filed_on += datetime.timedelta(days=3)
            ev.application_submit(application=application, actor=owner, at=_aware(filed_on))
            if stage == "submitted":
                continue
            if stage == "returned":
                ev.application_return(application=application, reason=reason, actor=officer)
                continue
            _precheck(application, officer)
            ev.application_forward(application=application, actor=officer)
            if stage == "forwarded":
                continue
            ev.application_decide_eligibility(application=application, eligible=True, actor=staff)
            if stage == "session":
                to_session.append(application)
            elif stage == "planned":
                to_planned.append(application)

    council = ev.council_create(province=new_province, actor=staff, **D.COUNCIL_2026, members=_members(D.MEMBERS_2026, users))
    session = ev.session_create(council=council, round=rnd, actor=staff, **D.SESSION_2026)
    for application in to_session:
        ev.session_add_application(session=session, application=application, actor=staff)
    ev.session_open(session=session, actor=users["chutich.hoidong"])
    planned = ev.session_create(council=council, round=rnd, actor=staff, **D.SESSION_2026_PLANNED)
    for application in to_planned:
        ev.session_add_application(session=planned, application=application, actor=staff)
    _check_2026(rnd)
    return rnd


def _precheck(application, officer):
    """The local office's Mẫu 03 for a dossier it forwards (the demo's words are the same for all)."""
    producer = application.product.producer
    ev.precheck_save(
        application=application, actor=officer, complete=True, samples_received=ev.expected_samples(application),
        local_materials=f"Nguyên liệu chính mua của các hộ trên địa bàn {producer.unit.name}.",
        local_labour="Lao động thường xuyên là người địa phương.",
        idea_origin="Sản phẩm truyền thống của địa phương.",
        local_identity="Cách làm truyền thống của làng nghề, gắn với địa danh.",
    )


def _check(rnd):
    """The demo must reproduce the published figures; refuse to commit anything else."""
    from evaluations.models import Result

    stars = sorted(Result.objects.filter(session__round=rnd).values_list("star", flat=True))
    expected = [3] * 3 + [4] * 30
    if stars != expected:
        raise DemoError(f"Kết quả demo lệch số liệu công bố: {stars}")



def _check_2026(rnd):
    """The current round must show work at every stage, as the data says."""
    stages = {"session": "in_session", "planned": "in_session"}
    expected = sorted(stages.get(stage, stage) for *_rest, products in D.PRODUCERS_2026 for _n, _s, stage, _r in products)
    statuses = sorted(rnd.applications.values_list("status", flat=True))
    if statuses != expected or rnd.status != EvaluationRound.STATUS_OPEN:
        raise DemoError(f"Đợt 2026 của demo lệch dữ liệu: {statuses}")
