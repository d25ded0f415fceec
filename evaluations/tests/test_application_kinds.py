"""An upgrade or a re-rating needs a certificate the product holds; a re-rating only from 180 to
120 days before it expires, and the refusal names the dates that would be allowed."""

import datetime

import pytest

from evaluations import services as ev
from evaluations.models import Application, Certificate, EvaluationRound, ScoringSheet

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def recognised(bac_ninh_2020):
    """A 4★ product of 2020 (certificate issued 15/10/2020, valid until 15/10/2023) and the open
    2026 round of today's Bắc Ninh."""
    certificate = Certificate.objects.select_related("result__application__product").order_by("pk").first()
    rnd = EvaluationRound.objects.get(year=2026)
    sheet = ScoringSheet.objects.get(regulation=rnd.regulation, set_number=certificate.result.application.product.product_set.number)
    return certificate, rnd, sheet


def create(recognised, kind, on):
    certificate, rnd, sheet = recognised
    return ev.application_create(product=certificate.result.application.product, round=rnd, sheet=sheet, kind=kind, on=on)


@pytest.mark.parametrize(("on", "allowed"), [
    (datetime.date(2023, 4, 17), False),  # 181 days before 15/10/2023
    (datetime.date(2023, 4, 18), True),   # exactly 180 days before
    (datetime.date(2023, 6, 17), True),   # exactly 120 days before
    (datetime.date(2023, 6, 18), False),  # 119 days before
])
def test_a_rerating_is_accepted_exactly_inside_its_window(recognised, on, allowed):
    certificate, _rnd, _sheet = recognised
    assert certificate.valid_until == datetime.date(2023, 10, 15)

    if allowed:
        assert create(recognised, "rerating", on).kind == "rerating"
    else:
        with pytest.raises(ev.EvaluationError) as refused:
            create(recognised, "rerating", on)
        assert "từ 18/04/2023 đến 17/06/2023 (180 đến 120 ngày trước khi giấy chứng nhận" in refused.value.messages[0]
        assert "hết hiệu lực ngày 15/10/2023" in refused.value.messages[0]


def test_a_product_without_a_valid_certificate_can_only_apply_first_time(recognised):
    certificate, rnd, sheet = recognised

    with pytest.raises(ev.EvaluationError, match="chưa có giấy chứng nhận OCOP còn hiệu lực"):
        create(recognised, "upgrade", datetime.date(2026, 11, 29))  # expired on 15/10/2023
    with pytest.raises(ev.EvaluationError, match="chưa có giấy chứng nhận OCOP còn hiệu lực"):
        create(recognised, "rerating", datetime.date(2026, 11, 29))

    assert create(recognised, "first", datetime.date(2026, 11, 29)).kind == "first"
    assert Application.objects.filter(product=certificate.result.application.product, round=rnd).count() == 1


def test_an_upgrade_needs_the_certificate_to_be_valid_that_day(recognised):
    assert create(recognised, "upgrade", datetime.date(2023, 10, 15)).kind == "upgrade"
