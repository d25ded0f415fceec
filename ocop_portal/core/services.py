"""Writes of the core: administrative units and territory role assignments."""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import access
from .data import units_bac_ninh as bn
from .models import UNIT_ROLES, AdministrativeUnit, ApiToken, RoleAssignment, UnitLevel, unit_path
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


# --- API tokens -----------------------------------------------------------------------------------

TOKEN_DAYS_DEFAULT = 365
TOKEN_DAYS_MAX = 730


def api_key_hash(key):
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user, name, days=TOKEN_DAYS_DEFAULT, unit=None, actor=None, now=None):
    """Make a token for `user` (who must hold a territory role; `unit`, when given, must lie in
    their territory) valid for `days` (1 to TOKEN_DAYS_MAX). Returns (token, key): the key is
    shown to the issuer once and never stored."""
    now = now or timezone.now()
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Hãy đặt tên cho khóa (ví dụ: phần mềm một cửa của xã).")
    if not isinstance(days, int) or not 1 <= days <= TOKEN_DAYS_MAX:
        errors["days"] = _("Thời hạn từ 1 đến %(max)d ngày.") % {"max": TOKEN_DAYS_MAX}
    if not user.is_active:
        errors["user"] = _("Tài khoản này đã bị khóa: không cấp khóa API được.")
    elif not (user.is_superuser or access.territory_units(user)):
        errors["user"] = _("Chỉ cấp khóa API cho cán bộ có địa bàn phụ trách (xã, huyện, tỉnh).")
    elif unit is not None and not access.covers(user, unit):
        errors["unit"] = _("Địa bàn giới hạn phải nằm trong địa bàn người dùng phụ trách.")
    if errors:
        raise ValidationError(errors)
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, unit=unit, prefix=key[:8], key_hash=api_key_hash(key),
                                    created_by=actor if getattr(actor, "pk", None) else None,
                                    expires_at=now + timedelta(days=days))
    audit(user, action="api_token_create", actor=actor, note=f"{token.prefix} {name} ({days} d)")
    return token, key


@transaction.atomic
def api_token_revoke(*, token, actor=None, now=None):
    """Revoke the token at once (idempotent: a revoked token stays revoked at its first time)."""
    updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=now or timezone.now(), revoked_by=actor if getattr(actor, "pk", None) else None)
    token.refresh_from_db()
    if updated:
        audit(token.user, action="api_token_revoke", actor=actor, note=token.prefix)
    return token


def api_token_touch(*, token, now, every=timedelta(minutes=1)):
    """Record the token's last use, at most once a minute (not a write per request)."""
    if token.last_used_at is None or now - token.last_used_at >= every:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
