"""Hostile text in every field a page shows is shown as text: escaped in HTML, in JSON-LD and in feeds."""

import datetime
import re
import xml.etree.ElementTree as ElementTree

from django.test import TestCase

from articles.models import Article, Comment
from people.models import Affiliation, Alias, CaseEvent, Charge, ChargeStep, Court, Facility, Recognition
from tests.crawl import crawl
from tests.factories import (
    make_article,
    make_case,
    make_comment,
    make_note,
    make_organization,
    make_person,
    make_publication,
)

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
HOSTILE = SCRIPT + IMAGE
LINK = "javascript:alert(1)"
# What must never reach a browser as markup: the payload's tags, a script link, or a broken-out attribute.
UNESCAPED = re.compile(r"<script>alert|<img src=x|href=\"\s*javascript:|\"><img", re.IGNORECASE)
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
# Feed elements whose text feed readers show as HTML.
FEED_HTML = {"title", "description", "summary", "content", "subtitle"}


class EscapingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        publication = make_publication(name=f"Paper {HOSTILE}", website=LINK)
        person = make_person(name=f"Ali {HOSTILE}", slug="ali", bio=f"Bio {HOSTILE} {LINK}", country=HOSTILE)
        Alias.objects.create(person=person, name=f"Aliyev {HOSTILE}")
        organization = make_organization(
            name=f"Org {HOSTILE}", slug="org", description=f"About {HOSTILE}", website=LINK, country=HOSTILE
        )
        Affiliation.objects.create(person=person, organization=organization, role=f"founder {HOSTILE}")
        facility = Facility.objects.create(
            name=f"Prison {HOSTILE}",
            slug="prison",
            postal_address=f"Street {HOSTILE}",
            letters=f"Letters {HOSTILE}",
        )
        case = make_case(
            person=person,
            slug="ali",
            summary=f"Summary {HOSTILE}",
            sentence=f"Years {HOSTILE}",
            facility=facility,
        )
        charge = Charge.objects.create(case=case, article=f"221.3 {IMAGE}", description=f"Charge {HOSTILE}")
        court = Court.objects.create(name=f"Court {HOSTILE}")
        ChargeStep.objects.create(
            charge=charge,
            kind=ChargeStep.Kind.BROUGHT,
            date=datetime.date(2018, 12, 28),
            court=court,
            description=f"Step {HOSTILE}",
        )
        Recognition.objects.create(
            case=case,
            organization=organization,
            kind=Recognition.Kind.POLITICAL_PRISONER,
            source=f"Report {HOSTILE}",
            source_url=LINK,
        )
        article = make_article(
            title=f"Title {HOSTILE}",
            slug="hostile",
            standfirst=f"Standfirst {HOSTILE}",
            body=f"Body {HOSTILE}\n\nSee {LINK} and <a href='{LINK}'>this</a>.",
            photo_caption=f"Caption {HOSTILE}",
            photo_credit=f"Credit {HOSTILE}",
            dateline_place=f"Baku {IMAGE}",
            status=Article.Status.PUBLISHED,
            publication=publication,
            featured=True,
        )
        article.byline.add(person)
        article.people.add(person)
        article.organizations.add(organization)
        article.cases.add(case)
        event = CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.ARREST,
            date=datetime.date(2024, 1, 1),
            description=f"Held {HOSTILE}",
        )
        event.source_articles.add(article)
        make_note(article=article, text=f"Note {HOSTILE}")
        comment = make_comment(
            article=article,
            author_name=f"Reader {IMAGE}",
            body=f"Comment {HOSTILE} {LINK} [x]({LINK})",
            status=Comment.Status.APPROVED,
        )
        make_comment(
            article=article,
            parent=comment,
            author_name=f"Replier {IMAGE}",
            body=f"Reply {HOSTILE} {LINK}",
            status=Comment.Status.APPROVED,
        )

    def test_every_page_escapes_what_it_shows(self):
        """Each page a reader reaches shows the hostile text, but only ever as text."""
        pages = crawl(self.client, words="Title")
        article_page = pages["/en/articles/hostile/"]
        for shown in ("Body", "Caption", "Credit", "Note", "Reader", "Replier", "Reply", "Paper"):
            assert f"{shown} " in article_page, (
                shown
            )  # the fields are on the page, so the test means something
        for url in ("/en/people/ali/", "/en/organizations/org/", "/en/cases/ali/", "/en/search/?q=Title"):
            assert url in pages, url
        html = {url: page for url, page in pages.items() if page.lstrip().startswith("<!DOCTYPE html>")}
        assert len(html) > 20
        for url, page in html.items():
            found = UNESCAPED.search(page)
            assert found is None, f"{url} shows {found.group()!r} unescaped"
            for block in JSON_LD.findall(page):
                assert "<" not in block and ">" not in block, f"JSON-LD on {url}: {block}"

    def test_feeds_escape_what_readers_show_as_html(self):
        """Feed readers show titles and descriptions as HTML: the XML holds them escaped twice."""
        pages = crawl(self.client)
        feeds = {url: page for url, page in pages.items() if "/feed" in url}
        assert len(feeds) >= 8, sorted(feeds)
        for url, page in feeds.items():
            for element in ElementTree.fromstring(page.encode()).iter():
                name = element.tag.rsplit("}", 1)[-1]
                if name in FEED_HTML and element.text:
                    found = UNESCAPED.search(element.text)
                    assert found is None, f"{url} <{name}> holds {found.group()!r} as markup"
