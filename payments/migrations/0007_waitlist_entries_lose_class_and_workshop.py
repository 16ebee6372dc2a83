"""The class and workshop columns of waitlist entries go (0006 copied them into
``(kind, target_id)``); one live entry per ``(kind, target, email)``."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("payments", "0006_waitlist_entries_name_their_target")]

    operations = [
        migrations.RemoveConstraint(
            model_name="waitlistentry", name="payments_waitlist_class_or_workshop"
        ),
        migrations.RemoveConstraint(
            model_name="waitlistentry", name="payments_waitlist_one_live_per_cohort"
        ),
        migrations.RemoveConstraint(
            model_name="waitlistentry", name="payments_waitlist_one_live_per_workshop"
        ),
        migrations.RemoveField(model_name="waitlistentry", name="cohort"),
        migrations.RemoveField(model_name="waitlistentry", name="workshop"),
        migrations.AlterField(
            model_name="waitlistentry",
            name="target_id",
            field=models.PositiveBigIntegerField(help_text="The class, workshop, ... waited for."),
        ),
        migrations.AddIndex(
            model_name="waitlistentry",
            index=models.Index(
                fields=["kind", "target_id", "status"], name="payments_waitlist_target"
            ),
        ),
        migrations.AddConstraint(
            model_name="waitlistentry",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ("waiting", "offered"))),
                fields=("kind", "target_id", "email"),
                name="payments_waitlist_one_live_per_target",
            ),
        ),
    ]
