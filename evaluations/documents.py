"""The evaluations app's PDF documents: the recognition decision with its annex, one certificate
per recognised product, a closed session's minutes and a blank scoring sheet. Each kind says how
to build its template context from its object (plain data only: the render function is pure) and
who may read it; `evaluations.apps` registers them with the core's document registry.

The bulk request for a decision (the decision and all its certificates) lives here too: it is the
one write path the round page and the demo share."""

import datetime
import re
from base64 import b64encode
from decimal import Decimal
from io import BytesIO

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ocop_portal.core import access
from ocop_portal.core.documents import DocumentKind, document_for, document_request, document_retry, register
from ocop_portal.core.models import Document, DocumentStatus, Role, UnitLevel
from producers.rules import acts_for_producer

from . import rules, selectors
from .models import (
    Certificate,
    ConflictOfInterest,
    CouncilSession,
    MemberRole,
    RecognitionDecision,
    Result,
    Scorecard,
    ScoringSheet,
)

DECISION, CERTIFICATE, MINUTES, BLANK_SHEET = "recognition_decision", "certificate", "session_minutes", "blank_sheet"
DECISION_LABEL, CERTIFICATE_LABEL = _("quyết định công nhận"), _("giấy chứng nhận")
MINUTES_LABEL, BLANK_SHEET_LABEL = _("biên bản phiên họp"), _("phiếu đánh giá")

# Within one point of a band's edge (50, 70, 90) a mean is "borderline" (the board's flag).
BORDERLINES = selectors.BORDERLINES
# With more voting members than this, the minutes list each product's totals compactly instead of
# one column per member (a portrait page holds eight narrow columns).
MEMBER_COLUMNS_MAX = 8

# The days Vietnam's administration changed its names (the ministry and the provincial department
# merged on 01/03/2025; the districts were abolished on 01/07/2025): a document names the bodies
# that existed on its own date.
MINISTRY_MERGER = datetime.date(2025, 3, 1)
TWO_TIER_REFORM = datetime.date(2025, 7, 1)


# --- Plain-data helpers --------------------------------------------------------------------------


def date_parts(day):
    """{"d", "m", "y"} as Vietnamese administrative documents write a date (Nghị định 30/2020):
    a day below 10 and the months 1 and 2 with a leading zero ("ngày 05 tháng 02 năm 2020",
    "ngày 15 tháng 10 năm 2020")."""
    if day is None:
        return None
    return {"d": f"{day.day:02d}", "m": f"{day.month:02d}" if day.month <= 2 else str(day.month), "y": str(day.year)}


def place_name(province):
    """"Tỉnh Bắc Ninh" → "Bắc Ninh" (the place in the date line)."""
    return re.sub(r"^(Tỉnh|Thành phố)\s+", "", province.name)


def _lower_first(text):
    return text[:1].lower() + text[1:] if text else text


def unit_line(unit):
    """The producer's unit as the annex lists it: the commune, and its district before 2025
    ("Xã Phù Lãng, huyện Quế Võ"); today's communes hang directly under the province."""
    names = [unit.name]
    parent = unit.parent
    if parent is not None and parent.level == UnitLevel.DISTRICT:
        names.append(_lower_first(parent.name))
    return ", ".join(names)


def full_address(producer):
    """The producer's address followed by the units above it that it does not already name."""
    parts = [producer.address.strip()] if producer.address.strip() else []
    said = producer.address.lower()
    unit = producer.unit
    while unit is not None:
        name = unit.name
        bare = re.sub(r"^(Xã|Phường|Thị trấn|Đặc khu|Huyện|Thị xã|Thành phố|Quận|Tỉnh)\s+", "", name, flags=re.IGNORECASE)
        if bare.lower() not in said:
            parts.append(_lower_first(name))
        unit = unit.parent
    return ", ".join(parts)


