from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import AdministrativeUnit, AuditEntry, RoleAssignment, User

admin.site.site_header = _("Quản trị cổng OCOP")
admin.site.site_title = _("Cổng OCOP")
admin.site.index_title = _("Dữ liệu của cổng")


class SelectRelatedMixin:
    """Apply `list_select_related` to every queryset the admin builds, not only the changelist:
    autocomplete answers and list filters call `__str__`, which for many of our models names a
    related row. (The changelist skips `list_select_related` once `get_queryset` selects
    anything, so this is also the one place both are declared.)"""

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fields = ("role", "unit")
    autocomplete_fields = ("unit",)
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
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
class AdministrativeUnitAdmin(admin.ModelAdmin):
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
class AuditEntryAdmin(ViewOnlyMixin, admin.ModelAdmin):
    """The audit trail is evidence: it can be read and filtered, never edited or deleted."""

    list_display = ("at", "action", "content_type", "object_id", "from_status", "to_status", "actor")
    list_filter = ("action", "content_type", "to_status")
    search_fields = ("action", "note", "actor__username", "actor__full_name")
    list_select_related = ("content_type", "actor")
    date_hierarchy = "at"
