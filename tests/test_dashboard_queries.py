"""The dashboards cost a fixed number of queries whatever the size of the data: each page and
export is read with 1 producer, then with 100, inside the same number of queries."""

import datetime

import pytest
from django.urls import reverse

from evaluations.models import CouncilMember, MemberRole, ProgrammeTarget, Scorecard
from ocop_portal.core.models import Role, UnitLevel
from producers.models import ProducerKind
from rewards.models import Entitlement, RewardRate, RewardSchedule
from tests.factories import (
    ApplicationFactory,
    CertificateFactory,
    CouncilFactory,
    DecisionFactory,
    ProducerFactory,
    ProductFactory,
    ResultFactory,
    RoundFactory,
    SessionFactory,
    UnitFactory,
    user_with_role,
)

pytestmark = [pytest.mark.django_db, pytest.mark.integration]
KINDS = [ProducerKind.ENTERPRISE, ProducerKind.COOPERATIVE, ProducerKind.HOUSEHOLD]


class World:
    """A province with three communes, a closed 2024 round scored by a council of three, its
    decision, its reward rate and targets; `grow(n)` adds n producers, each with a recognised
    product, three submitted sheets, a certificate and a paid reward."""

    def __init__(self):
        self.province = UnitFactory(level=UnitLevel.PROVINCE)
        self.communes = [UnitFactory(level=UnitLevel.COMMUNE, parent=self.province) for _ in range(3)]
        self.round = RoundFactory(province=self.province, year=2024, status="closed", opens_on=datetime.date(2024, 1, 1),
                                  closes_on=datetime.date(2024, 12, 31))
        council = CouncilFactory(province=self.province)
        self.session = SessionFactory(council=council, round=self.round)
        self.members = [CouncilMember.objects.create(council=council, full_name=f"Thành viên {i}", role=MemberRole.MEMBER,
                                                     voting=True) for i in range(3)]
        self.decision = DecisionFactory(round=self.round, province=self.province)
        schedule = RewardSchedule.objects.create(province=self.province, name="Mức thưởng 2024", valid_from=datetime.date(2024, 1, 1))
        self.rate = RewardRate.objects.create(schedule=schedule, event="first", star=4, amount_vnd=10_000_000)
        for metric, target in (("products_3_plus", 150), ("producers", 50), ("tourism_villages", 2)):
            ProgrammeTarget.objects.create(province=self.province, period_start=2021, period_end=2025, metric=metric,
                                           target=target, qualifier="at_least")
        self.staff = user_with_role(Role.PROVINCIAL_STAFF, unit=self.province)
        self.count = 0

    def grow(self, n):
        for _ in range(n):
            i = self.count = self.count + 1
            producer = ProducerFactory(unit=self.communes[i % 3], kind=KINDS[i % 3])
            application = ApplicationFactory(product=ProductFactory(producer=producer), round=self.round, status="recognised")
            result = ResultFactory(application=application, session=self.session, star=3 + i % 2, band_star=4)
            for j, member in enumerate(self.members):
                Scorecard.objects.create(application=application, session=self.session, member=member, status="submitted",
                                         total=60 + (i * 7 + j * 3) % 30)
            certificate = CertificateFactory(result=result, decision=self.decision, star=result.star,
                                             issued_on=datetime.date(2024, 10, 1), valid_until=datetime.date(2027, 10, 1))
            Entitlement.objects.create(application=application, certificate=certificate, decision=self.decision,
                                       schedule=self.rate.schedule, rate=self.rate, event="first", star=result.star,
                                       amount_vnd=10_000_000, due_on=datetime.date(2024, 10, 1), status="paid")
        return self


@pytest.fixture
def world(bac_ninh_2020, client):  # the demo brings the criteria catalogue the dossiers' sheets come from
    world = World().grow(1)
    client.force_login(world.staff)
    return world


def read(client, name, **kwargs):
    response = client.get(reverse(name, kwargs=kwargs or None), {"year": 2024})
    assert response.status_code == 200
    return response


# session, user, role assignments, the unit's lineage, the years with a round, memberships and
# seats (navigation), then the page's own aggregates.


def test_the_overview_costs_the_same_with_1_and_100_producers(client, world, django_assert_num_queries):
    with django_assert_num_queries(20):
        one = read(client, "dashboard:overview")
    world.grow(99)

    with django_assert_num_queries(20):
        hundred = read(client, "dashboard:overview")

    assert (one.context["producers"]["total"], hundred.context["producers"]["total"]) == (1, 100)
    assert hundred.context["rewards"]["paid"] == 1_000_000_000


@pytest.mark.parametrize(("name", "queries"), [("dashboard:producers", 11), ("dashboard:applications", 12),
                                                ("dashboard:certificates", 12), ("dashboard:payouts", 12)])
def test_each_list_costs_the_same_with_1_and_100_rows(client, world, django_assert_num_queries, name, queries):
    with django_assert_num_queries(queries):
        one = read(client, name)
    world.grow(99)

    with django_assert_num_queries(queries):
        hundred = read(client, name)

    assert (one.context["page"].paginator.count, hundred.context["page"].paginator.count) == (1, 100)
    assert len(hundred.context["table"]) == 50


@pytest.mark.parametrize(("name", "queries"), [("dashboard:overview-export", 17), ("dashboard:applications-export", 9),
                                                ("dashboard:payouts-export", 9)])
def test_each_export_costs_the_same_with_1_and_100_rows(client, world, django_assert_num_queries, name, queries):
    with django_assert_num_queries(queries):
        read(client, name, fmt="xlsx")
    world.grow(99)

    with django_assert_num_queries(queries):
        response = read(client, name, fmt="csv")

    assert len(response.content.decode("utf-8").splitlines()) > 30


def test_the_targets_cost_the_same_with_1_and_100_producers(client, world, django_assert_num_queries):
    with django_assert_num_queries(13):
        one = read(client, "dashboard:targets")
    world.grow(99)

    with django_assert_num_queries(13):
        hundred = read(client, "dashboard:targets")

    def products(response):
        return next(row["value"] for row in response.context["progress"]["rows"] if row["target"].metric == "products_3_plus")

    assert (products(one), products(hundred)) == (1, 100)


def test_the_council_analytics_cost_the_same_with_1_and_100_products(client, world, django_assert_num_queries):
    with django_assert_num_queries(16):
        read(client, "dashboard:council")
    world.grow(99)

    with django_assert_num_queries(16):
        hundred = read(client, "dashboard:council")

    assert hundred.context["data"]["summary"]["total"] == 100
    assert len(hundred.context["data"]["members"]) == 3
