"""The Coaches group: exactly what a coach needs, which is the coaching role on the site.

A coach works in the coach workspace (``/coaching/coach/``), not in the Wagtail admin, so the
group holds the two coaching permissions and nothing else; which classes a coach reaches is
their assignment (``courses.CohortCoach``), read by ``courses.selectors.coaching``.
"""

from django.db import migrations

GROUP = "Coaches"
CODENAMES = {
    "coach_classes": "Can open the coach workspace of the classes they coach",
    "give_feedback": "Can give feedback on journal entries of classes they coach",
}


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="coaching", model="journalentry")
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in CODENAMES.items()
    ]
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.set(permissions)


def backwards(apps, schema_editor):
    """Take the group's rights away and leave the (then empty) group: deleting it would make
    Django collect every model that points at groups, in whatever state other apps' migrations
    are during an unapply, which fails when they are half-way (tests/engine/test_migrations.py).
    """
    Group = apps.get_model("auth", "Group")
    Group.permissions.through.objects.filter(group__name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0002_coach_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
