"""The interface in each language on a 375 px phone: the switcher in the header takes the reader to the same
page in another language, which says so in <html lang>, and nothing scrolls sideways."""

import os

import pytest
from playwright.sync_api import expect

from tests.test_pages import import_published_seeds

pytestmark = [pytest.mark.django_db(transaction=True)]

WIDTH = 375
# Where the screenshots go, to look at (NEWSROOM_SCREENSHOTS); else the test's own folder.
SHOTS = os.environ.get("NEWSROOM_SCREENSHOTS")


def test_switching_language_from_the_header_on_a_phone(live_server, browser, tmp_path):
    import_published_seeds()
    shots = SHOTS or tmp_path
    os.makedirs(shots, exist_ok=True)
    context = browser.new_context(viewport={"width": WIDTH, "height": 800}, locale="ru-RU")
    page = context.new_page()

    page.goto(live_server.url + "/")  # the address without a language: the browser asks for Russian
    expect(page).to_have_url(live_server.url + "/ru/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", name="Дела под наблюдением")).to_be_visible()
    page.screenshot(path=f"{shots}/i18n-home-ru.png", full_page=True)

    page.get_by_role("link", name="Mehman Huseynov").first.click()
    expect(page).to_have_url(live_server.url + "/ru/cases/mehman-huseynov/")
    languages = page.get_by_role("navigation", name="Язык")
    expect(languages.get_by_role("link", name="Русский")).to_have_attribute("aria-current", "page")
    languages.get_by_role("link", name="Azərbaycanca").click()
    expect(page).to_have_url(live_server.url + "/az/cases/mehman-huseynov/")
    expect(page.locator("html")).to_have_attribute("lang", "az")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mehman Huseynov işi")
    page.screenshot(path=f"{shots}/i18n-case-az.png", full_page=True)

    for path in [
        "/az/",
        "/az/statistics/",
        "/ru/statistics/",
        "/ru/about/data/",
        "/az/people/mehman-huseynov/",
    ]:
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, path
    page.screenshot(path=f"{shots}/i18n-person-az.png", full_page=True)

    page.get_by_role("navigation", name="Dil").get_by_role("link", name="English").click()
    expect(page).to_have_url(live_server.url + "/en/people/mehman-huseynov/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    context.close()
