"""Readers get cached pages, and never a stale one after a change; forms on cached pages keep working."""

import hashlib
import os
import re
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from io import StringIO
from pathlib import Path
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.management import call_command
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_TOKEN_LENGTH, _unmask_cipher_token
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils.html import escape

from articles import forms
from articles.forms import _SALT
from articles.models import Article, Comment
from articles.services import article_publish
from newsroom import caching, csrf
from newsroom.clients import rate_limited
from tests.factories import make_article, make_comment, make_editor, make_moderator
from tests.test_pages import import_published_seeds

JAMNEWS = "/articles/thousands-protest-in-baku-to-demand-release-of-jailed-blogger/"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


class PageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_published_seeds()
        cls.jamnews = Article.objects.get(source_file="000_4189745ffa2a61c4.txt")
        cls.editor = make_editor()

    def test_second_anonymous_request_is_a_hit_with_validators(self):
        first = self.client.get("/cases/")
        second = self.client.get("/cases/")
        assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
        assert second.content == first.content
        assert second["ETag"] == first["ETag"]
        assert "public" in second["Cache-Control"] and "must-revalidate" in second["Cache-Control"]
        assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
        assert self.client.get("/cases/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    @override_settings(ALLOWED_HOSTS=["testserver", "127.0.0.1"])
    def test_each_host_gets_pages_that_name_it(self):
        """A request by another allowed host is cached apart: its address never reaches other readers."""
        first = self.client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:6666")
        assert b"http://127.0.0.1:6666/" in first.content
        second = self.client.get("/sitemap.xml")
        assert second["X-Cache"] == "miss"
        assert b"http://testserver/" in second.content
        assert b"127.0.0.1:6666" not in second.content

    def test_a_process_asks_only_for_the_version_of_a_page_it_holds(self):
        """The copy a process keeps saves fetching the page again; the shared version still decides."""
        self.client.get(JAMNEWS)
        with mock.patch("newsroom.caching.cache", wraps=cache) as spy:
            assert self.client.get(JAMNEWS)["X-Cache"] == "hit"
            assert spy.mock_calls == [mock.call.get(caching.VERSION_KEY)]
            caching.site_changed()
            assert self.client.get(JAMNEWS)["X-Cache"] == "miss"
        assert self.client.get(JAMNEWS)["X-Cache"] == "hit"

    def test_a_kept_page_expires_with_the_shared_one(self):
        """A page is never served longer than PAGE_CACHE_SECONDS (a scheduled article must appear)."""
        self.client.get("/cases/")
        address = hashlib.sha256(b"http://testserver/cases/").hexdigest()
        cache.delete(f"newsroom:page:{caching.ENTRY_FORMAT}:GET:{address}")  # the shared copy expired
        later = time.time() + settings.PAGE_CACHE_SECONDS + 1
        with mock.patch("newsroom.caching.time.time", return_value=later):
            assert self.client.get("/cases/")["X-Cache"] == "miss"

    @override_settings(PAGE_CACHE_KEPT_PAGES=2)
    def test_a_process_keeps_a_bounded_number_of_pages(self):
        pages = ["/cases/", "/people/", "/organizations/"]
        for page in pages:
            self.client.get(page)
        with mock.patch("newsroom.caching.cache", wraps=cache) as spy:
            assert [self.client.get(page)["X-Cache"] for page in reversed(pages)] == ["hit"] * 3
        fetched = [call.args[0] for call in spy.mock_calls if call[0] == "get_many"]
        assert len(fetched) == 1  # only the first page, which made room for the third, came from the cache

    def test_a_large_page_is_not_kept_in_a_process(self):
        """Data downloads and other large pages come from the shared cache each time, not process memory."""
        with mock.patch("newsroom.caching.KEPT_PAGE_MAX_BYTES", 100):
            self.client.get("/cases/")
            with mock.patch("newsroom.caching.cache", wraps=cache) as spy:
                assert self.client.get("/cases/")["X-Cache"] == "hit"
        assert [call[0] for call in spy.mock_calls] == ["get_many"]

    def test_tracking_parameters_are_one_page(self):
        """50 different ?utm_source= (and fbclid, gclid) values are one cache entry, with no trace of them."""
        with mock.patch("newsroom.caching.cache", wraps=cache) as spy:
            responses = [self.client.get("/people/", {"utm_source": f"campaign-{n}"}) for n in range(50)]
            responses.append(self.client.get("/people/", {"fbclid": "x", "gclid": "y", "utm_medium": "z"}))
        assert [r["X-Cache"] for r in responses] == ["miss"] + ["hit"] * 50
        stored = {call.args[0] for call in spy.mock_calls if call[0] == "set" and "page:" in call.args[0]}
        assert len(stored) == 1
        assert b"campaign-0" not in responses[0].content

    @override_settings(PAGE_CACHE_QUERY_VARIANTS=3)
    def test_only_so_many_pages_with_a_query_string_are_stored(self):
        """Random query strings cannot fill the cache: past the cap, pages are served but not stored."""
        responses = [self.client.get("/people/", {"x": n}) for n in range(5)]
        assert [r.status_code for r in responses] == [200] * 5
        assert [r.get("X-Cache") for r in responses] == ["miss"] * 3 + [None] * 2
        assert self.client.get("/people/", {"x": 0})["X-Cache"] == "hit"
        assert self.client.get("/people/")["X-Cache"] == "miss"  # a page with no query string is no variant

    def test_words_in_a_page_are_never_taken_for_its_per_request_fields(self):
        """Only the form's real fields are filled in on a hit: a reader's words that look like them (in a
        search, or a comment) come back as written."""
        for words in [
            "__newsroom_issued__",
            "__newsroom_csrf__",
            'name="issued" value="1"',
            "csrfmiddlewaretoken",
        ]:
            address = "/search/?" + urlencode({"q": words})
            first, second = self.client.get(address), self.client.get(address)
            assert (first["X-Cache"], second.status_code, second["X-Cache"]) == ("miss", 200, "hit")
            assert second.content == first.content
            assert escape(words) in second.content.decode()

    def test_pages_with_a_form_are_private_to_shared_caches(self):
        response = self.client.get(JAMNEWS)
        assert "private" in response["Cache-Control"]
        assert "Cookie" in response["Vary"]

    def test_an_editors_change_in_the_admin_shows_at_once(self):
        assert "Thousands Protest" in self.client.get("/").content.decode()
        editor = Client()
        editor.force_login(self.editor)
        change = reverse("admin:articles_article_change", args=[self.jamnews.pk])
        form = {
            "title": "Thousands rally for Mehman Huseynov", "slug": self.jamnews.slug, "status": "published",
            "published_at_0": "2019-01-20", "published_at_1": "10:00:00", "comments_open": "on",
            "notes-TOTAL_FORMS": "0", "notes-INITIAL_FORMS": "0",
        }  # fmt: skip
        with self.captureOnCommitCallbacks(execute=True):
            assert editor.post(change, form).status_code == 302
        home = self.client.get("/")
        assert home["X-Cache"] == "miss"
        assert "Thousands rally for Mehman Huseynov" in home.content.decode()

    def edit_in_admin(self, article, **fields):
        editor = Client()
        editor.force_login(self.editor)
        form = {
            "title": article.title, "slug": article.slug, "status": article.status, "comments_open": "on",
            "notes-TOTAL_FORMS": "0", "notes-INITIAL_FORMS": "0",
        } | fields  # fmt: skip
        with self.captureOnCommitCallbacks(execute=True):
            response = editor.post(reverse("admin:articles_article_change", args=[article.pk]), form)
        assert response.status_code == 302

    def test_work_on_a_draft_keeps_the_cache_until_it_is_published(self):
        """Saving a draft changes no public page; publishing it shows at once."""
        draft = make_article(title="Draft in progress")
        self.client.get("/articles/")
        self.edit_in_admin(draft, title="Draft, second go")
        assert self.client.get("/articles/")["X-Cache"] == "hit"
        self.edit_in_admin(draft, title="Now out", status="published")
        listing = self.client.get("/articles/")
        assert listing["X-Cache"] == "miss" and "Now out" in listing.content.decode()

    def test_unpublishing_an_article_shows_at_once(self):
        """Back to draft: the article leaves the public pages at once."""
        self.client.get("/articles/")
        self.edit_in_admin(self.jamnews, status="draft")
        listing = self.client.get("/articles/")
        assert listing["X-Cache"] == "miss" and self.jamnews.title not in listing.content.decode()

    def test_a_bulk_action_shows_at_once(self):
        self.client.get("/articles/")
        editor = Client()
        editor.force_login(self.editor)
        with self.captureOnCommitCallbacks(execute=True):
            editor.post(
                reverse("admin:articles_article_changelist"),
                {"action": "withdraw", "_selected_action": [self.jamnews.pk], "reason": "Sources recanted."},
            )
        assert self.jamnews.title not in self.client.get("/articles/").content.decode()

    def test_publishing_by_the_service_shows_at_once(self):
        """article_publish tells the cache itself, whoever calls it (not only the admin's requests)."""
        draft = make_article(title="Out from a command")
        assert self.client.get("/articles/")["X-Cache"] == "miss"
        with self.captureOnCommitCallbacks(execute=True):
            article_publish(articles=[draft], user=self.editor)
        listing = self.client.get("/articles/")
        assert listing["X-Cache"] == "miss" and "Out from a command" in listing.content.decode()

    def test_an_approved_comment_shows_at_once(self):
        pending = make_comment(article=self.jamnews, body="Awaiting approval")
        assert "Awaiting approval" not in self.client.get(JAMNEWS).content.decode()
        moderator = Client()
        moderator.force_login(make_moderator())
        with self.captureOnCommitCallbacks(execute=True):
            moderator.post(
                reverse("admin:articles_comment_changelist"),
                {"action": "approve", "_selected_action": [pending.pk]},
            )
        assert "Awaiting approval" in self.client.get(JAMNEWS).content.decode()

    def moderate(self, action, *comments):
        moderator = Client()
        moderator.force_login(make_moderator(username=f"moderator-{action}"))
        with self.captureOnCommitCallbacks(execute=True):
            response = moderator.post(
                reverse("admin:articles_comment_changelist")
                + "?moderation=all",  # the list opens on the queue
                {"action": action, "_selected_action": [comment.pk for comment in comments]},
            )
        assert response.status_code == 302

    def test_turning_away_comments_readers_never_saw_keeps_the_cache(self):
        """Rejecting or binning pending comments changes no public page: cached pages stay cached."""
        spam = [make_comment(article=self.jamnews, body=f"Buy followers {n}") for n in range(2)]
        self.client.get(JAMNEWS)
        self.moderate("mark_spam", *spam)
        self.moderate("reject", *spam)
        assert self.client.get(JAMNEWS)["X-Cache"] == "hit"
        assert set(Comment.objects.filter(pk__in=[c.pk for c in spam]).values_list("status", flat=True)) == {
            Comment.Status.REJECTED
        }

    def test_taking_down_a_published_comment_shows_at_once(self):
        """Rejecting a comment readers could see (alone or among pending ones) empties the cache."""
        shown = make_comment(article=self.jamnews, body="Shown until now", status=Comment.Status.APPROVED)
        pending = make_comment(article=self.jamnews, body="Never shown")
        assert "Shown until now" in self.client.get(JAMNEWS).content.decode()
        self.moderate("reject", pending, shown)
        assert Comment.objects.get(pk=shown.pk).status == Comment.Status.REJECTED
        response = self.client.get(JAMNEWS)
        assert response["X-Cache"] == "miss" and "Shown until now" not in response.content.decode()

    def test_logged_in_users_never_get_a_cached_page(self):
        self.client.get("/")
        self.client.force_login(self.editor)
        response = self.client.get("/")
        assert "X-Cache" not in response

    def test_an_import_shows_at_once(self):

        self.client.get("/articles/")
        with tempfile.TemporaryDirectory() as directory:
            (Path(directory) / "new.txt").write_text("A Brand New Report From Ganja\n\nIt happened.\n")
            call_command(
                "import_seeds", directory, "--status", "published", "--no-gazetteer", stdout=StringIO()
            )
        assert "A Brand New Report From Ganja" in self.client.get("/articles/").content.decode()


class CachedFormTests(TestCase):
    """A cached article page hands every reader their own CSRF token and a fresh time stamp."""

    @classmethod
    def setUpTestData(cls):
        import_published_seeds()

    def test_a_comment_posted_from_a_cached_page_is_accepted(self):
        Client().get(JAMNEWS)  # someone else's visit fills the cache
        reader = Client(enforce_csrf_checks=True)
        page = reader.get(JAMNEWS)
        assert page["X-Cache"] == "hit"
        html = page.content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        issued = re.search(r'name="issued" value="([^"]+)"', html).group(1)
        assert "__newsroom" not in token + issued
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(forms, "MIN_SECONDS", 0)
            response = reader.post(
                JAMNEWS,
                {
                    "csrfmiddlewaretoken": token,
                    "issued": issued,
                    "author_name": "A",
                    "body": "B",
                    "website": "",
                },
            )
        assert response.status_code == 302, response.content.decode()[:500]
        assert Comment.objects.filter(body="B", status=Comment.Status.PENDING).exists()

    def test_a_cached_page_hands_out_tokens_as_django_does(self):
        """A new reader gets a new secret as their cookie; every page masks it afresh (Django unmasks it)."""
        Client().get(JAMNEWS)
        reader = Client()
        tokens = []
        for _ in range(2):
            page = reader.get(JAMNEWS)
            assert page["X-Cache"] == "hit"
            tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1])
            secret = reader.cookies[settings.CSRF_COOKIE_NAME].value
            assert len(tokens[-1]) == CSRF_TOKEN_LENGTH and tokens[-1].isalnum()
            assert _unmask_cipher_token(tokens[-1]) == secret
        assert tokens[0] != tokens[1]
        other = Client().get(JAMNEWS).cookies[settings.CSRF_COOKIE_NAME].value
        assert other != secret

    def test_token_letters_are_equally_likely(self):
        """Each byte below 248 stands for one letter, four bytes a letter; the 8 above are drawn again."""
        letters = csrf.random_letters(248, source=lambda count: bytes(range(256)))
        assert Counter(letters) == {letter: 4 for letter in CSRF_ALLOWED_CHARS.encode()}

        reads = iter([b"\xff" * 40, bytes(range(40))])
        assert csrf.random_letters(32, source=lambda count: next(reads)) == CSRF_ALLOWED_CHARS[:32].encode()

    def test_a_reader_back_days_later_gets_a_form_that_still_posts(self):
        """A browser revalidates its copy of a page with the form (ETag); days later, when the copy's time
        stamp has expired, it gets the page again, not 304 and the dead form; and a form sent back with
        errors carries a fresh stamp, so the reader can send it again."""
        reader = Client(enforce_csrf_checks=True)
        page = reader.get(JAMNEWS)
        assert reader.get(JAMNEWS, HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 304

        later = time.time() + forms.MAX_AGE + 60
        with mock.patch("time.time", return_value=later):
            again = reader.get(JAMNEWS, HTTP_IF_NONE_MATCH=page["ETag"])
            assert again.status_code == 200
            stamp = signing.loads(field_value(again, "issued"), salt=_SALT)
            assert later - stamp["at"] < 1

            old = {
                "csrfmiddlewaretoken": field_value(page, "csrfmiddlewaretoken"),
                "issued": field_value(page, "issued"),  # a tab left open for days
                "author_name": "A",
                "body": "Back after a while.",
                "website": "",
            }
            refused = reader.post(JAMNEWS, old)
            assert refused.status_code == 400 and "open too long" in refused.content.decode()
        with mock.patch("time.time", return_value=later + forms.MIN_SECONDS + 1):
            sent_again = old | {"issued": field_value(refused, "issued")}
            assert reader.post(JAMNEWS, sent_again).status_code == 302
        assert Comment.objects.filter(body="Back after a while.").exists()

    def test_each_hit_gets_a_fresh_time_stamp(self):
        Client().get(JAMNEWS)
        time.sleep(1.1)
        html = Client().get(JAMNEWS).content.decode()

        issued = signing.loads(re.search(r'name="issued" value="([^"]+)"', html).group(1), salt=_SALT)
        assert time.time() - issued["at"] < 1


def field_value(response, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', response.content.decode()).group(1)


def require_redis(url: str = REDIS_URL) -> str:
    """The Redis at url, emptied for a test. CI has one, so there its absence fails the test."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        client.flushdb()
    except redis.RedisError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is not answering at {url}; CI needs it for the cache tests")
        pytest.skip(f"no Redis at {url} (under CI=true this fails instead)")
    return url


@override_settings(
    CACHES={"default": {"BACKEND": "newsroom.cache_backends.RedisCache", "LOCATION": REDIS_URL}}
)
class RedisCacheTests(TestCase):
    """The same page cache against the Redis on this machine, as production runs it (REDIS_URL)."""

    @classmethod
    def setUpTestData(cls):
        import_published_seeds()

    def setUp(self):
        require_redis()

    def test_hit_and_invalidation_through_redis(self):
        assert self.client.get("/cases/")["X-Cache"] == "miss"
        assert self.client.get("/cases/")["X-Cache"] == "hit"
        editor = Client()
        editor.force_login(make_editor())
        case = Article.objects.first()
        with self.captureOnCommitCallbacks(execute=True):
            editor.post(
                reverse("admin:articles_article_changelist"),
                {"action": "feature", "_selected_action": [case.pk]},
            )
        assert self.client.get("/cases/")["X-Cache"] == "miss"

    def test_one_client_serves_every_call(self):
        """The backend keeps its Redis client (Django's makes one a call); in threads too (each thread
        has its own cache object, as Django gives it)."""

        def round_trip(n):
            cache.set(f"test-thread-{n}", n)
            clients = {id(cache._cache.get_client(write=write)) for write in (True, False)}
            return cache.get(f"test-thread-{n}"), clients

        with ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(round_trip, range(64)))
        assert [value for value, _ in results] == list(range(64))
        assert all(len(clients) == 1 for _, clients in results)
        assert len(set().union(*(clients for _, clients in results))) <= 4

    def test_rate_limits_count_in_redis(self):
        assert [rate_limited(key="test-redis", limit=2, window=60) for _ in range(3)] == [False, False, True]
