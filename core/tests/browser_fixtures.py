"""Playwright fixtures for the end-to-end tests: Debian's Chromium, headless, no downloads.

Screenshots go to test-artifacts/ so a person can look at what the tests saw.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE_USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36"
)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def chromium(_playwright):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run ./test.sh, which installs Debian's chromium")
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
    yield browser
    browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN", base_url=live_server.url)
    context.set_default_timeout(10_000)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def phone_page(chromium, live_server):
    context = chromium.new_context(
        viewport={"width": 390, "height": 844},
        locale="zh-CN",
        base_url=live_server.url,
        is_mobile=True,
        has_touch=True,
        user_agent=PHONE_USER_AGENT,  # as a phone's browser sends it (headless Chromium's own says desktop)
    )
    context.set_default_timeout(10_000)
    pg = context.new_page()
    yield pg
    context.close()


def shot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/ and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def browser_login(page, username: str, password: str = "Zugong@2026") -> None:
    """Log in through the real login form."""
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def browser_logout(page) -> None:
    page.context.clear_cookies()


@pytest.fixture
def live_cast(transactional_db, live_server):
    """The named cast, committed so the live server thread sees it."""
    from org.tests.cast import build_cast

    return build_cast()
