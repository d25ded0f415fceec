import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.models import CouncilMember, MemberRole
from ocop_portal.core.models import AdministrativeUnit, AuditEntry, UnitLevel, User
from tests.admin_data import build_chain

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)
OUR_APPS = {"core", "producers", "evaluations", "rewards"}
OUR_MODELS = [model for model in REGISTERED if model._meta.app_label in OUR_APPS]


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.fixture
def superuser():
    return User.objects.create_superuser("quan-tri", "admin@example.vn", "x")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_every_model_of_our_apps_is_registered():
    from django.apps import apps

    models = {m for app in OUR_APPS for m in apps.get_app_config(app).get_models()}

    assert models - set(REGISTERED) == set()


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_changelist_lists_rows_for_superuser(admin_client, model):
    build_chain(1)
    build_chain(2)
    Group.objects.create(name="Cán bộ tỉnh")

    response = admin_client.get(changelist_url(model))

    assert response.status_code == 200
    assert response.context["cl"].result_count == model._default_manager.count() > 0


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_changelist_sends_anonymous_to_the_portal_login(client, model):
    url = changelist_url(model)

    response = client.get(url)

    assert (response.status_code, response.url) == (302, f"{reverse('login')}?next={url}")


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda model: model._meta.label)
def test_changelist_query_count_does_not_grow_with_rows(admin_client, model):
    url = changelist_url(model)
    build_chain(1)
    admin_client.get(url)  # warm caches (content types, session) so both runs start alike
    with CaptureQueriesContext(connection) as one_chain:
        admin_client.get(url)
    build_chain(2)
    build_chain(3)

    with CaptureQueriesContext(connection) as three_chains:
        response = admin_client.get(url)

    assert response.context["cl"].result_count >= 3
    assert len(three_chains) == len(one_chain), [q["sql"] for q in three_chains.captured_queries]


def test_result_and_audit_trail_are_read_only(admin_client):
    chain = build_chain(1)
    entry = AuditEntry.objects.order_by("pk").first()  # the chain audits its token and its webhook
    entries = AuditEntry.objects.count()

    add_result = admin_client.get(reverse("admin:evaluations_result_add"))
    change_result = admin_client.post(reverse("admin:evaluations_result_change", args=[chain["result"].pk]), {"score": "99"})
    add_entry = admin_client.get(reverse("admin:core_auditentry_add"))
    delete_entry = admin_client.post(reverse("admin:core_auditentry_delete", args=[entry.pk]), {"post": "yes"})

    chain["result"].refresh_from_db()
    assert (add_result.status_code, change_result.status_code, add_entry.status_code, delete_entry.status_code) == (403, 403, 403, 403)
    assert (str(chain["result"].score), AuditEntry.objects.count()) == ("75.00", entries)


def test_submitted_scorecard_shows_no_editable_fields(admin_client):
    chain = build_chain(1)

    response = admin_client.get(reverse("admin:evaluations_scorecard_change", args=[chain["scorecard"].pk]))

    assert response.context["adminform"].form.fields == {}


def test_adding_a_council_member_derives_voting_from_role(admin_client):
    chain = build_chain(1)

    response = admin_client.post(
        reverse("admin:evaluations_councilmember_add"),
        {"council": chain["council"].pk, "full_name": "Phạm Thị Thư Ký", "position": "", "role": MemberRole.SUPPORT_MEMBER, "user": ""},
    )

    member = CouncilMember.objects.get(full_name="Phạm Thị Thư Ký")
    assert (response.status_code, member.voting) == (302, False)


def test_adding_a_unit_fills_its_path_below_the_parent(admin_client):
    province = AdministrativeUnit.objects.create(code="27", name="Bắc Ninh", level=UnitLevel.PROVINCE, path="/")
    AdministrativeUnit.objects.filter(pk=province.pk).update(path=f"/{province.pk}/")

    response = admin_client.post(
        reverse("admin:core_administrativeunit_add"),
        {"code": "9283", "name": "Xã Tam Đa", "level": UnitLevel.COMMUNE, "parent": province.pk, "valid_from": "", "valid_until": ""},
    )

    commune = AdministrativeUnit.objects.get(code="9283")
    assert (response.status_code, commune.path) == (302, f"/{province.pk}/{commune.pk}/")


def staff_with_role(role, unit, *perms):
    from django.contrib.auth.models import Permission

    from tests.factories import user_with_role

    user = user_with_role(role, unit, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=perms))
    return user


def test_money_is_read_only_in_the_admin_even_for_a_superuser(admin_client):
    from rewards.models import Entitlement, Payout, PayoutBatch, PayoutEntry

    chain = build_chain(1)
    batch, entitlement = chain["batch"], chain["entitlement"]
    line = Payout.objects.get(batch=batch)
    pages = {model: admin_client.get(reverse(f"admin:rewards_{model._meta.model_name}_change", args=[pk]))
             for model, pk in ((Entitlement, entitlement.pk), (PayoutBatch, batch.pk), (Payout, line.pk),
                               (PayoutEntry, PayoutEntry.objects.get(payout=line).pk))}

    edit = admin_client.post(reverse("admin:rewards_entitlement_change", args=[entitlement.pk]),
                             {"amount_vnd": "999999999", "status": "created"})
    approve = admin_client.post(reverse("admin:rewards_payoutbatch_change", args=[batch.pk]),
                                {"approved_by": chain["officer"].pk, "status": "proposed"})

    entitlement.refresh_from_db()
    batch.refresh_from_db()
    assert {model.__name__: page.context["adminform"].form.fields for model, page in pages.items()} == {
        "Entitlement": {}, "PayoutBatch": {}, "Payout": {}, "PayoutEntry": {}}
    assert (edit.status_code, approve.status_code) == (403, 403)
    assert (entitlement.amount_vnd, entitlement.status, batch.status, batch.approved_by_id != batch.proposed_by_id) == (
        150_000_000, "paid", "paid", True)


def test_an_applications_status_is_read_only_and_moves_by_action(admin_client):
    from evaluations.models import Application

    chain = build_chain(1)
    application = chain["result"].application

    page = admin_client.get(reverse("admin:evaluations_application_change", args=[application.pk]))

    assert {"status", "receipt_number", "session", "decision_reason"} & set(page.context["adminform"].form.fields) == set()
    assert Application.objects.get(pk=application.pk).status == "scored"


def test_a_rate_that_an_entitlement_used_cannot_be_edited_but_an_unused_one_can(admin_client):
    from rewards.models import RewardRate

    chain = build_chain(1)
    used = RewardRate.objects.get(entitlements=chain["entitlement"])
    unused = RewardRate.objects.create(schedule=used.schedule, event="first", star=3, amount_vnd=100_000_000)

    used_form = admin_client.get(reverse("admin:rewards_rewardrate_change", args=[used.pk])).context["adminform"].form
    unused_form = admin_client.get(reverse("admin:rewards_rewardrate_change", args=[unused.pk])).context["adminform"].form

    assert ("amount_vnd" in used_form.fields, "amount_vnd" in unused_form.fields) == (False, True)
