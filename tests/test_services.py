"""Services own every change readers see: each keeps updated_at, logs in the admin's history (bulk too),
and names what changed to the page cache, so the cached page changes right after the service runs."""

import datetime

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Comment
from articles.services import (
    article_feature,
    article_publish,
    article_unfeature,
    article_withdraw,
    comment_moderate,
)
from people.models import NameSuggestion
from people.services import (
    suggestion_accept_as_alias,
    suggestion_accept_as_organization,
    suggestion_accept_as_organization_alias,
    suggestion_accept_as_person,
    suggestions_dismiss,
)
from tests.factories import (
    make_article,
    make_comment,
    make_editor,
    make_moderator,
    make_organization,
    make_person,
)

AN_HOUR_AGO = timezone.now() - datetime.timedelta(hours=1)


class ServiceTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_editor()
        cls.shown = make_article(title="Shown story", status=Article.Status.PUBLISHED)

    def cached(self, url):
        """Fetch url twice as a reader, so it is in the page cache."""
        self.client.get(url)
        assert self.client.get(url)["X-Cache"] == "hit"

    def run_service(self, service, **kw):
        with self.captureOnCommitCallbacks(execute=True):
            return service(**kw)

    def assert_fresh(self, url, *, shows=None, hides=None):
        response = self.client.get(url)
        assert response["X-Cache"] == "miss", f"{url} was served from the cache after the change"
        page = response.content.decode()
        assert shows is None or shows in page
        assert hides is None or hides not in page

    def assert_logged(self, records, message):
        for record in records:
            entries = LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(record),
                object_id=str(record.pk),
                user=self.editor,
            )
            entry = entries.latest("action_time")
            assert message in entry.get_change_message(), entry.get_change_message()


class ArticleServiceTests(ServiceTestCase):
    def old(self, **kw):
        article = make_article(**kw)
        Article.objects.filter(pk=article.pk).update(updated_at=AN_HOUR_AGO)  # as if saved an hour ago
        return Article.objects.get(pk=article.pk)

    def test_publish_shows_at_once_logs_and_moves_updated_at(self):
        """Publishing two articles: both in the list at once, each logged, each updated_at moved."""
        drafts = [self.old(title="First out"), self.old(title="Second out")]
        self.cached("/en/articles/")
        self.run_service(article_publish, articles=drafts, user=self.editor)
        self.assert_fresh("/en/articles/", shows="Second out")
        self.assert_logged(drafts, "Published.")
        assert all(a.updated_at > AN_HOUR_AGO for a in Article.objects.filter(pk__in=[d.pk for d in drafts]))

    def test_withdraw_shows_the_reason_at_once(self):
        article = self.old(title="Soon withdrawn", status=Article.Status.PUBLISHED, body="Old words.")
        self.cached(article.get_absolute_url())
        self.run_service(
            article_withdraw, articles=[article], user=self.editor, reason="The source recanted."
        )
        self.assert_fresh(article.get_absolute_url(), shows="The source recanted.", hides="Old words.")
        self.assert_logged([article], "Withdrawn: The source recanted.")
        assert Article.objects.get(pk=article.pk).updated_at > AN_HOUR_AGO

    def test_feature_and_unfeature_show_at_once(self):
        """The home page leads with a featured article as soon as it is featured, and stops when it is not."""
        lead = self.old(title="Lead story", status=Article.Status.PUBLISHED, published_at=AN_HOUR_AGO)
        self.cached("/en/")
        self.run_service(article_feature, articles=[lead], user=self.editor)
        self.assert_fresh("/en/")
        assert Article.objects.get(pk=lead.pk).featured
        assert Article.objects.get(pk=lead.pk).updated_at > AN_HOUR_AGO
        self.assert_logged([lead], "Featured on the home page.")
        self.cached("/en/")
        self.run_service(article_unfeature, articles=[lead], user=self.editor)
        self.assert_fresh("/en/")
        self.assert_logged([lead], "No longer featured.")

    def test_the_admin_actions_go_through_the_services(self):
        """Feature in the admin's list: saved (updated_at), logged, and the home page fresh."""
        article = self.old(title="Featured from the list", status=Article.Status.PUBLISHED)
        self.cached("/en/")
        editor = Client()
        editor.force_login(self.editor)
        with self.captureOnCommitCallbacks(execute=True):
            editor.post(
                reverse("admin:articles_article_changelist"),
                {"action": "feature", "_selected_action": [article.pk]},
            )
        self.assert_fresh("/en/")
        self.assert_logged([article], "Featured on the home page.")
        assert Article.objects.get(pk=article.pk).updated_at > AN_HOUR_AGO

    def test_saving_a_draft_in_the_admin_keeps_the_cache(self):
        draft = make_article(title="Work in progress")
        self.cached("/en/")
        editor = Client()
        editor.force_login(self.editor)
        form = {
            "title": "Work in progress, second go", "slug": draft.slug, "status": "draft",
            "comments_open": "on",
            "notes-TOTAL_FORMS": "0", "notes-INITIAL_FORMS": "0",
        }  # fmt: skip
        with self.captureOnCommitCallbacks(execute=True):
            response = editor.post(reverse("admin:articles_article_change", args=[draft.pk]), form)
        assert response.status_code == 302
        assert Article.objects.get(pk=draft.pk).title == "Work in progress, second go"
        assert self.client.get("/en/")["X-Cache"] == "hit"


