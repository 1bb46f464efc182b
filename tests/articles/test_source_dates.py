"""Readers see the story's own date, to the precision its source gives, and never the day it was imported."""

import datetime
import json
import re

import feedparser
from django.test import TestCase
from django.utils import timezone

from articles.importing.parser import parse, parse_stated_date
from articles.models import Article
from tests.factories import make_article, make_publication


class SourceDateParsingTests(TestCase):
    def test_dates_in_english_azerbaijani_and_russian_with_their_precision(self):
        day, month = "day", "month"
        for text, expected in [
            ("01/23/19", (datetime.date(2019, 1, 23), day)),
            ("23.01.2019", (datetime.date(2019, 1, 23), day)),
            ("2019-01-23", (datetime.date(2019, 1, 23), day)),
            ("January 23, 2019", (datetime.date(2019, 1, 23), day)),
            ("23 yanvar 2019", (datetime.date(2019, 1, 23), day)),
            ("23 января 2019 г.", (datetime.date(2019, 1, 23), day)),
            ("January 2019", (datetime.date(2019, 1, 1), month)),
            ("yanvar 2019", (datetime.date(2019, 1, 1), month)),
            ("2019", (datetime.date(2019, 1, 1), "year")),
            ("0001-01-01", None),
            ("Smarch 3, 2019", None),
        ]:
            assert parse_stated_date(text) == expected, text

    def test_a_stated_month_is_kept_as_a_month(self):
        article = parse(
            "A Headline About A Trial\n\nPublished: January 2019\n\nBAKU (Turan)—The trial began.\n"
        )
        assert (article.source_date, article.source_date_precision) == (datetime.date(2019, 1, 1), "month")
        assert article.published is None  # not stated to the day

    def test_a_dated_update_note_bounds_an_undated_story_to_its_month(self):
        article = parse(
            "A Headline About A Trial\n\nUpdate 01/23/19: He was freed.\n\nBAKU (Turan)—It began.\n"
        )
        assert (article.source_date, article.source_date_precision) == (datetime.date(2019, 1, 1), "month")

    def test_a_page_that_states_no_date_has_none(self):
        article = parse("A Headline About A Trial\n\nBAKU (Turan)—The trial began on a cold morning.\n")
        assert (article.source_date, article.source_date_precision) == (None, "")


class SourceDatePageTests(TestCase):
    """Imported and published here today, from a January 2019 story: readers see January 2019."""

    @classmethod
    def setUpTestData(cls):
        jamnews = make_publication(name="JAMNews")
        cls.month = make_article(
            title="Rally in Baku",
            slug="rally",
            publication=jamnews,
            status=Article.Status.PUBLISHED,
            source_published_on=datetime.date(2019, 1, 1),
            source_date_precision="month",
        )
        cls.day = make_article(
            title="Verdict in Baku",
            slug="verdict",
            publication=jamnews,
            status=Article.Status.PUBLISHED,
            source_published_on=datetime.date(2019, 3, 15),
            source_date_precision="day",
        )
        cls.undated = make_article(title="Undated essay", slug="undated", status=Article.Status.PUBLISHED)
        cls.today = timezone.localdate()

    def test_lists_and_article_pages_show_the_source_date_to_its_precision(self):
        for path in ["/en/", "/en/articles/", self.month.get_absolute_url()]:
            page = self.client.get(path).content.decode()
            assert 'JAMNews, <time datetime="2019-01">January 2019</time>' in page, path
        page = self.client.get(self.day.get_absolute_url()).content.decode()
        assert '<time datetime="2019-03-15">15 March 2019</time>' in page
        page = self.client.get(self.undated.get_absolute_url()).content.decode()
        assert "date not stated" in page

    def test_the_import_or_publication_day_is_never_shown_as_the_storys_date(self):
        for path in ["/en/", "/en/articles/", self.month.get_absolute_url(), self.undated.get_absolute_url()]:
            page = self.client.get(path).content.decode()
            page = re.sub(r'"dateModified": "[^"]*"', "", page)  # when our page last changed: ours to say
            assert self.today.isoformat() not in page, path
            assert f"{self.today.day} {self.today:%B} {self.today.year}" not in page, path

    def test_json_ld_gives_the_source_date_or_none(self):
        def json_ld(article):
            page = self.client.get(article.get_absolute_url()).content.decode()
            return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1])

        assert json_ld(self.month)["datePublished"] == "2019-01"
        assert json_ld(self.day)["datePublished"] == "2019-03-15"
        assert "datePublished" not in json_ld(self.undated)

    def test_feeds_date_an_item_only_by_a_source_day(self):
        for path in ["/en/feeds/articles.rss", "/en/feeds/articles.atom"]:
            feed = feedparser.parse(self.client.get(path).content)
            by_title = {entry.title: entry for entry in feed.entries}
            assert by_title["Verdict in Baku"].published_parsed[:3] == (2019, 3, 15), path
            assert "published" not in by_title["Rally in Baku"], path
            assert "published" not in by_title["Undated essay"], path

    def test_the_database_refuses_a_date_without_its_precision(self):
        from django.db import IntegrityError, transaction

        with transaction.atomic(), self.assertRaises(IntegrityError):
            Article.objects.filter(pk=self.undated.pk).update(source_published_on=datetime.date(2019, 1, 1))
