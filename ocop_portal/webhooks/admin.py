from django.contrib import admin

from ocop_portal.core.admin import ScopedAdminMixin, ViewOnlyMixin

from . import selectors
from .models import WebhookDelivery, WebhookEndpoint


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ScopedAdminMixin, ViewOnlyMixin, admin.ModelAdmin):
    """Registered and deactivated through the API (its service audits both); read here. The secret
    is never shown."""

    visible_to = staticmethod(selectors.endpoints_visible_to)
    fields = ("unit", "url", "description", "active", "created_by", "created_at")
    list_display = ("unit", "url", "active", "created_by", "created_at")
    list_filter = ("active",)
    search_fields = ("url", "description", "unit__name", "unit__code")
    list_select_related = ("unit", "created_by")


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ScopedAdminMixin, ViewOnlyMixin, admin.ModelAdmin):
    """The delivery log is evidence of what an office was sent: read only."""

    visible_to = staticmethod(selectors.deliveries_visible_to)
    fields = ("endpoint", "event", "application_id", "status", "attempts", "last_status_code", "last_error", "created_at",
              "next_attempt_at", "delivered_at", "payload")
    list_display = ("created_at", "event", "application_id", "endpoint", "status", "attempts", "last_status_code")
    list_filter = ("status", "event")
    search_fields = ("=application_id", "endpoint__url")
    list_select_related = ("endpoint__unit",)
    date_hierarchy = "created_at"