class AdminSaveTests(ServiceTestCase):
    """Admin saves and deletes name their records to the cache: no request is taken as a sign of change."""

    def post_as_editor(self, url, data):
        editor = Client()
        editor.force_login(self.editor)
        with self.captureOnCommitCallbacks(execute=True):
            response = editor.post(url, data)
        assert response.status_code == 302

    def test_deleting_a_published_article_shows_at_once(self):
        self.cached("/en/articles/")
        self.post_as_editor(
            reverse("admin:articles_article_changelist"),
            {"action": "delete_selected", "_selected_action": [self.shown.pk], "post": "yes"},
        )
        self.assert_fresh("/en/articles/", hides="Shown story")

    def test_renaming_a_person_shows_at_once(self):
        person = make_person(name="Afgan Mukhtarli", slug="afgan-mukhtarli")
        self.cached(person.get_absolute_url())
        form = {
            "name": "Afgan Sadigov", "slug": person.slug, "bio": "", "born_on_precision": "day",
            "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0",
            "affiliations-TOTAL_FORMS": "0", "affiliations-INITIAL_FORMS": "0",
            "cases-TOTAL_FORMS": "0", "cases-INITIAL_FORMS": "0",
            "slug_redirects-TOTAL_FORMS": "0", "slug_redirects-INITIAL_FORMS": "0",
        }  # fmt: skip
        self.post_as_editor(reverse("admin:people_person_change", args=[person.pk]), form)
        self.assert_fresh(person.get_absolute_url(), shows="Afgan Sadigov")


class CommentModerationTests(ServiceTestCase):
    def setUp(self):
        self.moderator = make_moderator()

    def test_approving_shows_at_once_and_logs_each(self):
        comments = [make_comment(article=self.shown, body=f"Worth reading {n}") for n in range(2)]
        page = self.shown.get_absolute_url()
        self.cached(page)
        self.run_service(
            comment_moderate, comments=comments, status=Comment.Status.APPROVED, user=self.editor
        )
        self.assert_fresh(page, shows="Worth reading 1")
        self.assert_logged(comments, "Marked approved.")
        for comment in Comment.objects.filter(pk__in=[c.pk for c in comments]):
            assert comment.moderated_by == self.editor and comment.moderated_at is not None

    def test_rejecting_a_shown_comment_shows_at_once(self):
        shown = make_comment(article=self.shown, body="Seen until now", status=Comment.Status.APPROVED)
        page = self.shown.get_absolute_url()
        self.cached(page)
        self.run_service(comment_moderate, comments=[shown], status=Comment.Status.REJECTED, user=self.editor)
        self.assert_fresh(page, hides="Seen until now")

    def test_turning_away_unseen_comments_keeps_the_cache(self):
        spam = [make_comment(article=self.shown, body=f"Buy followers {n}") for n in range(3)]
        page = self.shown.get_absolute_url()
        self.cached(page)
        self.run_service(comment_moderate, comments=spam, status=Comment.Status.SPAM, user=self.editor)
        assert self.client.get(page)["X-Cache"] == "hit"
        self.assert_logged(spam, "Marked spam.")

    def test_a_comment_already_so_is_left_alone(self):
        approved = make_comment(article=self.shown, status=Comment.Status.APPROVED)
        changed = self.run_service(
            comment_moderate, comments=[approved], status=Comment.Status.APPROVED, user=self.editor
        )
        assert changed == [] and not LogEntry.objects.exists()


class SuggestionServiceTests(ServiceTestCase):
    def suggest(self, name, **kw):
        return NameSuggestion.objects.create(article=self.shown, name=name, **kw)

    def test_accepting_as_a_person_shows_at_once(self):
        suggestion = self.suggest("Bahruz Samadov")
        self.cached(self.shown.get_absolute_url())
        person = self.run_service(suggestion_accept_as_person, suggestion=suggestion, user=self.editor)
        self.assert_fresh(self.shown.get_absolute_url(), shows="Bahruz Samadov")
        self.assert_logged([suggestion], f"Accepted as {person}.")

    def test_accepting_as_an_alias_shows_at_once(self):
        person = make_person(name="Igbal Abilov")
        suggestion = self.suggest("Iqbal Abilov")
        self.cached(person.get_absolute_url())
        self.run_service(suggestion_accept_as_alias, suggestion=suggestion, person=person, user=self.editor)
        self.assert_fresh(person.get_absolute_url(), shows="Iqbal Abilov")

    def test_accepting_as_an_organization_shows_at_once(self):
        suggestion = self.suggest("Abzas Media", kind=NameSuggestion.Kind.ORGANIZATION)
        self.cached(self.shown.get_absolute_url())
        self.run_service(suggestion_accept_as_organization, suggestion=suggestion, user=self.editor)
        self.assert_fresh(self.shown.get_absolute_url(), shows="Abzas Media")

    def test_accepting_as_an_organization_alias_shows_at_once(self):
        organization = make_organization(name="Toplum TV")
        suggestion = self.suggest("Toplum Television", kind=NameSuggestion.Kind.ORGANIZATION)
        self.cached(organization.get_absolute_url())
        self.run_service(
            suggestion_accept_as_organization_alias,
            suggestion=suggestion,
            organization=organization,
            user=self.editor,
        )
        self.assert_fresh(organization.get_absolute_url(), shows="Toplum Television")

    def test_dismissing_keeps_the_cache_and_logs(self):
        suggestion = self.suggest("Nobody In Particular")
        self.cached("/en/")
        self.run_service(
            suggestions_dismiss, suggestions=NameSuggestion.objects.filter(pk=suggestion.pk), user=self.editor
        )
        assert self.client.get("/en/")["X-Cache"] == "hit"
        self.assert_logged([suggestion], "Dismissed.")
