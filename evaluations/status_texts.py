"""What a dossier's state means for its producer: the next step, in the producer's words. Read by
the producer's page and by the status emails."""

from django.utils.translation import gettext_lazy as _

from .models import ApplicationStatus as S

NEXT_STEP = {
    S.DRAFT: _("Hoàn thiện hồ sơ và nộp."),
    S.SUBMITTED: _("Chờ cán bộ địa phương sơ kiểm."),
    S.RETURNED: _("Bổ sung theo lý do trả lại rồi nộp lại."),
    S.FORWARDED: _("Chờ tỉnh xét điều kiện hồ sơ."),
    S.COMPLETION: _("Bổ sung theo yêu cầu của tỉnh rồi nộp lại."),
    S.ELIGIBLE: _("Đủ điều kiện: chờ hội đồng tỉnh chấm điểm."),
    S.INELIGIBLE: _("Không đủ điều kiện: có thể đăng ký ở đợt sau."),
    S.IN_SESSION: _("Hội đồng đang chấm điểm."),
    S.SCORED: _("Đã chấm: chờ công bố kết quả."),
    S.RATED: _("Đạt hạng sao: chờ Ủy ban nhân dân tỉnh ra quyết định công nhận."),
    S.NOT_ACHIEVED: _("Không đạt: có thể đăng ký lại ở đợt sau."),
    S.RECOGNISED: _("Đã được công nhận."),
    S.REFERRED: _("Đã đề nghị trung ương đánh giá 5 sao."),
}

# The states in which the producer may change the dossier.
EDITABLE = frozenset({S.DRAFT, S.RETURNED, S.COMPLETION})
