"""The producer's dossier pages: registering a product for an open round (Mẫu 01), the dossier's
page with its steps, changing the registration, the self-assessment (Mẫu 02: general information
and the producer's own option per criterion, each saved as it changes, with the running total the
scoring engine gives) and handing the dossier in. Every write goes through `services_dossier`."""

import csv
import functools
import re
import unicodedata
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import producers
from ocop_portal.core import access
from ocop_portal.core.state import TransitionNotAllowed
from producers.models import Producer, ProductSet
from producers.selectors import producer_ids_of

from . import rules, scoring, selectors, services, services_dossier
from .forms_dossier import NEW_PRODUCT, GeneralInfoForm, RegistrationEditForm, RegistrationForm
from .models import (
    Application,
    ApplicationKind,
    ApplicationStatus,
    Criterion,
    EvaluationRound,
    Option,
    ScoringSheet,
    SelfAssessment,
)
from .sheet_definitions import sheet_definition
from .status_texts import EDITABLE, NEXT_STEP

S = ApplicationStatus
GENERAL_PARTS = ("general", "plan")  # the report's Phần I–II, and its Phần IV (after the criteria)
KEYWORDS_FILE = Path(producers.__file__).parent / "data" / "product_set_keywords.csv"


# --- Finding a product set by the everyday names of its products ------------------------------------


def search_text(text):
    """Lower case, without diacritics (đ → d), words separated by one space: what the picker's
    search compares (static/js/registration.js does the same to what the user types)."""
    text = unicodedata.normalize("NFD", (text or "").lower()).replace("đ", "d")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def search_matches(query, text):
    """Every word of the query is a word of `text`, the last one possibly still being typed (a
    word's beginning): "bánh chưng" finds “bánh chưng, bánh tét, …”; "banh ch" too."""
    words = search_text(query).split()
    if not words:
        return True
    haystack = text.split()
    return all(w in haystack for w in words[:-1]) and any(h.startswith(words[-1]) for h in haystack)


@functools.cache
def set_keywords():
    """{product set number: everyday names of its products} (producers/data/product_set_keywords.csv)."""
    with KEYWORDS_FILE.open(encoding="utf-8") as f:
        return {int(row["number"]): row["keywords"].strip() for row in csv.DictReader(f)}


def product_set_groups(query="", selected=""):
    """The 26 product sets grouped by sector and group (Phụ lục I), each with its keywords, its
    search text and whether it matches `query` (the `selected` one always shows). One query."""
    keywords = set_keywords()
    sectors = []
    for product_set in ProductSet.objects.order_by("number"):
        words = keywords.get(product_set.number, "")
        text = search_text(" ".join([product_set.name, product_set.group, product_set.sector, words]))
        item = {"set": product_set, "keywords": words, "search": text, "found": search_matches(query, text)}
        item["match"] = item["found"] or str(product_set.pk) == selected
        if not sectors or sectors[-1]["sector"] != product_set.sector:
            sectors.append({"sector": product_set.sector, "groups": [], "match": False})
        groups = sectors[-1]["groups"]
        if not groups or groups[-1]["group"] != product_set.group:
            groups.append({"group": product_set.group, "sets": [], "match": False})
        groups[-1]["sets"].append(item)
        groups[-1]["match"] = groups[-1]["match"] or item["match"]
        sectors[-1]["match"] = sectors[-1]["match"] or item["match"]
    return sectors


# --- Access ----------------------------------------------------------------------------------------


def _application(request, pk):
    """The dossier if the user may see it (404 otherwise): its producer's users always; officers
    of its territory once submitted (a draft is the producer's own); the council scoring it."""
    return access.get_visible_or_404(
        selectors.dossiers_for_page(request.user).select_related(
            "product__producer__unit", "product__product_set", "round__regulation", "sheet__regulation", "based_on__round"),
        pk=pk)


def _acts_for(request, application):
    return rules.producer_of_application.test(request.user, application)


def _require_producer(request, application):
    """May see but not act (403): only the producer's users change their dossier."""
    if not _acts_for(request, application):
        raise PermissionDenied(_("Chỉ tài khoản của chủ thể sản xuất mới thao tác được trên hồ sơ này."))


