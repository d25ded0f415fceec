"""One boring factory per model, shared by the apps' tests."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from evaluations import models as ev
from ocop_portal.core.models import AdministrativeUnit, Role, RoleAssignment, UnitLevel
from producers import models as pr


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"{90 + n % 9}{n:03d}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    level = UnitLevel.PROVINCE
    parent = None

    @factory.post_generation
    def fill_path(obj, create, extracted, **kwargs):
        obj.path = obj.expected_path()
        obj.save(update_fields=["path"])


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    password = factory.django.Password("mật-khẩu-thử")


class ProductSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pr.ProductSet
        django_get_or_create = ("number",)

    number = 7
    name = "Chế biến từ rau, củ, quả, hạt"


class ProducerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pr.Producer

    kind = pr.ProducerKind.COOPERATIVE
    name = factory.Sequence(lambda n: f"Hợp tác xã số {n}")
    registration_number = factory.Sequence(lambda n: f"{2300000000 + n}")
    unit = factory.SubFactory(UnitFactory)
    address = "Thôn Đông"
    representative_name = "Nguyễn Thị Lan"
    representative_gender = pr.Gender.FEMALE
    confirmed_at = factory.LazyFunction(timezone.now)  # the local office has confirmed it


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pr.Product

    producer = factory.SubFactory(ProducerFactory)
    name = factory.Sequence(lambda n: f"Sản phẩm {n}")
    product_set = factory.SubFactory(ProductSetFactory)


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ev.EvaluationRound

    province = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"Đợt {n}")
    year = 2026
    regulation = factory.LazyFunction(lambda: ev.RegulationVersion.objects.get(code="26/2026"))
    opens_on = datetime.date(2026, 7, 1)
    closes_on = datetime.date(2026, 12, 30)


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.PROVINCIAL_STAFF
    unit = factory.SubFactory(UnitFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pr.ProducerMembership

    producer = factory.SubFactory(ProducerFactory)
    user = factory.SubFactory(UserFactory)
    is_owner = True


def user_with_role(role, unit=None, **user_fields):
    """A user holding one territory role over `unit` (a new province when None)."""
    return RoleAssignmentFactory(role=role, unit=unit or UnitFactory(), user=UserFactory(**user_fields)).user


def precheck_complete(application, actor=None):
    """Record a complete Mẫu 03 for a submitted dossier, so that the local office may forward it."""
    from evaluations import services

    return services.precheck_save(application=application, actor=actor, complete=True,
                                  samples_received=services.expected_samples(application),
                                  local_materials="Nguyên liệu địa phương", local_labour="Lao động địa phương",
                                  idea_origin="Truyền thống", local_identity="Bản sắc làng nghề")
