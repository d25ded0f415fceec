from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [('producers', '0003_copy_producer_users_to_memberships')]

    operations = [
        migrations.RemoveField(model_name='producer', name='users'),
    ]
