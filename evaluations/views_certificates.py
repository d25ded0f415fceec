"""A certificate's page for those who may read it (its producer, the officers over its unit, the
province's staff): its true state today, its PDF versions, and for the province's staff the
revocation (a legal reason and the revoking decision, confirmed before it is done)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods

from ocop_portal.core import access
from ocop_portal.core.documents import document_for

from . import documents, selectors
from .selectors_certificates import certificate_state
from .services_certificates import certificate_revoke


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_lazy("Lý do thu hồi (căn cứ pháp lý)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    decision_ref = forms.CharField(label=_lazy("Quyết định thu hồi (số, ngày)"), required=False, max_length=80)
    confirm = forms.BooleanField(label=_lazy("Tôi xác nhận thu hồi giấy chứng nhận này; việc thu hồi không hoàn tác được."),
                                 required=False)


def _certificate(request, pk):
    certificate = access.get_visible_or_404(
        selectors.certificates_visible_to(request.user).select_related(
            "decision__province", "result__application__product__producer__unit", "superseded_by"), pk=pk)
    if not documents.can_read_certificate(request.user, certificate):
        raise Http404
    return certificate


def _page(request, certificate, form=None):
    today = timezone.localdate()
    manages = documents.can_manage_certificate(request.user, certificate)
    state = certificate_state(certificate, today)
    return render(request, "evaluations/certificate_detail.html", {
        "certificate": certificate, "state": state, "today": today,
        "document": document_for(certificate, documents.CERTIFICATE),
        "can_revoke": manages and state.status == "valid", "form": form or RevokeForm(),
        "label": documents.CERTIFICATE_LABEL,
    })


@require_GET
def certificate_detail(request, pk):
    return _page(request, _certificate(request, pk))


@require_http_methods(["POST"])
def certificate_revoke_view(request, pk):
    certificate = _certificate(request, pk)
    if not documents.can_manage_certificate(request.user, certificate):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh của tỉnh cấp giấy chứng nhận mới thu hồi được."))
    form = RevokeForm(request.POST)
    form.is_valid()
    if not form.cleaned_data.get("confirm"):
        form.add_error("confirm", _("Hãy đánh dấu xác nhận trước khi thu hồi."))
        return _page(request, certificate, form)
    try:
        certificate_revoke(certificate=certificate, reason=form.cleaned_data.get("reason", ""),
                           decision_ref=form.cleaned_data.get("decision_ref", ""), actor=request.user)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return _page(request, certificate, form)
    messages.success(request, _("Đã thu hồi giấy chứng nhận %(number)s.") % {"number": certificate.number})
    return redirect("evaluations:certificate-detail", certificate.pk)
