"""Turn each user linked to a producer into an owner membership."""

from django.db import migrations


def forwards(apps, schema_editor):
    Producer = apps.get_model("producers", "Producer")
    ProducerMembership = apps.get_model("producers", "ProducerMembership")
    through = Producer.users.through
    ProducerMembership.objects.bulk_create(
        [ProducerMembership(producer_id=p, user_id=u, is_owner=True) for p, u in through.objects.values_list("producer_id", "user_id")],
        ignore_conflicts=True,
    )


def backwards(apps, schema_editor):
    Producer = apps.get_model("producers", "Producer")
    ProducerMembership = apps.get_model("producers", "ProducerMembership")
    for m in ProducerMembership.objects.all():
        Producer.objects.get(pk=m.producer_id).users.add(m.user_id)


class Migration(migrations.Migration):

    dependencies = [("producers", "0002_producer_memberships")]

    operations = [migrations.RunPython(forwards, backwards)]
