"""An editor opens the followers list in a real browser: what is followed and whether confirmed, counted by
the admin's own filters and search, and never an address."""

import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Follower
from tests.browser.admin import log_in
from tests.factories import make_case, make_editor, make_person

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("staff_groups")]
SHOTS = os.environ.get("NEWSROOM_SCREENSHOTS")


def test_editor_counts_followers_without_seeing_an_address(live_server, page, tmp_path):
    make_editor()
    case = make_case(person=make_person(name="Tofig Yagublu"))
    for n in range(3):
        Follower.objects.create(email=f"reader{n}@example.org", case=case, token=f"token-{n}",
                                confirmed_at=timezone.now() if n else None)  # fmt: skip
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url + "/admin/")
    page.get_by_role("link", name="Followers", exact=True).first.click()
    expect(page.locator("#result_list tbody tr")).to_have_count(3)
    expect(page.locator("#result_list")).to_contain_text("Tofig Yagublu")
    page.get_by_role("link", name="Not empty").click()  # confirmed ones only
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    expect(page.locator(".paginator")).to_contain_text("2 followers")
    page.screenshot(path=f"{SHOTS or tmp_path}/followers.png", full_page=True)
    assert "example.org" not in page.content()
    page.locator("#result_list tbody tr a").first.click()
    expect(page.locator("h1")).to_contain_text("View follower")
    assert "example.org" not in page.content()
