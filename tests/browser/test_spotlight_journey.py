"""Journey: an editor writes a student spotlight in the Wagtail admin (photo upload, two
question-and-answer blocks) and submits it; a moderator approves it; a visitor reads it.

The school's demo editorial content is loaded first, so the screenshots of the article index,
an article and the spotlight show real pages.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from cms.models import SpotlightIndexPage, SpotlightPage
from demo.editorial import seed_editorial
from demo.school import seed_home_page
from tests.baseline import migrated_baseline
from tests.browser.conftest import screenshot
from tests.factories import UserFactory
from tests.factories.accounts import DEFAULT_PASSWORD
from tests.factories.editorial import editorial_roles

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def newsroom(tmp_path):
    migrated_baseline()  # an earlier transactional test may have left the database empty
    seed_home_page(lambda message: None)
    editors, moderators = editorial_roles()
    seed_editorial(lambda message: None)
    editor = UserFactory(email="writer@example.com", first_name="Wren")
    editor.groups.add(editors)
    moderator = UserFactory(email="approver@example.com", first_name="Mara")
    moderator.groups.add(moderators)
    portrait = tmp_path / "amira-khan.png"
    _draw_portrait(portrait)
    return {"index": SpotlightIndexPage.objects.get(), "portrait": portrait}


def _draw_portrait(path: Path) -> None:
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (600, 600), "#6b3fa0")
    ImageDraw.Draw(picture).ellipse((150, 120, 450, 420), fill="#f2c6a0")
    picture.save(path)


def sign_in_to_admin(page: Page, email: str) -> None:
    page.goto("/admin/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def expect_saved(page: Page, message: str) -> None:
    """The admin confirms ``message``; if it refused the form instead, say which fields."""
    messages = page.locator(".messages")
    expect(messages).to_contain_text(re.compile(f"{re.escape(message)}|could not be saved"))
    errors = [text.strip() for text in page.locator(".error-message").all_inner_texts()]
    assert message in messages.inner_text(), f"the admin refused the form: {errors}"


def add_question(page: Page, position: int, *, suggested: str = "", custom: str = "", answer):
    """Insert a "Question and answer" block at the end of the interview and fill it in."""
    page.locator("#panel-child-content-body-section button[title='Insert a block']").last.click()
    page.get_by_role("option", name="Question and answer").click()
    prefix = f"body-{position}-value"
    if suggested:
        page.select_option(f"select[name='{prefix}-suggested_question']", label=suggested)
    if custom:
        page.fill(f"input[name='{prefix}-custom_question']", custom)
    editor = page.locator(
        "#panel-child-content-body-section [contenteditable='true'][role='textbox']"
    ).last
    editor.click()
    editor.type(answer)
    # Draftail writes the answer into its form field a moment after the last keystroke.
    expect(page.locator(f"input[name='{prefix}-answer']")).to_have_value(
        re.compile(re.escape(answer[-20:]))
    )


def test_editor_writes_moderator_approves_visitor_reads(
    browser_page: Page, new_browser_page, newsroom
):
    page = browser_page
    index = newsroom["index"]

    # The editor writes the spotlight.
    sign_in_to_admin(page, "writer@example.com")
    page.goto(f"/admin/pages/add/cms/spotlightpage/{index.pk}/")
    page.fill("#id_title", "Shipping less, learning more")
    page.fill("#id_graduate_name", "Amira Khan")
    page.get_by_role("button", name="Choose an image").click()
    page.get_by_role("tab", name="Upload").click()
    page.set_input_files("#id_image-chooser-upload-file", str(newsroom["portrait"]))
    page.fill("#id_image-chooser-upload-title", "Amira Khan")
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("#id_photo")).not_to_have_value("")  # the upload was chosen
    page.fill("#id_job_title", "Product lead")
    page.select_option("#id_role", label="Head, director or VP of product")
    page.fill("#id_company", "Greenlane Energy")
    page.fill("#id_cohort_label", "May 2026 class")
    page.fill("#id_introduction", "Amira's team now ships a third of what it did, on purpose.")
    add_question(
        page,
        0,
        suggested="Why did you decide to take the course?",
        answer=("Our roadmap was a list of promises to sales. I wanted a better way to say no."),
    )
    add_question(
        page,
        1,
        custom="What changed in your first month back?",
        answer=("We dropped four features nobody had asked for and ran two experiments instead."),
    )
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Spotlight approval").click()
    expect_saved(page, "submitted")
    screenshot(page, "spotlight_submitted_by_editor")

    spotlight = SpotlightPage.objects.get(graduate_name="Amira Khan")
    assert not spotlight.live
    assert page.request.get(f"/spotlights/{spotlight.slug}/").status == 404

    # The moderator approves it.
    approver = new_browser_page()
    sign_in_to_admin(approver, "approver@example.com")
    approver.goto(f"/admin/pages/{spotlight.pk}/edit/")
    approver.get_by_role("button", name="More actions").click()
    approver.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect_saved(approver, "has been updated")
    spotlight.refresh_from_db()
    assert spotlight.live

    # A visitor reads it.
    reader = new_browser_page()
    reader.goto("/spotlights/")
    reader.get_by_role("link", name="Amira Khan").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Shipping less, learning more")
    expect(
        reader.get_by_role("heading", name="Why did you decide to take the course?")
    ).to_be_visible()
    expect(
        reader.get_by_role("heading", name="What changed in your first month back?")
    ).to_be_visible()
    expect(reader.get_by_text("ran two experiments instead")).to_be_visible()
    portrait = reader.get_by_role("img", name="Amira Khan")
    expect(portrait).to_be_visible()
    assert reader.evaluate("img => img.naturalWidth", portrait.element_handle()) > 0
    screenshot(reader, "spotlight_read_by_visitor")

    reader.goto("/articles/")
    expect(reader.get_by_role("heading", name="Articles", level=1)).to_be_visible()
    screenshot(reader, "article_index")
    reader.get_by_role("link", name=re.compile("Product Kata")).first.click()
    expect(reader.locator(".byline").first).to_contain_text("min read")
    screenshot(reader, "article")
