"""The council member's pages: my sessions, the products assigned to me, the scoring sheet (each
choice saved at once), handing the sheet in, declaring a conflict of interest."""

from fractions import Fraction

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ocop_portal.core import access

from . import analytics, rules, scoring, selectors, services, views_documents
from .models import Application, Criterion, Option, Scorecard, ScorecardChoice
from .sheet_definitions import member_choices_from_scorecard, sheet_definition

STATE_LABELS = {
    "not_started": gettext_lazy("Chưa chấm"),
    "draft": gettext_lazy("Đang chấm"),
    "reopened": gettext_lazy("Được mở lại"),
    "submitted": gettext_lazy("Đã nộp"),
}


@require_GET
def session_list(request):
    rows = [{"session": session, "seat": seat, "total": assigned, "submitted": handed_in}
            for session, seat, assigned, handed_in in selectors.member_session_progress(request.user)]
    return render(request, "evaluations/session_list.html", {"rows": rows})


@require_GET
def session_detail(request, pk):
    session, seat = selectors.session_for_seat_or_404(request.user, pk)
    rows = selectors.member_applications(session, seat)
    for row in rows:
        row["state_label"] = STATE_LABELS[row["state"]]
    return render(request, "evaluations/session_detail.html", {
        "session": session, "seat": seat, "rows": rows,
        "submitted": sum(1 for r in rows if r["state"] == "submitted"),
    })


def _member_application(request, pk, application_pk):
    """(session, seat, application): the dossier must be in the session and the seat not
    conflicted on it (404 otherwise, like any object the user may not see)."""
    session, seat = selectors.session_for_seat_or_404(request.user, pk)
    for row in selectors.member_applications(session, seat):
        if row["application"].pk == application_pk:
            return session, seat, row["application"]
    raise Http404


def _sheet_context(session, seat, application):
    card = Scorecard.objects.filter(session=session, application=application, member=seat).first()
    chosen = {c.criterion_id: c for c in ScorecardChoice.objects.filter(scorecard=card).select_related("option")} if card else {}
    parts = selectors.sheet_for_page(application.sheet)
    points = {cid: c.option.points for cid, c in chosen.items()}
    part_rows, total, answered, applicable = [], 0, 0, 0
    for part in parts:
        part_total = 0
        sections = []
        for section in part.sections.all():
            criteria = []
            for criterion in section.criteria.all():
                counts = criterion.applies_if_id is None or points.get(criterion.applies_if_id, 0) > 0
                choice = chosen.get(criterion.pk)
                applicable += 1 if counts else 0
                answered += 1 if (counts and choice) else 0
                if counts and choice:
                    part_total += choice.option.points
                criteria.append({"criterion": criterion, "choice": choice, "counts": counts,
                                 "options": _options_for_case(criterion, application)})
            sections.append({"section": section, "criteria": criteria})
        total += part_total
        part_rows.append({"part": part, "total": part_total, "sections": sections})
    implied = None
    if card is not None and answered == applicable:
        try:
            outcome = scoring.evaluate(sheet_definition(application.sheet),
                                       [scoring.MemberChoices(member_id=seat.pk, choices={c: ch.option_id for c, ch in chosen.items()})],
                                       scoring.RoundRules(minimum_mode=session.round.minimum_mode, spread_limit=session.round.spread_limit),
                                       [], alternative_case=application.alternative_case)
            implied = outcome.star
        except scoring.ScoringError:
            implied = None
    editable = (session.status == "open" and seat.voting and (card is None or card.status != "submitted"))
    stopped_on = None
    can_hand_in = False
    if card is not None:
        try:
            read = scoring.member_sheet(sheet_definition(application.sheet), member_choices_from_scorecard(card),
                                        alternative_case=application.alternative_case)
            can_hand_in, stopped_on = True, (", ".join(read.knockouts) if read.stopped else None)
        except scoring.ScoringError:
            can_hand_in = False
    return {
        "session": session, "seat": seat, "application": application, "card": card, "parts": part_rows,
        "total": total, "answered": answered, "applicable": applicable, "implied_star": implied,
        "band_star": scoring.band_for(Fraction(total))[0] if answered else None, "editable": editable,
        "complete": answered == applicable, "can_hand_in": can_hand_in, "stopped_on": stopped_on,
    }


def _options_for_case(criterion, application):
    """A set-26 dossier's case fixes which alternative options the member sees."""
    options = list(criterion.options.all())
    case = application.alternative_case
    if case:
        options = [o for o in options if not o.alternative_group or scoring.case_number(o.alternative_group) == case]
    return options


@require_GET
def scorecard_page(request, pk, application_pk):
    session, seat, application = _member_application(request, pk, application_pk)
    return render(request, "evaluations/scorecard.html", _sheet_context(session, seat, application))


