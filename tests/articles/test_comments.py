"""Readers' comments: everything waits for a moderator, bots and floods are turned away, nothing is HTML."""

import time
from unittest import mock

from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import TestCase, override_settings
from django.utils import timezone

from articles.forms import _SALT, issued_for_article
from articles.models import Article, Comment
from tests.factories import make_article, make_comment


def issued_for(article, seconds_ago=10):
    return signing.dumps({"article": article.pk, "at": int(time.time()) - seconds_ago}, salt=_SALT)


class CommentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(
            title="Blogger freed",
            slug="blogger-freed",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now(),
        )

    def setUp(self):
        cache.clear()

    def post(self, article=None, **fields):
        article = article or self.article
        data = {"author_name": "Leyla", "author_email": "leyla@example.org", "body": "Free him now.",
                "issued": issued_for(article), "website": ""} | fields  # fmt: skip
        return self.client.post(article.get_absolute_url() + "comment/", data)

    def test_a_comment_waits_for_moderation_and_the_poster_is_told(self):
        response = self.post()
        assert response.status_code == 302
        assert response["Location"] == "/en/articles/blogger-freed/comment-pending/"
        assert "awaits moderation" in self.client.get(response["Location"]).content.decode()
        comment = Comment.objects.get()
        assert comment.status == Comment.Status.PENDING and not comment.imported
        assert len(comment.client_hash) == 64 and "127.0.0.1" not in comment.client_hash
        assert "Free him now." not in self.client.get(self.article.get_absolute_url()).content.decode()

    def test_an_approved_comment_is_shown_but_never_its_email(self):
        self.post()
        Comment.objects.update(status=Comment.Status.APPROVED)
        page = self.client.get(self.article.get_absolute_url()).content.decode()
        assert "Free him now." in page and "Leyla" in page
        assert "leyla@example.org" not in page

    def test_markup_is_shown_as_text_and_links_pass_no_reputation(self):
        body = '<script>alert("x")</script> <b>bold</b>\nsee https://example.org/page'
        make_comment(article=self.article, body=body, status=Comment.Status.APPROVED)
        page = self.client.get(self.article.get_absolute_url()).content.decode()
        assert "<script>alert" not in page and "<b>bold</b>" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
        assert '<a href="https://example.org/page" rel="nofollow ugc">' in page
        assert "<br>" in page

    def test_many_links_hold_the_comment_with_the_reason(self):
        self.post(body="http://a.example http://b.example www.c.example")
        assert Comment.objects.get().held_reason == "3 links"

    def test_honeypot_refuses_the_comment(self):
        response = self.post(website="http://spam.example")
        assert response.status_code == 400
        assert not Comment.objects.exists()

    def test_posted_too_fast_is_refused(self):
        response = self.post(issued=issued_for(self.article, seconds_ago=0))
        assert response.status_code == 400
        assert "too quick" in response.content.decode()
        assert not Comment.objects.exists()

    def test_a_form_from_long_ago_or_another_article_is_refused(self):
        assert self.post(issued=issued_for(self.article, seconds_ago=3 * 24 * 3600)).status_code == 400
        other = make_article(status=Article.Status.PUBLISHED)
        assert self.post(issued=issued_for(other)).status_code == 400
        assert self.post(issued="forged").status_code == 400
        assert not Comment.objects.exists()

    def test_the_time_stamp_is_signed_once_a_second_with_the_current_key(self):
        """One stamp for every reader of an article within a second; a new key signs a new one."""
        with mock.patch("articles.forms.time.time", return_value=1_800_000_000.5):
            first, again = issued_for_article(self.article.pk), issued_for_article(self.article.pk)
            with override_settings(SECRET_KEY="another-" + "k" * 50):
                rekeyed = issued_for_article(self.article.pk)
                assert signing.loads(rekeyed, salt=_SALT) == {"article": self.article.pk, "at": 1_800_000_000}
        with mock.patch("articles.forms.time.time", return_value=1_800_000_001.0):
            next_second = issued_for_article(self.article.pk)
        assert first == again and rekeyed != first
        assert signing.loads(first, salt=_SALT) == {"article": self.article.pk, "at": 1_800_000_000}
        assert signing.loads(next_second, salt=_SALT)["at"] == 1_800_000_001

    def test_invisible_text_is_not_a_comment(self):
        response = self.post(author_name="\u200b", body="\u200b\u200d\n\t")
        assert response.status_code == 400
        assert response.content.decode().count("Write something a reader can see.") == 2

    def test_control_characters_are_dropped_and_line_ends_made_lf(self):
        assert self.post(author_name="Ley\x1bla", body="Free\x0b him\r\nnow.\x7f").status_code == 302
        comment = Comment.objects.get()
        assert (comment.author_name, comment.body) == ("Leyla", "Free him\nnow.")

    def test_missing_name_and_overlong_body_are_field_errors(self):
        response = self.post(author_name="", body="x" * 5001)
        assert response.status_code == 400
        page = response.content.decode()
        assert "This field is required." in page
        assert "Ensure this value has at most 5000 characters" in page

    @override_settings(COMMENT_RATE_LIMIT=2)
    def test_too_many_comments_from_one_address_get_429(self):
        assert self.post().status_code == 302
        assert self.post().status_code == 302
        response = self.post()
        assert response.status_code == 429
        assert "Too many comments" in response.content.decode()
        assert Comment.objects.count() == 2

    @override_settings(COMMENT_RATE_LIMIT=2)
    def test_refused_and_overlong_comments_do_not_count_towards_the_limit(self):
        """Only comments taken count: a reader may correct a refused one, and a flood of huge ones is free."""
        for _ in range(3):
            assert self.post(author_name="").status_code == 400
            assert self.post(body="x" * 100_000).status_code == 400
        assert self.post().status_code == 302
        assert self.post().status_code == 302
        assert self.post().status_code == 429
        assert Comment.objects.count() == 2

    def test_closed_comments_have_no_form_and_refuse_posts(self):
        self.article.comments_open = False
        self.article.save()
        page = self.client.get(self.article.get_absolute_url()).content.decode()
        assert 'id="comment-form"' not in page and "Comments are closed" in page
        assert self.post().status_code == 403
        assert not Comment.objects.exists()

    def test_a_reply_is_shown_under_its_parent(self):
        parent = make_comment(article=self.article, body="First.", status=Comment.Status.APPROVED)
        self.post(parent=parent.pk, body="A reply.")
        reply = Comment.objects.get(body="A reply.")
        assert reply.parent == parent
        reply.status = Comment.Status.APPROVED
        reply.save()
        page = self.client.get(self.article.get_absolute_url()).content.decode()
        assert page.index("First.") < page.index("A reply.")
        assert 'class="comment reply"' in page

    def test_the_reply_link_opens_the_form_for_that_comment_on_a_page_never_cached(self):
        """The article page links each comment's Reply to the comment page, which holds the reader's CSRF
        token: that page, and only that one, is never cached."""
        parent = make_comment(article=self.article, body="First.", status=Comment.Status.APPROVED)
        article_page = self.client.get(self.article.get_absolute_url())
        assert "csrfmiddlewaretoken" not in article_page.content.decode()
        reply_url = f"/en/articles/blogger-freed/comment/?reply_to={parent.pk}"
        assert f'href="{reply_url}"' in article_page.content.decode()
        form_page = self.client.get(reply_url)
        html = form_page.content.decode()
        assert "no-store" in form_page["Cache-Control"] and "xkey" not in form_page
        assert 'name="csrfmiddlewaretoken"' in html and f'name="parent" value="{parent.pk}"' in html
        assert "Reply to" in html

    def test_a_reply_to_a_comment_not_approved_is_refused(self):
        pending = make_comment(article=self.article)
        assert self.post(parent=pending.pk).status_code == 400


