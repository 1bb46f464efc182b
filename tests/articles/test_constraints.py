"""The articles' invariants live in the database: raw writes that break them fail."""

import datetime

from django.db import IntegrityError, transaction
from django.test import TestCase
from django.utils import timezone

from articles.models import Article, Comment
from tests.factories import make_article, make_comment


class ArticleConstraintTests(TestCase):
    def assert_refused(self, **fields):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Article.objects.create(title="T", **fields)

    def test_published_article_needs_published_at(self):
        self.assert_refused(slug="a", status=Article.Status.PUBLISHED)

    def test_withdrawn_article_must_have_been_published(self):
        self.assert_refused(slug="b", status=Article.Status.WITHDRAWN)

    def test_slugs_are_unique(self):
        make_article(slug="same")
        self.assert_refused(slug="same")

    def test_one_article_per_source_file(self):
        make_article(source_file="000_seed.txt")
        self.assert_refused(slug="c", source_file="000_seed.txt")

    def test_many_articles_without_a_source_file(self):
        make_article(source_file="")
        make_article(source_file="")
        assert Article.objects.filter(source_file="").count() == 2

    def test_a_bulk_update_cannot_publish_without_a_time(self):
        article = make_article()
        with self.assertRaises(IntegrityError), transaction.atomic():
            Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)

    def test_publication_times_no_page_can_show_are_refused(self):
        for at in [
            datetime.datetime(1899, 12, 30, 23, tzinfo=datetime.UTC),
            datetime.datetime(3000, 1, 2, tzinfo=datetime.UTC),
        ]:
            self.assert_refused(slug="d", status=Article.Status.PUBLISHED, published_at=at)
        for at in [
            datetime.datetime(1899, 12, 31, tzinfo=datetime.UTC),
            datetime.datetime(3000, 1, 1, 23, tzinfo=datetime.UTC),
        ]:
            make_article(status=Article.Status.PUBLISHED, published_at=at)


class CommentConstraintTests(TestCase):
    """A reply stays on its parent's article: a trigger on SQLite, a composite foreign key on PostgreSQL."""

    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(status=Article.Status.PUBLISHED, published_at=timezone.now())
        cls.other = make_article(status=Article.Status.PUBLISHED, published_at=timezone.now())
        cls.parent = make_comment(article=cls.article)

    def test_reply_on_the_same_article_is_fine(self):
        reply = make_comment(article=self.article, parent=self.parent)
        assert list(self.parent.replies.all()) == [reply]

    def test_reply_on_another_article_is_refused(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            make_comment(article=self.other, parent=self.parent)

    def test_moving_a_reply_to_another_article_is_refused(self):
        reply = make_comment(article=self.article, parent=self.parent)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Comment.objects.filter(pk=reply.pk).update(article=self.other)

    def test_moving_a_parent_away_from_its_replies_is_refused(self):
        make_comment(article=self.article, parent=self.parent)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Comment.objects.filter(pk=self.parent.pk).update(article=self.other)

    def test_a_comment_cannot_reply_to_itself(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Comment.objects.filter(pk=self.parent.pk).update(parent=self.parent)

    def test_deleting_an_article_deletes_its_comments(self):
        make_comment(article=self.article, parent=self.parent)
        self.article.delete()
        assert not Comment.objects.filter(article_id=self.article.pk).exists()
