"""Comments copied from the source page are shown apart, never counted or marked up as our readers'."""

from django.test import TestCase
from django.urls import reverse

from articles.models import Article, Comment
from tests.factories import make_article, make_comment, make_publication


class SourceCommentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(
            status=Article.Status.PUBLISHED, publication=make_publication(name="JAMNews")
        )
        make_comment(
            article=cls.article, status=Comment.Status.APPROVED, body="Copied from JAMNews.", imported=True
        )
        cls.ours = make_comment(
            article=cls.article, status=Comment.Status.APPROVED, body="Our reader speaks."
        )

    def page(self):
        return self.client.get(self.article.get_absolute_url()).content.decode()

    def test_source_comments_are_apart_and_not_counted(self):
        page = self.page()
        assert "1 comment</h2>" in page
        assert "Comments on the original page at JAMNews" in page
        ours, theirs = page.index("Our reader speaks."), page.index("Copied from JAMNews.")
        assert ours < page.index("Comments on the original page") < theirs
        assert page.count('rel="nofollow">Report</a>') == 1  # only our reader's has the actions

    def test_they_can_be_hidden_for_an_article(self):
        Article.objects.filter(pk=self.article.pk).update(source_comments_shown=False)
        page = self.page()
        assert "Copied from JAMNews." not in page and "Comments on the original page" not in page
        assert "Our reader speaks." in page

    def test_each_of_our_comments_links_its_report_page(self):
        assert reverse("articles:comment-report", args=[self.ours.pk]) in self.page()
