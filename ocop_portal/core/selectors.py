"""Reads of the core: accounts, role assignments, units and the audit trail a user may see."""

from django.db.models import Q

from . import access
from .models import AdministrativeUnit, ApiToken, AuditEntry, Role, RoleAssignment, User


def users_visible_to(user):
    """Superusers see every account; others see their own and the accounts holding a territory
    role inside their territory."""
    if not access.is_authenticated(user):
        return User.objects.none()
    if user.is_superuser:
        return User.objects.all()
    inside = RoleAssignment.objects.filter(access.territory_q(user, "unit")).values("user_id")
    return User.objects.filter(Q(pk=user.pk) | Q(pk__in=inside))


def role_assignments_visible_to(user):
    return RoleAssignment.objects.filter(user__in=users_visible_to(user))


def units_visible_to(user):
    """Administrative units are public reference data."""
    return AdministrativeUnit.objects.all()


def audit_visible_to(user):
    """The whole trail for superusers; others see the entries they wrote."""
    if not access.is_authenticated(user):
        return AuditEntry.objects.none()
    return AuditEntry.objects.all() if user.is_superuser else AuditEntry.objects.filter(actor=user)


def api_token_holders_for(user):
    """The accounts `user` may give an API token: active accounts holding a territory role inside
    the territory `user` keeps as provincial staff (every such account for a superuser)."""
    if not access.is_authenticated(user):
        return User.objects.none()
    holders = User.objects.filter(is_active=True, role_assignments__isnull=False)
    if not user.is_superuser:
        inside = RoleAssignment.objects.filter(access.territory_q(user, "unit", roles=(Role.PROVINCIAL_STAFF,)))
        holders = holders.filter(pk__in=inside.values("user_id"))
    return holders.distinct().order_by("username")


def api_tokens_visible_to(user):
    """The tokens of the accounts `user` may give tokens to, and the user's own."""
    if not access.is_authenticated(user):
        return ApiToken.objects.none()
    if user.is_superuser:
        return ApiToken.objects.all()
    return ApiToken.objects.filter(Q(user=user) | Q(user__in=api_token_holders_for(user).values("pk")))
