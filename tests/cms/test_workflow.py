"""The editor's workflow: roles, moderation of spotlights, scheduling, preview and revisions.

Roles and the "Spotlight approval" workflow come from migration cms 0005; the fixtures run
its code again, which also shows it is idempotent.
"""

from datetime import timedelta

import pytest
import time_machine

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowPage, WorkflowState
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from cms.models import SpotlightIndexPage, SpotlightPage
from cms.services import SPOTLIGHT_WORKFLOW_NAME
from cms.tasks import publish_scheduled
from tests.factories import ArticlePageFactory, SpotlightPageFactory
from tests.factories.editorial import editorial_roles as ensure_editorial_roles

pytestmark = pytest.mark.django_db


def edit_form_data(client, page) -> dict:
    """What the admin's edit form posts for the page as it stands.

    The StreamField editor is drawn by JavaScript, so its fields are not in the HTML: they
    are rebuilt from the page's own blocks.
    """
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    data = querydict_from_html(html, form_id="page-edit-form").dict()
    blocks = [
        (
            block.block_type,
            {
                "suggested_question": block.value["suggested_question"],
                "custom_question": block.value["custom_question"],
                "answer": rich_text(block.value["answer"].source),
            },
        )
        for block in page.body
    ]
    data.update(nested_form_data({"body": streamfield(blocks)}))
    return data


def post_edit(client, page, **changes):
    data = {**edit_form_data(client, page), **changes}
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


# --- Roles ----------------------------------------------------------------------------------------


def test_editors_may_add_and_edit_pages_but_not_publish(editorial_roles):
    editors, moderators = editorial_roles

    def codenames(group):
        return set(
            GroupPagePermission.objects.filter(group=group).values_list(
                "permission__codename", flat=True
            )
        )

    assert codenames(editors) == {"add_page", "change_page"}
    assert {"add_page", "change_page", "publish_page"} <= codenames(moderators)
    for group in (editors, moderators):
        assert group.permissions.filter(codename="access_admin").exists()
        assert group.permissions.filter(codename="change_coach").exists()
        assert group.permissions.filter(codename="add_faqentry").exists()
        assert group.permissions.filter(codename="add_author").exists()


def test_setting_up_the_roles_twice_changes_nothing(editorial_roles):
    before = (
        GroupPagePermission.objects.count(),
        Workflow.objects.count(),
        WorkflowPage.objects.count(),
    )

    ensure_editorial_roles()

    assert before == (
        GroupPagePermission.objects.count(),
        Workflow.objects.count(),
        WorkflowPage.objects.count(),
    )


def test_the_service_names_the_workflow_the_migration_creates(editorial_roles):
    workflow = Workflow.objects.get(name=SPOTLIGHT_WORKFLOW_NAME)

    tasks = [task.specific for task in workflow.tasks]
    assert [task.name for task in tasks] == ["Moderators approve spotlights"]
    assert [group.name for group in tasks[0].groups.all()] == ["Moderators"]


# --- Moderation of spotlights -------------------------------------------------------------------


def test_spotlights_need_the_spotlight_approval_workflow(spotlight_index):
    spotlight = SpotlightPageFactory(parent=spotlight_index, publish=False)

    assert spotlight.get_workflow().name == SPOTLIGHT_WORKFLOW_NAME


def test_a_spotlight_index_created_in_the_admin_gets_the_workflow(client, moderator, home):
    client.force_login(moderator)
    data = querydict_from_html(
        client.get(
            reverse("wagtailadmin_pages:add", args=["cms", "spotlightindexpage", home.pk])
        ).content.decode(),
        form_id="page-edit-form",
    ).dict()
    data.update({"title": "Graduates", "slug": "graduates"})

    response = client.post(
        reverse("wagtailadmin_pages:add", args=["cms", "spotlightindexpage", home.pk]), data
    )

    assert response.status_code == 302
    index = SpotlightIndexPage.objects.get(slug="graduates")
    assert index.get_workflow().name == SPOTLIGHT_WORKFLOW_NAME


def test_an_editor_cannot_publish_a_spotlight(client, editor, spotlight_index):
    spotlight = SpotlightPageFactory(parent=spotlight_index, title="Draft interview", publish=False)
    client.force_login(editor)

    assert not spotlight.permissions_for_user(editor).can_publish()
    response = post_edit(
        client, spotlight, title="Published by an editor?", **{"action-publish": "1"}
    )

    assert response.status_code in (200, 302)
    spotlight.refresh_from_db()
    assert not spotlight.live
    assert spotlight.live_revision is None
    assert spotlight.latest_revision.content["title"] == "Published by an editor?"  # kept as draft
    assert client.get("/spotlights/" + spotlight.slug + "/").status_code == 404


def test_the_editor_does_not_autosave_drafts_unless_configured(
    client, editor, spotlight_index, settings
):
    """Autosave is off (cms/settings/base.py says why); WAGTAIL_AUTOSAVE_INTERVAL turns it on."""
    spotlight = SpotlightPageFactory(parent=spotlight_index, publish=False)
    client.force_login(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[spotlight.pk])

    assert "data-w-autosave-interval-value" not in client.get(edit_url).content.decode()

    settings.WAGTAIL_AUTOSAVE_INTERVAL = 2000
    assert 'data-w-autosave-interval-value="2000"' in client.get(edit_url).content.decode()