@require_POST
def scorecard_choose(request, pk, application_pk):
    session, seat, application = _member_application(request, pk, application_pk)
    if not rules.can_score.test(request.user, application):
        raise PermissionDenied(_("Chỉ thành viên có quyền chấm điểm của hội đồng mới chấm được."))
    criterion = Criterion.objects.filter(sheet_id=application.sheet_id, pk=request.POST.get("criterion")).first()
    option = Option.objects.filter(criterion=criterion, pk=request.POST.get("option")).first() if criterion else None
    error = None
    if criterion is None or option is None:
        error = _("Hãy chọn một phương án cho tiêu chí này.")
    else:
        try:
            services.scorecard_answer(session=session, application=application, member=seat, criterion_id=criterion.pk,
                                      option_id=option.pk, comment=request.POST.get("comment", "").strip(), actor=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    page = reverse("evaluations:scorecard", args=[session.pk, application.pk])
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Đã lưu tiêu chí %(code)s.") % {"code": criterion.code})
        return redirect(f"{page}#criterion-{criterion.pk if criterion else ''}")
    context = _sheet_context(session, seat, application)
    row = next((c for p in context["parts"] for s in p["sections"] for c in s["criteria"] if criterion and c["criterion"].pk == criterion.pk), None)
    dependents = [c for p in context["parts"] for s in p["sections"] for c in s["criteria"]
                  if criterion and c["criterion"].applies_if_id == criterion.pk]
    response = render(request, "evaluations/_criterion_saved.html", {**context, "row": row, "error": error, "dependents": dependents})
    if error:
        response.status_code = 422
    return response


@require_http_methods(["GET", "POST"])
def scorecard_submit(request, pk, application_pk):
    session, seat, application = _member_application(request, pk, application_pk)
    if not rules.can_score.test(request.user, application):
        raise PermissionDenied(_("Chỉ thành viên có quyền chấm điểm của hội đồng mới chấm được."))
    context = _sheet_context(session, seat, application)
    page = reverse("evaluations:scorecard", args=[session.pk, application.pk])
    if request.method == "POST":
        card = context["card"]
        if card is None:
            messages.error(request, _("Phiếu chưa có lựa chọn nào."))
            return redirect(page)
        try:
            services.scorecard_hand_in(scorecard=card, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(page)
        messages.success(request, _("Đã nộp phiếu chấm. Mã biên nhận: %(receipt)s") % {"receipt": card.receipt[:16]})
        return redirect(page)
    return render(request, "evaluations/scorecard_submit.html", context)


@require_POST
def scorecard_stop(request, pk, application_pk):
    """The member stops scoring on a criterion whose note allows it, with a written reason."""
    session, seat, application = _member_application(request, pk, application_pk)
    if not rules.can_score.test(request.user, application):
        raise PermissionDenied(_("Chỉ thành viên có quyền chấm điểm của hội đồng mới chấm được."))
    criterion = Criterion.objects.filter(sheet_id=application.sheet_id, pk=request.POST.get("criterion")).first()
    page = reverse("evaluations:scorecard", args=[session.pk, application.pk])
    if criterion is None:
        raise Http404
    try:
        card = services.scorecard_choose(session=session, application=application, member=seat, choices={}, actor=request.user)
        services.scorecard_flag_knockout(scorecard=card, criterion=criterion, reason=request.POST.get("reason", ""),
                                         actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(f"{page}#criterion-{criterion.pk}")
    messages.success(request, _("Đã ghi nhận điều kiện loại ở tiêu chí %(code)s. Bạn có thể nộp phiếu mà không chấm tiếp.")
                     % {"code": criterion.code})
    return redirect(page)


@require_POST
def conflict_declare(request, pk, application_pk):
    session, seat, application = _member_application(request, pk, application_pk)
    try:
        services.conflict_declare(member=seat, application=application, reason=request.POST.get("reason", ""), actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("evaluations:scorecard", session.pk, application.pk)
    messages.success(request, _("Đã ghi nhận xung đột lợi ích với “%(product)s”. Bạn sẽ không chấm sản phẩm này.")
                     % {"product": application.product.name})
    return redirect("evaluations:session-detail", session.pk)


# --- The chair and the secretary -------------------------------------------------------------


def _board_session(request, pk):
    session, seat = selectors.session_for_seat_or_404(request.user, pk)
    if not rules.can_see_board.test(request.user, session):
        raise PermissionDenied(_("Chỉ Chủ tịch và Thư ký hội đồng theo dõi bảng điểm của phiên họp."))
    return session, seat


@require_GET
def session_board(request, pk):
    session, seat = _board_session(request, pk)
    board = selectors.session_board(session)
    cards_by_app = {}
    for row in board["rows"]:
        cards_by_app[row["application"].pk] = [c["card"] for c in row["cells"] if c["card"] is not None]
    for row in board["rows"]:
        row["presides"] = session.status == "open" and rules.presides_over.test(request.user, row["application"])
    problems = []
    if session.status == "open":
        problems = (services.pending_problems(session, cards_by_app) + services.quorum_problems(session, cards_by_app)
                    + services.spread_problems(session, cards_by_app))
    return render(request, "evaluations/session_board.html", {
        "session": session, "seat": seat, "board": board, "problems": problems, "analytics": _analytics(board),
        "is_chair": rules.chairs_session.test(request.user, session),
        "presides_any": any(row["presides"] for row in board["rows"]),
        "can_open": session.status == "planned" and rules.can_open_session.test(request.user, session),
    })


def _analytics(board):
    """Advisory figures for the chair and the secretary: each member's leniency and the council's
    agreement (ICC) over the products every member has handed in."""
    totals = {row["application"].pk: {c["member"].pk: c["card"].total for c in row["cells"] if c["state"] == "submitted"}
              for row in board["rows"]}
    deviation = analytics.member_deviation(totals)
    members = [m for m in board["voters"] if m.pk in deviation]
    complete = [[by_member[m.pk] for m in members] for by_member in totals.values()
                if members and all(m.pk in by_member for m in members)]
    return {"members": [{"member": m, "deviation": round(deviation[m.pk], 1)} for m in members],
            "icc": analytics.icc_2_1(complete), "products": len(complete)}


@require_POST
def session_open(request, pk):
    """The chair (from the board) or the province's staff (from the set-up page) open a session."""
    session = access.get_visible_or_404(selectors.sessions_visible_to(request.user).select_related("council", "round"), pk=pk)
    if not rules.can_open_session.test(request.user, session):
        raise PermissionDenied(_("Chỉ Chủ tịch hội đồng hoặc cán bộ cấp tỉnh khai mạc được phiên họp."))
    try:
        services.session_open(session=session, actor=request.user)
        messages.success(request, _("Đã khai mạc phiên họp: thành viên bắt đầu chấm điểm."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if rules.can_see_board.test(request.user, session):
        return redirect("evaluations:session-board", session.pk)
    return redirect("evaluations:session-setup", session.pk)


def _chair_action(request, pk, application_pk, action, done):
    session, _seat = _board_session(request, pk)
    application = access_application(session, application_pk)
    if not rules.presides_over.test(request.user, application):
        raise PermissionDenied(_("Chỉ người chủ trì sản phẩm này (Chủ tịch, hoặc Phó Chủ tịch khi Chủ tịch có xung đột lợi ích) "
                                 "làm được việc này."))
    try:
        action(session, application, request.POST.get("reason", ""))
        messages.success(request, done % {"product": application.product.name})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("evaluations:session-board", session.pk)


def access_application(session, application_pk):
    application = session.applications.select_related("product", "session").filter(pk=application_pk).first()
    if application is None:
        raise Http404
    return application


@require_POST
def application_reopen(request, pk, application_pk):
    return _chair_action(request, pk, application_pk, lambda s, a, reason: services.application_reopen_for_rescoring(
        session=s, application=a, reason=reason, actor=request.user), _("Đã mở lại các phiếu của “%(product)s” để chấm lại."))


@require_POST
def application_case(request, pk, application_pk):
    """The secretary (or the chair) fixes a set-26 dossier's case before the members score it."""
    session, _seat = _board_session(request, pk)
    application = access_application(session, application_pk)
    try:
        services.application_set_case(application=application, case=request.POST.get("case"), actor=request.user)
        messages.success(request, _("Đã xác định trường hợp đánh giá của “%(product)s”.") % {"product": application.product.name})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("evaluations:session-board", session.pk)


@require_POST
def spread_keep(request, pk, application_pk):
    return _chair_action(request, pk, application_pk, lambda s, a, reason: services.spread_keep(
        session=s, application=a, reason=reason, actor=request.user), _("Đã ghi quyết định giữ nguyên điểm của “%(product)s”."))


@require_http_methods(["GET", "POST"])
def session_close(request, pk):
    session, _seat = _board_session(request, pk)
    if not rules.chairs_session.test(request.user, session):
        raise PermissionDenied(_("Chỉ Chủ tịch hội đồng kết thúc phiên họp."))
    if request.method == "POST":
        try:
            services.session_close(session=session, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("evaluations:session-board", session.pk)
        messages.success(request, _("Đã kết thúc phiên họp; kết quả đã được chốt."))
        return redirect("evaluations:session-results", session.pk)
    return render(request, "evaluations/session_close.html", {"session": session})


@require_GET
def session_results(request, pk):
    session = access.get_visible_or_404(selectors.sessions_visible_to(request.user).select_related("council", "round"), pk=pk)
    if session.status != "closed":
        raise PermissionDenied(_("Kết quả chỉ công bố khi phiên họp đã kết thúc."))
    results = list(selectors.results_visible_to(request.user).filter(session=session)
                   .select_related("application__product__producer").order_by("application__product__name"))
    from django.contrib.contenttypes.models import ContentType

    from ocop_portal.core.models import AuditEntry

    kept = dict(AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Application), action="spread_keep",
                                          object_id__in=[r.application_id for r in results])
                .order_by("at").values_list("object_id", "note"))
    for result in results:
        result.spread_kept = kept.get(result.application_id)
    return render(request, "evaluations/session_results.html", {"session": session, "results": results,
                                                                "minutes": views_documents.minutes_context(request, session).get("minutes")})
