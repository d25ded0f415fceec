"""A certificate's life after issue, on a fixed clock: it holds through its last day and expires
the day after (later under the Điều 12.3 extension); it is revoked only with a reason and a
decision, superseded by an upgrade's certificate, its PDFs kept; the producer hears at T−180,
T−120 and at expiry, once each, even when the daily job missed days, and never about a
certificate long gone. The demo's 2020 certificates read expired once `seed_demo` has run."""

import datetime
import secrets

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone

from evaluations import services as ev
from evaluations.models import Certificate, CertificateNotice, EvaluationRound, ScoringSheet
from evaluations.selectors_certificates import certificate_state
from evaluations.services_certificates import (
    certificate_extend_for_rerating,
    certificate_notices_send,
    certificate_revoke,
    certificate_supersede,
    certificates_daily_run,
    certificates_expire,
)
from ocop_portal.core.models import AuditEntry, Document
from ocop_portal.core.state import TransitionNotAllowed
from tests.factories import CertificateFactory, MembershipFactory, ProductFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

UNTIL = datetime.date(2027, 6, 30)  # the last day of the certificates made here
DAY = datetime.timedelta(days=1)


def days(n):
    return datetime.timedelta(days=n)


@pytest.fixture
def make(bac_ninh_2020):
    """A certificate valid until `until` (UNTIL), issued 36 months before, with a hex code."""
    def make(until=UNTIL, **fields):
        return CertificateFactory(valid_until=until, issued_on=until.replace(year=until.year - 3),
                                  verification_code=secrets.token_hex(8), **fields)
    return make


def reload(certificate):
    certificate.refresh_from_db()
    return certificate


# --- Expiry ------------------------------------------------------------------------------------


def test_a_certificate_holds_through_its_last_day_and_expires_the_day_after(make):
    certificate = make()

    on_last_day = certificates_expire(today=UNTIL)
    day_after = certificates_expire(today=UNTIL + DAY)

    assert on_last_day == []
    assert [c.pk for c in day_after] == [certificate.pk]
    assert (reload(certificate).status, certificate.ended_on) == ("expired", UNTIL + DAY)
    assert AuditEntry.objects.filter(object_id=certificate.pk, action="status", to_status="expired").count() == 1


def test_the_true_status_reads_expired_before_the_job_has_run(make):
    certificate = make()

    assert certificate_state(certificate, UNTIL).status == "valid"
    state = certificate_state(certificate, UNTIL + DAY)

    assert (certificate.status, state.status, state.ended_on) == ("valid", "expired", UNTIL + DAY)


def test_an_extended_certificate_holds_until_its_extension_ends(make):
    certificate = make(extended_until=UNTIL + days(180))

    assert certificates_expire(today=UNTIL + DAY) == []
    assert certificate_state(certificate, UNTIL + DAY).extended is True
    assert certificates_expire(today=UNTIL + days(180)) == []
    expired = certificates_expire(today=UNTIL + days(181))

    assert [c.pk for c in expired] == [certificate.pk]
    assert reload(certificate).ended_on == UNTIL + days(181)


def test_the_job_expires_a_certificate_once(make):
    make()

    first = certificates_daily_run(today=UNTIL + days(3))
    second = certificates_daily_run(today=UNTIL + days(4))

    assert (first["expired"], second["expired"]) == (1, 0)


# --- Điều 12.3: a transitional re-rating extends the certificate -------------------------------


@pytest.fixture
def rerating(bac_ninh_2020):
    """A 2020 demo certificate made to expire on 01/08/2026 (its re-rating window, 02/02–03/04/2026,
    fell before QĐ 26/2026 took effect on 22/05/2026), and a function filing its re-rating in the
    2026 round on a given day."""
    certificate = Certificate.objects.select_related("result__application__product__product_set").order_by("pk").first()
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=datetime.date(2026, 8, 1))
    rnd = EvaluationRound.objects.get(year=2026)
    product = certificate.result.application.product
    sheet = ScoringSheet.objects.get(regulation=rnd.regulation, set_number=product.product_set.number)

    def file(on, kind="rerating"):
        application = ev.application_create(product=product, round=rnd, sheet=sheet, kind=kind, on=on)
        application.submitted_at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(9)))
        return application
    return certificate, file


def test_a_transitional_rerating_extends_the_certificate_180_days_past_expiry(rerating):
    certificate, file = rerating

    extended = certificate_extend_for_rerating(application=file(datetime.date(2026, 9, 15)))

    assert extended.pk == certificate.pk
    assert reload(certificate).extended_until == datetime.date(2027, 1, 28)
    assert certificate_state(certificate, datetime.date(2027, 1, 28)).status == "valid"
    assert certificate_state(certificate, datetime.date(2027, 1, 29)).status == "expired"
    assert AuditEntry.objects.filter(object_id=certificate.pk, action="certificate_extend").count() == 1


