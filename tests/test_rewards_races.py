"""Twenty people (or tabs, or clicks) approve the same batch, or mark the same payout paid, at the
same moment, on PostgreSQL with real concurrent transactions: exactly one effect, nineteen clear
refusals, one audit row, one payment in the ledger."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from ocop_portal.core.models import AuditEntry, Role
from rewards import services as rw
from rewards.models import Entitlement, Payout, PayoutBatch, PayoutEntry
from tests.admin_data import build_chain
from tests.factories import user_with_role
from tests.test_races import _postgresql_only, race  # noqa: F401  (the fixture skips on SQLite)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
N = 20


def audit_rows(obj, to_status):
    return AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk,
                                     to_status=to_status).count()


def test_twenty_approvals_of_one_batch_approve_it_once(transactional_db):
    chain = build_chain(1)
    batch = chain["batch"]
    PayoutBatch.objects.filter(pk=batch.pk).update(status="proposed", approved_by=None, approved_at=None, number="", signed_on=None)
    Entitlement.objects.filter(pk=chain["entitlement"].pk).update(status="proposed")
    approvers = [user_with_role(Role.APPROVER, chain["province"]) for _ in range(N)]
    signed = {"signed_on": datetime.date(2026, 3, 2), "signer_name": "Lê Văn A", "signer_title": "Phó Chủ tịch"}

    outcomes = race(PayoutBatch, batch.pk, *[lambda b, u=u, n=n: rw.batch_approve(batch=b, actor=u, number=f"{n}/QĐ-KT", **signed)
                                             for n, u in enumerate(approvers)])

    batch.refresh_from_db()
    assert [o for o, _m in outcomes].count("ok") == 1
    assert [o for o, _m in outcomes].count("refused") == N - 1
    assert batch.approved_by_id in {u.pk for u in approvers}
    assert (audit_rows(batch, "approved"), audit_rows(chain["entitlement"], "approved")) == (1, 1)


def test_twenty_clicks_on_mark_paid_record_one_payment(transactional_db):
    chain = build_chain(1)
    batch, entitlement = chain["batch"], chain["entitlement"]
    payout = Payout.objects.get(batch=batch)
    PayoutEntry.objects.filter(payout=payout).delete()
    PayoutBatch.objects.filter(pk=batch.pk).update(status="approved")
    Entitlement.objects.filter(pk=entitlement.pk).update(status="approved")
    finance = [user_with_role(Role.FINANCE, chain["province"]) for _ in range(N)]

    outcomes = race(Payout, payout.pk, *[
        lambda p, u=u, n=n: rw.payout_mark_paid(payout=p, actor=u, paid_on=datetime.date(2026, 3, 5), reference=f"UNC {n}")
        for n, u in enumerate(finance)])

    batch.refresh_from_db()
    assert [o for o, _m in outcomes].count("ok") == 1
    assert [o for o, _m in outcomes].count("refused") == N - 1
    assert PayoutEntry.objects.filter(payout=payout, kind="payment").count() == 1
    assert (batch.status, audit_rows(entitlement, "paid"), audit_rows(batch, "paid")) == ("paid", 1, 1)