def _can_change(request, application):
    return application.status in EDITABLE and _acts_for(request, application)


# --- Registration (Mẫu 01) ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def register(request):
    producers_ = list(Producer.objects.filter(pk__in=producer_ids_of(request.user)).select_related("unit").order_by("name"))
    if not producers_:
        raise PermissionDenied(_("Chỉ tài khoản của chủ thể sản xuất mới đăng ký được sản phẩm."))
    wanted = request.POST.get("producer") or request.GET.get("producer")
    producer = next((p for p in producers_ if str(p.pk) == wanted), None)
    if wanted and producer is None:  # not a producer the user acts for: an outsider learns nothing
        raise Http404
    if producer is None and len(producers_) == 1:
        producer = producers_[0]
    if producer is None:
        return render(request, "evaluations/dossier/register_choose.html", {"producers": producers_})

    today = timezone.localdate()
    rounds = list(selectors.open_rounds_for_producer(producer))
    context = {"producer": producer, "producers": producers_, "rounds": rounds}
    if not rounds:
        return render(request, "evaluations/dossier/register.html", context)
    products = list(producer.products.select_related("product_set").order_by("name"))
    form_kwargs = {"rounds": EvaluationRound.objects.filter(pk__in=[r.pk for r in rounds]), "products": products}
    existing = None
    if request.method == "POST" and "find" in request.POST:
        # Without JavaScript the picker's "Tìm" button posts the form: show it again as filled
        # in (not yet checked), the sets filtered.
        form = RegistrationForm(initial=request.POST.dict(), **form_kwargs)
    elif request.method == "POST":
        form = RegistrationForm(request.POST, **form_kwargs)
        if form.is_valid():
            data = form.cleaned_data
            new = data["product"] == NEW_PRODUCT
            try:
                application = services_dossier.dossier_register(
                    producer=producer, round=data["round"], kind=data["kind"], actor=request.user,
                    product=None if new else form.products[data["product"]], new_name=data["new_name"],
                    new_description=data["new_description"], product_set=data["product_set"] if new else None,
                    samples_count=data["samples_count"], alternative_case=data["alternative_case"])
            except services_dossier.DossierExists as exc:
                existing = exc.application
                form.add_error(None, exc)
            except ValidationError as exc:
                form.refused(exc)
            else:
                messages.success(request, _("Đã tạo hồ sơ đăng ký “%(product)s”. Bước tiếp theo: tự đánh giá sản phẩm.")
                                 % {"product": application.product.name})
                return redirect("dossiers:detail", application.pk)
    else:
        initial = {"kind": ApplicationKind.FIRST, "samples_count": services_dossier.DEFAULT_SAMPLES,
                   "product": NEW_PRODUCT if not products else None, "round": rounds[0].pk if len(rounds) == 1 else None}
        # Without JavaScript the picker's "Tìm" button sends the whole form here by GET: keep what was filled in.
        initial.update({k: v for k, v in request.GET.items() if k in RegistrationForm.base_fields})
        form = RegistrationForm(initial=initial, **form_kwargs)

    context.update(_registration_context(form, producer, products, rounds, today), existing=existing)
    return render(request, "evaluations/dossier/register.html", context)


