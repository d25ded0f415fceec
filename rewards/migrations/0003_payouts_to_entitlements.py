"""Data: each payout of the old model (one per result and event, with its own status) becomes an
entitlement of the result's certificate; payouts proposed together (same province, decision,
proposer, approver and reward decision number) become one batch; a paid payout gets its payment
entry (reference "—" where none was recorded). Schema changes are in 0002 and 0004."""

import datetime

from django.db import migrations
from django.utils import timezone

ORDER = ["created", "proposed", "approved", "paid"]


def forwards(apps, schema_editor):
    Payout = apps.get_model("rewards", "Payout")
    Entitlement = apps.get_model("rewards", "Entitlement")
    PayoutBatch = apps.get_model("rewards", "PayoutBatch")
    PayoutEntry = apps.get_model("rewards", "PayoutEntry")
    Certificate = apps.get_model("evaluations", "Certificate")

    batches = {}
    for payout in Payout.objects.filter(entitlement__isnull=True).select_related("rate__schedule", "result").order_by("pk"):
        certificate = Certificate.objects.filter(result_id=payout.result_id).select_related("decision").first()
        if certificate is None:  # a payout without a certificate cannot be an entitlement: leave it to 0004 to drop
            continue
        entitlement = Entitlement.objects.create(
            application_id=payout.result.application_id, certificate=certificate, decision_id=certificate.decision_id,
            schedule_id=payout.rate.schedule_id, rate_id=payout.rate_id, event=payout.event, from_star=payout.rate.from_star,
            star=payout.rate.star, amount_vnd=payout.amount_vnd, due_on=certificate.decision.signed_on, status=payout.status,
        )
        payout.entitlement = entitlement
        if payout.status == "created" or payout.proposed_by_id is None:
            Entitlement.objects.filter(pk=entitlement.pk).update(status="created")
            payout.save(update_fields=["entitlement"])
            continue
        key = (payout.rate.schedule.province_id, certificate.decision_id, payout.proposed_by_id, payout.approved_by_id,
               payout.decision_number if payout.approved_by_id else "")
        batch = batches.get(key)
        if batch is None:
            approved = payout.approved_by_id is not None
            batch = PayoutBatch.objects.create(
                province_id=key[0], decision_id=key[1], proposed_by_id=key[2], approved_by_id=key[3],
                status="approved" if approved else "proposed", approved_at=timezone.now() if approved else None,
                number=(payout.decision_number or f"KT-{certificate.decision.number}") if approved else "",
                signed_on=certificate.decision.signed_on if approved else None,
                signer_name=certificate.decision.signer_name if approved else "",
                signer_title=certificate.decision.signer_title if approved else "",
            )
            batches[key] = batch
        payout.batch = batch
        payout.save(update_fields=["entitlement", "batch"])
        if payout.status == "paid":
            PayoutEntry.objects.create(payout=payout, attempt=1, kind="payment", amount_vnd=payout.amount_vnd,
                                       paid_on=payout.paid_on or datetime.date.today(), reference="—",
                                       recorded_by_id=payout.approved_by_id or payout.proposed_by_id)
    for batch in batches.values():
        statuses = set(Entitlement.objects.filter(payout__batch=batch).values_list("status", flat=True))
        if batch.status != "proposed" and "paid" in statuses:
            batch.status = "paid" if statuses == {"paid"} else "partially_paid"
            batch.save(update_fields=["status"])
    # Payouts never proposed are entitlements only: no line without a batch.
    Payout.objects.filter(batch__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [("rewards", "0002_entitlements_batches_and_ledger")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
