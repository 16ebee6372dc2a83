"""A reader replies with a link, it waits for an editor, the editor approves it in the admin,
the person replied to gets an email, and an anonymous visitor reads the reply. In Chromium."""

import re
from pathlib import Path

import pytest

from django.core import mail

from community.models import Comment
from tests.browser.conftest import screenshot
from tests.factories import CommentablePageFactory, CommenterFactory, CommentFactory
from tests.factories.accounts import DEFAULT_PASSWORD
from tests.factories.community import moderation_groups

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# StandardPage stands in for ArticlePage, rendered through a template with {% page_comments %}.
TEST_TEMPLATES = Path(__file__).parents[1] / "community" / "templates"
REPLY = "The improvement kata answers this well: https://example.com/kata"


@pytest.fixture(autouse=True)
def _commentable_standard_pages(settings):
    settings.COMMUNITY_COMMENT_PAGE_TYPES = ["cms.standardpage"]
    templates = [dict(engine) for engine in settings.TEMPLATES]
    templates[0]["DIRS"] = [TEST_TEMPLATES, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates


def test_reply_with_a_link_is_moderated_then_published_and_notified(browser_page, new_browser_page):
    article = CommentablePageFactory(title="Product manager or product owner?")
    asker = CommenterFactory(first_name="Olu", last_name="Other", email="olu@example.com")
    CommentFactory(page=article, author=asker, body="Is a PO just a PM with a backlog?")
    CommenterFactory(first_name="Riley", last_name="Reader", email="riley@example.com")
    editor = CommenterFactory(
        first_name="Eddie", last_name="Editor", email="eddie@example.com", is_staff=True
    )
    editor.groups.add(moderation_groups()["Editors"])

    # The reader signs in from the page and replies with a link: it waits for an editor.
    reader = browser_page
    reader.goto(article.url)
    reader.get_by_role("link", name="Sign in to comment").click()
    reader.get_by_label("Email").fill("riley@example.com")
    reader.get_by_label(re.compile(r"^Password:?$")).fill(DEFAULT_PASSWORD)
    reader.get_by_role("button", name="Sign In").click()
    reader.wait_for_url(f"**{article.url}#comments")
    reader.get_by_text("Reply to Olu Other").click()
    reader.get_by_label("Your reply").fill(REPLY)
    reader.get_by_role("button", name="Post reply").click()
    reader.wait_for_load_state()
    message = "Your comment is awaiting moderation because it contains a link"
    assert reader.get_by_text(message).is_visible()
    held = reader.locator(".comment-pending")
    assert "Awaiting moderation" in held.inner_text() and "improvement kata" in held.inner_text()
    screenshot(reader, "comments-reply-held")

    # Nobody else sees it yet.
    anonymous = new_browser_page()
    anonymous.goto(article.url)
    assert "improvement kata" not in anonymous.content()

    # The editor finds it from the dashboard and approves it with the bulk action.
    admin = new_browser_page()
    admin.goto("/admin/login/")
    admin.get_by_label(re.compile("Email", re.I)).fill("eddie@example.com")
    admin.get_by_label(re.compile("Password", re.I)).fill(DEFAULT_PASSWORD)
    admin.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    admin.get_by_role("link", name="1 comment awaiting moderation").click()
    admin.wait_for_url("**/admin/snippets/community/comment/?status=pending")
    screenshot(admin, "comments-admin-queue")
    held_comment = Comment.objects.get(status=Comment.Status.PENDING)
    admin.locator(f'input[data-bulk-action-checkbox][data-object-id="{held_comment.pk}"]').check()
    admin.get_by_role("link", name="Approve selected comments").click()
    admin.wait_for_url("**/admin/bulk/community/comment/approve/**")
    screenshot(admin, "comments-admin-confirm-approve")
    admin.get_by_role("button", name="Yes, approve").click()
    admin.wait_for_url("**/admin/snippets/community/comment/**")
    assert admin.get_by_text("Approved 1 comment.").is_visible()

    # The person replied to is emailed a link to the reply; anyone can now read it.
    email = next(m for m in mail.outbox if m.to == ["olu@example.com"])
    link = re.search(r"http://[^/\s]+(/\S*#comment-\d+)", email.body)
    assert link.group(1) == f"{article.url}#comment-{held_comment.pk}"
    anonymous.goto("about:blank")
    anonymous.goto(link.group(1))
    reply = anonymous.locator(f"#comment-{held_comment.pk}")
    assert "improvement kata" in reply.inner_text()
    assert reply.locator('a[rel="nofollow ugc"]').get_attribute("href") == (
        "https://example.com/kata"
    )
    screenshot(anonymous, "comments-reply-published")
