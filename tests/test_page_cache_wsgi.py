"""The WSGI application gunicorn serves (newsroom/wsgi.py) answers cached pages before Django's handler,
with what Django sent on the miss, under the same rules as PublicPageCacheMiddleware and Varnish; and a
change made in one process is never hidden by a page another process holds."""

import contextlib
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import wsgiref.util
from unittest import mock

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import TestCase, override_settings

from articles.models import Article
from newsroom import caching
from tests.factories import make_article
from tests.test_caching import REDIS_URL, require_redis
from tests.test_serving import deployed, serving  # noqa: F401  # deployed is a fixture

# A database of its own: tests/test_serving.py empties 13, perhaps in another work tree at the same time.
PAGE_CACHE_REDIS_URL = REDIS_URL.rsplit("/", 1)[0] + "/12"
# What the server adds to every answer, or says of the cache itself.
# Django's own WSGI application, inside the page cache's.
DJANGO = "newsroom.wsgi.application.application"
NOT_FROM_THE_PAGE = {"X-Cache", "Date", "Server", "Connection", "Transfer-Encoding"}


@contextlib.contextmanager
def inside_the_test_transaction():
    """Django's handler closes the database connection at each request's start and end; the test client
    stops that too (django.test.client.ClientHandler), or the test's transaction would be lost."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def call(path, method="GET", **headers) -> tuple[str, dict, bytes]:
    """One request through newsroom.wsgi.application: (status, headers, body)."""
    # As a server sends it: the path's bytes as latin-1 (RequestFactory's environ is already Django's).
    address = urllib.parse.urlsplit(path)
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": urllib.parse.unquote_to_bytes(address.path).decode("iso-8859-1"),
        "QUERY_STRING": address.query,
        "HTTP_HOST": "testserver",
    } | headers
    wsgiref.util.setup_testing_defaults(environ)
    started = {}

    def start_response(status, response_headers):
        started.update(status=status, headers=dict(response_headers))

    from newsroom.wsgi import application  # not at collection: before conftest's collected static files

    with inside_the_test_transaction():
        answer = application(environ, start_response)
        body = b"".join(answer)
        getattr(answer, "close", lambda: None)()
    return started["status"], started["headers"], body


def passed_to_django():
    from newsroom.wsgi import application

    return mock.patch(DJANGO, wraps=application.application)


def django_never_called():
    return mock.patch(DJANGO, side_effect=AssertionError("went to Django"))


class WSGIPageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(status=Article.Status.PUBLISHED, title="Court frees four in Ganja")
        cls.path = cls.article.get_absolute_url()

    def test_a_hit_is_answered_before_django_with_everything_the_miss_sent(self):
        status, missed, page = call(self.path)
        assert (status, missed["X-Cache"]) == ("200 OK", "miss")
        assert "Court frees four in Ganja" in page.decode()
        with django_never_called():
            status, hit, again = call(self.path)
        assert (status, hit["X-Cache"], again) == ("200 OK", "hit", page)
        assert {k: v for k, v in hit.items() if k != "X-Cache"} == {
            k: v for k, v in missed.items() if k != "X-Cache"
        }
        for header in ["Content-Security-Policy", "X-Frame-Options", "Referrer-Policy",
                       "X-Content-Type-Options", "Cross-Origin-Opener-Policy", "ETag", "xkey"]:  # fmt: skip
            assert hit[header], header
        assert "s-maxage" in hit["Cache-Control"]

    def test_a_reader_whose_copy_is_current_gets_304_and_head_gets_headers_only(self):
        _status, missed, _page = call(self.path)
        call(self.path, "HEAD")
        with django_never_called():
            status, headers, body = call(self.path, HTTP_IF_NONE_MATCH=missed["ETag"])
            assert (status, body, headers["ETag"]) == ("304 Not Modified", b"", missed["ETag"])
            status, headers, body = call(self.path, "HEAD")
            assert (status, headers["X-Cache"], body) == ("200 OK", "hit", b"")
            assert headers["Content-Length"] == missed["Content-Length"]
        assert call(self.path, HTTP_IF_NONE_MATCH='"other"')[0] == "200 OK"

    def test_a_change_is_served_at_once(self):
        call(self.path)
        Article.objects.filter(pk=self.article.pk).update(title="Court frees five in Ganja")
        caching.keys_changed([f"article-{self.article.pk}"])
        status, headers, page = call(self.path)
        assert headers["X-Cache"] == "miss" and "Court frees five in Ganja" in page.decode()

    def test_a_lost_version_is_a_miss(self):
        call(self.path)
        caching.cache.delete(f"newsroom:xkey:article-{self.article.pk}")
        assert call(self.path)[1]["X-Cache"] == "miss"

    def test_sessions_messages_the_admin_and_posts_go_to_django_unlooked_for(self):
        call(self.path)
        for path, method, headers in [
            (self.path, "GET", {"HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}=abc"}),
            (self.path, "GET", {"HTTP_COOKIE": "messages=abc"}),
            (self.path, "POST", {}),
            ("/" + settings.ADMIN_URL + "login/", "GET", {}),
        ]:
            with passed_to_django() as django, mock.patch("newsroom.caching._look_up") as look_up:
                _status, answered, _page = call(path, method, **headers)
            assert django.called and "X-Cache" not in answered, (path, method, headers)
            look_up.assert_not_called()

    def test_tracking_parameters_are_the_same_page_and_never_reach_it(self):
        _status, _headers, page = call(self.path)
        with django_never_called():
            status, headers, again = call(self.path + "?utm_source=mail&fbclid=x&gclid=y")
        assert (headers["X-Cache"], again) == ("hit", page)
        call("/en/articles/?page=1")
        with django_never_called():
            assert call("/en/articles/?utm_source=mail&page=1")[1]["X-Cache"] == "hit"

    def test_django_reads_the_request_as_the_server_sent_it(self):
        """The layer's look at the request changes nothing Django reads: a path in another alphabet is
        decoded once, by Django (a 404 here, not a 500 from decoding it twice)."""
        assert call("/en/articles/%D0%B1%D0%B0%D0%BA%D1%8B/")[0] == "404 Not Found"

    def test_a_host_not_allowed_never_gets_a_cached_page(self):
        """Even a page once stored under that host (when it was allowed) is refused, as Django refuses it."""
        with override_settings(ALLOWED_HOSTS=["testserver", "evil.example"]):
            call(self.path, HTTP_HOST="evil.example")
            assert call(self.path, HTTP_HOST="evil.example")[1]["X-Cache"] == "hit"
        status, headers, _page = call(self.path, HTTP_HOST="evil.example")
        assert status.startswith("400") and "X-Cache" not in headers

    def test_static_files_are_not_looked_up(self):
        with mock.patch("newsroom.caching._look_up") as look_up:
            call(settings.STATIC_URL + "missing.css")
        look_up.assert_not_called()

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_page_cache_seconds_0_switches_it_off(self):
        call(self.path)
        assert "X-Cache" not in call(self.path)[1]


def fetch(url: str, method: str = "GET", **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def from_both_workers(url: str, log) -> list[tuple[int, dict, bytes]]:
    """Requests for url, each on a new connection, until both workers answered one (300 at most: under
    load one worker may take many in a row)."""
    answers = []
    logged = len(log.read_text().split())
    while len(answers) < 300:
        answers += [fetch(url) for _ in range(10)]
        if len(set(worker_pids(log, logged + len(answers))[logged:])) == 2:
            return answers
    raise AssertionError("one worker answered all 300 requests")


def worker_pids(log, requests: int) -> list[str]:
    """The pid of the worker that answered each request, once gunicorn logged them all."""
    for _ in range(500):  # a worker logs a request just after answering it
        pids = log.read_text().split()
        if len(pids) >= requests:
            return pids
        time.sleep(0.01)
    raise AssertionError(f"gunicorn logged {len(pids)} requests of {requests}")


def test_gunicorn_serves_hits_as_it_served_the_miss_and_every_worker_shows_a_change(deployed, tmp_path):  # noqa: F811
    """Two workers on Redis: hits carry the miss's headers and page; a change made by another process (the
    command line) is shown at once by whichever worker answers, though both held the old page."""
    environment, _home = deployed
    environment = environment | {"REDIS_URL": require_redis(PAGE_CACHE_REDIS_URL)}
    article = "/en/articles/thousands-protest-in-baku-to-demand-release-of-jailed-blogger/"
    log = tmp_path / "access.log"
    with serving(environment, "--access-logfile", str(log), "--access-logformat", "%(p)s") as site:
        site_article = site + article
        status, missed, page = fetch(site_article)
        assert (status, missed["X-Cache"]) == (200, "miss")
        for status, headers, body in from_both_workers(site_article, log):  # each worker keeps the page
            assert (status, headers["X-Cache"], body) == (200, "hit", page)
            assert {k: v for k, v in headers.items() if k not in NOT_FROM_THE_PAGE} == {
                k: v for k, v in missed.items() if k not in NOT_FROM_THE_PAGE
            }
        status, headers, body = fetch(site_article, "HEAD")
        assert (status, body) == (200, b"")
        assert fetch(site_article, **{"If-None-Match": missed["ETag"]})[0] == 304

        renamed = subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "--command",
             "from articles.models import Article; from newsroom.caching import records_changed; "
             f"article = Article.objects.get(slug='{article.rstrip('/').rsplit('/', 1)[1]}'); "
             "article.title = 'Renamed elsewhere'; article.save(); records_changed(article)"],
            cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True,
        )  # fmt: skip
        assert renamed.returncode == 0, renamed.stderr
        after = from_both_workers(site_article, log)
    assert all(b"Renamed elsewhere" in body for _status, _headers, body in after)
