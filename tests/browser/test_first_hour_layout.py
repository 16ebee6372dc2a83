"""The header on a phone and on a wide screen, in Chromium, over the demo school.

On a 390x844 phone the header is one line (brand and a Menu button) and the links open below
it; on a 1280-pixel screen the signed-in header fits one line, the account links folded into
a menu. No link appears twice. Screenshots land in tests/browser/screenshots/.
"""

import re

import pytest
from playwright.sync_api import expect

from demo.school import DEMO_ACCOUNTS, seed_demo
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def sign_in(page, role: str = "student") -> None:
    account = next(a for a in DEMO_ACCOUNTS if a.role == role)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(account.email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(account.password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")


def header_height(page) -> float:
    return page.locator("header.site-header").bounding_box()["height"]


def visible_link_urls(page) -> list[str]:
    return page.locator("header.site-header a:visible").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )


@pytest.fixture
def demo_school(db):
    seed_demo(report=lambda line: None)


def test_on_a_phone_the_header_is_one_line_with_a_menu_button(demo_school, browser_page):
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto("/")
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    assert header_height(page) < 80  # one line (today: 260 of 844 pixels)
    expect(page.get_by_role("link", name="Sign in")).to_be_hidden()
    screenshot(page, "phone-home-menu-closed")

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    expect(page.get_by_role("link", name="Sign up")).to_be_visible()
    urls = visible_link_urls(page)
    assert len(urls) == len(set(urls)), urls
    page.screenshot(path=str(screenshot(page, "phone-home-menu-open")), full_page=False)
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")


def test_signed_in_on_a_wide_screen_the_header_fits_one_line(demo_school, browser_page):
    page = browser_page  # 1280 pixels wide
    sign_in(page)
    page.goto("/")
    assert header_height(page) < 80
    account = page.get_by_role("button", name=re.compile("^Sam"))
    expect(account).to_be_visible()
    expect(page.get_by_role("link", name="Dashboard")).to_be_hidden()
    account.click()
    expect(page.get_by_role("link", name="Dashboard")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    urls = visible_link_urls(page)
    assert len(urls) == len(set(urls)), urls
    screenshot(page, "wide-signed-in-account-menu")
    page.mouse.click(5, 600)  # a click elsewhere closes it
    expect(page.get_by_role("link", name="Dashboard")).to_be_hidden()


def test_the_home_page_sells_the_course_on_a_phone_and_a_wide_screen(demo_school, browser_page):
    page = browser_page
    page.goto("/")
    classes = page.get_by_test_id("open-class")
    expect(classes).to_have_count(2)
    expect(classes.first).to_contain_text("seats left")
    expect(classes.first).to_contain_text("$")
    expect(page.get_by_role("heading", name="What you will learn")).to_be_visible()
    expect(page.get_by_role("heading", name="Your coaches")).to_be_visible()
    expect(page.get_by_role("heading", name="Graduates' spotlights")).to_be_visible()
    expect(page.locator(".home-quote blockquote")).to_be_visible()
    screenshot(page, "wide-home")

    page.set_viewport_size(PHONE)
    page.goto("/")
    screenshot(page, "phone-home")
    page.get_by_role("button", name="Menu").click()
    page.screenshot(path=str(screenshot(page, "phone-home-menu-opened")), full_page=False)


def test_a_lesson_page_on_a_phone_with_the_menu_opened(demo_school, browser_page):
    page = browser_page
    sign_in(page)
    page.get_by_role("link", name=re.compile("^Continue: ")).first.click()
    page.wait_for_selector("article.lesson")
    page.set_viewport_size(PHONE)
    assert header_height(page) < 80
    expect(page.get_by_role("button", name="Mark as done")).to_be_attached()
    screenshot(page, "phone-lesson")
    menu = page.get_by_role("button", name="Menu")
    menu.click()
    expect(page.get_by_role("link", name="Dashboard")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    urls = visible_link_urls(page)
    assert len(urls) == len(set(urls)), urls
    page.screenshot(path=str(screenshot(page, "phone-lesson-menu-opened")), full_page=False)
