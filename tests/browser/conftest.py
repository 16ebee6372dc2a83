"""Browser journeys: Playwright driving Debian's Chromium against pytest-django's live server.

Chromium comes from Debian (`apt-get install chromium`), never from `playwright install`
(which needs a download). On a laptop without it the journeys are skipped; in CI they fail instead.
"""

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import require_or_skip
from tests.factories.accounts import DEFAULT_PASSWORD

# Playwright's sync API runs an event loop in this thread; Django's ORM, used by the test
# itself to arrange data and read the outbox, must be allowed to run beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def _chromium() -> Iterator[object]:
    executable = chromium_path()
    if executable is None:
        require_or_skip("Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - dev extra missing
        require_or_skip("playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def new_browser_page(_chromium, live_server):
    """Opens another person's browser: a fresh context (no cookies) whose relative URLs go to
    the live server. Every context opened is closed when the test ends."""
    contexts = []

    def open_page():
        context = _chromium.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def browser_page(new_browser_page):
    """The journey's main visitor."""
    return new_browser_page()


def screenshot(page, name: str) -> Path:
    """Save a full-page PNG under tests/browser/screenshots/ to look at (not asserted on)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, email: str, password: str = DEFAULT_PASSWORD) -> None:
    """Sign in through the site's own form, as a person would."""
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()


def open_account_menu(page) -> None:
    """Open the signed-in header's account menu (its links are folded behind the person's
    name on every width once the header's script has run)."""
    toggle = page.locator(".account-toggle")
    toggle.wait_for(state="attached")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
