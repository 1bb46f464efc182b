"""The timeline drives the case: status, dates and flags follow its dated events, unless set by hand."""

import datetime
import importlib

from django.apps import apps
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from people import timeline
from people.models import Case, CaseEvent
from people.services import case_refresh_from_timeline
from tests.factories import make_case, make_editor
from tests.test_pages import import_published_seeds

D = datetime.date
Kind, Precision = CaseEvent.Kind, CaseEvent.Precision


def add_event(case, kind, date, precision=Precision.DAY, **kw):
    return CaseEvent.objects.create(case=case, kind=kind, date=date, date_precision=precision, **kw)


class TimelineFactsTests(TestCase):
    """The pure reading of events, without the database."""

    def facts(self, *events):
        return timeline.timeline_facts(
            CaseEvent(kind=kind, date=date, date_precision=Precision.DAY) for kind, date in events
        )

    def test_the_latest_status_event_sets_the_status(self):
        facts = self.facts((Kind.ARREST, D(2017, 1, 9)), (Kind.SENTENCE, D(2017, 3, 3)))
        assert facts.status == Case.Status.IMPRISONED and facts.status_event.kind == Kind.SENTENCE
        assert self.facts((Kind.ARREST, D(2017, 1, 9)), (Kind.RELEASE, D(2019, 3, 2))).status == "released"
        assert self.facts((Kind.DEATH_IN_CUSTODY, D(2019, 3, 2))).status == Case.Status.DECEASED

    def test_a_hearing_puts_the_detained_on_trial_but_not_the_sentenced(self):
        assert self.facts((Kind.ARREST, D(2017, 1, 9)), (Kind.HEARING, D(2017, 2, 1))).status == "on_trial"
        sentenced = self.facts((Kind.SENTENCE, D(2017, 3, 3)), (Kind.APPEAL, D(2017, 5, 1)))
        assert sentenced.status == Case.Status.IMPRISONED
        assert (
            self.facts((Kind.SENTENCE, D(2017, 3, 3)), (Kind.HEARING, D(2017, 5, 1))).status == "imprisoned"
        )

    def test_events_that_set_nothing_leave_the_status_unknown(self):
        assert self.facts((Kind.CHARGE, D(2018, 12, 1)), (Kind.TRANSFER, D(2019, 1, 1))).status is None

    def test_a_hunger_strike_lasts_until_an_event_ends_it(self):
        began = (Kind.HUNGER_STRIKE_START, D(2018, 12, 1))
        assert self.facts(began, (Kind.OTHER, D(2019, 1, 23))).hunger_strike_event is not None
        for ender in [Kind.HUNGER_STRIKE_END, Kind.RELEASE, Kind.PARDON, Kind.DEATH_IN_CUSTODY]:
            assert self.facts(began, (ender, D(2019, 3, 2))).hunger_strike_event is None, ender

    def test_a_new_arrest_opens_a_new_detention(self):
        facts = self.facts(
            (Kind.ARREST, D(2010, 1, 1)), (Kind.RELEASE, D(2011, 1, 1)), (Kind.ARREST, D(2014, 8, 1))
        )
        assert facts.release_event is None and facts.arrest_event.date == D(2014, 8, 1)

    def test_internal_events_are_not_read(self):
        release = CaseEvent(kind=Kind.RELEASE, date=D(2019, 3, 2), internal=True)
        assert timeline.timeline_facts([release]).status is None


class DayCountTests(TestCase):
    def test_a_date_known_to_the_month_gives_about_so_many_days(self):
        count = timeline.day_count(D(2017, 3, 1), Precision.MONTH, D(2024, 11, 30))
        assert count.approximate and str(count) == "about 2,820 days"

    def test_a_date_known_to_the_day_gives_the_exact_count(self):
        assert str(timeline.day_count(D(2017, 3, 1), Precision.DAY, D(2024, 11, 30))) == "2,831 days"
        assert str(timeline.day_count(D(2017, 3, 1), Precision.DAY, D(2017, 3, 2))) == "1 day"

    def test_a_year_rounds_to_hundreds(self):
        assert str(timeline.day_count(D(2005, 1, 1), Precision.YEAR, D(2012, 8, 1))) == "about 2,600 days"

    def test_a_month_has_passed_only_after_its_last_day(self):
        assert not timeline.has_passed(D(2019, 3, 1), Precision.MONTH, D(2019, 3, 31))
        assert timeline.has_passed(D(2019, 3, 1), Precision.MONTH, D(2019, 4, 1))


class CaseRefreshTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.case = make_case(status=Case.Status.IMPRISONED, arrested_on=D(2017, 1, 9))
        add_event(cls.case, Kind.ARREST, D(2017, 1, 9))

    def test_a_release_event_releases_the_case(self):
        add_event(self.case, Kind.RELEASE, D(2019, 3, 1), Precision.MONTH)
        assert case_refresh_from_timeline(case=self.case)
        case = Case.objects.get(pk=self.case.pk)
        assert case.status == Case.Status.RELEASED
        assert (case.released_on, case.released_on_precision) == (D(2019, 3, 1), Precision.MONTH)

    def test_facts_set_by_hand_are_kept(self):
        Case.objects.filter(pk=self.case.pk).update(status_by_hand=True, released_on_by_hand=True)
        add_event(self.case, Kind.RELEASE, D(2019, 3, 2))
        case_refresh_from_timeline(case=self.case)
        case = Case.objects.get(pk=self.case.pk)
        assert case.status == Case.Status.IMPRISONED and case.released_on is None

    def test_removing_the_release_reopens_the_case(self):
        release = add_event(self.case, Kind.RELEASE, D(2019, 3, 2))
        case_refresh_from_timeline(case=self.case)
        release.delete()
        case_refresh_from_timeline(case=self.case)
        case = Case.objects.get(pk=self.case.pk)
        assert case.status == Case.Status.DETAINED and case.released_on is None

    def test_a_release_added_in_the_admin_releases_the_case(self):
        self.client.force_login(make_editor())
        response = self.client.post(
            reverse("admin:people_caseevent_add"),
            {"case": self.case.pk, "date": "2019-03-02", "date_precision": "day", "kind": "release"},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        case = Case.objects.get(pk=self.case.pk)
        assert case.status == Case.Status.RELEASED and case.released_on == D(2019, 3, 2)

    def test_existing_cases_keep_what_the_timeline_contradicts(self):
        """The data migration: a stored fact the events disagree with was an editor's."""
        Case.objects.filter(pk=self.case.pk).update(status=Case.Status.PARDONED, arrested_on=D(2017, 1, 8))
        migration = importlib.import_module("people.migrations.0009_case_facts_by_hand")
        migration.mark_editors_facts(apps, None)
        case = Case.objects.get(pk=self.case.pk)
        assert case.status_by_hand and case.arrested_on_by_hand and not case.released_on_by_hand


@override_settings(CASE_STALE_DAYS=90, PAGE_CACHE_SECONDS=0)
class CasePageFreshnessTests(TestCase):
    """What the seeds give, read in November 2026: Huseynov's facts are old and his release unrecorded."""

    @classmethod
    def setUpTestData(cls):
        import_published_seeds()
        cls.case = Case.objects.get(slug="mehman-huseynov")

    def page(self, path="/en/cases/mehman-huseynov/"):
        return self.client.get(path).content.decode()

    def watched(self):
        """Huseynov's entry in the home page's cases to watch."""
        return self.page("/en/").split("Mehman Huseynov</a>")[1].split("</li>")[0]

    def test_an_old_timeline_says_when_it_was_last_confirmed(self):
        page = self.page()
        assert 'Last confirmed <time datetime="2019-01-23">23 January 2019</time>' in page
        assert 'last confirmed <time datetime="2019-01-23">23 January 2019</time>' in self.watched()

    def test_a_recent_event_is_not_flagged_stale(self):
        add_event(self.case, Kind.TRANSFER, timezone.localdate())
        assert "Last confirmed" not in self.page() and "last confirmed" not in self.watched()

    def test_a_passed_sentence_end_without_release_is_unconfirmed_and_listed_for_editors(self):
        assert "no release is recorded: unconfirmed" in self.page()
        assert list(Case.objects.release_unconfirmed()) == [self.case]
        self.client.force_login(make_editor())
        listing = self.client.get(reverse("admin:people_case_changelist"), {"release": "unconfirmed"})
        listing = listing.content.decode()
        assert "Case of Mehman Huseynov" in listing and "Case of Ruslan Bashirli" not in listing

    def test_the_hunger_strike_shows_until_an_event_ends_it(self):
        assert "On hunger strike since" in self.page() and "On hunger strike since" in self.watched()
        add_event(self.case, Kind.RELEASE, D(2019, 3, 9))
        case_refresh_from_timeline(case=self.case)
        assert "On hunger strike" not in self.page() and "On hunger strike" not in self.page("/")
        assert "unconfirmed" not in self.page()

    def test_the_page_says_which_facts_come_from_the_timeline_and_which_from_an_editor(self):
        page = self.page()
        assert '<strong>Imprisoned</strong> <small class="fact-source">(from the timeline: sentence' in page
        Case.objects.filter(pk=self.case.pk).update(status_by_hand=True)
        assert (
            '<strong>Imprisoned</strong> <small class="fact-source">(set by an editor)</small>' in self.page()
        )

    def test_days_in_detention_are_about_when_the_arrest_is_known_to_the_month(self):
        page = self.page()
        assert 'Arrested</dt><dd><time datetime="2017-03">March 2017</time>' in page
        assert "about 730 days in detention to the end of the sentence" in page  # March 2017 to March 2019


class GazetteerCaseTests(TestCase):
    """The gazetteer records what the seeds state, and the timeline sets the rest."""

    @classmethod
    def setUpTestData(cls):
        import_published_seeds()

    def test_huseynov_two_year_term_ending_march_2019(self):
        case = Case.objects.get(slug="mehman-huseynov")
        assert (case.arrested_on, case.arrested_on_precision) == (D(2017, 3, 1), Precision.MONTH)
        assert (case.expected_release_on, case.expected_release_on_precision) == (D(2019, 3, 1), "month")
        assert case.status == Case.Status.IMPRISONED and not case.status_by_hand
        kinds = list(case.events.values_list("kind", flat=True))
        assert kinds[:4] == [Kind.ARREST, Kind.SENTENCE, Kind.CHARGE, Kind.HUNGER_STRIKE_START]
        strike = case.events.get(kind=Kind.HUNGER_STRIKE_START)
        assert (strike.date, strike.date_precision) == (D(2018, 12, 1), Precision.MONTH)

    def test_bashirli_is_imprisoned_by_his_sentence(self):
        case = Case.objects.get(slug="ruslan-bashirli")
        assert case.status == Case.Status.IMPRISONED
        assert (case.arrested_on, case.arrested_on_precision) == (D(2005, 1, 1), Precision.YEAR)
