"""Production's security settings, headers on real responses, and the admin's defences."""

import re

from django.core.cache import cache
from django.test import Client, TestCase, override_settings

from articles.models import Article, Comment
from tests.articles.test_comments import issued_for
from tests.factories import make_article, make_editor
from tests.html import structure_problems
from tests.test_pages import import_published_seeds, public_pages
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
        for path in ["/feeds/articles.rss", "/cases.json", "/cases.csv", "/sitemap.xml"]:
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
        self.client.post(article.get_absolute_url(), data, **extra)
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
        client.get(article.get_absolute_url())  # a reader with the CSRF cookie, as from the page
        for path in [article.get_absolute_url(), "/admin/login/"]:
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
