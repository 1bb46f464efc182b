"""/en/statistics/: charts of the cases, counted in a handful of aggregate queries, narrowed by the same
filters as /cases/, each with a table of its figures and its own CSV."""

import csv
import datetime
import io
import re

from django.db import connection
from django.test import SimpleTestCase, TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from people import statistics
from people.models import Case, Charge, Recognition
from tests.factories import make_case, make_organization

TODAY = datetime.date(2020, 6, 15)


def row(arrested_on, released_on=None, *, released_precision="day", status="detained", expected=None):
    return {
        "status": status,
        "arrested_on": arrested_on,
        "released_on": released_on,
        "released_on_precision": released_precision,
        "expected_release_on": expected,
        "expected_release_on_precision": "day",
    }


def held(rows):
    figures, _ = statistics.detained_by_month(rows, TODAY)
    return {figure.label: figure.value for figure in figures}


class DetainedByMonthTests(SimpleTestCase):
    def test_counts_from_the_arrest_month_to_this_month_while_held(self):
        """An arrest known only to the month (stored as its first day) counts from that month on."""
        months = held([row(datetime.date(2020, 3, 1))])
        assert list(months) == ["March 2020", "April 2020", "May 2020", "June 2020"]
        assert set(months.values()) == {1}

    def test_a_release_counts_its_month_unless_on_the_first(self):
        """Held after the month's start: a release on the 15th counts that month, on the 1st it does not."""
        months = held([row(datetime.date(2020, 1, 20), datetime.date(2020, 3, 15))])
        assert months == {"January 2020": 1, "February 2020": 1, "March 2020": 1, "April 2020": 0,
                          "May 2020": 0, "June 2020": 0}  # fmt: skip
        months = held([row(datetime.date(2020, 1, 20), datetime.date(2020, 3, 1))])
        assert months["February 2020"] == 1 and months["March 2020"] == 0

    def test_a_release_known_to_the_month_counts_that_whole_month(self):
        months = held(
            [row(datetime.date(2020, 1, 20), datetime.date(2020, 3, 1), released_precision="month")]
        )
        assert months["March 2020"] == 1 and months["April 2020"] == 0

    def test_counts_add_up_over_overlapping_cases(self):
        months = held(
            [
                row(datetime.date(2019, 12, 5), datetime.date(2020, 2, 10)),
                row(datetime.date(2020, 2, 1)),
                row(datetime.date(2020, 5, 1), status="released"),  # closed, end unknown: left out
            ]
        )
        assert months == {"December 2019": 1, "January 2020": 1, "February 2020": 2, "March 2020": 1,
                          "April 2020": 1, "May 2020": 1, "June 2020": 1}  # fmt: skip
        _, left_out = statistics.detained_by_month([row(datetime.date(2020, 5, 1), status="released")], TODAY)
        assert left_out == 1

    def test_held_past_the_sentence_counts_to_its_end(self):
        """As the case page counts days held: no release recorded after the sentence ended."""
        months = held(
            [row(datetime.date(2020, 1, 5), expected=datetime.date(2020, 3, 20), status="imprisoned")]
        )
        assert months["March 2020"] == 1 and months["April 2020"] == 0


