"""Every write of the producer's own dossier pages: registering a product for a round (Mẫu 01),
the general information and the per-criterion answers of the self-assessment (Mẫu 02), filling
an upgrade or re-rating in from the product's last dossier, and handing the dossier in.

The status machine, the receipt number and the certificate rules stay in `services`; these call
them. Only the producer's own users write here, and only while the dossier is theirs to change
(draft, returned by the local office, or sent back by the province for completion)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ocop_portal.core.state import audit
from producers.models import Product
from producers.rules import acts_for_producer, local_office_of_producer
from producers.services import product_create

from . import rules, scoring, selectors, services
from .models import Application, ApplicationKind, SelfAssessment, SelfAssessmentAnswer
from .sheet_definitions import sheet_definition
from .status_texts import EDITABLE

EvaluationError = services.EvaluationError

TOURISM_SET = 26  # "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch": no samples
DEFAULT_SAMPLES = 5
MAX_SAMPLES = 100
GENERAL_FIELDS = ("product_spec", "declarations", "history", "organisation", "business_results", "business_plan")
REQUIRED_GENERAL = ("product_spec", "history")  # what a dossier cannot be handed in without


class DossierExists(EvaluationError):
    """The product already has a dossier in the round (one per product and round); `application`
    is that dossier."""

    def __init__(self, application):
        self.application = application
        super().__init__(_("Sản phẩm này đã có hồ sơ trong đợt."), code="dossier_exists")


class DossierIncomplete(EvaluationError):
    """The dossier cannot be handed in yet; `problems` lists what is missing, one sentence each."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(self.problems, code="incomplete")
        self.code = "incomplete"  # a list of messages keeps no code of its own


def _lock(application):
    Application.objects.select_for_update().filter(pk=application.pk).values_list("pk").first()
    application.refresh_from_db()
    return application


def _check_can_change(application, actor):
    """Only the producer's users (or the office that prepares the dossier for it) change a
    dossier, and only while it is theirs to change."""
    if not rules.can_prepare_dossier.test(actor, application):
        raise EvaluationError(_("Chỉ tài khoản của chủ thể sản xuất mới sửa được hồ sơ này."), code="not_producer")
    if application.status not in EDITABLE:
        raise EvaluationError(
            _("Hồ sơ đang ở trạng thái “%(status)s”: không sửa được nữa.") % {"status": application.get_status_display()},
            code="not_editable")


def is_tourism(sheet):
    return sheet.set_number == TOURISM_SET


# --- Registration (Mẫu 01) -------------------------------------------------------------------------


@transaction.atomic
def dossier_register(*, producer, round, kind, actor, product=None, new_name="", new_description="", product_set=None,
                     samples_count=None, alternative_case=None, on=None):
    """Register a product of `producer` for `round`: a new product (`new_name`, `product_set`) is
    created first; the round's regulation must have a usable sheet for the product's set;
    `services.application_create` makes the draft (and refuses an upgrade or re-rating the
    product's certificate does not allow); then the registration's own facts are saved
    (`dossier_update_registration`), and an upgrade or re-rating is filled in from the product's
    last dossier (`dossier_prefill`). Raises `DossierExists` when the product already has a
    dossier in the round. All or nothing: a refusal creates no product either. The local office
    over the producer may register on its behalf: the dossier is then `prepared_by_office`."""
    by_office = not acts_for_producer(actor, producer)
    if by_office and not local_office_of_producer(actor, producer):
        raise EvaluationError(_("Chỉ tài khoản của chủ thể sản xuất (hoặc cán bộ địa phương phụ trách chủ thể) mới đăng ký "
                                "được sản phẩm của chủ thể."), code="not_producer")
    if product is None:
        name = (new_name or "").strip()
        existing = Product.objects.filter(producer=producer, name__iexact=name).first() if name else None
        if existing is not None:
            previous = Application.objects.filter(product=existing, round=round).first()
            if previous is not None:
                raise DossierExists(previous)
            raise ValidationError({"new_name": _("Chủ thể đã có sản phẩm “%(name)s”: hãy chọn sản phẩm này trong danh sách "
                                                 "sản phẩm đã có.") % {"name": existing.name}}, code="product_exists")
        if product_set is None:
            raise ValidationError({"product_set": _("Hãy chọn bộ sản phẩm.")}, code="product_set_required")
        sheet = selectors.usable_sheet(round.regulation_id, product_set.pk)
        if sheet is None:
            raise _no_sheet(round, product_set)
        product = product_create(producer=producer, name=name, product_set=product_set, description=(new_description or "").strip())
    else:
        if product.producer_id != producer.pk:
            raise EvaluationError(_("Sản phẩm không thuộc chủ thể này."), code="other_producer")
        previous = Application.objects.filter(product=product, round=round).first()
        if previous is not None:
            raise DossierExists(previous)
        sheet = selectors.usable_sheet(round.regulation_id, product.product_set_id)
        if sheet is None:
            raise _no_sheet(round, product.product_set, field="product")
    try:
        with transaction.atomic():
            application = services.application_create(product=product, round=round, sheet=sheet, kind=kind, actor=actor, on=on)
            if by_office:
                application.prepared_by_office = True
                application.save(update_fields=["prepared_by_office"])
    except (IntegrityError, ValidationError) as exc:
        previous = Application.objects.filter(product=product, round=round).first()
        if previous is not None:  # a second click got here while the first was being saved
            raise DossierExists(previous) from exc
        raise
    dossier_update_registration(application=application, actor=actor, samples_count=samples_count,
                                alternative_case=alternative_case, created=True)
    if kind in (ApplicationKind.UPGRADE, ApplicationKind.RERATING):
        dossier_prefill(application=application, actor=actor)
    return application


