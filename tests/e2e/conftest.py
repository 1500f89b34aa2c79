"""A real browser for end-to-end tests: Debian's chromium, driven by Playwright.

Playwright's own browser download is not used: `make browser` installs Debian's chromium and
chromium-driver, and the tests launch /usr/bin/chromium. A test that fails leaves a screenshot
of each page it had open in test-artefacts/.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTEFACTS = Path(settings.BASE_DIR) / "test-artefacts"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def chromium(live_server):
    """Playwright and the browser, started per test: after the test's database is set up.

    Playwright's synchronous API runs an event loop in this thread, and while it runs Django
    gives the thread new database connections; the test database's set-up and restore must
    happen on the connections it had before.
    """
    assert Path(CHROMIUM).exists(), f"No browser at {CHROMIUM}: run `make browser`."
    # The test's own ORM calls are still synchronous, though an event loop is running, so
    # Django's guard against ORM calls from async code does not apply.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield playwright, browser
            browser.close()
            # The connections the test opened while the loop ran; left open, they would keep
            # PostgreSQL from dropping the test database at the end of the run.
            connections.close_all()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_page(chromium, live_server, request):
    """Opens a page in a fresh browser context (its own cookies) on the live server.

    Call it with a name for each person in the test; on failure, each page is saved as
    test-artefacts/<test>-<name>.png.
    """
    _playwright, browser = chromium
    contexts = []

    def open_page(name: str):
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 1000})
        context.set_default_timeout(15_000)
        page = context.new_page()
        contexts.append((name, context, page))
        return page

    yield open_page
    report = getattr(request.node, "report_call", None)
    failed = report is None or report.failed
    for name, context, page in contexts:
        if failed:
            ARTEFACTS.mkdir(exist_ok=True)
            page.screenshot(path=ARTEFACTS / f"{request.node.name}-{name}.png", full_page=True)
        context.close()


@pytest.fixture
def public_api(chromium, live_server):
    """Anonymous HTTP requests to the API, through the browser's network stack."""
    playwright, _browser = chromium
    context = playwright.request.new_context(base_url=live_server.url)
    yield context
    context.dispose()