def signature_lines(signer_title):
    """The signature block of a collective body's document: "TM. ỦY BAN NHÂN DÂN", then "KT. CHỦ
    TỊCH" / "PHÓ CHỦ TỊCH" when a vice-chair signs for the chair, or "CHỦ TỊCH"."""
    deputy = signer_title.strip().lower().startswith("phó")
    return {"on_behalf": "TM. ỦY BAN NHÂN DÂN", "for_chair": "KT. CHỦ TỊCH" if deputy else "",
            "title": "PHÓ CHỦ TỊCH" if deputy else "CHỦ TỊCH"}


def law_on_local_government(day):
    """The Law on the Organisation of Local Government in force on `day` (its date, as cited)."""
    if day >= TWO_TIER_REFORM:
        return ["Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025"]
    if day >= MINISTRY_MERGER:
        return ["Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025"]
    laws = ["Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"]
    if day >= datetime.date(2019, 11, 22):
        laws.append("Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương "
                    "ngày 22 tháng 11 năm 2019")
    return laws


def _date_words(match):
    day, month, year = int(match.group(1)), int(match.group(2)), match.group(3)
    parts = date_parts(datetime.date(int(year), month, day))
    return f"ngày {parts['d']} tháng {parts['m']} năm {parts['y']}"


def regulation_basis(regulation):
    """The regulation's title as a legal basis: "Quyết định số 1048/QĐ-TTg ngày 21 tháng 8 năm
    2019 của Thủ tướng Chính phủ ban hành …"."""
    title = re.sub(r"ngày (\d{1,2})/(\d{1,2})/(\d{4})", _date_words, regulation.title)
    head = re.match(r"^(Quyết định số \S+ ngày \d+ tháng \d+ năm \d{4}) (.*)$", title)
    return f"{head.group(1)} của Thủ tướng Chính phủ {head.group(2)}" if head else title


def star_text(star):
    return "★" * star if star else ""


def score_text(score):
    """A score with two decimals and the Vietnamese decimal comma: 72,38."""
    return f"{Decimal(score):.2f}".replace(".", ",")


def is_borderline(score):
    return any(abs(Decimal(score) - edge) <= 1 for edge in BORDERLINES)


def verification_url(certificate):
    """The public verification page the certificate's QR code opens (the `verify` route)."""
    return f"{settings.PORTAL_BASE_URL}/verify/{certificate.verification_code}/"


def qr_data_uri(text):
    """A QR code of `text` as a PNG data: URI (the render function fetches nothing else)."""
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=4)
    code.add_data(text)
    code.make(fit=True)
    out = BytesIO()
    code.make_image(fill_color="black", back_color="white").save(out, format="PNG")
    return "data:image/png;base64," + b64encode(out.getvalue()).decode("ascii")


def _body(province):
    """The issuing body's lines at the top left: "ỦY BAN NHÂN DÂN" / "TỈNH BẮC NINH"."""
    return ["ỦY BAN NHÂN DÂN", province.name.upper()]


def _eras(day):
    return {"merged_ministry": day >= MINISTRY_MERGER, "two_tier": day >= TWO_TIER_REFORM}


# --- Who may read and manage -------------------------------------------------------------------


def _province_staff(user, province):
    return access.covers(user, province, (Role.PROVINCIAL_STAFF,))


def _superuser(user):
    return access.is_authenticated(user) and user.is_superuser


def can_read_decisions_of(user, province):
    return _superuser(user) or _province_staff(user, province)


def can_read_decision(user, decision):
    return can_read_decisions_of(user, decision.province)


def can_manage_decision(user, decision):
    return can_read_decision(user, decision)


def can_read_certificate(user, certificate):
    """The producer's users, the officers over its unit, the province's staff."""
    if _superuser(user):
        return True
    producer = certificate.result.application.product.producer
    return (acts_for_producer(user, producer) or access.covers(user, producer.unit, (Role.LOCAL_OFFICER,))
            or _province_staff(user, certificate.decision.province))


def can_manage_certificate(user, certificate):
    return _superuser(user) or _province_staff(user, certificate.decision.province)


