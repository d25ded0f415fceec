"""The rewards app's PDF: the reward decision (Quyết định khen thưởng) of a payout batch, through the
shared pipeline — its legal bases (the law on local government, the schedules' legal bases, the
recognition decisions or the ministry's 5★ decisions), the articles (who is rewarded, the total in
figures and in words, the budget source), and its annex: producers, products, stars, events and
amounts, with the total again in figures and in words. A proposed batch's decision is a draft
(marked, number and date left blank); the approved one carries the committee's number and date.

Registered with the core's document registry by `rewards.apps`."""

import re
import unicodedata

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.documents import (
    MINISTRY_MERGER,
    TWO_TIER_REFORM,
    date_parts,
    law_on_local_government,
    place_name,
    signature_lines,
    star_text,
    unit_line,
)
from ocop_portal.core import access
from ocop_portal.core.documents import DocumentKind, register
from ocop_portal.core.models import Role

from . import selectors
from .models import BatchStatus, Payout, PayoutBatch, RewardEvent
from .money import vnd_figures, vnd_in_words
from .services import REWARD_DECISION_KIND

REWARD_DECISION_LABEL = _("quyết định khen thưởng")
BLANK = "\u00a0" * 6  # a number or day left blank on a draft, as a typed draft leaves it


def _lower_first(text):
    return text[:1].lower() + text[1:] if text else text


def event_text(entitlement):
    """"Công nhận lần đầu 4 sao", "Nâng hạng từ 3 sao lên 4 sao", "Đánh giá lại 4 sao"."""
    if entitlement.event == RewardEvent.UPGRADE:
        return f"Nâng hạng từ {entitlement.from_star} sao lên {entitlement.star} sao"
    if entitlement.event == RewardEvent.RERATING:
        return f"Đánh giá lại, đạt {entitlement.star} sao"
    return f"Công nhận lần đầu {entitlement.star} sao"


def _slug(text):
    """"1688/QĐ-UBND (minh họa)" → "1688-qd-ubnd-minh-hoa"."""
    plain = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^0-9A-Za-z]+", "-", plain).strip("-").lower() or "van-ban"


def build_reward_decision(batch, language):
    batch = PayoutBatch.objects.select_related("province", "decision__round", "decision__province").get(pk=batch.pk)
    lines = list(Payout.objects.filter(batch=batch).select_related(
        "entitlement__application__product__producer__unit__parent", "entitlement__application__round",
        "entitlement__schedule", "entitlement__decision", "entitlement__ministry_answer"))
    entitlements = [line.entitlement for line in lines]
    draft = batch.status == BatchStatus.PROPOSED
    day = batch.signed_on or timezone.localtime(batch.proposed_at).date()
    province = batch.province
    rows = []
    for line in sorted(lines, key=lambda p: (-p.entitlement.star, p.entitlement.application.product.producer.name,
                                             p.entitlement.application.product.name)):
        e = line.entitlement
        product = e.application.product
        rows.append({"product": product.name, "code": product.code or "", "producer": product.producer.name,
                     "unit": unit_line(product.producer.unit), "star": e.star, "stars": star_text(e.star),
                     "event": event_text(e), "amount": vnd_figures(line.amount_vnd)})
    groups = []
    for star in sorted({r["star"] for r in rows}, reverse=True):
        members = [r for r in rows if r["star"] == star]
        subtotal = sum(line.amount_vnd for line in lines if line.entitlement.star == star)
        groups.append({"star": star, "rows": members, "count": len(members), "subtotal": vnd_figures(subtotal)})
    for index, row in enumerate((r for g in groups for r in g["rows"]), start=1):
        row["index"] = index
    total = sum(line.amount_vnd for line in lines)
    schedules, recognitions, ministry = {}, {}, {}
    for e in entitlements:
        schedules.setdefault(e.schedule_id, e.schedule)
        if e.decision_id:
            recognitions.setdefault(e.decision_id, e.decision)
        if e.ministry_answer_id:
            ministry.setdefault(e.ministry_answer.decision_number, e.ministry_answer)
    years = sorted({e.application.round.year for e in entitlements})
    context = {
        "title": f"Quyết định khen thưởng {batch.number}" if batch.number else "Dự thảo quyết định khen thưởng",
        "draft": draft,
        "body": ["ỦY BAN NHÂN DÂN", province.name.upper()], "province": _lower_first(province.name), "place": place_name(province),
        "number": batch.number if batch.number and not draft else f"{BLANK}/QĐ-UBND",
        "date": date_parts(batch.signed_on) if batch.signed_on and not draft else {"d": BLANK, "m": BLANK, "y": str(day.year)},
        "signed_on": batch.signed_on,
        "year": ", ".join(str(y) for y in years),
        "laws": law_on_local_government(day),
        "schedules": [{"legal_basis": s.legal_basis, "budget_source": s.budget_source, "name": s.name}
                      for s in schedules.values()],
        "budget_sources": sorted({s.budget_source for s in schedules.values() if s.budget_source}),
        "recognitions": [{"number": d.number, "date": date_parts(d.signed_on), "year": d.round.year if d.round_id else ""}
                         for d in sorted(recognitions.values(), key=lambda d: (d.signed_on, d.pk))],
        "ministry": [{"number": a.decision_number, "date": date_parts(a.decision_date)} for a in ministry.values()],
        "eras": {"merged_ministry": day >= MINISTRY_MERGER, "two_tier": day >= TWO_TIER_REFORM},
        "producer_count": len({e.application.product.producer_id for e in entitlements}), "product_count": len(rows),
        "by_star": [{"star": g["star"], "count": g["count"]} for g in groups],
        "groups": groups, "total": vnd_figures(total), "total_words": vnd_in_words(total),
        "signature": signature_lines(batch.signer_title or "Phó Chủ tịch"), "signer": batch.signer_name if not draft else "",
    }
    slug = _slug(batch.number) if batch.number and not draft else f"du-thao-{batch.pk}"
    return "rewards/pdf/reward_decision.html", context, f"quyet-dinh-khen-thuong-{slug}.pdf"


def can_read_reward_decision(user, batch):
    """The paying province's money roles (and a superuser)."""
    if not access.is_authenticated(user):
        return False
    return user.is_superuser or access.covers(user, batch.province, selectors.MONEY_ROLES)


def can_manage_reward_decision(user, batch):
    return access.is_authenticated(user) and (user.is_superuser or access.covers(user, batch.province, (Role.PROVINCIAL_STAFF,)))


def register_kinds():
    register(DocumentKind(REWARD_DECISION_KIND, PayoutBatch, build_reward_decision, can_read_reward_decision,
                          can_manage_reward_decision, REWARD_DECISION_LABEL, visible_to=selectors.batches_visible_to))
