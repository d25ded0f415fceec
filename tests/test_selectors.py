"""The access layer's reads on the demo: each persona sees exactly its rows, counted
independently from the tables."""

import pytest
from django.http import Http404

from evaluations import selectors as ev
from evaluations.models import Application, Scorecard
from ocop_portal.core import access
from ocop_portal.core.models import AdministrativeUnit, Role, UnitLevel
from producers import selectors as pr
from producers.models import Producer
from rewards import selectors as rw
from tests.factories import UnitFactory, user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def users(bac_ninh_2020):
    for user in bac_ninh_2020.values():
        access.forget(user)
    return bac_ninh_2020


def under(code, level):
    unit = AdministrativeUnit.objects.filter(code=code, level=level).order_by("-valid_from").first()
    return Application.objects.filter(product__producer__unit__path__startswith=unit.path)


def ids(qs):
    return set(qs.values_list("pk", flat=True))


def test_a_district_officer_sees_the_submitted_dossiers_of_the_district(users):
    assert ids(ev.applications_visible_to(users["huyen.tuson"])) == ids(under("261", UnitLevel.DISTRICT)) != set()


def test_a_commune_officer_sees_the_communes_dossiers_but_not_a_producers_draft(users):
    yen_phong = under("09193", UnitLevel.COMMUNE)

    seen = ids(ev.applications_visible_to(users["xa.yenphong"]))

    assert seen == ids(yen_phong.exclude(status="draft"))
    assert ids(yen_phong.filter(status="draft")) and not ids(yen_phong.filter(status="draft")) & seen


def test_a_producers_user_sees_all_its_own_dossiers_drafts_included(users):
    own = Application.objects.filter(product__producer__memberships__user=users["chuthe.yenphong"])

    assert ids(ev.applications_visible_to(users["chuthe.yenphong"])) == ids(own)
    assert "draft" in set(own.values_list("status", flat=True))


def test_a_council_member_sees_the_dossiers_of_their_sessions_only(users):
    member, chair = users["uyvien.hoidong"], users["chutich.hoidong"]

    assert ids(ev.applications_visible_to(member)) == ids(Application.objects.filter(session__round__year=2020))
    assert ids(ev.applications_visible_to(chair)) == ids(Application.objects.filter(session__isnull=False))


def test_after_the_close_a_member_sees_every_sheet_of_the_session(users):
    assert ev.scorecards_visible_to(users["uyvien.hoidong"]).count() == Scorecard.objects.filter(session__round__year=2020).count() == 33 * 8


def test_the_province_sees_everything_of_both_maps(users):
    staff = users["tinh.bacninh"]

    assert ev.applications_visible_to(staff).count() == Application.objects.exclude(status="draft").count()
    assert pr.producers_visible_to(staff).count() == Producer.objects.count()
    assert rw.entitlements_visible_to(staff).count() == 33
    assert rw.batches_visible_to(staff).count() == 1


def test_results_and_payouts_follow_the_producer(users):
    owner = users["chuthe.dinhbang"]

    assert {r.application.product.producer.registration_number
            for r in ev.results_visible_to(owner).select_related("application__product__producer")} == {"2300412345"}
    assert rw.entitlements_visible_to(owner).count() == rw.payouts_visible_to(owner).count() == 3
    assert rw.entitlements_visible_to(users["pheduyet"]).count() == 33
    assert rw.batches_visible_to(owner).count() == 0


@pytest.mark.parametrize("selector", [pr.producers_visible_to, pr.products_visible_to, ev.applications_visible_to, ev.rounds_visible_to,
                                      ev.councils_visible_to, ev.sessions_visible_to, ev.results_visible_to, ev.certificates_visible_to,
                                      ev.scorecards_visible_to, rw.payouts_visible_to, rw.schedules_visible_to,
                                      rw.entitlements_visible_to, rw.batches_visible_to, rw.entries_visible_to])
def test_an_officer_of_another_province_sees_nothing_of_bac_ninh(users, selector):
    outsider = user_with_role(Role.PROVINCIAL_STAFF, UnitFactory(code="99"))

    assert selector(outsider).count() == 0


@pytest.mark.parametrize("selector", [pr.producers_visible_to, ev.applications_visible_to, ev.results_visible_to, rw.payouts_visible_to,
                                      rw.entitlements_visible_to, rw.batches_visible_to])
def test_anonymous_sees_nothing(selector):
    from django.contrib.auth.models import AnonymousUser

    assert selector(AnonymousUser()).count() == 0


def test_the_visible_object_or_404(users):
    dossier = Application.objects.filter(product__producer__registration_number="2300412345").first()

    assert access.get_visible_or_404(ev.applications_visible_to(users["huyen.tuson"]), pk=dossier.pk) == dossier
    with pytest.raises(Http404):
        access.get_visible_or_404(ev.applications_visible_to(users["huyen.giabinh"]), pk=dossier.pk)
    with pytest.raises(Http404):
        access.get_visible_or_404(ev.applications_visible_to(users["huyen.tuson"]), pk="không-phải-số")


def test_listing_dossiers_costs_a_fixed_number_of_queries_whatever_the_rows(users, django_assert_num_queries):
    few, many = users["xa.giabinh"], users["tinh.bacninh"]

    # role assignments, units replaced (none for this commune), memberships, seats, the list
    with django_assert_num_queries(5):
        small = list(ev.applications_visible_to(few))
    # role assignments, units replaced (24 → 27, 27 → none) and their rows, memberships, seats, the list
    with django_assert_num_queries(7):
        large = list(ev.applications_visible_to(many))

    assert (len(small), len(large)) == (3, Application.objects.exclude(status="draft").count())
