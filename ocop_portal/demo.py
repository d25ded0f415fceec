"""Build the Bắc Ninh 2020 demo through the same services pages and API call.

Top-level composition (like the API router): it may import every app. Nothing here writes a
result directly: council members' choices go through `scorecard_choose` / `scorecard_submit`
and the results come out of `session_close`, i.e. the scoring engine.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from evaluations import services as ev
from evaluations.models import (
    CouncilMember,
    EvaluationRound,
    ProgrammeTarget,
    RegulationVersion,
    ScoringSheet,
)
from evaluations.sheet_definitions import sheet_definition
from ocop_portal.core.models import AdministrativeUnit, UnitLevel
from ocop_portal.core.services import units_load_bac_ninh
from producers.models import ProductSet
from producers.services import producer_create, product_create
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


def _users():
    User = get_user_model()
    staff_group = _staff_group()
    units = {u.code: u for u in AdministrativeUnit.objects.filter(level__in=[UnitLevel.PROVINCE, UnitLevel.DISTRICT])}
    users = {}
    for username, full_name, role, unit_code, extra in D.USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"full_name": full_name, "role": role, "unit": units.get(unit_code),
                      "is_superuser": extra.get("is_superuser", False), "is_staff": extra.get("is_staff", False)},
        )
        if created:
            user.set_password(D.PASSWORD)
            user.save(update_fields=["password"])
            if role == "provincial_staff" and not user.is_superuser:
                user.groups.add(staff_group)
        users[username] = user
    return users


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
def seed_demo(stdout=None):
    """Create the Bắc Ninh 2020 round end to end. Returns the users by username. A second call
    finds the round and changes nothing."""
    old_province, _new = units_load_bac_ninh()
    users = _users()
    if EvaluationRound.objects.filter(province=old_province, name=D.ROUND["name"]).exists():
        return users, False
    try:
        regulation = RegulationVersion.objects.get(code=REGULATION_CODE)
    except RegulationVersion.DoesNotExist as exc:
        raise DemoError("Chưa nạp bộ tiêu chí: chạy `python manage.py load_criteria` trước.") from exc

    staff, officer = users["tinh.bacninh"], users["huyen.tuson"]
    communes = {u.code: u for u in AdministrativeUnit.objects.filter(path__startswith=old_province.path, level=UnitLevel.COMMUNE)}
    sheets = {s.set_number: s for s in ScoringSheet.objects.filter(regulation=regulation)}
    product_sets = {p.number: p for p in ProductSet.objects.all()}

    rnd = ev.round_open(province=old_province, regulation=regulation, actor=staff, **D.ROUND)
    planned = []  # (application, outcome)
    for i, (kind, name, reg_no, commune, address, rep, gender, products) in enumerate(D.PRODUCERS):
        producer = producer_create(kind=kind, name=name, registration_number=reg_no, unit=communes[commune],
                                   address=address, representative_name=rep, representative_gender=gender)
        for j, (product_name, sheet_no, set_no, outcome) in enumerate(products):
            product = product_create(producer=producer, name=product_name, product_set=product_sets[set_no])
            application = ev.application_create(product=product, round=rnd, sheet=sheets[sheet_no])
            ev.application_submit(application=application, at=_aware(datetime.date(2020, 7, 1) + datetime.timedelta(days=i + j)))
            ev.application_forward(application=application, actor=officer)
            if isinstance(outcome, str):
                ev.application_decide_eligibility(application=application, eligible=False, reason=outcome, actor=staff)
            else:
                ev.application_decide_eligibility(application=application, eligible=True, actor=staff)
                planned.append((application, outcome))
        if kind == "enterprise" and reg_no == "2300412345":
            producer.users.add(users["chuthe.dinhbang"])

    council = ev.council_create(
        province=old_province, actor=staff, **D.COUNCIL,
        members=[{"role": role, "full_name": full_name, "position": position} for role, full_name, position in D.MEMBERS],
    )
    for username, _f, _r, _u, extra in D.USERS:
        if "member" in extra:
            CouncilMember.objects.filter(council=council, full_name=extra["member"]).update(user=users[username])
    session = ev.session_create(council=council, round=rnd, actor=staff, **D.SESSION)
    for application, _outcome in planned:
        ev.session_add_application(session=session, application=application, actor=staff)
    ev.session_open(session=session, actor=staff)

    rng = random.Random(2020)
    voters = list(council.members.filter(voting=True))
    definitions = {}
    for application, outcome in planned:
        sheet_def = definitions.setdefault(application.sheet_id, sheet_definition(application.sheet))
        centre = rng.randint(72, 84) if outcome == 4 else rng.randint(55, 64)
        for member in voters:
            choices = _choices_for_total(sheet_def, centre + rng.randint(-4, 4), rng)
            card = ev.scorecard_choose(session=session, application=application, member=member, choices=choices, actor=member.user)
            ev.scorecard_submit(scorecard=card, actor=member.user, sheet=sheet_def)
    ev.session_close(session=session, actor=users["chutich.hoidong"])

    decision = ev.decision_issue(round=rnd, actor=staff, **D.DECISION)
    schedule_data = dict(D.SCHEDULE)
    rates = schedule_data.pop("rates")
    rw.schedule_create(province=old_province, rates=rates, actor=staff, **schedule_data)
    for payout in rw.payouts_create_for_decision(decision=decision, actor=staff):
        rw.payout_propose(payout=payout, actor=staff, decision_number=D.DECISION["number"])
        rw.payout_approve(payout=payout, actor=users["pheduyet"])
        rw.payout_mark_paid(payout=payout, actor=users["ketoan"], paid_on=datetime.date(2020, 12, 15))

    for metric, target, qualifier in D.TARGETS:
        ProgrammeTarget.objects.get_or_create(province=old_province, period_start=2021, period_end=2025, metric=metric,
                                              defaults={"target": target, "qualifier": qualifier})
    _check(rnd)
    return users, True


def _check(rnd):
    """The demo must reproduce the published figures; refuse to commit anything else."""
    from evaluations.models import Result

    stars = sorted(Result.objects.filter(session__round=rnd).values_list("star", flat=True))
    expected = [3] * 3 + [4] * 30
    if stars != expected:
        raise DemoError(f"Kết quả demo lệch số liệu công bố: {stars}")

