"""The evaluation services: status machines, scorecards, closing a session, recognition."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from evaluations import services as ev
from evaluations.catalogue_services import catalogue_load
from evaluations.models import Application, Criterion, Option, RegulationVersion, ScoringSheet
from ocop_portal.core.models import AuditEntry, Role, UnitLevel
from ocop_portal.core.state import TransitionNotAllowed
from tests.factories import (
    ProducerFactory,
    ProductFactory,
    ProductSetFactory,
    RoundFactory,
    UnitFactory,
    precheck_complete,
    user_with_role,
)

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def catalogue():
    catalogue_load()


@pytest.fixture
def province():
    return UnitFactory(code="24", name="Tỉnh Bắc Ninh", level=UnitLevel.PROVINCE)


@pytest.fixture
def commune(province):
    return UnitFactory(code="09292", name="Xã Phù Lãng", level=UnitLevel.COMMUNE, parent=province)


@pytest.fixture
def staff():
    return user_with_role(Role.PROVINCIAL_STAFF)


@pytest.fixture
def round_(catalogue, province):
    return RoundFactory(province=province, name="Đợt 1 năm 2026")


@pytest.fixture
def set7(catalogue):
    return ScoringSheet.objects.get(regulation__code="26/2026", set_number=7)


@pytest.fixture
def application(round_, set7, commune):
    product = ProductFactory(producer=ProducerFactory(unit=commune), product_set=ProductSetFactory(number=7))
    return ev.application_create(product=product, round=round_, sheet=set7)


def _eligible(application, staff):
    ev.application_submit(application=application)
    precheck_complete(application)
    ev.application_forward(application=application)
    ev.application_decide_eligibility(application=application, eligible=True, actor=staff)
    return application


@pytest.fixture
def council(province):
    return ev.council_create(
        province=province, name="Hội đồng OCOP tỉnh 2026", decision_number="12/QĐ-UBND", decision_date=datetime.date(2026, 7, 10),
        members=[{"full_name": "Chủ tịch A", "role": "chair"}, {"full_name": "Ủy viên B", "role": "member"},
                 {"full_name": "Thư ký C", "role": "secretary"}, {"full_name": "Tổ giúp việc D", "role": "support_member"}],
    )


@pytest.fixture
def open_session(council, round_, application, staff):
    session = ev.session_create(council=council, round=round_, starts_on=datetime.date(2026, 8, 1), ends_on=datetime.date(2026, 8, 1))
    ev.session_add_application(session=session, application=_eligible(application, staff), actor=staff)
    ev.session_open(session=session, actor=staff)
    return session


def best_choices(sheet, worse=()):
    """The best option on every criterion, or the lowest on the criteria codes in `worse`."""
    choices = {}
    for criterion in Criterion.objects.filter(sheet=sheet).prefetch_related("options"):
        options = sorted(criterion.options.all(), key=lambda o: o.points)
        choices[criterion.pk] = (options[0] if criterion.code in worse else options[-1]).pk
    return choices


def test_submission_gets_a_receipt_number_and_every_move_is_audited(application, staff):
    ev.application_submit(application=application, actor=staff)
    precheck_complete(application)
    ev.application_forward(application=application, actor=staff)

    application.refresh_from_db()
    assert application.receipt_number == "001-01/PĐK-24-09292-2026"
    moves = list(AuditEntry.objects.filter(object_id=application.pk, action="status").order_by("id")
                 .values_list("from_status", "to_status"))
    assert moves == [("draft", "submitted"), ("submitted", "forwarded")]


def test_a_move_the_machine_does_not_allow_is_refused_and_changes_nothing(application):
    with pytest.raises(TransitionNotAllowed) as refused:
        ev.application_decide_eligibility(application=application, eligible=True)

    application.refresh_from_db()
    assert application.status == "draft"
    assert "từ trạng thái “Nháp” sang “Đủ điều kiện”" in refused.value.messages[0]


def test_submitting_twice_from_two_tabs_is_refused(application):
    other_tab = Application.objects.get(pk=application.pk)
    ev.application_submit(application=application)

    with pytest.raises(TransitionNotAllowed):
        ev.application_submit(application=other_tab)

    assert Application.objects.get(pk=application.pk).receipt_number.startswith("001-01/")


def test_returning_or_rejecting_needs_a_reason(application, staff):
    ev.application_submit(application=application)
    with pytest.raises(ev.EvaluationError, match="lý do trả lại"):
        ev.application_return(application=application, reason="  ")
    precheck_complete(application)
    ev.application_forward(application=application)

    with pytest.raises(ev.EvaluationError, match="phải có lý do"):
        ev.application_decide_eligibility(application=application, eligible=False, reason="")

    application.refresh_from_db()
    assert application.status == "forwarded"


def test_the_database_refuses_an_ineligible_dossier_without_reason(application):
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(status="ineligible", decision_reason="")


def test_a_round_is_pinned_to_a_regulation_in_force(catalogue, province):
    old = RegulationVersion.objects.get(code="1048/2019")

    with pytest.raises(ev.EvaluationError, match="không có hiệu lực vào ngày 01/07/2026"):
        ev.round_open(province=province, name="Đợt sai", year=2026, regulation=old,
                      opens_on=datetime.date(2026, 7, 1), closes_on=datetime.date(2026, 12, 30))


def test_a_sheet_of_another_version_or_an_unusable_sheet_is_refused(round_, province, commune):
    product = ProductFactory(producer=ProducerFactory(unit=commune))
    old_sheet = ScoringSheet.objects.get(regulation__code="1048/2019", set_number=2)
    with pytest.raises(ev.EvaluationError, match="không thuộc quy định"):
        ev.application_create(product=product, round=round_, sheet=old_sheet)
    round_1048 = ev.round_open(province=province, name="Đợt 2020", year=2020, regulation=old_sheet.regulation,
                               opens_on=datetime.date(2020, 6, 1), closes_on=datetime.date(2020, 12, 31))

    with pytest.raises(ev.EvaluationError, match="không dùng được"):
        ev.application_create(product=product, round=round_1048,
                              sheet=ScoringSheet.objects.get(regulation__code="1048/2019", set_number=21))


def test_a_choice_from_another_criterion_is_refused(open_session, application, set7):
    member = open_session.council.members.get(role="member")
    c11, c12 = Criterion.objects.filter(sheet=set7, code__in=["1.1", "1.2"]).order_by("code")
    foreign_option = Option.objects.filter(criterion=c12).first()

    with pytest.raises(ev.EvaluationError, match="không thuộc tiêu chí"):
        ev.scorecard_choose(session=open_session, application=application, member=member, choices={c11.pk: foreign_option.pk})


def test_the_support_team_cannot_score(open_session, application, set7):
    helper = open_session.council.members.get(role="support_member")

    with pytest.raises(ev.EvaluationError, match="không phải thành viên chấm điểm"):
        ev.scorecard_choose(session=open_session, application=application, member=helper, choices=best_choices(set7))


def test_an_incomplete_sheet_cannot_be_submitted_and_names_the_criterion(open_session, application, set7):
    member = open_session.council.members.get(role="member")
    choices = best_choices(set7)
    missing = Criterion.objects.get(sheet=set7, code="3.4")
    del choices[missing.pk]
    card = ev.scorecard_choose(session=open_session, application=application, member=member, choices=choices)

    with pytest.raises(ev.EvaluationError, match="3.4"):
        ev.scorecard_submit(scorecard=card)

    card.refresh_from_db()
    assert (card.status, card.total) == ("draft", None)


def test_a_submitted_sheet_is_locked_until_the_chair_reopens_it(open_session, application, set7):
    member = open_session.council.members.get(role="member")
    card = ev.scorecard_choose(session=open_session, application=application, member=member, choices=best_choices(set7))
    ev.scorecard_submit(scorecard=card)
    with pytest.raises(ev.EvaluationError, match="đã nộp"):
        ev.scorecard_choose(session=open_session, application=application, member=member, choices=best_choices(set7, ["1.1"]))

    ev.scorecard_reopen(scorecard=card, reason="Chấm nhầm tiêu chí 1.1")
    ev.scorecard_choose(session=open_session, application=application, member=member, choices=best_choices(set7, ["1.1"]))
    ev.scorecard_submit(scorecard=card)

    card.refresh_from_db()
    assert (card.status, card.total) == ("submitted", 98)  # 1.1's lowest option gives 1 of 3 points


def test_closing_refuses_while_a_member_has_not_submitted(open_session, application, set7):
    member = open_session.council.members.get(role="member")
    ev.scorecard_choose(session=open_session, application=application, member=member, choices=best_choices(set7))

    with pytest.raises(ev.EvaluationError, match="còn phiếu chấm chưa nộp"):
        ev.session_close(session=open_session)

    open_session.refresh_from_db()
    assert open_session.status == "open"


def _score_all(session, application, sheet, worse=()):
    for member in session.council.members.filter(voting=True):
        card = ev.scorecard_choose(session=session, application=application, member=member, choices=best_choices(sheet, worse))
        ev.scorecard_submit(scorecard=card)


def test_closing_freezes_explained_results_and_rates_the_application(open_session, application, set7):
    # 5.1's lowest option (0) misses its 4★ marker (5 points), and 5.2 then counts 0 (it applies
    # only with a story): 100 - 5 - 2 = 93, a 5★ band capped to 3★.
    _score_all(open_session, application, set7, worse=["5.1"])

    ev.session_close(session=open_session)

    application.refresh_from_db()
    result = application.results.get()
    assert (str(result.score), result.band_star, result.star, application.status) == ("93.00", 5, 3, "rated")
    assert result.explanation["outcome"] == "capped"
    assert result.explanation["minimums"]["capped_by"][0]["criterion_code"] == "5.1"
    with pytest.raises(ev.EvaluationError, match="đang diễn ra"):  # a second click on “close”
        ev.session_close(session=open_session)
    assert application.results.count() == 1


def test_missing_a_three_star_minimum_is_not_achieved_whatever_the_total(open_session, application, set7):
    # 2.2's lowest option (0) is below its 3★ marker (2 points): 97 points, not achieved.
    _score_all(open_session, application, set7, worse=["2.2"])

    ev.session_close(session=open_session)

    application.refresh_from_db()
    result = application.results.get()
    assert (str(result.score), result.star, application.status) == ("97.00", None, "not_achieved")


def test_recognition_issues_36_month_certificates_and_product_codes(open_session, application, set7, round_):
    _score_all(open_session, application, set7, worse=["1.4"])  # 98 points, every minimum met → 5★ band
    other = ProductFactory(producer=application.product.producer, product_set=ProductSetFactory(number=7))
    ev.session_close(session=open_session)

    decision = ev.decision_issue(round=round_, number="99/QĐ-UBND", signed_on=datetime.date(2026, 9, 30),
                                 signer_name="Người ký", signer_title="Chủ tịch UBND tỉnh")

    application.refresh_from_db()
    assert application.status == "referred"  # 5★ goes to the ministry, no provincial certificate
    assert decision.certificates.count() == 0
    assert other.code is None


def test_recognition_of_a_four_star_result(open_session, application, set7, round_):
    # criteria without star markers at their lowest: 100 - 3 (4.2) - 5 (4.3) - 2 (1.4) - 1 (1.7) = 89 → 4★
    _score_all(open_session, application, set7, worse=["4.2", "4.3", "1.4", "1.7"])
    ev.session_close(session=open_session)

    decision = ev.decision_issue(round=round_, number="100/QĐ-UBND", signed_on=datetime.date(2026, 9, 30),
                                 signer_name="Người ký", signer_title="Chủ tịch UBND tỉnh")

    certificate = decision.certificates.get()
    application.refresh_from_db()
    assert (certificate.star, certificate.valid_until, application.status) == (4, datetime.date(2029, 9, 30), "recognised")
    assert certificate.number == "001/GCN-OCOP-24-2026"
    assert application.product.code == "24-09292-001-2026"


def test_the_database_refuses_an_option_of_another_criterion(open_session, application, set7):
    from evaluations.models import ScorecardChoice

    member = open_session.council.members.get(role="member")
    card = ev.scorecard_choose(session=open_session, application=application, member=member, choices=best_choices(set7))
    choice = card.choices.first()
    foreign = Option.objects.exclude(criterion_id=choice.criterion_id).filter(criterion__sheet=set7).first()

    with pytest.raises(IntegrityError), transaction.atomic():
        ScorecardChoice.objects.filter(pk=choice.pk).update(option=foreign)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScorecardChoice.objects.create(scorecard=card, criterion_id=choice.criterion_id, option=foreign)

    choice.refresh_from_db()
    assert choice.option.criterion_id == choice.criterion_id


def test_the_database_freezes_a_submitted_sheet_and_the_results(open_session, application, set7):
    from evaluations.models import Result, ScorecardChoice

    _score_all(open_session, application, set7)
    card = application.scorecards.first()
    choice = card.choices.first()
    lower = Option.objects.filter(criterion_id=choice.criterion_id).order_by("points").first()
    ev.session_close(session=open_session)

    with pytest.raises(IntegrityError), transaction.atomic():
        ScorecardChoice.objects.filter(pk=choice.pk).update(option=lower)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScorecardChoice.objects.filter(pk=choice.pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        Result.objects.filter(application=application).update(score=0, star=None)

    assert Result.objects.get(application=application).score == 100
    assert ScorecardChoice.objects.get(pk=choice.pk).option_id == choice.option_id


def test_receipt_numbers_continue_after_the_highest_given(application, round_, commune):
    other = ProductFactory(producer=ProducerFactory(unit=commune))
    earlier = ev.application_create(product=other, round=round_, sheet=application.sheet)
    Application.objects.filter(pk=earlier.pk).update(receipt_number="007-01/PĐK-24-09292-2026")

    ev.application_submit(application=application)

    application.refresh_from_db()
    assert application.receipt_number == "008-01/PĐK-24-09292-2026"
