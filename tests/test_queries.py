"""Each public page runs a fixed number of queries, however many comments, people or articles there are."""

import re

from django.conf import settings
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Comment
from people.models import (
    Alias,
    Case,
    CaseEvent,
    CaseParticipant,
    Charge,
    ChargeStep,
    Court,
    Person,
    Recognition,
)
from tests.factories import make_article, make_comment, make_organization, make_person
from tests.test_pages import import_published_seeds

CACHE_TABLE = settings.CACHES["default"]["LOCATION"]
CACHE_TRANSACTION = re.compile(r"(BEGIN|COMMIT|SAVEPOINT|RELEASE SAVEPOINT)\b")
JAMNEWS = "/en/articles/thousands-protest-in-baku-to-demand-release-of-jailed-blogger/"

# Queries each page runs; a change here should be a decision, not an accident.
PAGES = {
    "/en/": 5,
    "/en/articles/": 7,
    "/en/articles/?person=mehman-huseynov&q=rally": 8,
    JAMNEWS: 9,  # with its versions ("Updated DATE") and its translations ("Also in")
    "/en/people/": 5,
    "/en/people/mehman-huseynov/": 8,  # + the cases' events (days without news)
    "/en/organizations/": 2,
    "/en/organizations/musavat/": 5,
    "/en/cases/": 6,  # + the facilities the filter offers
    "/en/cases/mehman-huseynov/": 9,  # + charges, their steps, the steps' sources, the people in court
    "/en/cases.json": 6,  # + charges, their steps, and public events (the latest event)
    "/en/timeline/": 4,
    "/en/cases.csv": 6,
    "/en/statistics/": 7,  # the filter's facilities and organizations, and one aggregate a chart
    "/en/statistics/charges-by-article.csv": 1,
    "/en/search/?q=Guseynov": 3,
    "/en/feeds/articles.rss": 2,
    "/en/people/mehman-huseynov/feed.rss": 3,
    "/sitemap.xml": 4,  # each record sitemap read once, as a list of its items in each language
}


def page_queries(captured) -> list[str]:
    """The queries a page ran, less the cache's own (its table in tests, Redis in production): the cache
    reads and writes its table, each write in a transaction of its own; a page's GET opens none."""
    return [
        query["sql"]
        for query in captured
        if CACHE_TABLE not in query["sql"] and not CACHE_TRANSACTION.match(query["sql"])
    ]


def count_queries(client, path):
    """Queries to render the page (the page cache off: not to serve it from there, nor to store it)."""
    with override_settings(PAGE_CACHE_SECONDS=0), CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def add_many(n=25):
    """More of everything the pages show: articles, comments with replies, people, aliases, events."""
    huseynov = Person.objects.get(slug="mehman-huseynov")
    case = Case.objects.get(slug="mehman-huseynov")
    jamnews = Article.objects.get(source_file="000_4189745ffa2a61c4.txt")
    for i in range(n):
        person = make_person(name=f"Extra Person {i}")
        Alias.objects.create(person=person, name=f"Extra Alias {i}")
        organization = make_organization(name=f"Extra Organization {i}")
        article = make_article(
            title=f"Extra rally report {i}", status=Article.Status.PUBLISHED, published_at=timezone.now()
        )
        article.people.add(huseynov, person)
        article.organizations.add(organization)
        article.cases.add(case)
        article.byline.add(person)
        parent = make_comment(article=jamnews, status=Comment.Status.APPROVED)
        make_comment(article=jamnews, parent=parent, status=Comment.Status.APPROVED)
        event = CaseEvent.objects.create(case=case, date=timezone.localdate(), kind=CaseEvent.Kind.OTHER)
        event.source_articles.add(article)
        Recognition.objects.create(
            case=case, organization=organization, kind=Recognition.Kind.POLITICAL_PRISONER
        )
        court = Court.objects.create(name=f"Extra Court {i}")
        charge = Charge.objects.create(case=case, article=f"{i}.1", description=f"Extra charge {i}")
        step = ChargeStep.objects.create(
            charge=charge, kind=ChargeStep.Kind.BROUGHT, date=timezone.localdate(), court=court
        )
        step.source_articles.add(article)
        CaseParticipant.objects.create(case=case, person=person, role=CaseParticipant.Role.JUDGE, court=court)


class QueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_published_seeds()

    def test_counts_are_pinned_and_do_not_grow(self):
        before = {path: count_queries(self.client, path) for path in PAGES}
        add_many()
        after = {path: count_queries(self.client, path) for path in PAGES}
        assert after == before
        assert before == PAGES

    def test_a_cached_page_runs_no_query(self):
        for path in PAGES:
            self.client.get(path)
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(path)
            assert response["X-Cache"] == "hit", path
            assert page_queries(queries) == [], path
            # This process holds the page: it asks the cache only whether any of its keys changed since.
            (versions,) = [query["sql"] for query in queries]
            assert "newsroom:xkey:site" in versions, path