def test_an_editor_submits_a_spotlight_and_a_moderator_approves_it(
    client, editor, moderator, spotlight_index
):
    spotlight = SpotlightPageFactory(parent=spotlight_index, publish=False)
    client.force_login(editor)

    post_edit(client, spotlight, title="Noor's story", **{"action-submit": "1"})

    state = WorkflowState.objects.for_instance(spotlight).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == SPOTLIGHT_WORKFLOW_NAME
    task_state = state.current_task_state
    assert task_state.task.specific.get_actions(spotlight, editor) == []
    spotlight.refresh_from_db()
    assert not spotlight.live

    client.force_login(moderator)
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[spotlight.pk, "approve", task_state.pk],
        ),
        {"comment": "Lovely interview."},
    )

    assert response.status_code == 302
    spotlight.refresh_from_db()
    state.refresh_from_db()
    assert spotlight.live and spotlight.title == "Noor's story"
    assert state.status == WorkflowState.STATUS_APPROVED
    client.logout()
    assert "Noor&#x27;s story" in client.get(spotlight.url).content.decode()


def test_an_editor_cannot_approve_their_own_submission(client, editor, spotlight_index):
    spotlight = SpotlightPageFactory(parent=spotlight_index, publish=False)
    client.force_login(editor)
    post_edit(client, spotlight, **{"action-submit": "1"})
    task_state = WorkflowState.objects.for_instance(spotlight).get().current_task_state

    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action", args=[spotlight.pk, "approve", task_state.pk]
        ),
        {"comment": ""},
    )

    spotlight.refresh_from_db()
    assert not spotlight.live


# --- Scheduling, preview and revisions ----------------------------------------------------------


def test_a_scheduled_article_goes_live_when_its_time_comes(article_index):
    go_live = timezone.now() + timedelta(days=2)
    article = ArticlePageFactory(parent=article_index, go_live_at=go_live, publish=False)
    article.save_revision().publish()  # a future go_live_at schedules instead of publishing
    article.refresh_from_db()
    assert not article.live

    with time_machine.travel(go_live - timedelta(minutes=1)):
        call_command("publish_scheduled")
        article.refresh_from_db()
        assert not article.live

    with time_machine.travel(go_live + timedelta(minutes=1)):
        call_command("publish_scheduled")

    article.refresh_from_db()
    assert article.live
    assert article.first_published_at >= go_live


def test_beat_publishes_scheduled_pages_every_minute(article_index, settings):
    entry = settings.CELERY_BEAT_SCHEDULE["cms-publish-scheduled"]
    assert entry["task"] == publish_scheduled.name
    assert entry["schedule"] <= 60
    go_live = timezone.now() + timedelta(hours=1)
    article = ArticlePageFactory(parent=article_index, go_live_at=go_live, publish=False)
    article.save_revision().publish()

    with time_machine.travel(go_live + timedelta(seconds=30)):
        publish_scheduled.delay()

    article.refresh_from_db()
    assert article.live


def test_an_editor_previews_a_draft_spotlight(client, editor, spotlight_index):
    spotlight = SpotlightPageFactory(
        parent=spotlight_index, graduate_name="Preview Person", publish=False
    )
    client.force_login(editor)
    data = edit_form_data(client, spotlight)
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[spotlight.pk])

    assert client.post(preview_url, data).json()["is_valid"]
    response = client.get(preview_url)

    assert response.status_code == 200
    assert "Preview Person" in response.content.decode()


def test_every_save_is_a_revision_an_editor_can_compare(client, editor, spotlight_index):
    spotlight = SpotlightPageFactory(parent=spotlight_index, publish=False)
    client.force_login(editor)

    post_edit(client, spotlight, title="Second draft")
    post_edit(client, spotlight, title="Third draft")

    spotlight = SpotlightPage.objects.get(pk=spotlight.pk)
    assert [revision.content["title"] for revision in spotlight.revisions.order_by("pk")][-2:] == [
        "Second draft",
        "Third draft",
    ]
    history = client.get(reverse("wagtailadmin_pages:history", args=[spotlight.pk]))
    assert history.status_code == 200


# --- Admin speed with hundreds of pages ---------------------------------------------------------


def add_plain_articles(index, count: int) -> None:
    for number in range(count):
        ArticlePageFactory(parent=index, slug=f"bulk-{count}-{number}", publish=False)


@pytest.mark.parametrize("articles", [15, 150])
def test_explorer_listing_and_edit_view_stay_bounded(
    client, moderator, article_index, articles, django_assert_max_num_queries
):
    add_plain_articles(article_index, articles)
    article = Page.objects.child_of(article_index).last().specific
    client.force_login(moderator)
    explore = reverse("wagtailadmin_explore", args=[article_index.pk])
    edit = reverse("wagtailadmin_pages:edit", args=[article.pk])
    client.get(explore)
    client.get(edit)

    with django_assert_max_num_queries(36):
        assert client.get(explore).status_code == 200
    with django_assert_max_num_queries(58):
        assert client.get(edit).status_code == 200