def can_read_minutes(user, session):
    """The province's staff and whoever holds a seat on the session's council."""
    return (_superuser(user) or _province_staff(user, session.council.province)
            or selectors.seat_on(user, session.council_id) is not None)


def can_manage_minutes(user, session):
    """The province's staff, and the council's secretary and chair, who sign the minutes."""
    if rules.can_manage_session.test(user, session):
        return True
    seat = selectors.seat_on(user, session.council_id)
    return bool(seat and seat.role in (MemberRole.SECRETARY, MemberRole.CHAIR))


def can_read_blank_sheet(user, sheet):
    """Reference data: anyone logged in."""
    return access.is_authenticated(user)


def can_manage_blank_sheet(user, sheet):
    return _superuser(user) or access.has_role(user, Role.PROVINCIAL_STAFF)


# --- Builders ----------------------------------------------------------------------------------


def _decision_sessions(decision):
    if decision.session_id:
        return [decision.session]
    return list(CouncilSession.objects.filter(round=decision.round, status="closed").select_related("council")
                .order_by("starts_on", "pk"))


def _session_line(session):
    return {"council": session.council.name, "council_number": session.council.decision_number,
            "council_date": date_parts(session.council.decision_date), "starts_on": session.starts_on,
            "ends_on": session.ends_on}


def build_decision(decision, language):
    """The decision (Điều 1–3, legal bases, recipients, signature) and its annex: one row per
    certificate, grouped by stars, in the certificates' order."""
    decision = RecognitionDecision.objects.select_related("province", "round__regulation", "session__council").get(pk=decision.pk)
    certificates = list(decision.certificates.select_related(
        "result__application__product__producer__unit__parent", "result__application__product__product_set").order_by("number"))
    rows = []
    for certificate in sorted(certificates, key=lambda c: (-c.star, c.number)):
        product = certificate.result.application.product
        rows.append({"product": product.name, "producer": product.producer.name, "unit": unit_line(product.producer.unit),
                     "product_set": product.product_set.name, "score": score_text(certificate.result.score),
                     "star": certificate.star, "stars": star_text(certificate.star), "number": certificate.number,
                     "code": product.code or ""})
    groups = []
    for star in sorted({r["star"] for r in rows}, reverse=True):
        groups.append({"star": star, "rows": [r for r in rows if r["star"] == star]})
    index = 0
    for group in groups:
        for row in group["rows"]:
            index += 1
            row["index"] = index
    place = place_name(decision.province)
    context = {
        "title": f"Quyết định {decision.number}",
        "draft": decision.status == "draft",
        "body": _body(decision.province), "province": _lower_first(decision.province.name), "place": place,
        "number": decision.number, "signed_on": decision.signed_on, "date": date_parts(decision.signed_on),
        "round": decision.round.name, "year": decision.round.year,
        "laws": law_on_local_government(decision.signed_on),
        "regulation": regulation_basis(decision.round.regulation),
        "sessions": [_session_line(s) for s in _decision_sessions(decision)],
        "eras": _eras(decision.signed_on),
        "product_count": len(rows), "producer_count": len({c.result.application.product.producer_id for c in certificates}),
        "by_star": [{"star": g["star"], "count": len(g["rows"])} for g in groups],
        "groups": groups, "validity_months": Certificate.VALIDITY_MONTHS,
        "signature": signature_lines(decision.signer_title), "signer": decision.signer_name,
    }
    return "evaluations/pdf/decision.html", context, f"quyet-dinh-{_slug(decision.number)}.pdf"


