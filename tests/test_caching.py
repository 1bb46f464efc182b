"""Readers get cached pages, and never a stale one after a change; a change empties only the pages that
show what changed, in Django's cache and, by an xkey purge, in Varnish."""

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, TestCase, override_settings
from django.urls import reverse

from articles.models import Article, Comment
from articles.services import article_publish
from articles.views import ArticleDetailView
from newsroom import caching
from newsroom.clients import rate_limited
from tests.factories import make_article, make_comment, make_editor, make_moderator
from tests.test_pages import import_published_seeds

JAMNEWS = "/en/articles/thousands-protest-in-baku-to-demand-release-of-jailed-blogger/"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


class PageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_published_seeds()
        cls.jamnews = Article.objects.get(source_file="000_4189745ffa2a61c4.txt")
        cls.editor = make_editor()

    def test_second_anonymous_request_is_a_hit_with_validators(self):
        first = self.client.get("/en/cases/")
        second = self.client.get("/en/cases/")
        assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
        assert second.content == first.content
        assert second["ETag"] == first["ETag"]
        assert "public" in second["Cache-Control"] and "must-revalidate" in second["Cache-Control"]
        for header in [
            "Content-Security-Policy",
            "X-Frame-Options",
            "Referrer-Policy",
            "X-Content-Type-Options",
        ]:
            assert second[header] == first[header], header  # a hit skips the middleware after the cache
        assert self.client.get("/en/cases/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    @override_settings(ALLOWED_HOSTS=["testserver", "127.0.0.1"])
    def test_each_host_gets_pages_that_name_it(self):
        """A request by another allowed host is cached apart: its address never reaches other readers."""
        first = self.client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:6666")
        assert b"http://127.0.0.1:6666/" in first.content
        second = self.client.get("/sitemap.xml")
        assert second["X-Cache"] == "miss"
        assert b"http://testserver/" in second.content
        assert b"127.0.0.1:6666" not in second.content

    def test_a_process_asks_only_for_the_versions_of_a_page_it_holds(self):
        """The copy a process keeps saves fetching the page again; the shared versions still decide."""
        self.client.get(JAMNEWS)
        with mock.patch("newsroom.caching.cache", wraps=cache) as spy:
            assert self.client.get(JAMNEWS)["X-Cache"] == "hit"
            assert [call[0] for call in spy.mock_calls] == ["get_many"]
            caching.keys_changed([f"article-{self.jamnews.pk}"])
            assert self.client.get(JAMNEWS)["X-Cache"] == "miss"
        assert self.client.get(JAMNEWS)["X-Cache"] == "hit"

    def test_tracking_parameters_are_one_page(self):
        """50 different ?utm_source= (and fbclid, gclid) values are one cache entry, with no trace of them."""
        with mock.patch("newsroom.caching.cache", wraps=cache) as spy:
            responses = [self.client.get("/en/people/", {"utm_source": f"campaign-{n}"}) for n in range(50)]
            responses.append(self.client.get("/en/people/", {"fbclid": "x", "gclid": "y", "utm_medium": "z"}))
        assert [r["X-Cache"] for r in responses] == ["miss"] + ["hit"] * 50
        stored = {call.args[0] for call in spy.mock_calls if call[0] == "set" and "page:" in call.args[0]}
        assert len(stored) == 1
        assert b"campaign-0" not in responses[0].content

    @override_settings(PAGE_CACHE_QUERY_VARIANTS=3)
    def test_only_so_many_pages_with_a_query_string_are_stored(self):
        """Random query strings cannot fill the cache: past the cap, pages are served but not stored."""
        responses = [self.client.get("/en/people/", {"x": n}) for n in range(5)]
        assert [r.status_code for r in responses] == [200] * 5
        assert [r.get("X-Cache") for r in responses] == ["miss"] * 3 + [None] * 2
        assert self.client.get("/en/people/", {"x": 0})["X-Cache"] == "hit"
        assert self.client.get("/en/people/", {"x": 4}).get("X-Cache") is None
        # A page with no query string is no variant.
        assert self.client.get("/en/people/")["X-Cache"] == "miss"

    def test_an_editors_change_in_the_admin_shows_at_once(self):
        assert "Thousands Protest" in self.client.get("/en/").content.decode()
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
        home = self.client.get("/en/")
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
        self.client.get("/en/articles/")
        self.edit_in_admin(draft, title="Draft, second go")
        assert self.client.get("/en/articles/")["X-Cache"] == "hit"
        self.edit_in_admin(draft, title="Now out", status="published")
        listing = self.client.get("/en/articles/")
        assert listing["X-Cache"] == "miss" and "Now out" in listing.content.decode()

    def test_unpublishing_an_article_shows_at_once(self):
        """Back to draft: the article leaves the public pages at once."""
        self.client.get("/en/articles/")
        self.edit_in_admin(self.jamnews, status="draft")
        listing = self.client.get("/en/articles/")
        assert listing["X-Cache"] == "miss" and self.jamnews.title not in listing.content.decode()

    def test_a_bulk_action_shows_at_once(self):
        self.client.get("/en/articles/")
        editor = Client()
        editor.force_login(self.editor)
        with self.captureOnCommitCallbacks(execute=True):
            editor.post(
                reverse("admin:articles_article_changelist"),
                {"action": "withdraw", "_selected_action": [self.jamnews.pk], "reason": "Sources recanted."},
            )
        assert self.jamnews.title not in self.client.get("/en/articles/").content.decode()

    def test_publishing_by_the_service_shows_at_once(self):
        """article_publish tells the cache itself, whoever calls it (not only the admin's requests)."""
        draft = make_article(title="Out from a command")
        assert self.client.get("/en/articles/")["X-Cache"] == "miss"
        with self.captureOnCommitCallbacks(execute=True):
            article_publish(articles=[draft], user=self.editor)
        listing = self.client.get("/en/articles/")
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

    def test_pages_name_the_records_they_show(self):
        """The xkey header: a detail page names its record and those it shows, a list its list, and every
        page "site" (for a change that no key names)."""
        person = self.jamnews.people.first()
        article = self.client.get(JAMNEWS)["xkey"].split()
        assert {f"article-{self.jamnews.pk}", f"person-{person.pk}", "site"} <= set(article)
        assert "csrfmiddlewaretoken" not in self.client.get(JAMNEWS).content.decode()
        assert self.client.get("/en/articles/")["xkey"].split() == ["articles", "site"]
        assert f"person-{person.pk}" in self.client.get(person.get_absolute_url())["xkey"].split()
        assert "xkey" not in self.client.get("/robots.txt")

    def test_a_change_empties_only_the_pages_that_show_it(self):
        """Approving a comment empties its article's page, not another article's nor the lists."""
        other = Article.objects.published().exclude(pk=self.jamnews.pk).first().get_absolute_url()
        pages = [JAMNEWS, other, "/en/articles/", "/en/"]
        for page in pages:
            self.client.get(page)
        pending = make_comment(article=self.jamnews, body="Awaiting approval")
        self.moderate("approve", pending)
        assert [self.client.get(page)["X-Cache"] for page in pages] == ["miss", "hit", "hit", "hit"]

    def test_a_person_renamed_empties_the_articles_that_name_them(self):
        person = self.jamnews.people.first()
        unrelated = make_article(status=Article.Status.PUBLISHED).get_absolute_url()
        pages = [person.get_absolute_url(), JAMNEWS, unrelated, "/en/people/", "/en/organizations/"]
        for page in pages:
            self.client.get(page)
        person.name = "Renamed Person"
        with self.captureOnCommitCallbacks(execute=True):
            person.save()
            caching.records_changed(person)
        assert [self.client.get(page)["X-Cache"] for page in pages] == ["miss", "miss", "hit", "miss", "hit"]
        assert "Renamed Person" in self.client.get(JAMNEWS).content.decode()

    def test_a_page_made_while_a_change_commits_is_not_stored_as_current(self):
        """The page reads the article before the change commits and its keys' versions after: stored, it
        would be served as current, without the change, until the next one."""
        view = ArticleDetailView.get_context_data

        def change_meanwhile(self, **kwargs):
            context = view(self, **kwargs)
            caching.keys_changed([f"article-{self.object.pk}"])  # another editor's change commits
            return context

        with mock.patch.object(ArticleDetailView, "get_context_data", change_meanwhile):
            assert "X-Cache" not in self.client.get(JAMNEWS)  # answered, not stored
        assert self.client.get(JAMNEWS)["X-Cache"] == "miss"  # made again, with the change
        assert self.client.get(JAMNEWS)["X-Cache"] == "hit"

    def test_a_cache_that_lost_a_key_version_serves_no_old_page(self):
        self.client.get(JAMNEWS)
        cache.delete(f"newsroom:xkey:article-{self.jamnews.pk}")
        assert self.client.get(JAMNEWS)["X-Cache"] == "miss"

    def test_logged_in_users_never_get_a_cached_page(self):
        self.client.get("/en/")
        self.client.force_login(self.editor)
        response = self.client.get("/en/")
        assert "X-Cache" not in response

    def test_an_import_shows_at_once(self):

        self.client.get("/en/articles/")
        with tempfile.TemporaryDirectory() as directory:
            (Path(directory) / "new.txt").write_text("A Brand New Report From Ganja\n\nIt happened.\n")
            with self.captureOnCommitCallbacks(execute=True):
                call_command(
                    "import_seeds", directory, "--status", "published", "--no-gazetteer", stdout=StringIO()
                )
        assert "A Brand New Report From Ganja" in self.client.get("/en/articles/").content.decode()

    def test_an_import_empties_only_the_pages_of_what_it_changed(self):
        """The import names the articles it wrote: an unchanged article's page stays cached."""
        with tempfile.TemporaryDirectory() as directory:
            (Path(directory) / "new.txt").write_text("A Report From Sumgait\n\nIt happened.\n")
            self.client.get(JAMNEWS)
            self.client.get("/en/articles/")
            with self.captureOnCommitCallbacks(execute=True):
                call_command(
                    "import_seeds", directory, "--status", "published", "--no-gazetteer", stdout=StringIO()
                )
        assert self.client.get(JAMNEWS)["X-Cache"] == "hit"
        assert self.client.get("/en/articles/")["X-Cache"] == "miss"


@override_settings(NEWSROOM_HTTP_CACHE_URL="http://127.0.0.1:9/")
class PurgeTests(TestCase):
    """Changes reach Varnish as xkey purges sent after the commit; a purge that fails is retried, logged
    and kept for the next one."""

    def setUp(self):
        cache.clear()

    def test_the_keys_are_purged_after_the_commit(self):
        article = make_article(status=Article.Status.PUBLISHED)
        comment = make_comment(article=article, status=Comment.Status.APPROVED)
        with mock.patch("urllib.request.urlopen") as urlopen:
            with self.captureOnCommitCallbacks(execute=False) as callbacks:
                caching.records_changed(comment)
            urlopen.assert_not_called()  # nothing before the commit
            for callback in callbacks:
                callback()
        request = urlopen.call_args.args[0]
        assert (request.method, request.full_url) == ("PURGE", "http://127.0.0.1:9/")
        assert request.get_header("Xkey-purge") == f"article-{article.pk}"

    def test_a_failed_purge_is_retried_logged_and_sent_with_the_next(self):
        with (
            mock.patch("newsroom.caching.time.sleep") as sleep,
            mock.patch("urllib.request.urlopen", side_effect=OSError("refused")) as urlopen,
            self.assertLogs("newsroom.caching", "ERROR") as logs,
        ):
            assert caching.purge(["article-1"]) is False
        assert urlopen.call_count == caching.PURGE_ATTEMPTS and sleep.call_count == caching.PURGE_ATTEMPTS
        assert "article-1" in logs.output[0]
        with mock.patch("urllib.request.urlopen") as urlopen:
            assert caching.purge(["person-2"]) is True
        assert urlopen.call_args.args[0].get_header("Xkey-purge") == "article-1 person-2"
        assert cache.get(caching.PENDING_PURGES) is None


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
        assert self.client.get("/en/cases/")["X-Cache"] == "miss"
        assert self.client.get("/en/cases/")["X-Cache"] == "hit"
        editor = Client()
        editor.force_login(make_editor())
        self.client.get("/en/")
        article = make_article(status=Article.Status.PUBLISHED)
        with self.captureOnCommitCallbacks(execute=True):
            editor.post(
                reverse("admin:articles_article_changelist"),
                {"action": "feature", "_selected_action": [article.pk]},
            )
        assert self.client.get("/en/")["X-Cache"] == "miss"
        assert self.client.get("/en/cases/")["X-Cache"] == "hit"  # shows no article

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
