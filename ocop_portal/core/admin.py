from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from . import documents, selectors
from .models import AdministrativeUnit, ApiToken, AuditEntry, Document, RoleAssignment, User

admin.site.site_header = _("Quản trị cổng OCOP")
admin.site.site_title = _("Cổng OCOP")
admin.site.index_title = _("Dữ liệu của cổng")


class ScopedAdminMixin:
    """The admin asks the access layer like every page: `visible_to` is the app's selector
    (user → queryset of the rows that user may see). Changelists, change pages, autocompletes and
    actions all start from it, and an object outside it is a 404, as on the portal's pages."""

    visible_to = None  # set to the app's `…_visible_to` selector

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if self.visible_to is not None:
            qs = qs.filter(pk__in=type(self).visible_to(request.user).values("pk"))
        return qs

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404


class ServiceActionsMixin:
    """Admin actions that move an object through its app's service (which checks the state
    machine, locks the row and writes the audit trail) and report each refusal by name."""

    def run_service(self, request, queryset, service, allowed, done_message):
        done = 0
        for obj in queryset:
            if not allowed(request.user, obj):
                self.message_user(request, _("Bạn không có quyền với “%(obj)s”.") % {"obj": obj}, messages.ERROR)
                continue
            try:
                service(obj)
            except ValidationError as exc:
                self.message_user(request, f"{obj}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)


class SelectRelatedMixin:
    """Apply `list_select_related` to every queryset the admin builds, not only the changelist:
    autocomplete answers and list filters call `__str__`, which for many of our models names a
    related row. (The changelist skips `list_select_related` once `get_queryset` selects
    anything, so this is also the one place both are declared.)"""

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related)


class RoleAssignmentInline(admin.TabularInline):
    """Roles are given and taken here by superusers; the change is audited by the user's admin log."""

    model = RoleAssignment
    fields = ("role", "unit")
    autocomplete_fields = ("unit",)
    extra = 0


@admin.register(User)
class UserAdmin(ScopedAdminMixin, DjangoUserAdmin):
    visible_to = staticmethod(selectors.users_visible_to)
    list_display = ("username", "full_name", "email", "is_active", "is_staff")
    list_filter = ("role_assignments__role", "is_active", "is_staff", "is_superuser")
    search_fields = ("username", "full_name", "email", "phone")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "first_name", "last_name", "email", "phone")}),
        (_("Quyền"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Mốc thời gian"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "email")}),
    )
    inlines = (RoleAssignmentInline,)


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(ScopedAdminMixin, admin.ModelAdmin):
    visible_to = staticmethod(selectors.units_visible_to)
    list_display = ("name", "code", "level", "parent", "valid_from", "valid_until")
    list_filter = ("level", "valid_until")
    search_fields = ("name", "code")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    readonly_fields = ("path",)

    def save_model(self, request, obj, form, change):
        # `path` is the chain of ids from the province ("/12/345/") used for subtree scoping; it
        # needs the row's own id, so it is filled after the first save. Moving a unit rewrites the
        # paths of everything below it.
        old_path = obj.path
        super().save_model(request, obj, form, change)
        new_path = obj.expected_path()
        if new_path != old_path:
            AdministrativeUnit.objects.filter(pk=obj.pk).update(path=new_path)
            obj.path = new_path
            if old_path:
                for child in AdministrativeUnit.objects.filter(path__startswith=old_path).exclude(pk=obj.pk):
                    child.path = new_path + child.path[len(old_path):]
                    child.save(update_fields=["path"])


class ViewOnlyMixin:
    """Evidence (the audit trail, frozen results): read and filter, never add, edit or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ScopedAdminMixin, ViewOnlyMixin, admin.ModelAdmin):
    """The audit trail is evidence: it can be read and filtered, never edited or deleted."""

    visible_to = staticmethod(selectors.audit_visible_to)
    list_display = ("at", "action", "content_type", "object_id", "from_status", "to_status", "actor")
    list_filter = ("action", "content_type", "to_status")
    search_fields = ("action", "note", "actor__username", "actor__full_name")
    list_select_related = ("content_type", "actor")
    date_hierarchy = "at"


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    visible_to = staticmethod(selectors.role_assignments_visible_to)
    list_display = ("user", "role", "unit", "created_at")
    list_filter = ("role", "unit__level")
    search_fields = ("user__username", "user__full_name", "unit__name", "unit__code")
    list_select_related = ("user", "unit")
    autocomplete_fields = ("user", "unit")


@admin.register(Document)
class DocumentAdmin(ScopedAdminMixin, ViewOnlyMixin, admin.ModelAdmin):
    """The rendered PDFs: read only (a new version is requested from the page that owns the
    document); the file is downloaded through the document's permission-checked view."""

    visible_to = staticmethod(documents.documents_visible_to)
    fields = ("kind", "content_type", "object_id", "language", "version", "status", "sha256", "size", "attempts", "error",
              "requested_at", "rendered_at")
    list_display = ("kind", "object_id", "language", "version", "status", "rendered_at")
    list_filter = ("kind", "status", "language")
    search_fields = ("sha256",)


@admin.register(ApiToken)
class ApiTokenAdmin(ScopedAdminMixin, ViewOnlyMixin, admin.ModelAdmin):
    """API tokens are read here; they are given and revoked at /api-tokens/ (the key is shown once
    there, and only its hash is kept)."""

    visible_to = staticmethod(selectors.api_tokens_visible_to)
    fields = ("name", "user", "unit", "prefix", "created_by", "created_at", "expires_at", "last_used_at", "revoked_at", "revoked_by")
    list_display = ("name", "prefix", "user", "unit", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "user__username")
    list_select_related = ("user", "unit")
