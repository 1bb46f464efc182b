"""A moderator turns a reader's comment into a private tip on a case: never published, kept for editors."""

from django.test import TestCase
from django.urls import reverse

from articles.models import Article, Comment, Tip
from tests.factories import make_article, make_case, make_comment, make_editor, make_moderator, make_person


class TipTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(status=Article.Status.PUBLISHED)
        cls.case = make_case(person=make_person(name="Mehman Huseynov", slug="mehman-huseynov"), slug="mh")
        cls.comment = make_comment(
            article=cls.article,
            body="I was in the same cell: he was beaten on 3 January.",
            author_name="Former cellmate",
            author_email="cellmate@example.org",
        )

    def test_the_action_asks_for_the_case_then_makes_a_private_tip(self):
        moderator = make_moderator()
        self.client.force_login(moderator)
        changelist = reverse("admin:articles_comment_changelist")
        asked = self.client.post(changelist, {"action": "to_tip", "_selected_action": [self.comment.pk]})
        assert asked.status_code == 200 and "The case it is about" in asked.content.decode()
        done = self.client.post(
            changelist, {"action": "to_tip", "_selected_action": [self.comment.pk], "case": self.case.pk}
        )
        assert done.status_code == 302
        tip = Tip.objects.get()
        assert (tip.case, tip.reader_email, tip.made_by) == (self.case, "cellmate@example.org", moderator)
        assert tip.text.startswith("I was in the same cell")
        self.comment.refresh_from_db()
        assert self.comment.status == Comment.Status.REJECTED  # never published

    def test_editors_see_it_on_the_case_readers_never_do(self):
        Tip.objects.create(case=self.case, text="Beaten on 3 January, secret", reader_email="c@example.org")
        self.client.force_login(make_editor())
        admin_page = self.client.get(
            reverse("admin:people_case_change", args=[self.case.pk])
        ).content.decode()
        assert "Beaten on 3 January, secret" in admin_page and "c@example.org" in admin_page
        self.client.logout()
        for url in [
            self.case.get_absolute_url(),
            self.case.person.get_absolute_url(),
            "/en/cases.json",
            "/en/cases.csv",
        ]:
            page = self.client.get(url).content.decode()
            assert "secret" not in page and "c@example.org" not in page, url
