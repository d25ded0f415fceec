from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [('core', '0004_copy_user_roles_to_assignments')]

    operations = [
        migrations.RemoveField(model_name='user', name='role'),
        migrations.RemoveField(model_name='user', name='unit'),
    ]
