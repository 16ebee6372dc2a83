from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Hold",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        help_text="The capacity kind of the target ('cohort', 'workshop').",
                        max_length=30,
                    ),
                ),
                (
                    "target_id",
                    models.PositiveBigIntegerField(help_text="The primary key of the target row."),
                ),
                (
                    "reference",
                    models.CharField(
                        help_text=(
                            "Who holds the places, e.g. 'order:42' or 'team:7'. One hold per "
                            "reference."
                        ),
                        max_length=80,
                        unique=True,
                    ),
                ),
                ("places", models.PositiveIntegerField()),
                (
                    "expires_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="Empty: held until released (a team's seat pool).",
                        null=True,
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "ordering": ["kind", "target_id", "created_at", "pk"],
                "indexes": [
                    models.Index(
                        fields=["kind", "target_id", "expires_at"], name="capacity_hold_target"
                    ),
                    models.Index(fields=["expires_at"], name="capacity_hold_expiry"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("places__gte", 1)), name="capacity_hold_at_least_one"
                    )
                ],
            },
        ),
    ]
