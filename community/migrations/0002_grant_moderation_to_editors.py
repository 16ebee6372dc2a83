"""Let Wagtail's "Editors" and "Moderators" groups see and moderate comments.

Permissions are normally created after migrations (post_migrate), so this migration creates
the two it grants if they do not exist yet; Django's later pass finds them and adds nothing.
Groups that an operator has deleted are not recreated.
"""

from django.db import migrations

GROUPS = ("Editors", "Moderators")
PERMISSIONS = {
    "view_comment": "Can view comment",
    "moderate_comment": "Can approve or reject comments",
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="community", model="comment")
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in PERMISSIONS.items()
    ]
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = Permission.objects.filter(
        content_type__app_label="community", codename__in=PERMISSIONS
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0001_comments"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