def _registration_context(form, producer, products, rounds, today):
    """What the form shows beyond its fields: each product with the certificate it holds (and its
    re-rating window) and its dossiers in the open rounds, the product sets filtered by the search,
    the wordings of set 26's cases, and the value of each radio group."""
    regulation = rounds[0].regulation
    certificates = selectors.certificates_for_registration([p.pk for p in products], today, services.TRANSITIONAL_GRACE_DAYS)
    taken = {}
    # the user acts for the producer: every dossier of its products is theirs to see
    for application in Application.objects.filter(product__in=products, round__in=rounds).select_related("round"):
        taken.setdefault(application.product_id, []).append(application)
    rows = []
    for product in products:
        certificate, ran_out = certificates.get(product.pk, (None, None))
        # as services.rerating_certificate: the certificate held, else one the transitional rule still reaches
        renewed = certificate or (ran_out if ran_out and services.transitional_rerating(ran_out, regulation) else None)
        transitional = services.transitional_rerating(renewed, regulation) if renewed else None
        window = transitional or (services.rerating_window(renewed) if renewed else None)
        rows.append({"product": product, "certificate": certificate, "renewed": renewed, "window": window,
                     "transitional": transitional is not None, "in_window": bool(window and window[0] <= today <= window[1]),
                     "dossiers": taken.get(product.pk, [])})
    tourism = ScoringSheet.objects.filter(regulation__in={r.regulation_id for r in rounds},
                                          product_set__number=services_dossier.TOURISM_SET).values("pk")
    cases = {}
    for by_case in selectors.sheet_case_texts(tourism).values():
        for number, wordings in by_case.items():
            cases.setdefault(number, []).extend(w for w in wordings if w not in cases.get(number, []))
    query = form["search"].value() or ""
    groups = product_set_groups(query, str(form["product_set"].value() or ""))
    return {
        "form": form, "products": rows, "groups": groups, "query": query, "today": today,
        "found": sum(1 for sector in groups for group in sector["groups"] for item in group["sets"] if item["found"]),
        "cases": sorted(cases.items()),
        "any_certificate": any(row["renewed"] for row in rows),
        "any_held": any(row["certificate"] for row in rows),
        "any_in_window": any(row["in_window"] for row in rows),
        "value": {name: str(form[name].value() or "") for name in ("round", "product", "product_set", "alternative_case", "kind")},
    }


# --- The dossier's page -----------------------------------------------------------------------------


def _reading(application, answers=None, sheet_def=None):
    answers = selectors.self_assessment_answers(application) if answers is None else answers
    sheet_def = sheet_definition(application.sheet) if sheet_def is None else sheet_def
    return selectors.self_assessment_reading(
        sheet_def, {cid: a.option_id for cid, a in answers.items() if a.option_id},
        alternative_case=application.alternative_case, minimum_mode=application.round.minimum_mode)


def _applicable(sheet_def, case, reading):
    """Criteria the producer has to answer: those with options for the dossier's case, less those
    the engine zeroes because the criterion they depend on scores 0 (or is not answered yet)."""
    return sum(1 for c in sheet_def.criteria if scoring.applicable_options(c, case) and c.code not in reading["zeroed"])


@require_GET
def detail(request, pk):
    application = _application(request, pk)
    sheet_def = sheet_definition(application.sheet)
    answers = selectors.self_assessment_answers(application)
    reading = _reading(application, answers, sheet_def)
    assessment = SelfAssessment.objects.filter(application=application).first()
    missing = services_dossier.dossier_missing(application, reading=reading, assessment=assessment)
    evidence = application.evidence_files.count()
    applicable = _applicable(sheet_def, application.alternative_case, reading)
    return render(request, "evaluations/dossier/detail.html", {
        "application": application, "reading": reading, "missing": missing, "evidence": evidence,
        "answered": applicable - len(reading["missing"]), "applicable": applicable, "assessment": assessment,
        "can_change": _can_change(request, application), "acts_for": _acts_for(request, application),
        "submitted": bool(application.receipt_number), "next_step": NEXT_STEP.get(application.status, ""),
        "reason": application.decision_reason if application.status in (S.RETURNED, S.COMPLETION, S.INELIGIBLE) else "",
    })


