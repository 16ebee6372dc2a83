"""Orders name what they sell as the capacity engine does (kind and target id), so a new kind
sold through orders needs no column of its own; the class and workshop keys stay."""

from django.db import migrations, models
from django.db.models import Q


def name_targets(apps, schema_editor):
    Order = apps.get_model("payments", "Order")
    Order.objects.filter(cohort__isnull=False).update(
        capacity_kind="cohort", capacity_target_id=models.F("cohort_id")
    )
    Order.objects.filter(workshop__isnull=False).update(
        capacity_kind="workshop", capacity_target_id=models.F("workshop_id")
    )


def forget_targets(apps, schema_editor):
    """Going back: the class or workshop key is still there; nothing to undo."""


class Migration(migrations.Migration):
    dependencies = [("payments", "0009_merge_capacity_engine")]

    operations = [
        migrations.AddField(
            model_name="order",
            name="capacity_kind",
            field=models.CharField(
                default="",
                help_text="The capacity kind sold (engine.capacity): 'cohort', 'workshop', ...",
                max_length=40,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="order",
            name="capacity_target_id",
            field=models.PositiveBigIntegerField(
                default=0,
                help_text="The id of the class, workshop, ... whose places the order buys.",
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="order",
            name="seats",
            field=models.PositiveSmallIntegerField(
                help_text="Places bought (seats, tickets, ...)."
            ),
        ),
        migrations.RunPython(name_targets, forget_targets, elidable=True),
        migrations.RemoveConstraint(model_name="order", name="payments_order_class_or_workshop"),
        migrations.AddConstraint(
            model_name="order",
            constraint=models.CheckConstraint(
                condition=Q(cohort__isnull=True) | Q(workshop__isnull=True),
                name="payments_order_one_target",
            ),
        ),
    ]
