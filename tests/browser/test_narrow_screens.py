"""No public page scrolls sideways on a 375 px phone: one of each kind of page the reader's crawl reaches."""

import pytest
from django.test import Client
from django.urls import resolve

from tests.crawl import crawl
from tests.test_pages import import_published_seeds

pytestmark = [pytest.mark.django_db(transaction=True)]

WIDTH = 375


def one_of_each_kind(pages: dict[str, str]) -> list[str]:
    """The crawl's HTML pages, one per view and set of query parameters (/cases/?status=x is one kind)."""
    kinds = {}
    for url, content in pages.items():
        if not content.lstrip().startswith("<!DOCTYPE html>"):
            continue  # feeds, the sitemap, CSV and JSON: no screen to fit
        path, _, query = url.partition("?")
        names = tuple(sorted(part.split("=")[0] for part in query.split("&") if part))
        kinds.setdefault((resolve(path).url_name, names), url)
    return sorted(kinds.values())


def test_no_page_scrolls_sideways_at_375px(live_server, browser):
    import_published_seeds()
    urls = one_of_each_kind(crawl(Client(), words="Baku"))
    assert len(urls) >= 15, urls
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