class CommentThreadTests(TestCase):
    """Threads show exactly what they count: approved comments and approved replies to them, one level."""

    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(status=Article.Status.PUBLISHED)
        approved, rejected = Comment.Status.APPROVED, Comment.Status.REJECTED
        cls.first = make_comment(article=cls.article, body="First comment.", status=approved)
        cls.reply = make_comment(article=cls.article, parent=cls.first, body="A reply.", status=approved)
        # Written past the form and clean(), as an import or an old row may have them.
        make_comment(article=cls.article, parent=cls.reply, body="A reply to the reply.", status=approved)
        taken_down = make_comment(article=cls.article, body="Taken down.", status=rejected)
        make_comment(article=cls.article, parent=taken_down, body="Under a rejected one.", status=approved)

    def test_the_count_is_what_is_shown(self):
        page = self.client.get(self.article.get_absolute_url()).content.decode()
        assert "2 comments" in page
        assert page.count('<article class="comment') == 2
        assert "First comment." in page and "A reply." in page
        for hidden in ["A reply to the reply.", "Taken down.", "Under a rejected one."]:
            assert hidden not in page

    def test_a_reply_to_a_reply_is_refused(self):
        data = {"author_name": "Leyla", "body": "Me too.", "parent": self.reply.pk,
                "issued": issued_for(self.article), "website": ""}  # fmt: skip
        assert self.client.post(self.article.get_absolute_url() + "comment/", data).status_code == 400
        with self.assertRaisesMessage(ValidationError, "threads are one level deep"):
            Comment(article=self.article, parent=self.reply, body="Me too.").full_clean()
        other = make_comment(article=self.article, status=Comment.Status.APPROVED)
        self.first.parent = other
        with self.assertRaisesMessage(ValidationError, "This comment has replies"):
            self.first.full_clean()
