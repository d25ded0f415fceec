"""Reads of the webhooks: the endpoints a user may see, and the endpoints a dossier's move is sent to."""

from ocop_portal.core import access
from ocop_portal.core.models import AdministrativeUnit

from .models import WebhookDelivery, WebhookEndpoint


def endpoints_visible_to(user):
    """Superusers see every endpoint; a territory role sees the endpoints of the units inside its
    territory (an office's own, and, for the province, its offices'). Everyone else sees none."""
    if not access.is_authenticated(user):
        return WebhookEndpoint.objects.none()
    if user.is_superuser:
        return WebhookEndpoint.objects.all()
    return WebhookEndpoint.objects.filter(access.territory_q(user, "unit"))


def deliveries_visible_to(user):
    """The deliveries of the endpoints the user may see."""
    return WebhookDelivery.objects.filter(endpoint__in=endpoints_visible_to(user))


def endpoint_rows(queryset):
    """Endpoints as the API lists them (with their unit, in one query)."""
    return queryset.select_related("unit")


def units_covering(unit):
    """Ids of the units whose territory holds `unit`, in the access layer's sense (`access.covers`):
    `unit` and its ancestors, and every unit that replaced one of them in the 2025 reform, at any
    depth (today's Bắc Ninh 24 covers a commune of the old Bắc Ninh 27). One query for the
    ancestors, one per generation of mergers."""
    prefixes = [unit.path[:i + 1] for i, char in enumerate(unit.path) if char == "/" and i > 0]
    ids = set(AdministrativeUnit.objects.filter(path__in=prefixes).values_list("pk", flat=True))
    through = AdministrativeUnit.predecessors.through.objects
    frontier = list(ids)
    while frontier:
        frontier = [pk for pk in through.filter(to_administrativeunit_id__in=frontier)
                    .values_list("from_administrativeunit_id", flat=True) if pk not in ids]
        ids.update(frontier)
    return ids


def endpoints_covering(unit):
    """The active endpoints told of a dossier whose producer lies in `unit`."""
    return list(WebhookEndpoint.objects.filter(active=True, unit_id__in=units_covering(unit)).order_by("pk"))


def any_active_endpoint():
    """Has any office an active endpoint? (Every move of a dossier asks first: one query while none has.)"""
    return WebhookEndpoint.objects.filter(active=True).exists()
