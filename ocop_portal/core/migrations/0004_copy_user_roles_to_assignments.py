"""Copy each user's single role and unit into a role assignment (territory roles only: producer
users and council members hold memberships and seats in their apps instead)."""

from django.db import migrations

UNIT_ROLES = ("provincial_staff", "local_officer", "approver", "finance")


def forwards(apps, schema_editor):
    User = apps.get_model("core", "User")
    RoleAssignment = apps.get_model("core", "RoleAssignment")
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user_id=pk, role=role, unit_id=unit_id)
         for pk, role, unit_id in User.objects.filter(role__in=UNIT_ROLES, unit__isnull=False).values_list("pk", "role", "unit_id")],
        ignore_conflicts=True,
    )


def backwards(apps, schema_editor):
    User = apps.get_model("core", "User")
    RoleAssignment = apps.get_model("core", "RoleAssignment")
    for a in RoleAssignment.objects.order_by("-id"):
        User.objects.filter(pk=a.user_id).update(role=a.role, unit_id=a.unit_id)


class Migration(migrations.Migration):

    dependencies = [("core", "0003_role_assignments")]

    operations = [migrations.RunPython(forwards, backwards)]
