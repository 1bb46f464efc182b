import os
import shutil

import pytest
from django.db import connection

CHROMIUM = "/usr/bin/chromium"
IN_CI = os.environ.get("CI") == "true"


def pytest_report_header(config):
    return [f"database: {connection.vendor} ({connection.settings_dict['NAME']})"]


@pytest.fixture(autouse=True, scope="session")
def expected_database():
    """`make test` says which database each run is for; a run on the wrong one fails, never passes quietly."""
    expected = os.environ.get("NEWSROOM_EXPECT_DATABASE")
    if expected:
        assert connection.vendor == expected, f"expected a {expected} run, got {connection.vendor}"


@pytest.fixture(autouse=True, scope="session")
def close_connection_pools(django_db_setup):
    """Hand back every pooled connection (the replica alias has its own pool) before the test database is
    dropped, or PostgreSQL refuses to drop a database that is still in use."""
    yield
    from django.db import connections

    for alias in connections:
        if hasattr(connections[alias], "close_pool"):
            connections[alias].close_pool()


@pytest.fixture(autouse=True, scope="session")
def collected_static(tmp_path_factory):
    """Pages render through the real manifest storage, as in production, so collect static files once."""
    from django.conf import settings
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path_factory.mktemp("staticfiles")
    call_command("collectstatic", interactive=False, verbosity=0)
    return settings.STATIC_ROOT


@pytest.fixture(autouse=True)
def empty_cache(request):
    """Each test that uses the database starts with no cached pages and no rate-limit counts. The cache
    is a table in it (no REDIS_URL in tests), which the flush after a transactional test leaves alone."""
    from django.core.cache import cache
    from django.test import TransactionTestCase

    database = [name for name in ("transactional_db", "db") if name in request.fixturenames]
    django_test = isinstance(request.instance, TransactionTestCase)  # Django's test classes, TestCase too
    if database:
        request.getfixturevalue(database[0])  # the database first, as the test will have it
    elif not (django_test or request.node.get_closest_marker("django_db")):
        return
    cache.clear()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Missing under CI is a failure, not a skip."""
    if not shutil.which(CHROMIUM):
        if IN_CI:
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs it (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); CI fails here instead")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True)
def english():
    """Each test starts in English (reverse() gives /en/... addresses) and leaves no language behind: a
    request activates its page's language for the rest of the thread, and the next test must not inherit
    it."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()