def build_certificate(certificate, language):
    """One product's certificate: its number, product, producer, stars, the decision, validity,
    the product code and the QR code of its public verification page."""
    certificate = Certificate.objects.select_related(
        "decision__province", "result__application__product__producer__unit__parent__parent",
        "result__application__product__product_set").get(pk=certificate.pk)
    product = certificate.result.application.product
    decision = certificate.decision
    url = verification_url(certificate)
    context = {
        "title": certificate.number,
        "body": _body(decision.province), "province": _lower_first(decision.province.name), "place": place_name(decision.province),
        "certificate_number": certificate.number, "star": certificate.star, "stars": star_text(certificate.star),
        "product": product.name, "product_set": product.product_set.name, "code": product.code or "",
        "producer": product.producer.name, "address": full_address(product.producer),
        "decision_number": decision.number, "decision_date": decision.signed_on,
        "issued_on": certificate.issued_on, "valid_until": certificate.valid_until, "date": date_parts(certificate.issued_on),
        "validity_months": Certificate.VALIDITY_MONTHS,
        "verification_code": certificate.verification_code, "verification_url": url, "qr": qr_data_uri(url),
        "signature": signature_lines(decision.signer_title), "signer": decision.signer_name,
    }
    return "evaluations/pdf/certificate.html", context, f"giay-chung-nhan-{_slug(certificate.number)}.pdf"


