"""Comments close by themselves, editors' picks come first, and readers can report a comment."""

import datetime

from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Comment, CommentReport
from articles.services import comment_moderate
from tests.factories import make_article, make_comment, make_editor, make_moderator


class CommentClosingTests(TestCase):
    def article(self, days_ago, **kw):
        return make_article(
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - datetime.timedelta(days=days_ago),
            **kw,
        )

    @override_settings(COMMENTS_OPEN_DAYS=30)
    def test_comments_close_by_themselves_after_the_sites_days(self):
        assert self.article(days_ago=29).accepts_comments
        assert not self.article(days_ago=31).accepts_comments

    @override_settings(COMMENTS_OPEN_DAYS=30)
    def test_an_article_may_keep_them_open_longer_shorter_or_for_ever(self):
        assert self.article(days_ago=31, comments_open_days=60).accepts_comments
        assert not self.article(days_ago=3, comments_open_days=2).accepts_comments
        assert self.article(days_ago=3000, comments_open_days=0).accepts_comments

    @override_settings(COMMENTS_OPEN_DAYS=30)
    def test_a_closed_article_turns_a_post_away(self):
        article = self.article(days_ago=31)
        url = reverse("articles:comment", kwargs={"slug": article.slug})
        response = self.client.post(url, {"author_name": "x", "body": "y"})
        assert response.status_code == 403
        assert not Comment.objects.exists()


class CommentPickTests(TestCase):
    def test_editors_picks_come_first(self):
        article = make_article(status=Article.Status.PUBLISHED)
        first = make_comment(article=article, status=Comment.Status.APPROVED, body="First in time.")
        picked = make_comment(article=article, status=Comment.Status.APPROVED, body="The pick.")
        assert list(article.comments.shown()) == [first, picked]
        self.client.force_login(make_editor())
        self.client.post(
            reverse("admin:articles_comment_changelist") + "?moderation=approved",
            {"action": "feature", "_selected_action": [picked.pk]},
        )
        assert list(article.comments.shown()) == [picked, first]
        page = self.client.get(article.get_absolute_url()).content.decode()
        assert page.index("The pick.") < page.index("First in time.")


class CommentReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(status=Article.Status.PUBLISHED)
        cls.comment = make_comment(article=cls.article, status=Comment.Status.APPROVED, body="Hateful words.")

    def setUp(self):
        cache.clear()

    def report(self, comment=None, reason="abuse", **extra):
        url = reverse("articles:comment-report", args=[(comment or self.comment).pk])
        return self.client.post(url, {"reason": reason, "details": "Please look."}, **extra)

    def test_a_reader_reports_an_approved_comment_once(self):
        form = self.client.get(reverse("articles:comment-report", args=[self.comment.pk]))
        assert form.status_code == 200 and "no-cache" in form["Cache-Control"]
        assert "Hateful words." in form.content.decode()
        assert "Thank you" in self.report().content.decode()
        assert "already" in self.report(reason="spam").content.decode()
        assert CommentReport.objects.count() == 1
        assert self.report(REMOTE_ADDR="10.0.0.9").status_code == 200  # another reader
        assert CommentReport.objects.count() == 2

    def test_only_comments_readers_can_see_can_be_reported(self):
        pending = make_comment(article=self.article, status=Comment.Status.PENDING)
        assert self.report(comment=pending).status_code == 404
        draft = make_comment(article=make_article(), status=Comment.Status.APPROVED)
        assert self.report(comment=draft).status_code == 404

    @override_settings(COMMENT_REPORT_LIMIT=2)
    def test_reports_are_rate_limited(self):
        others = [make_comment(article=self.article, status=Comment.Status.APPROVED) for _ in range(3)]
        assert [self.report(comment=c).status_code for c in others] == [200, 200, 429]

    def test_reported_comments_come_back_to_a_queue_of_their_own_with_the_reasons(self):
        self.report()
        moderator = make_moderator()
        self.client.force_login(moderator)
        queue = self.client.get(reverse("admin:articles_comment_changelist") + "?moderation=reported")
        assert list(queue.context["cl"].result_list) == [self.comment]
        assert "Abuse, threats or hate" in queue.content.decode()
        comment_moderate(comments=[self.comment], status=Comment.Status.REJECTED, user=moderator)
        assert not CommentReport.objects.filter(resolved=False).exists()
        queue = self.client.get(reverse("admin:articles_comment_changelist") + "?moderation=reported")
        assert queue.context["cl"].result_count == 0
