"""An editor opens the calendar from the case list in a real browser, goes to a week, follows an entry to
its case, and makes a feed address."""

import datetime
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from people.models import Case, CaseEvent
from tests.browser.admin import log_in
from tests.factories import make_case, make_editor, make_person

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("staff_groups")]
SHOTS = os.environ.get("NEWSROOM_SCREENSHOTS")


def test_editor_uses_the_calendar(live_server, page, tmp_path):
    make_editor()
    today = timezone.localdate()
    person = make_person(name="Bahruz Samadov", slug="bahruz-samadov", born_on=today.replace(year=1996),
                         born_on_precision="day")  # fmt: skip
    case = make_case(
        person=person, status=Case.Status.IMPRISONED, expected_release_on=today + datetime.timedelta(days=3)
    )
    CaseEvent.objects.create(case=case, date=today + datetime.timedelta(days=1), kind=CaseEvent.Kind.HEARING)
    shots = SHOTS or str(tmp_path)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url + "/admin/")
    page.get_by_role("link", name="Cases", exact=True).first.click()
    page.get_by_role("link", name="Calendar", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Editors' calendar")
    expect(page.get_by_role("link", name="Birthday: Bahruz Samadov (30)")).to_be_visible()
    page.screenshot(path=f"{shots}/calendar-month.png", full_page=True)
    page.get_by_role("link", name="This week").click()
    expect(page.locator("h1")).to_contain_text("Week of")
    page.screenshot(path=f"{shots}/calendar-week.png", full_page=True)
    page.get_by_role("button", name="Make my feed's address").click()
    expect(page.get_by_label("Your calendar feed's address")).to_be_visible()
    address = page.get_by_label("Your calendar feed's address").input_value()
    assert "/calendar/" in address and address.endswith(".ics")
    page.get_by_role("link", name="Hearing: Bahruz Samadov").first.click()
    expect(page).to_have_url(f"{live_server.url}/admin/people/case/{case.pk}/change/")
