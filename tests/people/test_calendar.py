"""The editors' calendar: court dates, expected releases, arrest anniversaries, prisoners' birthdays and
scheduled articles by month and week in the admin, each linked to its admin page, and each editor's
iCalendar feed at a secret address they can renew."""

import datetime

import icalendar
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, CalendarFeed
from people.models import Case, CaseEvent
from tests.factories import make_article, make_case, make_editor, make_moderator, make_person

CALENDAR = reverse("admin:people_case_calendar")


class CalendarTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.person = make_person(
            name="Doe, John; Jr",
            slug="john-doe",
            born_on=datetime.date(1980, 12, 20),
            born_on_precision="day",
        )
        cls.case = make_case(
            person=cls.person,
            status=Case.Status.IMPRISONED,
            arrested_on=datetime.date(2024, 12, 10),
            arrested_on_precision="day",
            expected_release_on=datetime.date(2026, 12, 28),
            expected_release_on_precision="day",
        )
        CaseEvent.objects.create(case=cls.case, date=datetime.date(2026, 12, 5), kind=CaseEvent.Kind.HEARING)
        released = make_person(
            name="Free Person",
            slug="free-person",
            born_on=datetime.date(1970, 12, 3),
            born_on_precision="day",
        )
        make_case(
            person=released,
            status=Case.Status.RELEASED,
            arrested_on=datetime.date(2020, 12, 11),
            arrested_on_precision="day",
        )
        make_person(
            name="Month Born",
            slug="month-born",
            born_on=datetime.date(1990, 12, 1),
            born_on_precision="month",
        )
        cls.editor = make_editor()

    def setUp(self):
        self.client.force_login(self.editor)

    def test_a_month_shows_every_kind_of_entry_linked_to_its_admin_page(self):
        page = self.client.get(CALENDAR, {"month": "2026-12"})
        self.assertContains(page, "December 2026")
        case_url = reverse("admin:people_case_change", args=[self.case.pk])
        self.assertContains(
            page, f'<a href="{case_url}" title="Court date">Hearing: Doe, John; Jr</a>', html=True
        )
        self.assertContains(page, "2 years since the arrest of Doe, John; Jr")
        self.assertContains(page, "Expected release: Doe, John; Jr")
        person_url = reverse("admin:people_person_change", args=[self.person.pk])
        self.assertContains(
            page, f'<a href="{person_url}" title="Birthday">Birthday: Doe, John; Jr (46)</a>', html=True
        )
        self.assertNotContains(page, "Free Person", msg_prefix="a released person's dates are not the desk's")
        self.assertNotContains(page, "Month Born", msg_prefix="no birthday without the day")
        self.assertContains(page, "?month=2026-11")
        self.assertContains(page, "?month=2027-01")

    def test_a_week_shows_only_its_days_and_a_scheduled_article(self):
        soon = timezone.now() + datetime.timedelta(days=2)
        article = make_article(title="Verdict Expected", status=Article.Status.PUBLISHED, published_at=soon)
        make_article(title="Already Out", status=Article.Status.PUBLISHED)
        page = self.client.get(CALENDAR, {"week": timezone.localdate(soon).isoformat()})
        self.assertContains(page, "Verdict Expected")
        self.assertContains(page, reverse("admin:articles_article_change", args=[article.pk]))
        self.assertNotContains(page, "Already Out")
        week = self.client.get(CALENDAR, {"week": "2026-12-02"})
        self.assertContains(week, "Hearing: Doe")
        self.assertNotContains(week, "Expected release")
        self.assertContains(week, "?week=2026-12-07")

    def test_nonsense_in_the_address_shows_this_month(self):
        self.assertEqual(self.client.get(CALENDAR, {"month": "2026-13"}).status_code, 200)
        self.assertEqual(self.client.get(CALENDAR, {"week": "nope"}).status_code, 200)

    def test_the_case_list_links_the_calendar_and_moderators_may_not_see_it(self):
        self.assertContains(self.client.get(reverse("admin:people_case_changelist")), CALENDAR)
        self.client.force_login(make_moderator())
        self.assertEqual(self.client.get(CALENDAR).status_code, 403)

    def test_the_feed_is_the_same_calendar_at_a_secret_address_that_can_be_renewed(self):
        """The feed parses as calendar programs read it, escapes names with commas and semicolons, and an
        address renewed stops working at once."""
        CaseEvent.objects.create(
            case=self.case, date=timezone.localdate() + datetime.timedelta(days=5), kind=CaseEvent.Kind.TRIAL
        )
        self.assertContains(self.client.get(CALENDAR), "no calendar feed yet")
        self.client.post(CALENDAR, {"renew": "1"})
        feed = CalendarFeed.objects.get(user=self.editor)
        self.assertContains(self.client.get(CALENDAR), feed.get_absolute_url())
        self.client.logout()
        answer = self.client.get(feed.get_absolute_url())
        self.assertEqual(answer["Content-Type"], "text/calendar; charset=utf-8")
        self.assertIn("no-cache", answer["Cache-Control"])
        calendar = icalendar.Calendar.from_ical(answer.content)
        summaries = {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}
        self.assertIn("Trial: Doe, John; Jr", summaries)
        self.assertIn(b"Trial: Doe\\, John\\; Jr", answer.content)
        old = feed.get_absolute_url()
        self.client.force_login(self.editor)
        self.client.post(CALENDAR, {"renew": "1"})
        self.client.logout()
        self.assertEqual(self.client.get(old).status_code, 404)
        self.assertEqual(self.client.get(CalendarFeed.objects.get().get_absolute_url()).status_code, 200)

    def test_a_feed_stops_when_its_editor_may_no_longer_see_cases(self):
        self.client.post(CALENDAR, {"renew": "1"})
        self.editor.is_active = False
        self.editor.save()
        self.assertEqual(self.client.get(CalendarFeed.objects.get().get_absolute_url()).status_code, 404)