@require_http_methods(["GET", "POST"])
def edit(request, pk):
    application = _application(request, pk)
    _require_producer(request, application)
    if application.status not in EDITABLE:
        messages.info(request, _("Hồ sơ đã nộp: không sửa được phiếu đăng ký."))
        return redirect("dossiers:detail", application.pk)
    tourism = services_dossier.is_tourism(application.sheet)
    cases = selectors.sheet_case_texts([application.sheet_id]).get(application.sheet_id, {})
    form_kwargs = {"tourism": tourism, "has_cases": bool(cases)}
    if request.method == "POST":
        form = RegistrationEditForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                services_dossier.dossier_update_registration(
                    application=application, actor=request.user, samples_count=form.cleaned_data.get("samples_count"),
                    alternative_case=form.cleaned_data.get("alternative_case"))
            except ValidationError as exc:
                form.refused(exc)
            else:
                messages.success(request, _("Đã lưu phiếu đăng ký."))
                return redirect("dossiers:detail", application.pk)
    else:
        form = RegistrationEditForm(initial={"samples_count": application.samples_count or services_dossier.DEFAULT_SAMPLES,
                                             "alternative_case": application.alternative_case}, **form_kwargs)
    return render(request, "evaluations/dossier/edit.html", {
        "application": application, "form": form, "cases": sorted(cases.items()), "tourism": tourism,
        "case_value": str(form["alternative_case"].value() or "") if cases else "",
    })


# --- Self-assessment (Mẫu 02) -------------------------------------------------------------------------


def _sheet_context(request, application):
    """The page's rows (parts → sections → criteria with the producer's answer, the options of
    the dossier's case and the criterion's evidence) and the engine's reading of the answers."""
    parts = selectors.sheet_for_page(application.sheet)
    answers = selectors.self_assessment_answers(application)
    sheet_def = sheet_definition(application.sheet)
    reading = _reading(application, answers, sheet_def)
    files = selectors.evidence_by_criterion(application)
    case = application.alternative_case
    part_rows = []
    for part in parts:
        part_total, sections = 0, []
        for section in part.sections.all():
            criteria = []
            for criterion in section.criteria.all():
                answer = answers.get(criterion.pk)
                counts = criterion.code not in reading["zeroed"]
                if counts and answer and answer.option_id:
                    part_total += answer.option.points
                options = [o for o in criterion.options.all() if not o.alternative_group or scoring.case_number(o.alternative_group) == case]
                criteria.append({"criterion": criterion, "answer": answer, "counts": counts, "options": options,
                                 "files": files.get(criterion.pk, [])})
            sections.append({"section": section, "criteria": criteria})
        part_rows.append({"part": part, "total": part_total, "sections": sections})
    assessment = SelfAssessment.objects.filter(application=application).first()
    can_change = _can_change(request, application)
    applicable = _applicable(sheet_def, case, reading)
    pks = {row["criterion"].code: row["criterion"].pk for part in part_rows for section in part["sections"] for row in section["criteria"]}
    return {
        "application": application, "parts": part_rows, "reading": reading, "assessment": assessment,
        "applicable": applicable, "answered": applicable - len(reading["missing"]),
        "missing_rows": [(code, pks.get(code)) for code in reading["missing"]],
        "editable": can_change, "dossier_files": files.get(None, []),
        "general_missing": [(f, SelfAssessment._meta.get_field(f).verbose_name) for f in services_dossier.REQUIRED_GENERAL
                            if not (getattr(assessment, f, "") or "").strip()],
        "unmet": [_unmet_text(u) for u in reading["unmet"]],
    }


def _unmet_text(entry):
    return _("Tiêu chí %(code)s: hạng %(star)d★ cần tối thiểu %(points)d điểm, bạn đang tự chấm %(got)d.") % {
        "code": entry["criterion_code"], "star": entry["required_star"], "points": entry["required_points"],
        "got": entry.get("lowest", 0)}


def _general_form(assessment, data=None):
    initial = {f: getattr(assessment, f) for f in services_dossier.GENERAL_FIELDS} if assessment else {}
    return GeneralInfoForm(data, initial=initial)


@require_GET
def self_assessment(request, pk):
    application = _application(request, pk)
    context = _sheet_context(request, application)
    context["general_form"] = _general_form(context["assessment"])
    return render(request, "evaluations/dossier/self_assessment.html", context)


