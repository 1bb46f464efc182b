"""/timeline/: every public event of every case, newest first, filtered, each linking its case and source."""

import datetime

from django.test import TestCase, override_settings

from articles.models import Article
from people.models import Affiliation, CaseEvent, Organization
from tests.factories import make_article, make_case, make_person
from tests.test_pages import import_published_seeds

D = datetime.date


@override_settings(PAGE_CACHE_SECONDS=0)
class TimelinePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_published_seeds()

    def page(self, **query):
        return self.client.get("/en/timeline/", query).content.decode()

    def test_newest_first_with_case_and_source(self):
        page = self.page()
        rally = page.index("Rally in Baku")
        assert page.index("will be released at the end") < rally < page.index("Arrested along with two")
        assert '<a href="/en/cases/mehman-huseynov/">The case of Mehman Huseynov</a>' in page
        assert 'Source: <a href="/en/articles/' in page

    def test_filtered_by_kind_year_person_and_organization(self):
        assert "Arrested along with two" in self.page(kind="arrest")
        assert "Rally in Baku" not in self.page(kind="arrest")
        by_year = self.page(year="2019")
        assert "Rally in Baku" in by_year and "Arrested along with two" not in by_year
        by_person = self.page(person="ruslan-bashirli")
        assert "Arrested along with two" in by_person and "Mehman Huseynov</a>" not in by_person
        by_name = self.page(person="Bashirli")  # a name typed, or part of one
        assert "Arrested along with two" in by_name and "Mehman Huseynov</a>" not in by_name
        by_alias = self.page(person="Guseynov")  # any of the person's names
        assert "Mehman Huseynov</a>" in by_alias and "Arrested along with two" not in by_alias
        by_organization = self.page(organization="amnesty-international")  # it recognised Huseynov
        assert "Rally in Baku" in by_organization and "Arrested along with two" not in by_organization
        members = self.page(organization="yeni-fikir")  # Bashirli founded it
        assert "Arrested along with two" in members and "Rally in Baku" not in members

    def test_internal_events_are_left_out(self):
        case = make_case()
        CaseEvent.objects.create(
            case=case, kind="release", date=D(2025, 1, 1), description="Rumour only", internal=True
        )
        assert "Rumour only" not in self.page()

    def test_queries_do_not_grow_with_rows(self):
        self.client.get("/en/timeline/")  # warm what is read once per process
        with self.assertNumQueries(5) as first:
            self.client.get("/en/timeline/", {"organization": "amnesty-international"})
        organization = Organization.objects.get(slug="amnesty-international")
        for n in range(20):
            person = make_person()
            Affiliation.objects.create(person=person, organization=organization)
            case = make_case(person=person)
            event = CaseEvent.objects.create(case=case, kind="arrest", date=D(2020, 1, n + 1))
            event.source_articles.add(make_article(status=Article.Status.PUBLISHED))
        with self.assertNumQueries(len(first.captured_queries)):
            page = self.client.get(
                "/en/timeline/", {"organization": "amnesty-international"}
            ).content.decode()
        assert page.count("<strong>Arrest</strong>") >= 20
