"""The records' history: every change kept field by field (who, when, why, old and new values), bulk actions
and imports included; any two versions compared in the admin; a version restored; readers told "Updated"."""

import re
from pathlib import Path
from unittest import mock

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles.importing.importer import pages_import
from articles.importing.uploads import UploadedPage
from articles.models import Article, Comment, Note
from articles.services import article_feature, article_publish
from newsroom.history import first_versions
from people.models import Alias, Case, Person
from people.services import person_merge
from tests.factories import make_article, make_case, make_comment, make_editor, make_moderator, make_person

SHAPES = Path(__file__).parent / "data" / "pages" / "shapes"
# A page with a correction note and readers' comments.
PAGE = (
    (SHAPES / "comments-wordpress.txt")
    .read_text()
    .replace(
        "Mukhtarli, who had",
        "Correction 3 March 2018: An earlier version gave the wrong court.\n\nMukhtarli, who had",
    )
)


def _url(record, view, *args):
    return reverse(
        f"admin:{record._meta.app_label}_{record._meta.model_name}_{view}", args=[record.pk, *args]
    )


def _article_form(article, **fields):
    return {
        "title": article.title,
        "slug": article.slug,
        "body": article.body,
        "status": article.status,
        "comments_open": "on",
        "source_comments_shown": "on",
        "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
    } | fields


class EditorsChangesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_editor()

    def setUp(self):
        self.client.force_login(self.editor)

    def test_an_edit_in_the_admin_is_a_version_with_who_and_the_old_and_new_values(self):
        article = make_article(title="First title", body="The first body.")
        response = self.client.post(_url(article, "change"), _article_form(article, title="Second title"))
        assert response.status_code == 302
        newest, created = article.history.order_by("-history_id")[:2]
        assert (newest.history_type, newest.history_user) == ("~", self.editor)
        assert (created.history_type, created.history_user) == ("+", None)
        [change] = newest.diff_against(created).changes
        assert (change.field, change.old, change.new) == ("title", "First title", "Second title")

    def test_bulk_actions_leave_a_version_a_record_with_their_reason(self):
        articles = [make_article(), make_article()]
        changelist = reverse("admin:articles_article_changelist")
        self.client.post(changelist, {"action": "publish", "_selected_action": [a.pk for a in articles]})
        self.client.post(
            changelist,
            {"action": "withdraw", "_selected_action": [articles[0].pk], "reason": "Sources recanted."},
        )
        reasons = [
            list(
                a.history.order_by("history_id").values_list(
                    "history_change_reason", "status", "history_user"
                )
            )
            for a in articles
        ]
        assert reasons[0][1:] == [
            ("Published.", "published", self.editor.pk),
            ("Withdrawn: Sources recanted.", "withdrawn", self.editor.pk),
        ]
        assert reasons[1][1:] == [("Published.", "published", self.editor.pk)]

    def test_moderation_is_kept_with_the_moderator_and_never_the_commenters_email(self):
        moderator = make_moderator()
        comment = make_comment(author_email="reader@example.org")
        self.client.force_login(moderator)
        self.client.post(
            reverse("admin:articles_comment_changelist"),
            {"action": "approve", "_selected_action": [comment.pk]},
        )
        version = comment.history.latest()
        assert (version.status, version.history_user, version.history_change_reason) == (
            "approved",
            moderator,
            "Marked approved.",
        )
        assert version.prev_record.status == "pending"
        fields = {field.name for field in Comment.history.model._meta.fields}
        assert not fields & {"author_email", "client_hash", "commenter"}

    def test_merging_people_keeps_where_each_alias_and_case_came_from(self):
        target, source = make_person(name="Mehman Huseynov"), make_person(name="Mehman Guseynov")
        source_id = source.pk
        Alias.objects.create(person=source, name="Мехман Гусейнов")
        case = make_case(person=source)
        person_merge(source=source, target=target, user=self.editor)
        moved = Alias.objects.get(name="Мехман Гусейнов").history.latest()
        assert (moved.person_id, moved.history_change_reason) == (target.pk, "Merged from Mehman Guseynov.")
        assert moved.history_user == self.editor
        kept_name = Alias.objects.get(name="Mehman Guseynov").history.get()
        assert kept_name.history_change_reason == "Merged from Mehman Guseynov."
        case_version = Case.objects.get(pk=case.pk).history.latest()
        assert case_version.person_id == target.pk
        assert case_version.prev_record.person_id == source_id
        gone = Person.history.filter(id=source_id).latest()
        assert (gone.history_type, gone.history_change_reason) == ("-", "Merged into Mehman Huseynov.")