@override_settings(PAGE_CACHE_SECONDS=0)
class StatisticsPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        amnesty = make_organization(name="Amnesty <International>", slug="amnesty")
        for i in range(3):
            case = make_case(status=Case.Status.IMPRISONED, arrested_on=datetime.date(2016 + i, 3, 1))
            Charge.objects.create(case=case, article="221.3", description="hooliganism")
            Recognition.objects.create(case=case, organization=amnesty, kind="prisoner_of_conscience")
        released = make_case(
            status=Case.Status.RELEASED,
            arrested_on=datetime.date(2016, 5, 1),
            released_on=datetime.date(2017, 1, 9),
        )
        Charge.objects.create(case=released, article="", description="not stated")

    def chart_csv(self, slug, query=""):
        response = self.client.get(f"/en/statistics/{slug}.csv{query}")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        return list(csv.reader(io.StringIO(response.content.decode())))

    def test_every_chart_is_an_svg_image_with_title_description_and_table(self):
        page = self.client.get("/en/statistics/").content.decode()
        svgs = re.findall(r"<svg role=\"img\".*?</svg>", page, re.S)
        assert len(svgs) == 5
        assert all("<title id=" in svg and "<desc id=" in svg for svg in svgs)
        assert page.count("<table") == 5 and page.count("<caption>") == 5
        for slug in statistics.CHARTS:
            assert f'href="/en/statistics/{slug}.csv"' in page
        assert "<script" not in page.split("</header>")[1]

    def test_text_in_charts_is_escaped(self):
        page = self.client.get("/en/statistics/").content.decode()
        assert "Amnesty &lt;International&gt;" in page
        assert "<International>" not in page

    def test_figures(self):
        assert self.chart_csv("cases-by-status") == [
            ["status", "cases"],
            ["Imprisoned", "3"],
            ["Released", "1"],
        ]
        assert self.chart_csv("arrests-by-year") == [
            ["year", "arrests"], ["2016", "2"], ["2017", "1"], ["2018", "1"]
        ]  # fmt: skip
        assert self.chart_csv("charges-by-article") == [
            ["article", "cases"], ["Article 221.3", "3"], ["Article not stated", "1"]
        ]  # fmt: skip
        assert self.chart_csv("cases-by-recognition") == [
            ["organization", "cases"],
            ["Amnesty <International>", "3"],
        ]
        months = dict(self.chart_csv("detention-by-month")[1:])
        assert months["March 2016"] == "1" and months["May 2016"] == "2" and months["February 2017"] == "1"

    def test_filters_narrow_every_chart_and_csv(self):
        """The same filters as /cases/: released cases only, in every chart and every CSV."""
        assert self.chart_csv("cases-by-status", "?status=released") == [
            ["status", "cases"],
            ["Released", "1"],
        ]
        assert self.chart_csv("arrests-by-year", "?status=released") == [["year", "arrests"], ["2016", "1"]]
        assert self.chart_csv("cases-by-recognition", "?status=released") == [["organization", "cases"]]
        assert self.chart_csv("charges-by-article", "?recognised_by=amnesty") == [
            ["article", "cases"], ["Article 221.3", "3"]
        ]  # fmt: skip
        months = dict(self.chart_csv("detention-by-month", "?status=released")[1:])
        assert set(months.values()) == {"1", "0"} and months["January 2017"] == "1"
        page = self.client.get("/en/statistics/?status=released").content.decode()
        assert 'href="/en/statistics/cases-by-status.csv?status=released"' in page
        assert "Imprisoned" not in page.split("</form>")[-1]

    def test_a_figure_links_to_the_cases_it_counts(self):
        page = self.client.get("/en/statistics/?arrest_year=2016").content.decode()
        assert 'href="/en/cases/?arrest_year=2016&amp;status=released"' in page

    def test_an_unknown_chart_is_not_found(self):
        assert self.client.get("/en/statistics/no-such-chart.csv").status_code == 404

    def test_linked_from_the_navigation(self):
        assert 'href="/en/statistics/"' in self.client.get("/en/cases/").content.decode()


@override_settings(PAGE_CACHE_SECONDS=0)
class StatisticsQueryTests(TestCase):
    """The page and each CSV run a fixed handful of aggregate queries, however many cases there are."""

    PAGES = {
        "/en/statistics/": 7,
        "/en/statistics/?status=imprisoned&recognised_by=amnesty": 8,
    }  # + the organization in the filter
    PAGES |= {f"/en/statistics/{slug}.csv": 1 for slug in statistics.CHARTS}

    def counts(self):
        result = {}
        for path in self.PAGES:
            with CaptureQueriesContext(connection) as queries:
                assert self.client.get(path).status_code == 200
            result[path] = len(queries)
        return result

    def add_cases(self, n):
        amnesty = make_organization(slug="amnesty") if n == 1 else make_organization()
        for i in range(n):
            case = make_case(status=Case.Status.IMPRISONED, arrested_on=datetime.date(2000 + i, 1, 1))
            Charge.objects.create(case=case, article=f"{i}.1", description="a charge")
            Recognition.objects.create(case=case, organization=amnesty, kind="political_prisoner")

    def test_counts_are_pinned_and_do_not_grow(self):
        self.add_cases(1)
        before = self.counts()
        self.add_cases(20)
        assert self.counts() == before == self.PAGES
