"""Editors and Moderators read the analytics dashboard (superusers have every permission).

Students and coaches do not; staff may grant ``view_analytics`` to another group in the
admin's Settings > Groups.
"""

from django.db import migrations

GROUPS = ("Editors", "Moderators")
CODENAME = "view_analytics"
NAME = "Can see the analytics dashboard and its API"


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="insight_dashboard", model="analyticsaccess"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=CODENAME, defaults={"name": NAME}
    )
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(permission)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.permissions.through.objects.filter(
        group__name__in=GROUPS,
        permission__codename=CODENAME,
        permission__content_type__app_label="insight_dashboard",
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("insight_dashboard", "0001_analytics_permission"),
        ("cms", "0005_editorial_roles_and_spotlight_approval"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
