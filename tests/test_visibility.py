"""One rule for what readers see: no public surface shows an article that is not published."""

import datetime

from django.test import TestCase
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article
from tests.crawl import crawl
from tests.factories import (
    make_article,
    make_case,
    make_note,
    make_organization,
    make_person,
    make_publication,
)

HIDDEN = {
    # status, title, a word found only in the body
    "draft": (Article.Status.DRAFT, "Hushdraft arrest in Ganja", "quillbrook"),
    "in review": (Article.Status.IN_REVIEW, "Hushreview hearing postponed", "marrowfen"),
    "scheduled": (Article.Status.PUBLISHED, "Hushscheduled verdict expected", "tallowmere"),
    "withdrawn": (Article.Status.WITHDRAWN, "Hushwithdrawn interview retracted", "cinderwold"),
}
NOTICE = "Withdrawn because the source retracted the interview."


class VisibilityCrawlTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        publication = make_publication(name="Meydan TV")
        person = make_person(name="Tofig Yagublu", slug="tofig-yagublu")
        organization = make_organization(name="Reporters Without Borders", slug="rsf")
        case = make_case(person=person, slug="tofig-yagublu", summary="Detained in Baku.")
        shown = make_article(
            title="Visible report from Baku",
            status=Article.Status.PUBLISHED,
            publication=publication,
        )
        shown.people.add(person)
        shown.organizations.add(organization)
        shown.cases.add(case)
        for label, (status, title, word) in HIDDEN.items():
            article = make_article(
                title=title,
                slug=slugify(title),
                standfirst=f"{title} standfirst",
                body=f"The {word} paragraph.",
                status=status,
                publication=publication,
                featured=True,
                withdrawal_notice=NOTICE if label == "withdrawn" else "",
            )
            if label == "scheduled":
                article.published_at = timezone.now() + datetime.timedelta(days=3)
                article.save()
            article.people.add(person)
            article.byline.add(person)
            article.organizations.add(organization)
            article.cases.add(case)
            make_note(article=article, text=f"Note on {title}")
            event = case.events.create(kind="arrest", date=datetime.date(2024, 1, 1))
            event.source_articles.add(article)
        cls.withdrawn = Article.objects.get(status=Article.Status.WITHDRAWN)

    def test_no_public_url_shows_a_hidden_article(self):
        """Crawl every page, feed, sitemap URL, download and filter a reader reaches from /: the draft,
        in-review, scheduled and withdrawn articles are nowhere, but the withdrawn one's own page shows its
        notice only."""
        pages = crawl(self.client, words="Hush")
        self.assertGreater(len(pages), 40, sorted(pages))
        for kind in (
            "/en/feeds/",
            "/en/people/tofig-yagublu/feed",
            "/en/organizations/rsf/feed",
            "/en/cases/tofig-yagublu/feed",
        ):
            self.assertTrue(any(url.startswith(kind) for url in pages), kind)
        for kind in (
            "/en/search/?q=Hush",
            "/en/cases.csv",
            "/en/cases.json",
            "/sitemap.xml",
            "/en/articles/?publication=",
        ):
            self.assertTrue(any(url.startswith(kind) for url in pages), kind)
        withdrawn_page = self.withdrawn.get_absolute_url()
        self.assertIn(withdrawn_page, pages)
        self.assertIn(NOTICE, pages[withdrawn_page])
        for url, content in pages.items():
            for label, (_, title, word) in HIDDEN.items():
                self.assertNotIn(word, content, f"the {label} article's body on {url}")
                if url == withdrawn_page and label == "withdrawn":
                    continue
                self.assertNotIn(title, content, f"the {label} article on {url}")
                if label != "withdrawn":
                    self.assertNotIn(slugify(title), content, f"the {label} article's address on {url}")
