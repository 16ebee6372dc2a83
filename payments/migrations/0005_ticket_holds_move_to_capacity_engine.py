"""Ticket holds become holds of the capacity engine (kind "workshop"); every stored hold is
copied with its reference, tickets and expiry before ``TicketHold`` goes. Waitlist entries
get the generic ``(kind, target_id)`` pair, filled in 0006. The beat entry of the old ticket
sweep (django-celery-beat keeps entries it once copied) goes: ``capacity.holds_sweep``
replaces it."""

from django.db import migrations, models


def copy_ticket_holds(apps, schema_editor):
    TicketHold = apps.get_model("payments", "TicketHold")
    Hold = apps.get_model("capacity", "Hold")
    for hold in TicketHold.objects.order_by("pk").iterator():
        copied = Hold.objects.create(
            kind="workshop",
            target_id=hold.workshop_id,
            reference=hold.reference,
            places=hold.tickets,
            expires_at=hold.expires_at,
        )
        Hold.objects.filter(pk=copied.pk).update(created_at=hold.created_at)


def copy_back(apps, schema_editor):
    TicketHold = apps.get_model("payments", "TicketHold")
    Hold = apps.get_model("capacity", "Hold")
    for hold in Hold.objects.filter(kind="workshop").order_by("pk").iterator():
        TicketHold.objects.create(
            workshop_id=hold.target_id,
            reference=hold.reference,
            tickets=hold.places,
            expires_at=hold.expires_at,
        )
    Hold.objects.filter(kind="workshop").delete()


def forget_old_sweep(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task="payments.ticket_holds_sweep").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0004_waitlist"),
        ("capacity", "0001_holds"),
        ("django_celery_beat", "__latest__"),
    ]

    operations = [
        migrations.RunPython(copy_ticket_holds, copy_back),
        migrations.RunPython(forget_old_sweep, migrations.RunPython.noop),
        migrations.DeleteModel(name="TicketHold"),
        migrations.AddField(
            model_name="waitlistentry",
            name="kind",
            field=models.CharField(
                default="",
                help_text="The capacity kind waited for ('cohort', 'workshop').",
                max_length=30,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="waitlistentry",
            name="target_id",
            field=models.PositiveBigIntegerField(
                null=True, help_text="The class, workshop, ... waited for."
            ),
        ),
    ]
