import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("capacity", "0001_holds"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="WaitlistEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "email",
                    models.EmailField(
                        help_text="Stored in lower case; the offer is sent here.", max_length=254
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        help_text="The capacity kind waited for ('cohort', 'workshop').",
                        max_length=30,
                    ),
                ),
                (
                    "target_id",
                    models.PositiveBigIntegerField(
                        help_text="The class, workshop, ... waited for."
                    ),
                ),
                (
                    "position",
                    models.PositiveIntegerField(
                        help_text="Lower goes first; staff reorder the list in the admin."
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("waiting", "Waiting"),
                            ("offered", "Offered a place"),
                            ("converted", "Bought the place"),
                            ("lapsed", "Offer lapsed"),
                            ("left", "Left the waitlist"),
                        ],
                        default="waiting",
                        max_length=20,
                    ),
                ),
                (
                    "offer_token",
                    models.CharField(blank=True, max_length=64, null=True, unique=True),
                ),
                ("offered_at", models.DateTimeField(blank=True, null=True)),
                ("offer_expires_at", models.DateTimeField(blank=True, null=True)),
                ("ended_at", models.DateTimeField(blank=True, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        help_text="The account that joined, when they were signed in.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="waitlist_entries",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "waitlist entry",
                "verbose_name_plural": "waitlist entries",
                "ordering": ["position", "created_at", "pk"],
                "permissions": [("reorder_waitlistentry", "Can reorder waitlists")],
                "indexes": [
                    models.Index(
                        fields=["status", "offer_expires_at"], name="capacity_waitlist_offers"
                    ),
                    models.Index(
                        fields=["kind", "target_id", "status"], name="capacity_waitlist_target"
                    ),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status__in", ("waiting", "offered"))),
                        fields=("kind", "target_id", "email"),
                        name="capacity_waitlist_one_live_per_target",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "offered"), _negated=True),
                            models.Q(
                                ("offer_expires_at__isnull", False), ("offer_token__isnull", False)
                            ),
                            _connector="OR",
                        ),
                        name="capacity_waitlist_offer_has_token_and_expiry",
                    ),
                ],
            },
        ),
    ]