def build_minutes(session, language):
    """The minutes of a closed session, from its frozen results: who scored, the conflicts
    declared, each product's member totals, mean, stars and flags. Nothing is re-scored."""
    session = CouncilSession.objects.select_related("council__province", "round__regulation").get(pk=session.pk)
    voters = list(session.council.members.filter(voting=True).order_by("pk"))
    handed_in = set(Scorecard.objects.filter(session=session, status="submitted").values_list("member_id", flat=True))
    present = [m for m in voters if m.pk in handed_in]
    absent = [m for m in voters if m.pk not in handed_in]
    numbers = {m.pk: i for i, m in enumerate(present, start=1)}
    chair = next((m for m in voters if m.role == MemberRole.CHAIR), None)
    secretary = next((m for m in voters if m.role == MemberRole.SECRETARY), None)
    conflicts = list(ConflictOfInterest.objects.filter(application__session=session)
                     .select_related("member", "application__product").order_by("member__pk", "application__product__name"))
    conflicted = {(c.application_id, c.member_id) for c in conflicts}
    results = list(Result.objects.filter(session=session).select_related("application__product__producer")
                   .order_by("application__product__name", "pk"))
    limit = session.round.spread_limit
    rows = []
    for index, result in enumerate(results, start=1):
        totals = {m["member_id"]: m.get("total") for m in result.explanation.get("members", [])}
        cells = []
        for member in present:
            if (result.application_id, member.pk) in conflicted:
                cells.append({"number": numbers[member.pk], "name": member.full_name, "total": None, "conflicted": True})
            else:
                cells.append({"number": numbers[member.pk], "name": member.full_name, "total": totals.get(member.pk),
                              "conflicted": False})
        flags = []
        if result.spread_flagged:
            flags.append("spread")
        if is_borderline(result.score):
            flags.append("borderline")
        if result.knocked_out:
            flags.append("knocked_out")
        rows.append({"index": index, "product": result.application.product.name,
                     "producer": result.application.product.producer.name, "cells": cells,
                     "mean": score_text(result.score), "star": result.star, "stars": star_text(result.star),
                     "band_star": result.band_star, "referred": result.star == 5, "spread": result.spread,
                     "flags": flags})
    stars = {}
    for row in rows:
        stars[row["star"]] = stars.get(row["star"], 0) + 1
    quorum_needed = -(-len(voters) * session.round.quorum_numerator // session.round.quorum_denominator)
    context = {
        "title": f"Biên bản {session.council.name}",
        "body": ["UBND " + session.council.province.name.upper()],
        "council_title": session.council.name.upper(), "place": place_name(session.council.province),
        "date": date_parts(session.ends_on), "starts_on": session.starts_on, "ends_on": session.ends_on,
        "location": session.location, "council": session.council.name, "council_number": session.council.decision_number,
        "council_date": session.council.decision_date, "regulation": regulation_basis(session.round.regulation),
        "round": session.round.name,
        "present": [{"number": numbers[m.pk], "name": m.full_name, "position": m.position, "role": m.get_role_display()}
                    for m in present],
        "absent": [{"name": m.full_name, "position": m.position, "role": m.get_role_display()} for m in absent],
        "voting_count": len(voters), "quorum_needed": quorum_needed, "quorum_met": len(present) >= quorum_needed,
        "conflicts": [{"member": c.member.full_name, "product": c.application.product.name, "reason": c.reason}
                      for c in conflicts],
        "rows": rows, "columns": len(present) <= MEMBER_COLUMNS_MAX, "member_numbers": [numbers[m.pk] for m in present],
        "spread_limit": limit, "borderlines": list(BORDERLINES),
        "count": len(rows), "by_star": [{"star": s, "count": stars[s]} for s in sorted((s for s in stars if s), reverse=True)],
        "not_rated": stars.get(None, 0), "referred": sum(1 for r in rows if r["referred"]),
        "chair": chair.full_name if chair else "", "secretary": secretary.full_name if secretary else "",
    }
    return "evaluations/pdf/minutes.html", context, f"bien-ban-phien-hop-{session.starts_on:%Y%m%d}.pdf"


def build_blank_sheet(sheet, language):
    """A printable blank scoring sheet: parts, sections, criteria and their options with points
    and star minimums, a box to tick for each option, the member's name and signature."""
    sheet = ScoringSheet.objects.select_related("regulation", "product_set").get(pk=sheet.pk)
    parts = []
    for part in selectors.sheet_for_page(sheet):
        sections = []
        for section in part.sections.all():
            criteria = []
            for criterion in section.criteria.all():
                criteria.append({
                    "code": criterion.code, "name": criterion.name, "subgroup": criterion.subgroup,
                    "max_points": criterion.max_points, "note": criterion.note, "knockout": "" if criterion.knockout_rule.strip() in criterion.note else criterion.knockout_rule,
                    "knockout_if_zero": criterion.knockout_if_zero,
                    "applies_if": criterion.applies_if.code if criterion.applies_if_id else "",
                    "options": [{"text": o.text, "points": o.points, "min_star": o.min_star or None,
                                 "marker": "*" * o.min_star if o.min_star else "", "case": o.alternative_group}
                                for o in criterion.options.all()],
                })
            sections.append({"number": section.number, "name": section.name, "max_points": section.max_points,
                             "criteria": criteria, "single": len(criteria) == 1 and criteria[0]["name"] == section.name})
        parts.append({"code": part.code, "name": part.name, "max_points": part.max_points, "sections": sections})
    context = {
        "title": f"Phiếu đánh giá {sheet.set_number}. {sheet.name}",
        "regulation": sheet.regulation.title, "regulation_code": sheet.regulation.code,
        "has_star_markers": sheet.regulation.has_star_markers,
        "set_number": sheet.set_number, "name": sheet.name, "dossier_knockout": sheet.dossier_knockout,
        "usable": sheet.usable, "parts": parts,
    }
    return "evaluations/pdf/blank_sheet.html", context, f"phieu-danh-gia-{_slug(sheet.regulation.code)}-{sheet.set_number:02d}.pdf"


def _slug(text):
    return re.sub(r"[^0-9A-Za-z]+", "-", text).strip("-").lower() or "van-ban"


# --- Registration --------------------------------------------------------------------------------


def register_kinds():
    register(DocumentKind(DECISION, RecognitionDecision, build_decision, can_read_decision, can_manage_decision, DECISION_LABEL,
                          visible_to=selectors.decisions_visible_to))
    register(DocumentKind(CERTIFICATE, Certificate, build_certificate, can_read_certificate, can_manage_certificate,
                          CERTIFICATE_LABEL, visible_to=selectors.certificates_visible_to))
    register(DocumentKind(MINUTES, CouncilSession, build_minutes, can_read_minutes, can_manage_minutes, MINUTES_LABEL,
                          visible_to=selectors.sessions_visible_to))
    register(DocumentKind(BLANK_SHEET, ScoringSheet, build_blank_sheet, can_read_blank_sheet, can_manage_blank_sheet,
                          BLANK_SHEET_LABEL, visible_to=selectors.sheets_visible_to))


# --- The decision's documents in bulk (the round page, the issuing page, the demo) ---------------


@transaction.atomic
def decision_documents_request(*, decision, actor=None, language="vi", regenerate=False):
    """Request the decision's PDF and one for each of its certificates. Without `regenerate` it
    is idempotent: documents already made are left alone, failed ones are tried again, missing
    ones are requested. With `regenerate` every document gets a new version (the old ones and
    their hashes are kept). Each render is enqueued after commit. Returns the documents."""
    documents = []
    targets = [(decision, DECISION)] + [(c, CERTIFICATE) for c in decision.certificates.order_by("number")]
    for obj, kind in targets:
        document = document_request(obj=obj, kind=kind, language=language, actor=actor,
                                    new_version=regenerate and document_for(obj, kind, language) is not None)
        if document.status == DocumentStatus.FAILED and not regenerate:
            document = document_retry(document=document, actor=actor)
        documents.append(document)
    return documents


def _latest_documents(model, ids, kind, language="vi"):
    """{object id: its latest document of `kind`}, in one query."""
    from django.contrib.contenttypes.models import ContentType

    latest = {}
    for document in (Document.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id__in=list(ids),
                                             kind=kind, language=language).order_by("object_id", "version")):
        latest[document.object_id] = document
    return latest


