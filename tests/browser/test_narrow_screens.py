"""No public page scrolls sideways on a 375 px phone: every HTML page the reader's crawl reaches."""

import pytest
from django.test import Client

from tests.crawl import crawl
from tests.test_pages import import_published_seeds

pytestmark = [pytest.mark.django_db(transaction=True)]

WIDTH = 375


def html_pages(pages: dict[str, str]) -> list[str]:
    """The crawl's HTML pages: feeds, the sitemap, CSV and JSON have no screen to fit."""
    return sorted(url for url, content in pages.items() if content.lstrip().startswith("<!DOCTYPE html>"))


def test_no_page_scrolls_sideways_at_375px(live_server, browser):
    import_published_seeds()
    urls = html_pages(crawl(Client(), words="Baku"))
    assert len(urls) >= 30, urls
    context = browser.new_context(viewport={"width": WIDTH, "height": 800})
    page = context.new_page()
    too_wide = {}
    for url in urls:
        page.goto(live_server.url + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            too_wide[url] = width
    context.close()
    assert too_wide == {}, f"pages wider than {WIDTH} px: {too_wide}"
