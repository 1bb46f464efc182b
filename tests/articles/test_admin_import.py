"""Import from the admin: pages uploaded (files or a zip) are previewed with the command's dry run, then
imported by the worker once an editor confirms; no name from the client is used as a path."""

import io
import json
import zipfile

from django.conf import settings
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from articles.models import Article, ImportBatch, ImportFile
from articles.tasks import import_batch
from tests.articles.test_import_batches import page
from tests.factories import make_editor, make_moderator, make_person

IMPORT_URL = reverse("admin:articles_article_import")


def upload(name, content):
    file = io.BytesIO(content.encode() if isinstance(content, str) else content)
    file.name = name
    return file


def zipped(entries):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return data.getvalue()


class AdminImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_editor()
        make_person(name="Mehman Huseynov", slug="mehman-huseynov")

    def setUp(self):
        self.client.force_login(self.editor)

    def preview(self, *files):
        answer = self.client.post(IMPORT_URL, {"pages": list(files)})
        self.assertEqual(answer.status_code, 302, answer.content[:2000])
        return ImportBatch.objects.get(), self.client.get(answer.url)

    def test_the_article_list_links_the_import_page(self):
        self.assertContains(self.client.get(reverse("admin:articles_article_changelist")), IMPORT_URL)
        self.assertContains(self.client.get(IMPORT_URL), 'type="file"')

    def test_a_preview_shows_each_files_parts_and_links_and_imports_nothing(self):
        batch, shown = self.preview(upload("appeal.txt", page(1)), upload("other.html", "<p>x</p>"))
        self.assertEqual(Article.objects.count(), 0)
        self.assertEqual(batch.status, ImportBatch.Status.PREVIEWED)
        self.assertContains(shown, "Court Hears Appeal Number 1")
        self.assertContains(shown, "Mehman Huseynov")  # a person linked
        self.assertContains(shown, "Anar Mammadli")  # a name suggested
        self.assertContains(shown, "2 comments")
        self.assertContains(shown, 'value="Import 1 page"', html=False)

    def test_the_preview_is_the_commands_dry_run(self):
        """Each file's preview is the import_seeds --dry-run --json line, less the text itself."""
        batch, _ = self.preview(upload("appeal.txt", page(1)))
        folder = settings.BASE_DIR / ".pytest-admin-import"
        folder.mkdir(exist_ok=True)
        try:
            (folder / "appeal.txt").write_text(page(1))
            out = io.StringIO()
            call_command(
                "import_seeds",
                str(folder / "appeal.txt"),
                "--dry-run",
                "--json",
                "--no-gazetteer",
                stdout=out,
            )
        finally:
            (folder / "appeal.txt").unlink()
            folder.rmdir()
        line = json.loads(out.getvalue())
        preview = batch.files.get().preview
        for key, value in line.items():
            if key not in {"file", "body", "comments", "author_bio"}:
                self.assertEqual(preview[key], value, key)

    def test_a_zip_gives_its_pages_by_their_own_names_and_refuses_the_rest_with_reasons(self):
        archive = zipped(
            {
                "folder/../../etc/appeal.txt": page(2),
                "notes/readme.md": "not a page",
                "big.txt": "x" * (5 * 1024 * 1024 + 1),
                "empty.htm": "",
            }
        )
        batch, shown = self.preview(upload("../pages.zip", archive))
        files = {f.name: f for f in batch.files.all()}
        self.assertEqual(set(files), {"appeal.txt", "readme.md", "big.txt", "empty.htm"})
        self.assertEqual(files["appeal.txt"].outcome, ImportFile.Outcome.WAITING)
        for name, reason in [("readme.md", "not a page"), ("big.txt", "too large"), ("empty.htm", "empty")]:
            self.assertEqual(files[name].outcome, ImportFile.Outcome.REFUSED)
            self.assertIn(reason, files[name].reason)
            self.assertContains(shown, reason)

    def test_a_name_twice_in_one_upload_is_refused_the_second_time(self):
        batch, _ = self.preview(upload("a/appeal.txt", page(1)), upload("b/appeal.txt", page(2)))
        self.assertEqual(
            sorted(batch.files.values_list("outcome", flat=True)), ["", ImportFile.Outcome.REFUSED]
        )

    def test_confirming_enqueues_the_import_and_the_worker_records_each_outcome(self):
        batch, _ = self.preview(upload("appeal.txt", page(3)), upload("notes.pdf", "%PDF"))
        url = batch.get_absolute_url()
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(url, {"confirm": "1"})
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportBatch.Status.QUEUED)
        self.assertContains(self.client.get(url), 'http-equiv="refresh"')
        queued = DBTaskResult.objects.get(task_path="articles.tasks.import_batch")
        self.assertEqual(queued.args_kwargs["args"], [batch.pk])
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(url, {"confirm": "1"})  # twice: still one import
        self.assertEqual(DBTaskResult.objects.filter(task_path="articles.tasks.import_batch").count(), 1)

        self.assertEqual(import_batch.call(batch.pk), {"created": 1})
        article = Article.objects.get()
        self.assertEqual((article.status, article.source_file), (Article.Status.DRAFT, "appeal.txt"))
        shown = self.client.get(url)
        self.assertNotContains(shown, 'http-equiv="refresh"')
        self.assertContains(shown, "Created")
        self.assertContains(shown, reverse("admin:articles_article_change", args=[article.pk]))
        self.assertContains(shown, "not a page")
        self.assertEqual(bytes(batch.files.get(name="appeal.txt").data), b"")

    @override_settings(FILE_UPLOAD_MAX_MEMORY_SIZE=10)
    def test_uploads_stay_in_memory_and_an_oversized_request_is_refused(self):
        with self.settings(FILE_UPLOAD_TEMP_DIR="/nonexistent-upload-dir"):
            self.preview(upload("appeal.txt", page(4)))  # a temporary file would fail here
        with self.settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000):
            answer = self.client.post(IMPORT_URL, {"pages": [upload("appeal.txt", page(5) * 10)]})
        self.assertEqual(answer.status_code, 400)

    def test_a_moderator_may_not_import(self):
        self.client.force_login(make_moderator())
        self.assertEqual(self.client.get(IMPORT_URL).status_code, 403)
        self.assertEqual(self.client.post(IMPORT_URL, {"pages": [upload("a.txt", page(6))]}).status_code, 403)
        self.assertEqual(ImportBatch.objects.count(), 0)

    def test_the_upload_needs_the_csrf_token(self):
        client = self.client_class(enforce_csrf_checks=True)
        client.force_login(self.editor)
        self.assertEqual(client.post(IMPORT_URL, {"pages": [upload("a.txt", page(7))]}).status_code, 403)
        self.assertEqual(ImportBatch.objects.count(), 0)