def test_a_rerating_in_the_ordinary_window_extends_nothing(rerating):
    certificate, file = rerating
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=datetime.date(2027, 3, 1), status="valid")

    result = certificate_extend_for_rerating(application=file(datetime.date(2026, 9, 15)))  # window 02/09–01/11/2026

    assert (result, reload(certificate).extended_until) == (None, None)


def test_only_a_rerating_extends_a_certificate(rerating, make):
    _certificate, _file = rerating
    application = make().result.application

    with pytest.raises(ev.EvaluationError) as refused:
        certificate_extend_for_rerating(application=application)

    assert refused.value.code == "not_rerating"


# --- Revocation and supersession ---------------------------------------------------------------


def _pdf(certificate, version=1, body=b"%PDF-1.4 v1"):
    document = Document(content_type=ContentType.objects.get_for_model(Certificate), object_id=certificate.pk,
                        kind="certificate", version=version, status="ready", sha256="a" * 63 + str(version), size=len(body),
                        rendered_at=timezone.now())
    document.file.save(f"certificate-{certificate.pk}-v{version}.pdf", ContentFile(body), save=False)
    document.save()
    return document


@pytest.mark.parametrize(("reason", "decision_ref", "missing"), [
    ("", "", {"reason", "decision_ref"}),
    ("Sản phẩm không duy trì chất lượng", "  ", {"decision_ref"}),
    ("   ", "12/QĐ-UBND ngày 01/12/2026", {"reason"}),
])
def test_a_revocation_needs_a_reason_and_a_decision(make, reason, decision_ref, missing):
    certificate = make()

    with pytest.raises(ev.EvaluationError) as refused:
        certificate_revoke(certificate=certificate, reason=reason, decision_ref=decision_ref, on=datetime.date(2026, 12, 1))

    assert set(refused.value.message_dict) == missing
    assert reload(certificate).status == "valid"


def test_a_revoked_certificate_keeps_its_pdf_and_asks_for_a_new_version(make):
    certificate = make()
    old = _pdf(certificate)
    staff = UserFactory()

    certificate_revoke(certificate=certificate, reason="Vi phạm an toàn thực phẩm", decision_ref="12/QĐ-UBND ngày 01/12/2026",
                       actor=staff, on=datetime.date(2026, 12, 1))

    reload(certificate)
    assert (certificate.status, certificate.ended_on) == ("revoked", datetime.date(2026, 12, 1))
    assert (certificate.revocation_reason, certificate.revocation_decision) == ("Vi phạm an toàn thực phẩm",
                                                                                  "12/QĐ-UBND ngày 01/12/2026")
    old.refresh_from_db()
    assert (old.status, old.sha256, old.file.storage.exists(old.file.name)) == ("ready", "a" * 63 + "1", True)
    versions = list(Document.objects.filter(object_id=certificate.pk, kind="certificate").order_by("version")
                    .values_list("version", "status"))
    assert versions == [(1, "ready"), (2, "waiting")]
    assert AuditEntry.objects.get(object_id=certificate.pk, to_status="revoked").actor == staff


def test_a_certificate_is_revoked_once(make):
    certificate = make()
    certificate_revoke(certificate=certificate, reason="Lý do", decision_ref="12/QĐ-UBND", on=datetime.date(2026, 12, 1))

    with pytest.raises(TransitionNotAllowed):
        certificate_revoke(certificate=certificate, reason="Lý do", decision_ref="13/QĐ-UBND", on=datetime.date(2026, 12, 2))


def test_an_expired_certificate_is_not_revoked(make):
    certificate = make()

    with pytest.raises(ev.EvaluationError) as refused:
        certificate_revoke(certificate=certificate, reason="Lý do", decision_ref="12/QĐ-UBND", on=UNTIL + DAY)

    assert refused.value.code == "expired"


def test_an_upgrade_supersedes_the_old_certificate_from_its_issue_day(make):
    old = make(star=3)
    new = make(star=4, result__application__product=old.result.application.product, until=UNTIL + days(365))

    certificate_supersede(old=old, new=new)

    reload(old)
    assert (old.status, old.superseded_by_id, old.ended_on) == ("superseded", new.pk, new.issued_on)
    assert reload(new).status == "valid"


