"""Editorial roles and the spotlight approval workflow, in every database (not only the demo).

- "Editors" write and submit pages (add + change on the whole tree) but never publish;
- "Moderators" also publish, lock and unlock;
- both maintain the coaches, FAQ and authors snippets and use the admin;
- the "Spotlight approval" workflow has one task, "Moderators approve spotlights", and is
  assigned to every spotlight index (``cms.services.spotlight_index_require_approval`` assigns
  it to indexes created later).

Wagtail creates both groups in its own initial data; this adjusts them and is idempotent, so
``forwards`` may also be called with the live app registry (tests do, after a flush).
https://docs.wagtail.org/en/stable/topics/permissions.html
"""

from django.db import migrations

EDITORS = "Editors"
MODERATORS = "Moderators"
WORKFLOW_NAME = "Spotlight approval"
TASK_NAME = "Moderators approve spotlights"

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
MODERATOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
NEVER_FOR_EDITORS = ("publish_page", "bulk_delete_page", "unlock_page")
SNIPPET_MODELS = {"coach": "coach", "faqentry": "FAQ entry", "author": "author"}


def _permission(apps, app_label, model, codename, name=None):
    """Get or create: Django creates permissions after ``migrate``, this may run before."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name or codename}
    )
    return permission


def forwards(apps, schema_editor=None):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)

    root = Page.objects.filter(depth=1).order_by("path").first()
    for group, codenames in (
        (editors, EDITOR_PAGE_PERMISSIONS),
        (moderators, MODERATOR_PAGE_PERMISSIONS),
    ):
        group.permissions.add(_permission(apps, "wagtailadmin", "admin", "access_admin"))
        for model, verbose_name in SNIPPET_MODELS.items():
            for action in ("add", "change", "delete", "view"):
                group.permissions.add(
                    _permission(
                        apps, "cms", model, f"{action}_{model}", f"Can {action} {verbose_name}"
                    )
                )
        if root is not None:
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page_id=root.pk,
                    permission=_permission(apps, "wagtailcore", "page", codename),
                )
    GroupPagePermission.objects.filter(
        group=editors, permission__codename__in=NEVER_FOR_EDITORS
    ).delete()

    _ensure_spotlight_workflow(apps, moderators)


def _ensure_spotlight_workflow(apps, moderators):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    SpotlightIndexPage = apps.get_model("cms", "SpotlightIndexPage")

    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME, content_type=content_type, active=True
        )
    task.groups.add(moderators)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for index_id in SpotlightIndexPage.objects.values_list("pk", flat=True):
        WorkflowPage.objects.get_or_create(page_id=index_id, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_editorial_pages"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
