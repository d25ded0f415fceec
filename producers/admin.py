from django.contrib import admin

from ocop_portal.core.admin import ScopedAdminMixin, ViewOnlyMixin

from . import selectors as sel
from .models import Producer, ProducerMembership, Product, ProductSet, StandingDocument, TrainingRecord


class ProductInline(admin.TabularInline):
    model = Product
    fields = ("name", "product_set", "code")
    readonly_fields = ("code",)
    autocomplete_fields = ("product_set",)
    extra = 0
    show_change_link = True


class MembershipInline(admin.TabularInline):
    model = ProducerMembership
    fields = ("user", "is_owner")
    autocomplete_fields = ("user",)
    extra = 0


@admin.register(Producer)
class ProducerAdmin(ScopedAdminMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.producers_visible_to)
    list_display = ("name", "kind", "registration_number", "unit", "representative_name", "phone")
    list_filter = ("kind", "representative_gender", "representative_disabled")
    search_fields = ("name", "registration_number", "representative_name", "phone", "email")
    list_select_related = ("unit",)
    autocomplete_fields = ("unit",)
    inlines = (MembershipInline, ProductInline)


@admin.register(ProductSet)
class ProductSetAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "group", "sector")
    list_display_links = ("number", "name")
    list_filter = ("sector",)
    search_fields = ("name", "group", "sector")


@admin.register(Product)
class ProductAdmin(ScopedAdminMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.products_visible_to)
    list_display = ("name", "producer", "product_set", "code", "created_at")
    list_filter = ("product_set",)
    search_fields = ("name", "code", "producer__name", "producer__registration_number")
    list_select_related = ("producer", "product_set")
    autocomplete_fields = ("producer", "product_set")
    readonly_fields = ("code",)  # given by the recognition decision (producers.services.product_assign_code)


@admin.register(ProducerMembership)
class ProducerMembershipAdmin(ScopedAdminMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.memberships_visible_to)
    list_display = ("user", "producer", "is_owner", "created_at")
    list_filter = ("is_owner",)
    search_fields = ("user__username", "user__full_name", "producer__name")
    list_select_related = ("user", "producer")
    autocomplete_fields = ("user", "producer")


# Training records and standing documents are kept by the producer's own pages (through the
# services); the admin reads them. Files are downloaded from the producer's documents page.


@admin.register(TrainingRecord)
class TrainingRecordAdmin(ScopedAdminMixin, ViewOnlyMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.training_records_visible_to)
    list_display = ("person_name", "producer", "course", "organiser", "attended_on")
    search_fields = ("person_name", "course", "organiser", "producer__name")
    list_select_related = ("producer",)


@admin.register(StandingDocument)
class StandingDocumentAdmin(ScopedAdminMixin, ViewOnlyMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.standing_documents_visible_to)
    fields = ("producer", "kind", "title", "number", "issued_on", "expires_on", "original_name", "content_type", "size", "sha256",
              "uploaded_by", "uploaded_at")
    list_display = ("title", "producer", "kind", "expires_on", "uploaded_at")
    list_filter = ("kind",)
    search_fields = ("title", "number", "producer__name")
    list_select_related = ("producer",)
