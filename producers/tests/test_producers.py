import pytest
from django.core.exceptions import ValidationError

from producers.models import Gender, ProducerKind
from producers.services import producer_create
from tests.factories import UnitFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def make(kind, number, **extra):
    return producer_create(kind=kind, name="Chủ thể thử", registration_number=number, unit=UnitFactory(), address="Thôn A",
                           representative_name="Lò Văn Pâng", representative_gender=Gender.MALE, **extra)


@pytest.mark.parametrize(("kind", "number"), [
    (ProducerKind.ENTERPRISE, "2300412345"), (ProducerKind.ENTERPRISE, "2300412345-001"),
    (ProducerKind.COOPERATIVE, "2301189012"), (ProducerKind.HOUSEHOLD, "21e8000123"), (ProducerKind.FARM, "27/TT-2019"),
])
def test_valid_registration_numbers_are_accepted_and_normalised(kind, number):
    producer = make(kind, number)

    assert producer.registration_number == number.upper()


@pytest.mark.parametrize(("kind", "number", "message"), [
    (ProducerKind.ENTERPRISE, "230041234", "Mã số doanh nghiệp/HTX gồm 10 chữ số"),
    (ProducerKind.COOPERATIVE, "23004123AB", "Mã số doanh nghiệp/HTX gồm 10 chữ số"),
    (ProducerKind.HOUSEHOLD, "12", "Số đăng ký gồm 5–15 ký tự"),
])
def test_invalid_registration_numbers_are_refused_in_vietnamese(kind, number, message):
    with pytest.raises(ValidationError) as refused:
        make(kind, number)

    assert message in refused.value.message_dict["registration_number"][0]


def test_the_same_registration_number_cannot_register_twice():
    make(ProducerKind.ENTERPRISE, "2300412345")

    with pytest.raises(ValidationError) as refused:
        make(ProducerKind.ENTERPRISE, "2300412345")

    assert "registration_number" in str(refused.value.message_dict) or "__all__" in refused.value.message_dict


@pytest.mark.parametrize(("gender", "ethnicity", "disabled", "expected"), [
    (Gender.MALE, "Kinh", False, False), (Gender.FEMALE, "Kinh", False, True),
    (Gender.MALE, "Tày", False, True), (Gender.MALE, "Kinh", True, True),
])
def test_criterion_3_2_priority_representative(gender, ethnicity, disabled, expected):
    producer = make(ProducerKind.HOUSEHOLD, "21A8000999")
    producer.representative_gender, producer.representative_ethnicity = gender, ethnicity
    producer.representative_disabled = disabled

    assert producer.representative_is_priority is expected
