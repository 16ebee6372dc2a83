"""The PaymentEmail ledger moves into the outbox (engine.outbox): each row becomes a sent
outbox row with the same idempotency (``<kind>:<reference>``), so an email already sent is
never sent again after the move. The content of past emails was never stored; their rows keep
kind, recipients and sent time."""

from django.db import migrations


def payment_emails_to_outbox(apps, schema_editor):
    PaymentEmail = apps.get_model("payments", "PaymentEmail")
    OutboxEmail = apps.get_model("outbox", "OutboxEmail")
    batch = []
    for row in PaymentEmail.objects.order_by("pk").iterator(2000):
        batch.append(
            OutboxEmail(
                kind=row.kind,
                key=f"{row.kind}:{row.reference}",
                recipients=[a.strip() for a in row.recipients.split(",") if a.strip()],
                state="sent",
                sent_at=row.sent_at,
            )
        )
        if len(batch) >= 2000:
            OutboxEmail.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    OutboxEmail.objects.bulk_create(batch, ignore_conflicts=True)


def outbox_to_payment_emails(apps, schema_editor):
    PaymentEmail = apps.get_model("payments", "PaymentEmail")
    OutboxEmail = apps.get_model("outbox", "OutboxEmail")
    kinds = [
        "receipt",
        "credit_note",
        "unfulfillable",
        "payment_failed",
        "dispute_staff",
        "team_invitation",
        "waitlist_joined",
        "waitlist_offer",
        "workshop_ticket",
        "workshop_reminder",
    ]
    for row in OutboxEmail.objects.filter(kind__in=kinds, state="sent").iterator(2000):
        PaymentEmail.objects.get_or_create(
            kind=row.kind,
            reference=row.key.split(":", 1)[1],
            defaults={"recipients": ", ".join(row.recipients)},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0004_waitlist"),
        ("outbox", "0001_outbox_email"),
    ]

    operations = [
        migrations.RunPython(payment_emails_to_outbox, outbox_to_payment_emails),
        migrations.DeleteModel(name="PaymentEmail"),
    ]
