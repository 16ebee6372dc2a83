"""Seat holds become holds of the capacity engine (kind "cohort"); every stored hold is
copied with its reference, seats and expiry before ``SeatHold`` goes."""

from django.db import migrations


def copy_seat_holds(apps, schema_editor):
    SeatHold = apps.get_model("courses", "SeatHold")
    Hold = apps.get_model("capacity", "Hold")
    Hold.objects.bulk_create(
        [
            Hold(
                kind="cohort",
                target_id=hold.cohort_id,
                reference=hold.reference,
                places=hold.seats,
                expires_at=hold.expires_at,
            )
            for hold in SeatHold.objects.order_by("pk").iterator()
        ],
        batch_size=1000,
    )
    # ``created_at`` is set on insert (auto_now_add): carry the original over.
    for hold in SeatHold.objects.order_by("pk").iterator():
        Hold.objects.filter(reference=hold.reference).update(created_at=hold.created_at)


def copy_back(apps, schema_editor):
    SeatHold = apps.get_model("courses", "SeatHold")
    Hold = apps.get_model("capacity", "Hold")
    for hold in Hold.objects.filter(kind="cohort").order_by("pk").iterator():
        SeatHold.objects.create(
            cohort_id=hold.target_id,
            reference=hold.reference,
            seats=hold.places,
            expires_at=hold.expires_at,
        )
    Hold.objects.filter(kind="cohort").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_editors_edit_completion_rules"),
        ("capacity", "0001_holds"),
    ]

    operations = [
        migrations.RunPython(copy_seat_holds, copy_back),
        migrations.DeleteModel(name="SeatHold"),
    ]
