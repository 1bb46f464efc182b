"""Production's security settings, headers on real responses, and the admin's defences."""

import re
from unittest import mock

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase, override_settings

from articles.importing.reader import DEFAULT_MAX_BYTES
from articles.models import Article, Comment
from tests.articles.test_comments import issued_for
from tests.factories import make_article, make_editor
from tests.html import structure_problems
from tests.test_pages import import_published_seeds, public_pages, publish_an_edition
from tests.test_project import run_manage

PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "k3y-" + "x9Q!vT2#" * 8,
    "DJANGO_ALLOWED_HOSTS": "news.example",
}


def test_check_deploy_reports_nothing_with_debug_off():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_admin_url_is_configurable():
    script = "from django.urls import reverse; print(reverse('admin:index'))"
    result = run_manage("shell", "-c", script, NEWSROOM_ADMIN_URL="/newsroom-office/", **PRODUCTION)
    assert result.stdout.strip().splitlines()[-1] == "/newsroom-office/", result.stderr


def assert_protected(response, path):
    csp = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert csp["default-src"] == "'self'", path
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'", path
    assert csp["frame-ancestors"] == "'none'" and csp["form-action"] == "'self'", path
    assert "unsafe-inline" not in response["Content-Security-Policy"], path
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", path
    assert response["X-Content-Type-Options"] == "nosniff", path
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", path
    assert response["X-Frame-Options"] == "DENY", path


class SecurityHeaderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_published_seeds()
        publish_an_edition()
        cls.editor = make_editor()

    def assert_nothing_inline(self, html, path):
        assert not re.search(r"\sstyle=", html), path
        assert not re.search(r"\son[a-z]+=", html), path
        for attributes in re.findall(r"<script([^>]*)>", html):
            assert "src=" in attributes or 'type="application/ld+json"' in attributes, (path, attributes)

    def test_every_public_page(self):
        for path in public_pages():
            response = self.client.get(path)
            assert_protected(response, path)
            self.assert_nothing_inline(response.content.decode(), path)

    def test_the_admin(self):
        assert_protected(self.client.get("/admin/login/"), "/admin/login/")
        self.client.force_login(self.editor)
        for path in ["/admin/", "/admin/articles/article/", "/admin/articles/comment/"]:
            assert_protected(self.client.get(path), path)

    def test_feeds_and_data(self):
        for path in ["/en/feeds/articles.rss", "/en/cases.json", "/en/cases.csv", "/sitemap.xml"]:
            assert self.client.get(path)["X-Content-Type-Options"] == "nosniff", path


@override_settings(ADMIN_LOGIN_RATE_LIMIT=3)
class AdminLoginRateLimitTests(TestCase):
    def setUp(self):
        cache.clear()

    def test_too_many_attempts_get_429(self):
        make_editor()
        for _ in range(3):
            response = self.client.post("/admin/login/", {"username": "editor", "password": "wrong"})
            assert response.status_code == 200
        response = self.client.post(
            "/admin/login/", {"username": "editor", "password": "correct horse battery staple"}
        )
        assert response.status_code == 429
        assert "too many login attempts" in response.content.decode()
        assert "_auth_user_id" not in self.client.session

    def test_another_address_may_still_log_in(self):
        make_editor()
        for _ in range(4):
            self.client.post("/admin/login/", {"username": "editor", "password": "wrong"})
        response = self.client.post(
            "/admin/login/", {"username": "editor", "password": "correct horse battery staple"},
            REMOTE_ADDR="10.1.2.3",
        )  # fmt: skip
        assert response.status_code == 302


class ClientAddressTests(TestCase):
    def setUp(self):
        cache.clear()

    def post_comment(self, **extra):
        from articles.models import Article
        from tests.factories import make_article

        article = make_article(status=Article.Status.PUBLISHED)
        data = {"author_name": "A", "body": "B", "issued": issued_for(article), "website": ""}
        self.client.post(article.get_absolute_url() + "comment/", data, **extra)
        return Comment.objects.latest("pk")

    def test_addresses_are_stored_only_as_a_salted_hash(self):
        comment = self.post_comment(REMOTE_ADDR="203.0.113.7")
        assert "203.0.113.7" not in comment.client_hash and len(comment.client_hash) == 64
        with override_settings(NEWSROOM_CLIENT_SALT="another salt"):
            assert self.post_comment(REMOTE_ADDR="203.0.113.7").client_hash != comment.client_hash

    @override_settings(NEWSROOM_CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR")
    def test_behind_a_proxy_the_address_it_saw_counts(self):
        one = self.post_comment(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7")
        two = self.post_comment(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7")
        assert one.client_hash == two.client_hash


class UnreadableBodyTests(TestCase):
    """A body Django cannot read is the client's error: 400 with the usual headers, never a 500."""

    def test_a_form_post_in_an_unknown_charset_is_a_bad_request(self):
        article = make_article(status=Article.Status.PUBLISHED)
        client = Client(enforce_csrf_checks=True)
        comment = article.get_absolute_url() + "comment/"
        client.get(comment)  # a reader with the CSRF cookie, as from the form's page
        for path in [comment, "/admin/login/"]:
            response = client.generic(
                "POST",
                path,
                b"author_name=R%E9ader&body=x",
                content_type="application/x-www-form-urlencoded; charset=latin-1",
            )
            assert response.status_code == 400, path
            assert "Bad request" in response.content.decode(), path
            assert structure_problems(response.content.decode()) == [], path
            assert_protected(response, path)


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=64 * 1024)
class RequestSizeTests(TestCase):
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE is refused with 400 before anything is written."""

    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(status=Article.Status.PUBLISHED)

    def setUp(self):
        cache.clear()

    def test_an_oversized_form_post_is_a_bad_request(self):
        data = {"author_name": "R", "body": "x" * 100_000, "issued": issued_for(self.article), "website": ""}
        response = self.client.post(
            self.article.get_absolute_url() + "comment/",
            "&".join(f"{k}={v}" for k, v in data.items()),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 400
        assert "Bad request" in response.content.decode()  # refused unread, not by the comment form
        assert not Comment.objects.exists()

    @override_settings(FILE_UPLOAD_MAX_MEMORY_SIZE=1000)
    def test_uploads_are_never_written_to_disk_and_an_oversized_one_is_refused_unread(self):
        url = self.article.get_absolute_url() + "comment/"
        with mock.patch("django.core.files.uploadhandler.TemporaryUploadedFile") as temporary:
            big = self.client.post(url, {"body": "x", "file": SimpleUploadedFile("big.bin", b"\0" * 100_000)})
            self.client.post(url, {"body": "x", "file": SimpleUploadedFile("small.bin", b"\0" * 10_000)})
        assert big.status_code == 400
        assert "Bad request" in big.content.decode()
        temporary.assert_not_called()
        assert not Comment.objects.exists()


def test_the_admin_article_form_takes_the_longest_body_the_import_takes():
    """A page of DEFAULT_MAX_BYTES in Cyrillic is three times as long URL-encoded (%D0%9C a byte pair)."""
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE >= 3 * DEFAULT_MAX_BYTES