def _no_sheet(round, product_set, field="product_set"):
    return ValidationError({field: _("Quy định %(regulation)s của đợt chưa có phiếu đánh giá dùng được cho bộ sản phẩm "
                                             "“%(set)s”: chưa thể đăng ký sản phẩm thuộc bộ này.")
                                           % {"regulation": round.regulation.code, "set": product_set}}, code="no_sheet")


@transaction.atomic
def dossier_update_registration(*, application, actor, samples_count=None, alternative_case=None, created=False):
    """Change what the registration says beyond its product and round: the number of samples (5
    unless said otherwise; none for a tourism product, set 26) and, for a sheet split by case
    (set 26), the case (`services.application_set_case`). Changing the case clears the options
    chosen for the other case (their descriptions stay). Audited when something changes."""
    _lock(application)
    _check_can_change(application, actor)
    tourism = is_tourism(application.sheet)
    if tourism:
        samples = 0
    elif samples_count in (None, ""):
        samples = application.samples_count if application.samples_count else DEFAULT_SAMPLES
    else:
        try:
            samples = int(samples_count)
        except (TypeError, ValueError):
            samples = -1
        if not 1 <= samples <= MAX_SAMPLES:
            raise ValidationError({"samples_count": _("Số sản phẩm mẫu từ 1 đến %(max)d.") % {"max": MAX_SAMPLES}},
                                  code="invalid_samples")
    changed = []
    if application.samples_count != samples:
        application.samples_count = samples
        application.save(update_fields=["samples_count"])
        changed.append(f"samples={samples}")
    cases = selectors.sheet_case_texts([application.sheet_id]).get(application.sheet_id)
    if cases:
        if alternative_case in (None, ""):
            if application.alternative_case is None:
                raise ValidationError({"alternative_case": _("Hãy chọn trường hợp đánh giá (Trường hợp 1 hoặc 2).")},
                                      code="case_required")
        elif str(alternative_case) != str(application.alternative_case):
            services.application_set_case(application=application, case=alternative_case, actor=actor)
            _clear_other_case(application)
            changed.append(f"case={application.alternative_case}")
    if changed and not created:
        audit(application, action="registration_update", actor=actor, note=", ".join(changed))
    return application


def _clear_other_case(application):
    """Drop the chosen options that belong to another case than the dossier's (descriptions stay)."""
    other = [a.pk for a in SelfAssessmentAnswer.objects.filter(application=application).exclude(option__alternative_group="")
             .exclude(option__isnull=True).select_related("option")
             if scoring.case_number(a.option.alternative_group) != application.alternative_case]
    SelfAssessmentAnswer.objects.filter(pk__in=other).update(option=None)


# --- Self-assessment (Mẫu 02) ----------------------------------------------------------------------


@transaction.atomic
def self_assessment_save(*, application, actor, **values):
    """Save the general information of the self-assessment (Phần I, II, IV): any of
    GENERAL_FIELDS; `declarations` is a list of keys of `SelfAssessment.DECLARATIONS`. Creates the
    report on first use."""
    _lock(application)
    _check_can_change(application, actor)
    unknown = set(values) - set(GENERAL_FIELDS)
    if unknown:
        raise TypeError(f"not self-assessment fields: {sorted(unknown)}")
    if "declarations" in values:
        allowed = [key for key, _label in SelfAssessment.DECLARATIONS]
        chosen = set(values["declarations"] or [])
        if chosen - set(allowed):
            raise ValidationError({"declarations": _("Giấy tờ đã chọn không có trong danh sách.")}, code="invalid_declaration")
        values["declarations"] = [key for key in allowed if key in chosen]
    assessment, _created = SelfAssessment.objects.get_or_create(application=application)
    changed = []
    for field, value in values.items():
        value = value.strip() if isinstance(value, str) else value
        if getattr(assessment, field) != value:
            setattr(assessment, field, value)
            changed.append(field)
    if changed:
        assessment.full_clean()
        assessment.save(update_fields=[*changed, "updated_at"])
    return assessment


