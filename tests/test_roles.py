"""The staff groups made by the data migration, and what each may do."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.test import TestCase

from articles.models import Article
from newsroom.roles import EDITOR_APPS, EDITORS, MODERATORS
from tests.factories import make_article, make_editor, make_moderator


class GroupTests(TestCase):
    def test_editors_may_do_everything_with_every_newsroom_model(self):
        """A new model without a migration that updates the groups fails here."""
        expected = {
            f"{action}_{model._meta.model_name}"
            for app in EDITOR_APPS
            for model in apps.get_app_config(app).get_models()
            for action in ("add", "change", "delete", "view")
        }
        granted = set(Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True))
        assert expected <= granted, expected - granted

    def test_editors_do_not_manage_accounts(self):
        granted = Group.objects.get(name=EDITORS).permissions.all()
        assert not granted.filter(content_type__app_label="auth").exists()

    def test_moderators_may_change_comments_and_only_view_articles(self):
        granted = set(Group.objects.get(name=MODERATORS).permissions.values_list("codename", flat=True))
        assert {"view_comment", "change_comment", "view_article"} <= granted
        assert not granted & {"change_article", "add_article", "delete_article", "change_person"}
        assert Permission.objects.filter(codename="change_article").exists()


class ModeratorCannotChangeArticleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="Original title")
        cls.moderator = make_moderator()

    def test_moderator_sees_the_article_read_only(self):
        self.client.force_login(self.moderator)
        response = self.client.get(f"/admin/articles/article/{self.article.pk}/change/")
        assert response.status_code == 200
        assert b'name="title"' not in response.content
        assert b"Original title" in response.content

    def test_moderator_cannot_post_a_change(self):
        self.client.force_login(self.moderator)
        response = self.client.post(
            f"/admin/articles/article/{self.article.pk}/change/",
            {"title": "Changed", "slug": self.article.slug, "status": "draft"},
        )
        assert response.status_code == 403
        self.article.refresh_from_db()
        assert self.article.title == "Original title"

    def test_moderator_cannot_publish_with_an_action(self):
        self.client.force_login(self.moderator)
        self.client.post(
            "/admin/articles/article/",
            {"action": "publish", "_selected_action": [self.article.pk]},
        )
        self.article.refresh_from_db()
        assert self.article.status == Article.Status.DRAFT

    def test_editor_can_change_the_article(self):
        self.client.force_login(make_editor())
        response = self.client.post(
            f"/admin/articles/article/{self.article.pk}/change/",
            {
                "title": "Changed",
                "slug": self.article.slug,
                "status": "draft",
                "comments_open": "on",
                "notes-TOTAL_FORMS": "0",
                "notes-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        self.article.refresh_from_db()
        assert self.article.title == "Changed"
