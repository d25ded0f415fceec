"""One boring factory per model, shared by the apps' tests."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from evaluations import models as ev
from ocop_portal.core.models import AdministrativeUnit, Role, RoleAssignment, UnitLevel
from ocop_portal.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
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


# --- A recognised product and its certificate (added with the dossier pages) -----------------------


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A dossier; its sheet is the round regulation's sheet of the product's set (the criteria
    catalogue must be loaded)."""

    class Meta:
        model = ev.Application

    product = factory.SubFactory(ProductFactory)
    round = factory.SubFactory(RoundFactory)
    sheet = factory.LazyAttribute(lambda o: ev.ScoringSheet.objects.get(regulation=o.round.regulation,
                                                                          product_set=o.product.product_set))


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ev.Council

    province = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"Hội đồng {n}")
    decision_number = factory.Sequence(lambda n: f"{n}/QĐ-UBND")
    decision_date = datetime.date(2023, 9, 1)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ev.CouncilSession

    council = factory.SubFactory(CouncilFactory)
    round = factory.SubFactory(RoundFactory, province=factory.SelfAttribute("..council.province"))
    starts_on = datetime.date(2023, 9, 20)
    ends_on = datetime.date(2023, 9, 21)
    status = "closed"


class ResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ev.Result

    application = factory.SubFactory(
        ApplicationFactory, status=ev.ApplicationStatus.RECOGNISED,
        round=factory.SubFactory(RoundFactory, year=2023, status="closed", opens_on=datetime.date(2023, 7, 1),
                                 closes_on=datetime.date(2023, 12, 30)))
    session = factory.SubFactory(SessionFactory, round=factory.SelfAttribute("..application.round"),
                                 council__province=factory.SelfAttribute("...application.round.province"))
    score = "75.00"
    band_star = 4
    star = 4
    member_count = 5
    spread = 3


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ev.RecognitionDecision

    round = factory.SubFactory(RoundFactory)
    province = factory.SelfAttribute("round.province")
    number = factory.Sequence(lambda n: f"{n}/QĐ-UBND-CN")
    signed_on = datetime.date(2023, 10, 15)
    signer_name = "Nguyễn Văn A"
    signer_title = "Phó Chủ tịch"


class CertificateFactory(factory.django.DjangoModelFactory):
    """A valid certificate of a product (`result__application__product=…`), expiring on
    `valid_until` (in 400 days by default), issued three years before."""

    class Meta:
        model = ev.Certificate

    result = factory.SubFactory(ResultFactory)
    decision = factory.SubFactory(DecisionFactory, round=factory.SelfAttribute("..result.application.round"))
    number = factory.Sequence(lambda n: f"{n:03d}/GCN-OCOP-TEST")
    star = 4
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=400))
    issued_on = factory.LazyAttribute(lambda o: o.valid_until.replace(year=o.valid_until.year - 3))
    verification_code = factory.Sequence(lambda n: f"test{n:012d}")


# --- Webhooks (an office's endpoint and its delivery log) ------------------------------------------


class WebhookEndpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookEndpoint

    unit = factory.SubFactory(UnitFactory)
    url = factory.Sequence(lambda n: f"https://mot-cua-{n}.example.vn/ocop/webhook")
    secret = factory.Sequence(lambda n: f"{n:064x}")
    description = "Phần mềm một cửa"


class WebhookDeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookDelivery

    endpoint = factory.SubFactory(WebhookEndpointFactory)
    event = WebhookEvent.APPLICATION_STATUS_CHANGED
    application_id = factory.Sequence(lambda n: n + 1)
    payload = factory.LazyAttribute(lambda o: {"event": o.event, "application": {"id": o.application_id}})
    status = DeliveryStatus.PENDING
