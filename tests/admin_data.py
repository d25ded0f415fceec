"""One complete row chain through every model, for admin tests: `build_chain(i)` makes the i-th
province with its producer, product, sheet, round, council, session, scorecard, result,
certificate, entitlement, payout batch with its line and payment, so calling it n times gives n rows
in every changelist."""

import datetime as dt
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from evaluations.models import (
    AdvisoryRequest,
    Application,
    ApplicationStatus,
    Certificate,
    CertificateNotice,
    ConflictOfInterest,
    Council,
    CouncilMember,
    CouncilSession,
    Criterion,
    DossierVersion,
    EvaluationRound,
    EvidenceFile,
    ManualTargetProgress,
    MemberRole,
    MinistryAnswer,
    Option,
    Precheck,
    ProgrammeTarget,
    ProvinceSettings,
    RecognitionDecision,
    RegulationVersion,
    Result,
    Scorecard,
    ScorecardChoice,
    ScoringSheet,
    SelfAssessment,
    SelfAssessmentAnswer,
    SheetPart,
    SheetSection,
    WorkingDayOverride,
)
from ocop_portal.core.models import AdministrativeUnit, Document, Role, RoleAssignment, UnitLevel, User
from ocop_portal.core.services import api_token_create
from ocop_portal.core.state import audit
from producers.models import (
    Gender,
    Producer,
    ProducerKind,
    ProducerMembership,
    Product,
    ProductSet,
    StandingDocument,
    TrainingRecord,
)
from rewards.models import Entitlement, Payout, PayoutBatch, PayoutEntry, RewardEvent, RewardRate, RewardSchedule
from tests.factories import WebhookDeliveryFactory, WebhookEndpointFactory


def _unit(*, code, name, level, parent=None):
    unit = AdministrativeUnit.objects.create(code=code, name=name, level=level, parent=parent)
    unit.path = unit.expected_path()
    unit.save(update_fields=["path"])
    return unit


def build_chain(i):
    day = dt.date(2026, 3, 1)
    province = _unit(code=f"P{i}", name=f"Tỉnh số {i}", level=UnitLevel.PROVINCE)
    commune = _unit(code=f"C{i}", name=f"Xã số {i}", level=UnitLevel.COMMUNE, parent=province)
    owner = User.objects.create_user(f"chu-the-{i}", password="x", full_name=f"Nguyễn Thị {i}")
    expert = User.objects.create_user(f"thanh-vien-{i}", password="x")
    officer = User.objects.create_user(f"can-bo-tinh-{i}", password="x")
    RoleAssignment.objects.create(user=officer, role=Role.PROVINCIAL_STAFF, unit=province)
    api_token_create(user=officer, name=f"Hệ thống của tỉnh {i}")

    product_set = ProductSet.objects.create(number=i, name=f"Bộ sản phẩm {i}", group="Thực phẩm", sector="Thực phẩm")
    producer = Producer.objects.create(
        kind=ProducerKind.HOUSEHOLD, name=f"Hộ sản xuất {i}", registration_number=f"21A80{i:05d}", unit=commune,
        address="Thôn Đông", representative_name=f"Nguyễn Thị {i}", representative_gender=Gender.FEMALE,
    )
    ProducerMembership.objects.create(producer=producer, user=owner, is_owner=True)
    product = Product.objects.create(producer=producer, name=f"Mật ong bạc hà {i}", product_set=product_set)

    regulation = RegulationVersion.objects.create(
        code=f"QD-{i}", title=f"Quyết định {i}", signed_on=day, effective_from=day, part_a_max=35, part_b_max=25, part_c_max=40
    )
    sheet = ScoringSheet.objects.create(regulation=regulation, set_number=i, name=f"Bộ {i}", product_set=product_set)
    part = SheetPart.objects.create(sheet=sheet, code="A", name="Sản xuất và tổ chức", max_points=35)
    section = SheetSection.objects.create(part=part, number="1", name="Tổ chức sản xuất", max_points=10, position=1)
    criterion = Criterion.objects.create(sheet=sheet, section=section, code="1.1", name="Nguồn nguyên liệu", max_points=5, position=1)
    option = Option.objects.create(criterion=criterion, text="Nguyên liệu tại địa phương", points=5, min_star=3, position=1)

    round_ = EvaluationRound.objects.create(
        province=province, name=f"Đợt {i} năm 2026", year=2026, regulation=regulation, opens_on=day, closes_on=day + dt.timedelta(days=60)
    )
    council = Council.objects.create(province=province, name=f"Hội đồng tỉnh {i}", decision_number=f"{i}/QĐ-UBND", decision_date=day)
    member = CouncilMember.objects.create(council=council, user=expert, full_name=f"Trần Văn {i}", role=MemberRole.CHAIR, voting=True)
    session = CouncilSession.objects.create(council=council, round=round_, starts_on=day, ends_on=day)
    application = Application.objects.create(
        product=product, round=round_, sheet=sheet, status=ApplicationStatus.SCORED, session=session, submitted_at=timezone.now()
    )
    endpoint = WebhookEndpointFactory(unit=commune, created_by=officer)
    WebhookDeliveryFactory(endpoint=endpoint, application_id=application.pk)
    scorecard = Scorecard.objects.create(application=application, session=session, member=member)
    ScorecardChoice.objects.create(scorecard=scorecard, criterion=criterion, option=option)
    # submitted after its choice is in: the database refuses choices on a submitted card
    Scorecard.objects.filter(pk=scorecard.pk).update(status="submitted", total=75, submitted_at=timezone.now())
    result = Result.objects.create(
        application=application, session=session, score=Decimal("75.00"), band_star=4, star=4, member_count=1, spread=0
    )
    decision = RecognitionDecision.objects.create(
        province=province, round=round_, number=f"{i}/QĐ-UBND-CN", signed_on=day, signer_name="Lê Văn A", signer_title="Phó Chủ tịch"
    )
    certificate = Certificate.objects.create(
        result=result, decision=decision, number=f"GCN-{i}", star=4, issued_on=day, valid_until=day + dt.timedelta(days=1095),
        verification_code=f"verify{i:04d}",
    )
    target = ProgrammeTarget.objects.create(
        province=province, period_start=2021, period_end=2025, metric=ProgrammeTarget.Metric.PRODUCTS_3_PLUS, target=200, qualifier="at_least"
    )
    ManualTargetProgress.objects.create(target=target, year=2024, value=i, evidence=f"Báo cáo số {i}/BC-SNN", entered_by=officer)
    schedule = RewardSchedule.objects.create(province=province, name=f"Mức thưởng tỉnh {i}", valid_from=day)
    rate = RewardRate.objects.create(schedule=schedule, event=RewardEvent.FIRST, star=4, amount_vnd=150_000_000)
    entitlement = Entitlement.objects.create(
        application=application, certificate=certificate, decision=decision, schedule=schedule, rate=rate, event=RewardEvent.FIRST,
        star=4, amount_vnd=150_000_000, due_on=day, status="paid")
    approver = User.objects.create_user(f"phe-duyet-{i}", password="x")
    finance = User.objects.create_user(f"ke-toan-{i}", password="x")
    batch = PayoutBatch.objects.create(province=province, decision=decision, proposed_by=officer, approved_by=approver,
                                       approved_at=timezone.now(), number=f"{i}/QĐ-KT", signed_on=day, signer_name="Lê Văn A",
                                       signer_title="Phó Chủ tịch", status="paid")
    payout = Payout.objects.create(batch=batch, entitlement=entitlement, amount_vnd=150_000_000)
    PayoutEntry.objects.create(payout=payout, attempt=1, kind="payment", amount_vnd=150_000_000, paid_on=day,
                               reference=f"UNC {i}", recorded_by=finance)
    helper = CouncilMember.objects.create(council=council, full_name=f"Lê Văn {i}", role=MemberRole.SUPPORT_MEMBER, voting=False)
    ConflictOfInterest.objects.create(member=helper, application=application, reason="Là thành viên hợp tác xã")
    ProvinceSettings.objects.create(province=province, locality_conflicts=True)
    WorkingDayOverride.objects.create(province=province, day=dt.date(2026, 9, 3), note="Nghỉ bù dịp Quốc khánh")
    audit(application, action="status", actor=expert, from_status="in_session", to_status="scored")
    _dossier_parts(i, application, criterion, option, producer, owner)
    return {"province": province, "result": result, "scorecard": scorecard, "council": council, "batch": batch,
            "entitlement": entitlement, "officer": officer}


