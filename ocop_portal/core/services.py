"""Writes of the core: administrative units and territory role assignments."""

from django.db import transaction

from . import access
from .data import units_bac_ninh as bn
from .models import UNIT_ROLES, AdministrativeUnit, RoleAssignment, UnitLevel, unit_path
from .state import audit


def unit_upsert(*, code, name, level, parent=None, valid_from=None, valid_until=None):
    """Create or update one unit by (level, code, valid_from); keeps `path` in step with the parent."""
    unit, _created = AdministrativeUnit.objects.update_or_create(
        level=level, code=code, valid_from=valid_from,
        defaults={"name": name, "parent": parent, "valid_until": valid_until},
    )
    path = unit_path(parent, unit.pk)
    if unit.path != path:
        unit.path = path
        unit.save(update_fields=["path"])
    return unit


@transaction.atomic
def units_load_bac_ninh():
    """Load Bắc Ninh's units on both maps (before and after 01/07/2025). Idempotent.
    Returns (old province, new province)."""
    old = unit_upsert(code=bn.OLD_PROVINCE[0], name=bn.OLD_PROVINCE[1], level=UnitLevel.PROVINCE, valid_until=bn.OLD_UNTIL)
    old_communes = {}
    for d_code, d_name, communes in bn.OLD_DISTRICTS:
        district = unit_upsert(code=d_code, name=d_name, level=UnitLevel.DISTRICT, parent=old, valid_until=bn.OLD_UNTIL)
        for c_code, c_name in communes:
            old_communes[c_code] = unit_upsert(code=c_code, name=c_name, level=UnitLevel.COMMUNE, parent=district,
                                               valid_until=bn.OLD_UNTIL)
    new = unit_upsert(code=bn.NEW_PROVINCE[0], name=bn.NEW_PROVINCE[1], level=UnitLevel.PROVINCE, valid_from=bn.REFORM_DAY)
    new.predecessors.add(old)
    for c_code, c_name in bn.NEW_COMMUNES:
        commune = unit_upsert(code=c_code, name=c_name, level=UnitLevel.COMMUNE, parent=new, valid_from=bn.REFORM_DAY)
        if c_code in old_communes:  # the merged commune kept this predecessor's code and name
            commune.predecessors.add(old_communes[c_code])
    return old, new


@transaction.atomic
def role_assign(*, user, role, unit, actor=None):
    """Give `user` the territory role `role` over `unit` (idempotent); audited."""
    if role not in UNIT_ROLES:
        raise ValueError(f"{role} is not a territory role")
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
    if created:
        audit(user, action="role_assign", actor=actor, note=f"{role} @ {unit.code}")
    access.forget(user)
    return assignment


@transaction.atomic
def role_revoke(*, user, role, unit, actor=None):
    deleted, _rows = RoleAssignment.objects.filter(user=user, role=role, unit=unit).delete()
    if deleted:
        audit(user, action="role_revoke", actor=actor, note=f"{role} @ {unit.code}")
    access.forget(user)
    return bool(deleted)
