"""Điều 12.3 QĐ 26/2026: a certificate whose re-rating window (180 to 120 days before expiry)
opened before the decision took effect (22/05/2026) stays valid until the result, at most 180
days past its expiry, and its re-rating may be filed from 22/05/2026 until then."""

import datetime

import pytest

from evaluations import services as ev
from evaluations.models import Certificate, EvaluationRound, ScoringSheet

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

EFFECTIVE = datetime.date(2026, 5, 22)


@pytest.fixture
def certificate_until(bac_ninh_2020):
    """A 2020 certificate made to expire on a chosen day, and a function filing its re-rating in the
    2026 round on a chosen day."""
    certificate = Certificate.objects.select_related("result__application__product__product_set").order_by("pk").first()
    rnd = EvaluationRound.objects.get(year=2026)
    assert rnd.regulation.effective_from == EFFECTIVE
    sheet = ScoringSheet.objects.get(regulation=rnd.regulation, set_number=certificate.result.application.product.product_set.number)

    def make(valid_until):
        Certificate.objects.filter(pk=certificate.pk).update(valid_until=valid_until)

        def file(on):
            return ev.application_create(product=certificate.result.application.product, round=rnd, sheet=sheet,
                                         kind="rerating", on=on)
        return file

    return make


@pytest.mark.parametrize(("on", "allowed"), [
    (datetime.date(2026, 5, 21), False),  # the day before the decision took effect
    (EFFECTIVE, True),
    (datetime.date(2027, 1, 28), True),   # exactly 180 days past expiry (01/08/2026)
])
def test_a_window_that_fell_before_the_decision_opens_the_transitional_period(certificate_until, on, allowed):
    file = certificate_until(datetime.date(2026, 8, 1))  # window 02/02–03/04/2026: before 22/05/2026

    if allowed:
        assert file(on).kind == "rerating"
    else:
        with pytest.raises(ev.EvaluationError) as refused:
            file(on)
        assert "từ 22/05/2026 đến 28/01/2027 (Điều 12.3" in refused.value.messages[0]


def test_past_the_180_days_the_product_applies_as_a_first_time_product(certificate_until):
    file = certificate_until(datetime.date(2026, 8, 1))

    with pytest.raises(ev.EvaluationError) as refused:
        file(datetime.date(2027, 1, 29))  # 181 days past expiry

    assert refused.value.code == "no_certificate"
    assert "chỉ đăng ký đánh giá lần đầu" in refused.value.messages[0]


def test_a_window_opening_on_the_day_the_decision_took_effect_is_the_ordinary_window(certificate_until):
    file = certificate_until(EFFECTIVE + datetime.timedelta(days=180))  # window opens exactly on 22/05/2026

    assert file(EFFECTIVE).kind == "rerating"
    with pytest.raises(ev.EvaluationError) as refused:
        file(EFFECTIVE + datetime.timedelta(days=61))
    assert "Điều 12.3" not in refused.value.messages[0]


def test_a_window_opening_the_day_before_is_transitional_even_past_expiry(certificate_until):
    expiry = EFFECTIVE + datetime.timedelta(days=179)  # window opened 21/05/2026
    file = certificate_until(expiry)

    assert file(expiry + datetime.timedelta(days=30)).kind == "rerating"


def test_an_upgrade_needs_a_certificate_still_valid_even_in_the_transitional_period(certificate_until):
    certificate_until(datetime.date(2026, 8, 1))
    certificate = Certificate.objects.order_by("pk").first()
    rnd = EvaluationRound.objects.get(year=2026)
    sheet = ScoringSheet.objects.get(regulation=rnd.regulation, set_number=certificate.result.application.product.product_set.number)

    with pytest.raises(ev.EvaluationError, match="chưa có giấy chứng nhận OCOP còn hiệu lực"):
        ev.application_create(product=certificate.result.application.product, round=rnd, sheet=sheet, kind="upgrade",
                              on=datetime.date(2026, 8, 2))


def test_filing_the_transitional_rerating_keeps_an_expired_certificate_valid_until_the_result(certificate_until):
    from evaluations.services_certificates import certificates_expire

    file = certificate_until(datetime.date(2026, 8, 1))
    certificates_expire(today=datetime.date(2026, 9, 1))
    certificate = Certificate.objects.order_by("pk").first()
    assert certificate.status == "expired"
    application = file(datetime.date(2026, 9, 1))

    ev.application_submit(application=application)

    certificate.refresh_from_db()
    assert (certificate.status, certificate.extended_until, certificate.ended_on) == ("valid", datetime.date(2027, 1, 28), None)


def test_an_ordinary_rerating_extends_nothing(certificate_until):
    file = certificate_until(EFFECTIVE + datetime.timedelta(days=180))
    application = file(EFFECTIVE)

    ev.application_submit(application=application)

    assert Certificate.objects.order_by("pk").first().extended_until is None
