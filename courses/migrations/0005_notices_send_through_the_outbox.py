"""Release, catch-up and digest notices send through the outbox (engine.outbox).

The sending state (attempts, last error, claim, sent time) moves from the notice rows to one
outbox row per emailed notice, copied here so nothing already stored is lost: sent rows stay
sent (with their time), failed rows stay failed (with their error), pending and mid-send rows
become pending outbox rows the outbox sends. Skipped rows keep their reason and get no email.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat

EMAILED = ("pending", "sending", "sent", "failed")
STATE = {"pending": "pending", "sending": "pending", "sent": "sent", "failed": "failed"}
KINDS = (
    ("releasenotice", "release", "enrollment__user__email"),
    ("catchupnotice", "catch_up", "enrollment__user__email"),
    ("digestnotice", "digest", "user__email"),
)


def copy_sending_state(apps, schema_editor):
    OutboxEmail = apps.get_model("outbox", "OutboxEmail")
    for model_name, kind, address in KINDS:
        Notice = apps.get_model("courses", model_name)
        notices = Notice.objects.filter(status__in=EMAILED).values_list(
            "pk", "status", "attempts", "last_error", "sent_at", address
        )
        batch = []
        for pk, status, attempts, last_error, sent_at, to in notices.iterator(2000):
            batch.append(
                OutboxEmail(
                    kind=kind,
                    key=f"{kind}:{pk}",
                    recipients=[to],
                    state=STATE[status],
                    attempts=attempts,
                    last_error=last_error,
                    sent_at=sent_at,
                )
            )
            if len(batch) >= 2000:
                OutboxEmail.objects.bulk_create(batch, ignore_conflicts=True)
                batch = []
        OutboxEmail.objects.bulk_create(batch, ignore_conflicts=True)
        # Link each notice to its row in one UPDATE (the key is "<kind>:<notice id>").
        key = Concat(Value(f"{kind}:"), Cast(OuterRef("pk"), output_field=models.CharField()))
        Notice.objects.filter(status__in=EMAILED).update(
            email_id=Subquery(OutboxEmail.objects.filter(key=key).values("pk")[:1]),
            status="email",
        )


def uncopy_sending_state(apps, schema_editor):
    OutboxEmail = apps.get_model("outbox", "OutboxEmail")
    back = {
        "pending": "pending",
        "claimed": "sending",
        "sent": "sent",
        "failed": "failed",
        "cancelled": "skipped",
    }
    for model_name, _kind, _address in KINDS:
        Notice = apps.get_model("courses", model_name)
        for notice in Notice.objects.filter(email__isnull=False).select_related("email"):
            Notice.objects.filter(pk=notice.pk).update(
                status=back[notice.email.state],
                attempts=notice.email.attempts,
                last_error=notice.email.last_error,
                sent_at=notice.email.sent_at,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_editors_edit_completion_rules"),
        ("outbox", "0001_outbox_email"),
    ]

    operations = [
        migrations.AddField(
            model_name="catchupnotice",
            name="email",
            field=models.OneToOneField(
                blank=True,
                help_text="The outbox row sending this email (its state, attempts and last error).",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="%(class)s",
                to="outbox.outboxemail",
            ),
        ),
        migrations.AddField(
            model_name="digestnotice",
            name="email",
            field=models.OneToOneField(
                blank=True,
                help_text="The outbox row sending this email (its state, attempts and last error).",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="%(class)s",
                to="outbox.outboxemail",
            ),
        ),
        migrations.AddField(
            model_name="releasenotice",
            name="email",
            field=models.OneToOneField(
                blank=True,
                help_text="The outbox row sending this email (its state, attempts and last error).",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="%(class)s",
                to="outbox.outboxemail",
            ),
        ),
        migrations.RunPython(copy_sending_state, uncopy_sending_state),
        migrations.RemoveIndex(
            model_name="releasenotice",
            name="courses_notice_status_claim",
        ),
        migrations.RemoveField(
            model_name="catchupnotice",
            name="attempts",
        ),
        migrations.RemoveField(
            model_name="catchupnotice",
            name="claim_token",
        ),
        migrations.RemoveField(
            model_name="catchupnotice",
            name="claimed_at",
        ),
        migrations.RemoveField(
            model_name="catchupnotice",
            name="last_error",
        ),
        migrations.RemoveField(
            model_name="catchupnotice",
            name="sent_at",
        ),
        migrations.RemoveField(
            model_name="digestnotice",
            name="attempts",
        ),
        migrations.RemoveField(
            model_name="digestnotice",
            name="claim_token",
        ),
        migrations.RemoveField(
            model_name="digestnotice",
            name="claimed_at",
        ),
        migrations.RemoveField(
            model_name="digestnotice",
            name="last_error",
        ),
        migrations.RemoveField(
            model_name="digestnotice",
            name="sent_at",
        ),
        migrations.RemoveField(
            model_name="releasenotice",
            name="attempts",
        ),
        migrations.RemoveField(
            model_name="releasenotice",
            name="claim_token",
        ),
        migrations.RemoveField(
            model_name="releasenotice",
            name="claimed_at",
        ),
        migrations.RemoveField(
            model_name="releasenotice",
            name="last_error",
        ),
        migrations.RemoveField(
            model_name="releasenotice",
            name="sent_at",
        ),
        migrations.AlterField(
            model_name="catchupnotice",
            name="status",
            field=models.CharField(
                choices=[("email", "Told by email (see the outbox row)"), ("skipped", "Skipped")],
                default="email",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="digestnotice",
            name="status",
            field=models.CharField(
                choices=[("email", "Told by email (see the outbox row)"), ("skipped", "Skipped")],
                default="email",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="releasenotice",
            name="status",
            field=models.CharField(
                choices=[("email", "Told by email (see the outbox row)"), ("skipped", "Skipped")],
                default="email",
                max_length=10,
            ),
        ),
    ]
