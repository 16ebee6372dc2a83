"""Each waitlist entry names what it waits for as ``(kind, target_id)``: its class
("cohort") or its workshop ("workshop")."""

from django.db import migrations


def fill_targets(apps, schema_editor):
    WaitlistEntry = apps.get_model("payments", "WaitlistEntry")
    for kind in ("cohort", "workshop"):
        column = f"{kind}_id"
        for entry in WaitlistEntry.objects.filter(**{f"{column}__isnull": False}).only(column):
            WaitlistEntry.objects.filter(pk=entry.pk).update(
                kind=kind, target_id=getattr(entry, column)
            )


def fill_back(apps, schema_editor):
    WaitlistEntry = apps.get_model("payments", "WaitlistEntry")
    for kind in ("cohort", "workshop"):
        for entry in WaitlistEntry.objects.filter(kind=kind).only("target_id"):
            WaitlistEntry.objects.filter(pk=entry.pk).update(**{f"{kind}_id": entry.target_id})


class Migration(migrations.Migration):
    dependencies = [("payments", "0005_ticket_holds_move_to_capacity_engine")]

    operations = [migrations.RunPython(fill_targets, fill_back)]
