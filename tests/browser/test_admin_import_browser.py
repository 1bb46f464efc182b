"""An editor imports pages from the admin in a real browser: upload, preview, confirm, and the page follows
the worker (a process of its own) until each file's outcome shows."""

import os

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.articles.test_import_batches import page as seed_page
from tests.browser.admin import log_in
from tests.factories import make_editor, make_person
from tests.test_tasks import worker

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("staff_groups")]
# Where the screenshots go, to look at (NEWSROOM_SCREENSHOTS); else the test's own folder.
SHOTS = os.environ.get("NEWSROOM_SCREENSHOTS")


def test_editor_uploads_previews_and_imports_pages(live_server, page, tmp_path):
    make_editor()
    make_person(name="Mehman Huseynov", slug="mehman-huseynov")
    shots = SHOTS or str(tmp_path)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url + "/admin/")
    page.get_by_role("link", name="Articles", exact=True).first.click()
    page.get_by_role("link", name="Import pages").click()
    page.get_by_label("Pages").set_input_files(
        [
            {"name": "appeal.txt", "mimeType": "text/plain", "buffer": seed_page(1).encode()},
            {"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8\xff"},
        ]
    )
    page.screenshot(path=f"{shots}/import-1-upload.png", full_page=True)
    page.get_by_role("button", name="Preview").click()

    files = page.locator("#import-files")
    expect(files).to_contain_text("Court Hears Appeal Number 1")
    expect(files).to_contain_text("Mehman Huseynov")
    expect(files).to_contain_text("Anar Mammadli")
    expect(files).to_contain_text("Refused: not a page")
    page.screenshot(path=f"{shots}/import-2-preview.png", full_page=True)
    assert Article.objects.count() == 0

    page.get_by_role("button", name="Import 1 page").click()
    expect(page.locator("#import-status")).to_contain_text("Waiting for the worker")
    with worker():
        # The page refreshes itself (a meta refresh, no JavaScript) until the worker is done.
        expect(page.locator("#import-status")).to_contain_text("Done", timeout=30_000)
    expect(files).to_contain_text("Created")
    page.screenshot(path=f"{shots}/import-3-done.png", full_page=True)
    page.get_by_role("link", name="Court Hears Appeal Number 1").click()
    expect(page.get_by_label("Title:")).to_have_value("Court Hears Appeal Number 1")
    assert Article.objects.get().status == Article.Status.DRAFT