def _saved_response(request, application, template, error=None, criterion=None, part=None):
    """The htmx answer to a save: the saved field's status line, and the totals panel (and the
    notes of the criteria that depend on the saved one) swapped out of band."""
    context = _sheet_context(request, application)
    rows = [row for part in context["parts"] for section in part["sections"] for row in section["criteria"]]
    if criterion is not None:
        context["row"] = next(row for row in rows if row["criterion"].pk == criterion.pk)
        context["dependents"] = [row for row in rows if row["criterion"].applies_if_id == criterion.pk]
    response = render(request, template, {**context, "error": error, "part": part, "saved": error is None})
    if error:
        response.status_code = 422
    return response


@require_POST
def general_save(request, pk):
    application = _application(request, pk)
    _require_producer(request, application)
    form = GeneralInfoForm(request.POST)
    part = request.POST.get("part") if request.POST.get("part") in GENERAL_PARTS else GENERAL_PARTS[0]
    error = None
    if form.is_valid():
        # Each part of the report is its own form: save only the fields it holds (an unticked
        # list of checkboxes sends nothing, so the part says it holds the declarations).
        sent = {f for f in services_dossier.GENERAL_FIELDS if f in request.POST}
        if request.POST.get("declarations_shown"):
            sent.add("declarations")
        try:
            services_dossier.self_assessment_save(application=application, actor=request.user,
                                                  **{f: form.cleaned_data[f] for f in sent})
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(e for errors in form.errors.values() for e in errors)
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Đã lưu thông tin chung."))
        return redirect(reverse("dossiers:self-assessment", args=[application.pk]) + "#general")
    return _saved_response(request, application, "evaluations/dossier/_general_saved.html", error, part=part)


@require_POST
def answer(request, pk):
    application = _application(request, pk)
    _require_producer(request, application)
    try:
        criterion = Criterion.objects.filter(sheet_id=application.sheet_id, pk=int(request.POST.get("criterion", ""))).first()
    except ValueError:
        criterion = None
    if criterion is None:
        raise Http404
    error, option = None, None
    if request.POST.get("option"):
        try:
            option = Option.objects.filter(pk=int(request.POST["option"])).first()
        except ValueError:
            option = None
        if option is None:
            error = _("Phương án đã chọn không thuộc tiêu chí này.")
    if error is None:
        try:
            services_dossier.self_answer_save(application=application, criterion=criterion, option=option,
                                              description=request.POST.get("description", ""), actor=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Đã lưu tiêu chí %(code)s.") % {"code": criterion.code})
        return redirect(reverse("dossiers:self-assessment", args=[application.pk]) + f"#criterion-{criterion.pk}")
    return _saved_response(request, application, "evaluations/dossier/_answer_saved.html", error, criterion)


# --- Handing the dossier in ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def submit(request, pk):
    application = _application(request, pk)
    _require_producer(request, application)
    if request.method == "POST":
        if application.status not in EDITABLE:
            return _already_submitted(request, application)
        try:
            services_dossier.dossier_submit(application=application, actor=request.user)
        except services_dossier.DossierIncomplete as exc:
            return _submit_page(request, application, refused=exc.problems)
        except TransitionNotAllowed:  # two tabs, a double click: the other one submitted it
            application.refresh_from_db()
            return _already_submitted(request, application)
        except ValidationError as exc:
            application.refresh_from_db()
            if application.status not in EDITABLE:
                return _already_submitted(request, application)
            return _submit_page(request, application, refused=exc.messages)
        messages.success(request, _("Đã nộp hồ sơ. Số tiếp nhận: %(number)s.") % {"number": application.receipt_number})
        return redirect("dossiers:detail", application.pk)
    return _submit_page(request, application)


def _already_submitted(request, application):
    messages.info(request, _("Hồ sơ này đã được nộp (số tiếp nhận %(number)s): không cần nộp lại.")
                  % {"number": application.receipt_number or "—"})
    return redirect("dossiers:detail", application.pk)


def _submit_page(request, application, refused=None):
    missing = services_dossier.dossier_missing(application) if application.status in EDITABLE else []
    return render(request, "evaluations/dossier/submit.html", {
        "application": application, "missing": missing, "refused": refused,
        "editable": application.status in EDITABLE,
        "to_province": application.status == S.COMPLETION and not application.recheck_locally,
    })
