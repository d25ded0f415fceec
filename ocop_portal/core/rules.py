"""Predicates of the core: territory roles. The apps' `rules.py` compose these with what they own."""

import rules

from . import access
from .models import Role


@rules.predicate
def is_superuser(user):
    return bool(access.is_authenticated(user) and user.is_superuser)


@rules.predicate
def is_provincial_staff(user):
    return access.has_role(user, Role.PROVINCIAL_STAFF)


@rules.predicate
def is_local_officer(user):
    return access.has_role(user, Role.LOCAL_OFFICER)


@rules.predicate
def is_approver(user):
    return access.has_role(user, Role.APPROVER)


@rules.predicate
def is_finance(user):
    return access.has_role(user, Role.FINANCE)


def covers_unit(*roles):
    """A predicate (user, unit): the unit lies in the user's territory for one of `roles`."""
    @rules.predicate(name=f"covers_unit({','.join(roles)})")
    def predicate(user, unit):
        return access.covers(user, unit, roles)

    return predicate


# Statistics of a unit: any territory role over it (a producer or a council member has none).
can_view_unit_statistics = is_superuser | covers_unit(Role.PROVINCIAL_STAFF, Role.LOCAL_OFFICER, Role.APPROVER, Role.FINANCE)


@rules.predicate
def gives_api_tokens_to(user, holder):
    """Provincial staff give API tokens to the office accounts inside their province (and revoke
    them); a superuser to any office account."""
    from .selectors import api_token_holders_for

    return holder is not None and api_token_holders_for(user).filter(pk=holder.pk).exists()


can_manage_api_tokens = is_superuser | is_provincial_staff
