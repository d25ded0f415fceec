"""Writes for producers and products. Every page, API view and command goes through these."""

from django.db import transaction

from .models import Producer, Product


@transaction.atomic
def producer_create(*, kind, name, registration_number, unit, address, representative_name, representative_gender,
                    representative_ethnicity="Kinh", representative_disabled=False, phone="", email="", users=()):
    """Validate and create a producer (registration number checked against its kind)."""
    producer = Producer(
        kind=kind, name=name, registration_number=registration_number.strip().upper(), unit=unit, address=address,
        representative_name=representative_name, representative_gender=representative_gender,
        representative_ethnicity=representative_ethnicity, representative_disabled=representative_disabled,
        phone=phone, email=email,
    )
    producer.full_clean()
    producer.save()
    if users:
        producer.users.add(*users)
    return producer


def product_create(*, producer, name, product_set, description=""):
    product = Product(producer=producer, name=name, product_set=product_set, description=description)
    product.full_clean()
    product.save()
    return product
