"""Two people (or two tabs, or a double click) move the same object at once, on PostgreSQL with
real concurrent transactions: one succeeds, the other gets a clear refusal, one audit row."""

import datetime
import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection

from evaluations import services as ev
from evaluations.models import Application, CouncilSession, Scorecard
from ocop_portal.core.models import AuditEntry, Role
from producers.models import Product
from rewards import services as rw
from rewards.models import Entitlement, PayoutBatch
from tests.admin_data import build_chain
from tests.factories import precheck_complete, user_with_role

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (run by .ci/run's second pass)")


def race(model, pk, *moves):
    """Each move gets its own copy of the row (as two browser tabs would have), then all start
    together, each in its own thread and database connection. Returns [(outcome, message)]."""
    barrier = threading.Barrier(len(moves))
    outcomes = [None] * len(moves)

    def run(i, move):
        try:
            obj = model.objects.get(pk=pk)
            barrier.wait(timeout=10)
            move(obj)
            outcomes[i] = ("ok", "")
        except ValidationError as exc:
            outcomes[i] = ("refused", " ".join(exc.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, move)) for i, move in enumerate(moves)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return sorted(outcomes)


def audit_rows(obj, to_status):
    return AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk,
                                     to_status=to_status).count()


def test_two_officers_forward_one_dossier(transactional_db):
    chain = build_chain(1)
    first = chain["result"].application
    product = Product.objects.create(producer=first.product.producer, name="Mật ong hoa nhãn", product_set=first.product.product_set)
    dossier = Application.objects.create(product=product, round=first.round, sheet=first.sheet, status="submitted")
    precheck_complete(dossier)
    commune = first.product.producer.unit
    officers = [user_with_role(Role.LOCAL_OFFICER, commune) for _ in range(2)]

    outcomes = race(Application, dossier.pk, *[lambda a, u=u: ev.application_forward(application=a, actor=u) for u in officers])

    assert [o for o, _m in outcomes] == ["ok", "refused"]
    assert "vừa được người khác cập nhật (trạng thái hiện tại: “Đã chuyển tỉnh”)" in outcomes[1][1]
    assert audit_rows(dossier, "forwarded") == 1


def test_two_approvers_approve_one_payout_batch(transactional_db):
    chain = build_chain(1)
    batch = chain["batch"]
    PayoutBatch.objects.filter(pk=batch.pk).update(status="proposed", approved_by=None, approved_at=None, number="", signed_on=None)
    Entitlement.objects.filter(pk=chain["entitlement"].pk).update(status="proposed")
    approvers = [user_with_role(Role.APPROVER, chain["province"]) for _ in range(2)]
    signed = {"signed_on": datetime.date(2026, 3, 2), "signer_name": "Lê Văn A", "signer_title": "Phó Chủ tịch"}

    outcomes = race(PayoutBatch, batch.pk, *[lambda b, u=u, n=n: rw.batch_approve(batch=b, actor=u, number=f"{n}/QĐ-KT", **signed)
                                             for n, u in enumerate(approvers)])

    batch.refresh_from_db()
    assert [o for o, _m in outcomes] == ["ok", "refused"]
    assert "Đã phê duyệt" in outcomes[1][1]
    assert batch.approved_by_id in {u.pk for u in approvers}
    assert audit_rows(batch, "approved") == 1


def test_a_double_click_submits_a_scorecard_once(transactional_db):
    chain = build_chain(1)
    card = chain["scorecard"]
    Scorecard.objects.filter(pk=card.pk).update(status="reopened", total=None, submitted_at=None)

    outcomes = race(Scorecard, card.pk, lambda c: ev.scorecard_submit(scorecard=c), lambda c: ev.scorecard_submit(scorecard=c))

    card.refresh_from_db()
    assert [o for o, _m in outcomes] == ["ok", "refused"]
    assert "Không thể chuyển phiếu chấm từ trạng thái “Đã nộp” sang “Đã nộp”" in outcomes[1][1]
    assert (card.status, audit_rows(card, "submitted")) == ("submitted", 1)


def test_two_tabs_open_one_session(transactional_db):
    chain = build_chain(1)
    session = CouncilSession.objects.create(council=chain["council"], round=chain["result"].session.round,
                                            starts_on=datetime.date(2026, 9, 1), ends_on=datetime.date(2026, 9, 1))

    outcomes = race(CouncilSession, session.pk, lambda s: ev.session_open(session=s), lambda s: ev.session_open(session=s))

    assert [o for o, _m in outcomes] == ["ok", "refused"]
    assert audit_rows(session, "open") == 1


def test_the_same_sheet_handed_in_from_two_tabs_gives_one_submitted_sheet_and_no_error_page(transactional_db):
    from django.test import Client

    from evaluations.models import CouncilMember
    from tests.factories import UserFactory

    chain = build_chain(1)
    card = chain["scorecard"]
    Scorecard.objects.filter(pk=card.pk).update(status="reopened", total=None, submitted_at=None)
    member = CouncilMember.objects.get(pk=card.member_id)
    if member.user is None:
        member.user = UserFactory()
        member.save(update_fields=["user"])
    CouncilSession.objects.filter(pk=card.session_id).update(status="open")
    url = f"/council/sessions/{card.session_id}/products/{card.application_id}/submit/"
    barrier = threading.Barrier(2)
    statuses = []

    def tab():
        client = Client()
        client.force_login(member.user)
        barrier.wait(timeout=10)
        statuses.append(client.post(url).status_code)
        connection.close()

    threads = [threading.Thread(target=tab) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    card.refresh_from_db()
    assert statuses == [302, 302]
    assert (card.status, audit_rows(card, "submitted")) == ("submitted", 1)