@transaction.atomic
def self_answer_save(*, application, criterion, option, description="", actor):
    """The producer's own option for one criterion of the dossier's sheet (or none yet) and its
    description. The option must be one of the criterion's and, for a sheet split by case, of the
    dossier's case. Audited when the option changes."""
    _lock(application)
    _check_can_change(application, actor)
    if criterion.sheet_id != application.sheet_id:
        raise EvaluationError(_("Tiêu chí không thuộc phiếu đánh giá của hồ sơ này."), code="other_sheet")
    if option is not None:
        if option.criterion_id != criterion.pk:
            raise EvaluationError(_("Phương án đã chọn không thuộc tiêu chí này."), code="invalid_choice")
        case = scoring.case_number(option.alternative_group) if option.alternative_group else None
        if case is not None and case != application.alternative_case:
            raise EvaluationError(_("Tiêu chí %(code)s: phương án đã chọn thuộc Trường hợp %(other)d, còn hồ sơ này được đánh giá "
                                    "theo %(case)s.") % {"code": criterion.code, "other": case,
                                                         "case": _("Trường hợp %(n)d") % {"n": application.alternative_case}
                                                         if application.alternative_case else _("trường hợp chưa chọn")},
                                  code="other_case")
    description = (description or "").strip()
    answer = SelfAssessmentAnswer.objects.filter(application=application, criterion=criterion).first()
    if answer is None:
        answer = SelfAssessmentAnswer.objects.create(application=application, criterion=criterion, option=option,
                                                     description=description)
        option_changed = option is not None
    else:
        option_changed = answer.option_id != (option.pk if option else None)
        if option_changed or answer.description != description:
            answer.option, answer.description = option, description
            answer.save(update_fields=["option", "description", "updated_at"])
    if option_changed:
        audit(application, action="self_answer", actor=actor,
              note=f"{criterion.code}: {option.points if option is not None else '-'}")
    return answer


# --- Prefill (upgrade, re-rating) ---------------------------------------------------------------


def earlier_dossier(application):
    """The product's last dossier before this one (latest round first), or None."""
    return (Application.objects.filter(product_id=application.product_id).exclude(pk=application.pk)
            .select_related("round").order_by("-round__year", "-round__opens_on", "-created_at", "-pk").first())


@transaction.atomic
def dossier_prefill(*, application, actor=None, source=None):
    """Fill an upgrade or re-rating in from the product's last dossier (or `source`): its
    self-assessment, and its answers whose criterion code exists on the new sheet (the option
    matched by its position within the criterion, the description kept); sets `based_on`.
    Mẫu 02 then asks the producer for what changed since recognition. Returns the source, or
    None when the product has no earlier dossier."""
    source = source or earlier_dossier(application)
    if source is None:
        return None
    services.copy_dossier_content(source=source, target=application, evidence=False)
    if application.alternative_case:
        _clear_other_case(application)
    application.based_on = source
    application.save(update_fields=["based_on"])
    audit(application, action="prefill", actor=actor, note=f"{source.round.year}: {source.pk}")
    return source


# --- Handing the dossier in ---------------------------------------------------------------------


def dossier_missing(application, *, reading=None, assessment=None):
    """What keeps the dossier from being handed in, one sentence each: the local office's
    confirmation of a new producer, the general information the report needs (product
    description, history), the criteria still unanswered (as the scoring engine reads the sheet)
    and a set-26 dossier's case."""
    problems = []
    if application.product.producer.confirmed_at is None:
        problems.append(_("Chủ thể chưa được cán bộ địa phương xác nhận: hồ sơ nộp được sau khi xã xác nhận chủ thể."))
    if assessment is None:
        assessment = SelfAssessment.objects.filter(application=application).first()
    for field in REQUIRED_GENERAL:
        if not (getattr(assessment, field, "") or "").strip():
            problems.append(_("Chưa điền: %(what)s.") % {"what": SelfAssessment._meta.get_field(field).verbose_name})
    if reading is None:
        answers = selectors.self_assessment_answers(application)
        reading = selectors.self_assessment_reading(
            sheet_definition(application.sheet), {cid: a.option_id for cid, a in answers.items() if a.option_id},
            alternative_case=application.alternative_case, minimum_mode=application.round.minimum_mode)
    if reading["problem"]:
        problems.append(reading["problem"])
    elif reading["missing"]:
        problems.append(_("Chưa tự chấm %(n)d tiêu chí: %(codes)s.") % {"n": len(reading["missing"]), "codes": ", ".join(reading["missing"])})
    return problems


@transaction.atomic
def dossier_submit(*, application, actor):
    """Hand the dossier in: refused (`DossierIncomplete`, with the list) while something is
    missing; then `services.application_submit` (status, receipt number on the first submission,
    the version kept, the producer told)."""
    _lock(application)
    _check_can_change(application, actor)
    problems = dossier_missing(application)
    if problems:
        raise DossierIncomplete(problems)
    return services.application_submit(application=application, actor=actor)

