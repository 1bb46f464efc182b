"""The Big List of Naughty Strings against every public input: never a server error."""

import json
from pathlib import Path

from django.core.cache import cache
from django.test import TestCase, override_settings

from articles.models import Article, Comment
from articles.text import clean_text
from tests.articles.test_comments import issued_for
from tests.test_pages import import_published_seeds

BLNS = json.loads((Path(__file__).parent / "data" / "blns.json").read_text())
FILTERED_LISTS = {
    "/en/articles/": ["q", "person", "organization", "case", "publication", "published_from", "published_to"],
    "/en/people/": ["q", "role", "organization", "has_case"],
    "/en/organizations/": ["q", "kind"],
    "/en/cases/": ["q", "status", "recognised_by", "arrest_year"],
    "/en/cases.json": ["q", "status", "recognised_by", "arrest_year"],
}


@override_settings(COMMENT_RATE_LIMIT=10**6)
class NaughtyInputTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_published_seeds()
        cls.article = Article.objects.get(source_file="000_4189745ffa2a61c4.txt")

    def setUp(self):
        cache.clear()

    def test_comment_name_and_body(self):
        issued = issued_for(self.article)
        for string in BLNS:
            data = {"author_name": string, "body": string, "issued": issued, "website": ""}
            response = self.client.post(self.article.get_absolute_url() + "comment/", data)
            assert response.status_code in (302, 400), repr(string)
        # What was accepted waits for moderation, stored as it was typed, less control characters.
        for comment in Comment.objects.filter(imported=False):
            assert comment.status == Comment.Status.PENDING
            assert comment.body in {clean_text(string).strip() for string in BLNS}

    def test_search(self):
        for string in BLNS:
            assert self.client.get("/en/search/", {"q": string}).status_code == 200, repr(string)

    def test_filter_values(self):
        for path, names in FILTERED_LISTS.items():
            for string in BLNS:
                response = self.client.get(path, dict.fromkeys(names, string))
                assert response.status_code == 200, (path, repr(string))
