"""The access layer's vocabulary: which territory a user acts for, in which roles.

A territory role (`RoleAssignment`) covers its unit's subtree and the subtrees of the units that
unit replaced in the 2025 reform (today's Bắc Ninh 24 also covers the old Bắc Ninh 27; a merged
commune covers the communes merged into it). Each app's `selectors.py` builds its
`…_visible_to(user)` from these helpers plus what it owns (producer memberships, council seats),
and its `rules.py` the predicates for actions. Nothing else decides who sees what.

Results are cached on the user object for the length of a request (one query for the
assignments, one for the units they replaced).
"""

from django.db.models import Q
from django.http import Http404

from .models import UNIT_ROLES, AdministrativeUnit, RoleAssignment

NOTHING = Q(pk__in=[])


def _cache(user):
    cache = getattr(user, "_access_cache", None)
    if cache is None:
        cache = {}
        user._access_cache = cache
    return cache


def forget(user):
    """Drop the cached scope (after a role is given or taken within the same request)."""
    if hasattr(user, "_access_cache"):
        del user._access_cache


def is_authenticated(user):
    return bool(user is not None and user.is_authenticated and user.is_active)


def assignments(user):
    """The user's territory role assignments, each with its unit."""
    if not is_authenticated(user):
        return []
    cache = _cache(user)
    if "assignments" not in cache:
        cache["assignments"] = list(RoleAssignment.objects.filter(user=user).select_related("unit"))
    return cache["assignments"]


def has_role(user, *roles):
    """Does the user hold one of `roles` as a territory role (anywhere)?"""
    return any(a.role in roles for a in assignments(user))


def territory_units(user, roles=UNIT_ROLES):
    """The units whose subtrees the user covers in `roles`: each assigned unit and the units it
    replaced, at any depth."""
    chosen = [a.unit for a in assignments(user) if a.role in roles]
    if not chosen:
        return []
    cache = _cache(user)
    key = ("units", tuple(sorted(roles)))
    if key not in cache:
        ids = AdministrativeUnit.objects.lineage_ids_of(chosen)
        known = {u.pk: u for u in chosen}
        missing = ids - known.keys()
        if missing:
            known.update({u.pk: u for u in AdministrativeUnit.objects.filter(pk__in=missing)})
        cache[key] = sorted(known.values(), key=lambda u: u.path)
    return cache[key]


def territory_q(user, field, roles=UNIT_ROLES):
    """A filter on `field` (a foreign key to AdministrativeUnit, or "" for the unit itself) that
    keeps the units inside the user's territory for `roles`. Matches nothing without such a role."""
    prefix = f"{field}__" if field else ""
    q = NOTHING
    for unit in territory_units(user, roles):
        q |= Q(**{f"{prefix}path__startswith": unit.path})
    return q


def covers(user, unit, roles=UNIT_ROLES):
    """Is `unit` inside the user's territory for `roles`?"""
    return unit is not None and any(unit.path.startswith(u.path) for u in territory_units(user, roles))


def province_ids(user, roles=UNIT_ROLES):
    """Ids of the provinces the user's territory lies in (with the provinces they replaced): a
    district or commune officer knows their province's rounds and councils."""
    return {int(u.path.strip("/").split("/")[0]) for u in territory_units(user, roles)}


def get_visible_or_404(queryset, **lookup):
    """The object from a `…_visible_to(user)` queryset, or 404: an outsider learns nothing, not
    even that the object exists."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
