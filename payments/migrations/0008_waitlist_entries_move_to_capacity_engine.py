"""Waitlist entries move to the capacity engine (``capacity.WaitlistEntry``), each with its
id, so offer holds (``waitlist:<id>``), orders that adopted them and the email ledger keep
pointing at the same entry. Who could see or reorder waitlists keeps that right under the
new permission names; the old model, its permissions and content type go, and so does the
beat entry of ``payments.waitlist_sweep`` (``capacity.waitlist_sweep`` replaces it)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

FIELDS = (
    "id",
    "email",
    "user_id",
    "kind",
    "target_id",
    "position",
    "status",
    "offer_token",
    "offered_at",
    "offer_expires_at",
    "ended_at",
    "created_at",
)
CODENAMES = (
    "add_waitlistentry",
    "change_waitlistentry",
    "delete_waitlistentry",
    "view_waitlistentry",
    "reorder_waitlistentry",
)


def _move(apps, schema_editor, *, source: str, target: str) -> None:
    Old = apps.get_model(source, "WaitlistEntry")
    New = apps.get_model(target, "WaitlistEntry")
    New.objects.bulk_create(
        [New(**{f: getattr(e, f) for f in FIELDS}) for e in Old.objects.order_by("pk")],
        batch_size=1000,
    )
    # ``created_at`` is auto_now_add: carry the original over.
    for pk, created_at in Old.objects.values_list("pk", "created_at"):
        New.objects.filter(pk=pk).update(created_at=created_at)
    Old.objects.all().delete()
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [New]):
            cursor.execute(sql)
    _move_permissions(apps, source=source, target=target)


def _move_permissions(apps, *, source: str, target: str) -> None:
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(*_user_model_label())
    app_config = apps.get_app_config(target)
    app_config.models_module = True  # the historical app has no module; the recipe needs one
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    for codename in CODENAMES:
        old = Permission.objects.filter(content_type__app_label=source, codename=codename).first()
        new = Permission.objects.filter(content_type__app_label=target, codename=codename).first()
        if old is None or new is None:
            continue
        for group in Group.objects.filter(permissions=old):
            group.permissions.add(new)
        for user in User.objects.filter(user_permissions=old):
            user.user_permissions.add(new)


def _user_model_label() -> tuple[str, str]:
    from django.conf import settings

    return tuple(settings.AUTH_USER_MODEL.split("."))


def no_style():
    from django.core.management.color import no_style as style

    return style()


def forward(apps, schema_editor):
    _move(apps, schema_editor, source="payments", target="capacity")


def backward(apps, schema_editor):
    _move(apps, schema_editor, source="capacity", target="payments")


def forget_old_permissions_and_sweep(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="payments", model="waitlistentry").delete()
    # django-celery-beat keeps entries it once copied: capacity.waitlist_sweep replaces it.
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task="payments.waitlist_sweep").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0007_waitlist_entries_lose_class_and_workshop"),
        ("capacity", "0002_waitlist_entries"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("django_celery_beat", "__latest__"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.RunPython(forget_old_permissions_and_sweep, migrations.RunPython.noop),
        migrations.DeleteModel(name="WaitlistEntry"),
    ]
