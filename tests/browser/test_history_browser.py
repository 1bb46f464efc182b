"""An editor changes an article in a real browser, opens its history, compares the first and the newest
version, and restores the first; readers then see the restored text."""

import os

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.admin import log_in
from tests.factories import make_article, make_editor

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("staff_groups")]
SHOTS = os.environ.get("NEWSROOM_SCREENSHOTS")


def test_editor_compares_and_restores_versions(live_server, page, tmp_path):
    make_editor()
    body = "\n\n".join(f"Paragraph {n}: the court heard the blogger's appeal in Baku." for n in range(8))
    article = make_article(title="Court hears appeal", body=body, status=Article.Status.PUBLISHED)
    shots = SHOTS or str(tmp_path)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url + "/admin/")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.get_by_label("Title").fill("Court rejects appeal")
    body_field = page.get_by_label("Body")
    body_field.fill(
        body_field.input_value().replace("Paragraph 4: the court heard", "Paragraph 4: the court rejected")
    )
    page.get_by_role("button", name="Save and continue editing").click()
    page.get_by_role("link", name="History").click()
    expect(page.locator("#change-history tbody tr")).to_have_count(2)
    expect(page.locator("#change-history")).to_contain_text(
        "Title: Court hears appeal → Court rejects appeal"
    )
    expect(page.locator("#change-history")).to_contain_text("Body: 2 lines changed")
    page.screenshot(path=f"{shots}/history-list.png", full_page=True)
    page.get_by_role("button", name="Compare the two chosen versions").click()
    expect(page.locator("h1")).to_have_text("Changes to Court rejects appeal")
    expect(page.locator(".history-diff .removed")).to_contain_text("Paragraph 4: the court heard")
    expect(page.locator(".history-diff .added")).to_contain_text("Paragraph 4: the court rejected")
    page.screenshot(path=f"{shots}/history-compare.png", full_page=True)
    page.get_by_role("link", name="Restore the older version…").click()
    expect(page.get_by_label("Title")).to_have_value("Court hears appeal")
    page.get_by_role("button", name="Revert").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.goto(live_server.url + article.get_absolute_url())
    expect(page.locator("h1")).to_have_text("Court hears appeal")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/history/")
    expect(page.locator("#change-history")).to_contain_text("Restored the version of")
    page.screenshot(path=f"{shots}/history-list-narrow.png", full_page=True)