def test_only_the_same_products_newer_certificate_supersedes(make):
    old = make(star=3)
    other = make(star=4, until=UNTIL + days(365))
    older = make(star=4, result__application__product=old.result.application.product, until=UNTIL - days(365))

    with pytest.raises(ev.EvaluationError) as other_product:
        certificate_supersede(old=old, new=other)
    with pytest.raises(ev.EvaluationError) as not_newer:
        certificate_supersede(old=old, new=older)

    assert (other_product.value.code, not_newer.value.code) == ("other_product", "not_newer")
    assert reload(old).status == "valid"


# --- Notices at T−180, T−120 and expiry --------------------------------------------------------


@pytest.fixture
def owned(make):
    """A certificate whose producer has an owner with an email (and its own address)."""
    product = ProductFactory(producer__email="hoptacxa@example.vn")
    MembershipFactory(producer=product.producer, user=UserFactory(email="chu@example.vn"))
    return make(result__application__product=product)


def send(on, capture):
    with capture(execute=True):
        return [n.kind for n in certificate_notices_send(today=on)]


@pytest.mark.parametrize(("on", "kinds"), [
    (UNTIL - days(181), []),
    (UNTIL - days(180), ["t180"]),   # the re-rating window opens
    (UNTIL - days(121), ["t180"]),   # a job that missed the day catches up while the window is open
    (UNTIL - days(120), ["t120"]),   # the window's last day
    (UNTIL - days(90), ["t120"]),    # 30 days late: still sent
    (UNTIL - days(89), []),          # later: stale
    (UNTIL, []),
    (UNTIL + DAY, ["expired"]),
    (UNTIL + days(31), ["expired"]),
    (UNTIL + days(32), []),          # a certificate long gone gets nothing
])
def test_each_notice_is_due_on_its_day_and_caught_up_for_a_while(owned, django_capture_on_commit_callbacks, on, kinds):
    certificates_expire(today=on)

    assert send(on, django_capture_on_commit_callbacks) == kinds


def test_each_notice_is_sent_once_by_email_to_the_producers_people(owned, django_capture_on_commit_callbacks):
    sent = []
    for on in (UNTIL - days(180), UNTIL - days(179), UNTIL - days(120), UNTIL - days(100), UNTIL + DAY, UNTIL + days(2)):
        certificates_expire(today=on)
        sent.append(send(on, django_capture_on_commit_callbacks))

    assert sent == [["t180"], [], ["t120"], [], ["expired"], []]
    assert sorted(CertificateNotice.objects.filter(certificate=owned).values_list("kind", flat=True)) == ["expired", "t120", "t180"]
    assert len(mail.outbox) == 3
    first = mail.outbox[0]
    assert sorted(first.to) == ["chu@example.vn", "hoptacxa@example.vn"]
    assert owned.number in first.subject
    assert "Từ ngày 01/01/2027 đến hết ngày 02/03/2027" in first.body  # 180 and 120 days before 30/06/2027
    assert "đã hết hiệu lực từ ngày 01/07/2027" in mail.outbox[2].body


def test_no_window_notice_for_a_revoked_certificate(owned, django_capture_on_commit_callbacks):
    certificate_revoke(certificate=owned, reason="Lý do", decision_ref="12/QĐ-UBND", on=UNTIL - days(200))

    assert send(UNTIL - days(180), django_capture_on_commit_callbacks) == []


# --- The daily job and the demo ----------------------------------------------------------------


def test_the_daily_job_runs_at_one_in_the_morning_vietnam_time():
    from ocop_portal.celery import app

    entry = app.conf.beat_schedule["certificates-daily"]

    assert entry["task"] == "evaluations.tasks_certificates.certificates_daily"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({1}, {0})
    assert app.conf.timezone == "Asia/Ho_Chi_Minh"


def test_the_daily_task_expires_and_notifies(owned, django_capture_on_commit_callbacks):
    from evaluations.tasks_certificates import certificates_daily

    with django_capture_on_commit_callbacks(execute=True):
        counts = certificates_daily.delay(day=(UNTIL + DAY).isoformat()).get()

    assert counts == {"expired": 1, "notices": 1}
    assert reload(owned).status == "expired"
    assert len(mail.outbox) == 1


def test_the_demos_2020_certificates_read_expired_since_16_10_2023(bac_ninh_2020):
    certificates = Certificate.objects.filter(decision__round__year=2020)

    assert certificates.count() == 33
    assert set(certificates.values_list("status", "ended_on")) == {("expired", datetime.date(2023, 10, 16))}
    assert CertificateNotice.objects.filter(certificate__in=certificates).count() == 0  # long gone: no stale email