def _dossier_parts(i, application, criterion, option, producer, owner):
    """The dossier's self-assessment, evidence, pre-check, a request and a version; the producer's
    training and a standing document (files are rows only: the admin never opens them)."""
    SelfAssessment.objects.create(application=application, history=f"Thành lập năm 20{i:02d}.")
    SelfAssessmentAnswer.objects.create(application=application, criterion=criterion, option=option, description="Có hợp đồng")
    digest = f"{i:064d}"
    EvidenceFile.objects.create(application=application, criterion=criterion, file=f"evidence/{digest}", original_name=f"hop-dong-{i}.pdf",
                                content_type="application/pdf", size=1024, sha256=digest, uploaded_by=owner)
    Precheck.objects.create(application=application, complete=True, samples_received=5, local_materials="Nguyên liệu địa phương")
    AdvisoryRequest.objects.create(application=application, kind="lab_test", description="Kiểm nghiệm bổ sung")
    DossierVersion.objects.create(application=application, number=1, submitted_at=timezone.now(), content={"answers": {}})
    TrainingRecord.objects.create(producer=producer, person_name=f"Nguyễn Thị {i}", course="Tập huấn OCOP", organiser="Sở NN&MT",
                                  attended_on=dt.date(2026, 2, 1))
    certificate = Certificate.objects.get(result__application=application)
    CertificateNotice.objects.create(certificate=certificate, kind="t180")
    Document.objects.create(kind="certificate", content_type=ContentType.objects.get_for_model(Certificate), object_id=certificate.pk,
                            status="ready", file=f"documents/certificate-{i}.pdf", sha256=digest, size=4096)
    MinistryAnswer.objects.create(application=application, outcome="below_90", decision_number=f"{i}/QĐ-BNNMT",
                                  decision_date=dt.date(2026, 6, 1), central_score=Decimal("85.50"))
    StandingDocument.objects.create(producer=producer, kind="food_safety", title="Giấy chứng nhận ATTP", file=f"standing/{digest}",
                                    original_name=f"attp-{i}.pdf", content_type="application/pdf", size=2048, sha256=digest)
