"""Writes for producers, their people and products. Every page, API view, command and other
app goes through these."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ocop_portal.core.state import audit

from .models import Producer, ProducerMembership, Product, ProductSet


@transaction.atomic
def producer_create(*, kind, name, registration_number, unit, address, representative_name, representative_gender,
                    representative_ethnicity="Kinh", representative_disabled=False, phone="", email="", owners=(), actor=None):
    """Validate and create a producer (registration number checked against its kind); `owners`
    become its owner users."""
    producer = Producer(
        kind=kind, name=name, registration_number=registration_number.strip().upper(), unit=unit, address=address,
        representative_name=representative_name, representative_gender=representative_gender,
        representative_ethnicity=representative_ethnicity, representative_disabled=representative_disabled,
        phone=phone, email=email,
    )
    producer.full_clean()
    producer.save()
    for user in owners:
        membership_add(producer=producer, user=user, is_owner=True, actor=actor)
    return producer


@transaction.atomic
def membership_add(*, producer, user, is_owner=False, actor=None):
    """Let `user` act for `producer` (owner or member). Idempotent; a second call may promote."""
    membership, created = ProducerMembership.objects.get_or_create(producer=producer, user=user, defaults={"is_owner": is_owner})
    if not created and membership.is_owner != is_owner:
        membership.is_owner = is_owner
        membership.save(update_fields=["is_owner"])
    elif not created:
        return membership
    audit(producer, action="membership_add", actor=actor, note=f"{user.username}{' (owner)' if is_owner else ''}")
    return membership


@transaction.atomic
def membership_remove(*, producer, user, actor=None):
    """Remove `user` from `producer`; the last owner cannot leave."""
    membership = ProducerMembership.objects.select_for_update().filter(producer=producer, user=user).first()
    if membership is None:
        return False
    if membership.is_owner and not producer.memberships.filter(is_owner=True).exclude(pk=membership.pk).exists():
        raise ValidationError(_("Chủ thể phải còn ít nhất một tài khoản chủ sở hữu."), code="last_owner")
    membership.delete()
    audit(producer, action="membership_remove", actor=actor, note=user.username)
    return True


@transaction.atomic
def producer_confirm(*, producer, actor=None, at=None):
    """The local office confirms a producer that registered itself; only a confirmed producer
    may submit a dossier. Idempotent: a second confirmation keeps the first date."""
    from django.utils import timezone

    producer = Producer.objects.select_for_update().get(pk=producer.pk)
    if producer.confirmed_at is None:
        producer.confirmed_at = at or timezone.now()
        producer.confirmed_by = actor
        producer.save(update_fields=["confirmed_at", "confirmed_by"])
        audit(producer, action="producer_confirm", actor=actor)
    return producer


def product_create(*, producer, name, product_set, description=""):
    product = Product(producer=producer, name=name, product_set=product_set, description=description)
    product.full_clean()
    product.save()
    return product


@transaction.atomic
def product_assign_code(*, product, code, actor=None):
    """Give a recognised product its OCOP code, once: a product keeps the first code it got."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    if product.code:
        return product
    product.code = code
    product.save(update_fields=["code"])
    audit(product, action="product_code", actor=actor, note=code)
    return product


@transaction.atomic
def product_sets_sync(rows):
    """Create or update the product sets of the catalogue (`rows`: dicts with number, name, group,
    sector). Never deletes a set: products refer to them. Returns ({number: id}, created, updated)."""
    existing = {ps.number: ps for ps in ProductSet.objects.all()}
    to_create, to_update = [], []
    for row in rows:
        current = existing.get(row["number"])
        if current is None:
            to_create.append(ProductSet(**row))
        elif any(getattr(current, f) != row[f] for f in ("name", "group", "sector")):
            for f in ("name", "group", "sector"):
                setattr(current, f, row[f])
            to_update.append(current)
    ProductSet.objects.bulk_create(to_create)
    ProductSet.objects.bulk_update(to_update, ["name", "group", "sector"])
    ids = {ps.number: ps.pk for ps in ProductSet.objects.filter(number__in=[r["number"] for r in rows])}
    return ids, len(to_create), len(to_update)
