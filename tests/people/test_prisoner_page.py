"""The prisoner's page: days held, the sentence's end and days left, where to write, the birthday, the
silence since the latest news. All computed when shown, never stored."""

import datetime

from django.test import TestCase, override_settings
from django.utils import timezone

from people.models import Case, CaseEvent, Facility, Person
from tests.factories import make_case, make_person

D = datetime.date
Precision = CaseEvent.Precision


@override_settings(PAGE_CACHE_SECONDS=0)
class PrisonerPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        today = timezone.localdate()
        cls.facility = Facility.objects.create(
            name="Prison No. 14",
            slug="prison-no-14",
            postal_address="Prison No. 14\nBaku AZ1000",
            letters="Letters in Azerbaijani or Russian; no photographs.",
        )
        cls.person = make_person(
            name="Tofig Yagublu",
            slug="tofig-yagublu",
            born_on=today.replace(year=1961) + datetime.timedelta(3),
        )
        cls.case = make_case(
            person=cls.person,
            slug="tofig-yagublu",
            status=Case.Status.IMPRISONED,
            arrested_on=today - datetime.timedelta(days=400),
            expected_release_on=today + datetime.timedelta(days=30),
            facility=cls.facility,
        )
        CaseEvent.objects.create(
            case=cls.case, kind=CaseEvent.Kind.TRANSFER, date=today - datetime.timedelta(days=12)
        )

    def page(self, path="/en/people/tofig-yagublu/"):
        return self.client.get(path).content.decode()

    def test_person_page_counts_days_held_and_left(self):
        page = self.page()
        assert "<dt>In detention</dt><dd>400 days, since" in page
        assert "(30 days left)" in page

    def test_person_page_says_how_long_without_news(self):
        assert "<dt>No news for</dt><dd>12 days (latest:" in self.page()

    def test_the_birthday_is_shown_when_the_day_is_known(self):
        page = self.page()
        assert "birthday in 3 days" in page
        Person.objects.filter(pk=self.person.pk).update(born_on_precision=Precision.YEAR)
        page = self.page()
        assert "birthday" not in page and '<time datetime="1961">1961</time>' in page

    def test_where_to_write_and_what_letters_may_contain(self):
        for page in [self.page(), self.page("/en/cases/tofig-yagublu/")]:
            assert "Writing to Tofig Yagublu at Prison No. 14" in page
            assert "<address>Prison No. 14<br>Baku AZ1000</address>" in page
            assert "no photographs" in page

    def test_no_address_once_released(self):
        Case.objects.filter(pk=self.case.pk).update(
            status=Case.Status.RELEASED, released_on=timezone.localdate()
        )
        assert "Writing to" not in self.page() and "Writing to" not in self.page("/en/cases/tofig-yagublu/")

    def test_a_month_precise_arrest_is_about(self):
        Case.objects.filter(pk=self.case.pk).update(arrested_on=D(2017, 3, 1), arrested_on_precision="month")
        assert "<dt>In detention</dt><dd>about " in self.page()

    def test_the_case_list_filters_by_facility(self):
        make_case(person=make_person(name="Someone Else"))
        listing = self.client.get("/en/cases/", {"facility": "prison-no-14"}).content.decode()
        assert "Tofig Yagublu" in listing and "Someone Else" not in listing