class ImportHistoryTests(TestCase):
    def test_an_import_gives_each_article_note_and_comment_a_first_version_and_says_who(self):
        editor = make_editor()
        [(_, report)] = pages_import([UploadedPage(name="jailed.txt", data=PAGE.encode())], user=editor)
        article = Article.objects.get(pk=report.article_id)
        assert article.notes.exists() and article.comments.exists()
        for record in [article, *article.notes.all(), *article.comments.all()]:
            version = record.history.get()
            assert (version.history_type, version.history_change_reason) == ("+", "Imported.")
            assert version.history_user == editor
        assert article.history.get().body == article.body

    def test_importing_a_changed_page_again_is_a_version_saying_so(self):
        pages_import([UploadedPage(name="jailed.txt", data=PAGE.encode())])
        changed = PAGE.replace("Six Years", "Seven Years").replace("six years", "seven years")
        pages_import([UploadedPage(name="jailed.txt", data=changed.encode())])
        article = Article.objects.get(source_file="jailed.txt")
        newest = article.history.latest()
        assert newest.history_change_reason == "Imported again from jailed.txt."
        changes = {change.field for change in newest.diff_against(newest.prev_record).changes}
        assert {"title", "body"} <= changes
        assert Note.history.filter(article_id=article.pk).count() == article.notes.count()

    def test_first_versions_are_written_once_for_rows_saved_in_bulk(self):
        [article] = Article.objects.bulk_create([Article(title="Bulk", slug="bulk")])
        assert not article.history.exists()
        rows = Article.objects.filter(pk=article.pk)
        assert first_versions(rows, reason="Recorded when the history began.") == 1
        assert first_versions(rows, reason="Again.") == 0
        assert article.history.get().title == "Bulk"


class CompareAndRestoreTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_editor()
        body = "\n\n".join(f"Paragraph {n} of the story, long enough to be read as prose." for n in range(12))
        cls.article = make_article(title="First title", body=body)
        cls.first = cls.article.history.get()
        cls.article.title = "Second title"
        cls.article.save()
        cls.article.body = body.replace("Paragraph 6 of", "Paragraph <six> of")
        cls.article.save()
        cls.second, cls.third = cls.article.history.order_by("history_id")[1:]

    def setUp(self):
        self.client.force_login(self.editor)

    def _compare(self, older, newer):
        url = _url(self.article, "history_compare")
        return self.client.get(url, {"older": older.pk, "newer": newer.pk})

    def test_the_history_page_offers_any_two_versions_to_compare(self):
        page = self.client.get(_url(self.article, "history")).content.decode()
        assert page.count('name="older"') == page.count('name="newer"') == 3
        assert reverse("admin:articles_article_history_compare", args=[self.article.pk]) in page

    def test_two_versions_apart_show_every_field_changed_and_the_lines_of_the_body(self):
        page = self._compare(self.first, self.third).content.decode()
        assert "2 fields changed" in page
        assert "First title" in page and "Second title" in page
        removed = re.search(r'<span class="removed">([^<]*)</span>', page).group(1)
        added = re.search(r'<span class="added">([^<]*)</span>', page).group(1)
        assert removed.startswith("-Paragraph 6 of") and added.startswith("+Paragraph &lt;six&gt; of")
        assert "Paragraph 11" not in page  # lines far from the change are not shown

    def test_the_versions_may_be_given_either_way_round(self):
        page = self._compare(self.third, self.first).content.decode()
        assert re.search(r"From the version of <strong>[^<]*</strong> \(created", page)

    def test_a_version_of_another_record_or_a_bad_number_is_not_found(self):
        other = make_article().history.get()
        assert self._compare(self.first, other).status_code == 404
        url = _url(self.article, "history_compare")
        assert self.client.get(url, {"older": "²", "newer": self.first.pk}).status_code == 404

    def test_restoring_a_version_saves_it_as_an_edit_that_empties_the_cached_pages(self):
        with mock.patch("newsroom.admin.records_changed") as told:
            response = self.client.post(
                _url(self.article, "simple_history", self.first.pk),
                _article_form(self.article, title="First title"),
            )
        assert response.status_code == 302
        self.article.refresh_from_db()
        assert self.article.title == "First title"
        newest = self.article.history.latest()
        assert newest.history_change_reason.startswith("Restored the version of ")
        assert newest.history_user == self.editor
        assert told.called

    def test_a_moderator_sees_an_articles_history_but_cannot_restore_it(self):
        self.client.force_login(make_moderator())
        page = self._compare(self.first, self.third)
        assert page.status_code == 200 and "Restore" not in page.content.decode()
        response = self.client.post(
            _url(self.article, "simple_history", self.first.pk),
            _article_form(self.article, title="First title"),
        )
        assert response.status_code == 403
        self.article.refresh_from_db()
        assert self.article.title == "Second title"


class UpdatedForReadersTests(TestCase):
    def test_readers_see_updated_only_when_the_text_changed_after_it_went_out(self):
        editor = make_editor()
        article = make_article(body="A draft.")
        article.body = "The story as it went out."
        article.save()  # an edit before it went out is no update
        with self.captureOnCommitCallbacks(execute=True):
            article_publish(articles=[article], user=editor)
            article_feature(articles=[article], user=editor)
        went_out = article.published_at
        page = self.client.get(article.get_absolute_url()).content.decode()
        assert "Updated" not in page
        self.client.force_login(editor)
        body = article.body + "\n\nHis lawyer said they would appeal."
        day, time = timezone.localtime(went_out).strftime("%Y-%m-%d %H:%M:%S").split()
        form = _article_form(article, body=body, featured="on", published_at_0=day, published_at_1=time)
        with self.captureOnCommitCallbacks(execute=True):  # the cached page is emptied once the edit commits
            assert self.client.post(_url(article, "change"), form).status_code == 302
        self.client.logout()
        page = self.client.get(article.get_absolute_url()).content.decode()
        today = timezone.localdate()
        shown = rf'Updated <time datetime="{today:%Y-%m-%d}T[^"]*">{today.day} {today:%B %Y}</time>'
        assert re.search(shown, page)