def _progress(certificate_ids, latest):
    counts = {status: sum(1 for pk in certificate_ids if pk in latest and latest[pk].status == status)
              for status in DocumentStatus.values}
    return {"total": len(certificate_ids), "ready": counts[DocumentStatus.READY], "waiting": counts[DocumentStatus.WAITING],
            "failed": counts[DocumentStatus.FAILED], "missing": sum(1 for pk in certificate_ids if pk not in latest),
            "failed_documents": [latest[pk] for pk in certificate_ids if pk in latest and latest[pk].status == DocumentStatus.FAILED]}


def decision_progress(decision, language="vi"):
    """The certificates' documents of a decision: {"total", "ready", "waiting", "failed",
    "missing", "failed_documents"} (the latest version of each), in two queries."""
    ids = list(decision.certificates.order_by("number").values_list("pk", flat=True))
    return _progress(ids, _latest_documents(Certificate, ids, CERTIFICATE, language))


def round_decisions(round, language="vi"):
    """[(decision, its document or None, its certificates' progress)] for the round's decisions,
    newest first, in four queries however many decisions and certificates there are."""
    decisions = list(round.decisions.select_related("province").order_by("-signed_on", "-pk"))
    documents = _latest_documents(RecognitionDecision, [d.pk for d in decisions], DECISION, language)
    by_decision = {}
    for pk, decision_id in Certificate.objects.filter(decision__in=decisions).order_by("number").values_list("pk", "decision_id"):
        by_decision.setdefault(decision_id, []).append(pk)
    latest = _latest_documents(Certificate, [pk for ids in by_decision.values() for pk in ids], CERTIFICATE, language)
    return [(d, documents.get(d.pk), _progress(by_decision.get(d.pk, []), latest)) for d in decisions]


def sheets_with_documents(language="vi"):
    """[(regulation, [(sheet, its blank-sheet document or None)])], regulations newest first."""
    sheets = list(ScoringSheet.objects.select_related("regulation", "product_set").order_by("-regulation__effective_from",
                                                                                              "set_number"))
    documents = _latest_documents(ScoringSheet, [s.pk for s in sheets], BLANK_SHEET, language)
    grouped = {}
    for sheet in sheets:
        grouped.setdefault(sheet.regulation, []).append((sheet, documents.get(sheet.pk)))
    return list(grouped.items())

