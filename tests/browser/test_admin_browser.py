"""The editor's first visit, in a real browser: the home page, then the admin."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.admin import log_in
from tests.factories import make_article, make_editor

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("staff_groups")]


def test_editor_logs_in_to_the_admin_and_finds_an_article(live_server, page):
    make_editor()
    make_article(
        title="Thousands Protest in Baku", status=Article.Status.PUBLISHED, published_at=timezone.now()
    )

    page.goto(live_server.url + "/en/")
    assert page.locator("h1").count() == 1
    expect(page.get_by_role("link", name="Thousands Protest in Baku")).to_be_visible()

    log_in(page, live_server.url + "/admin/")
    page.get_by_role("link", name="Articles", exact=True).first.click()
    expect(page).to_have_title("Select article to change | Newsroom admin")
    expect(page.get_by_role("link", name="Thousands Protest in Baku")).to_be_visible()
