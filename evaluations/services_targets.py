"""Writes of a province's programme targets: the progress its staff enter for the targets the
portal cannot count from its own records (tourism village models, a provincial showroom). The
counted targets (producers, products by star, leaders trained) are read by the dashboard."""

from django.db import transaction
from django.utils.translation import gettext as _

from ocop_portal.core.state import audit

from .models import ManualTargetProgress, ProgrammeTarget
from .services import EvaluationError

Metric = ProgrammeTarget.Metric
# Targets whose progress the province enters with evidence: nothing in the portal records them.
MANUAL_METRICS = (Metric.TOURISM_VILLAGES, Metric.SHOWROOMS)


@transaction.atomic
def target_progress_record(*, target, year, value, evidence, actor):
    """Record `value` (the stock reached by the end of `year`) for a manually counted `target`,
    with its evidence; audited. A later entry for the same year replaces it on the dashboard, the
    earlier one is kept. Refuses a counted target, a year outside the target's period, a negative
    value and an entry without evidence."""
    if target.metric not in MANUAL_METRICS:
        raise EvaluationError(_("Chỉ tiêu này do cổng tự đếm từ hồ sơ; không nhập tay."), code="counted_metric")
    if not target.period_start <= year <= target.period_end:
        raise EvaluationError(
            _("Năm phải nằm trong giai đoạn của mục tiêu (%(start)s–%(end)s).") % {"start": target.period_start,
                                                                                 "end": target.period_end},
            code="year_outside_period")
    if value is None or value < 0:
        raise EvaluationError(_("Số đạt được phải là số không âm."), code="negative_value")
    evidence = (evidence or "").strip()
    if not evidence:
        raise EvaluationError(_("Cần ghi căn cứ, minh chứng cho số liệu (văn bản, quyết định, báo cáo)."), code="no_evidence")
    entry = ManualTargetProgress(target=target, year=year, value=value, evidence=evidence, entered_by=actor)
    entry.full_clean()
    entry.save()
    audit(target, action="target_progress_recorded", actor=actor, note=f"{year}: {value} — {evidence}")
    return entry
