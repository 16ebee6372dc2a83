"""Editors and Moderators set the completion rule of a course (Admin > Classes >
Completion rules); they get add, change and view on ``CompletionRule``, not delete."""

from django.db import migrations

GROUPS = ("Editors", "Moderators")
ACTIONS = ("add", "change", "view")


def _permission(apps, codename, name):
    """Get or create: Django creates permissions after ``migrate``, this may run before."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="courses", model="completionrule")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = [
        _permission(apps, f"{action}_completionrule", f"Can {action} completion rule")
        for action in ACTIONS
    ]
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="courses",
        codename__in=[f"{action}_completionrule" for action in ACTIONS],
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0003_release_ledger_progress_certificates"),
        ("cms", "0005_editorial_roles_and_spotlight_approval"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
