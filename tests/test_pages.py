"""Every public page on the seed data: 200, one <h1>, landmarks, labelled fields, valid HTML."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import TestCase
from django.urls import translate_url
from django.utils import translation

from articles.models import Article
from tests.html import structure_problems

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def import_published_seeds():
    from io import StringIO

    call_command("import_seeds", "--status", "published", stdout=StringIO())


def public_pages():
    """Every kind of public page, as the seed data gives it."""
    articles = [a.get_absolute_url() for a in Article.objects.order_by("source_file")]
    return [
        "/en/",
        "/en/articles/",
        "/en/articles/?person=mehman-huseynov&q=rally",
        *articles,
        f"{articles[0]}comment-pending/",
        "/en/people/",
        "/en/people/?role=journalist&has_case=false",
        "/en/people/mehman-huseynov/",
        "/en/people/karl-rahder/",
        "/en/organizations/",
        "/en/organizations/amnesty-international/",
        "/en/cases/",
        "/en/cases/?status=imprisoned&recognised_by=amnesty-international",
        "/en/cases/mehman-huseynov/",
        "/en/cases/ruslan-bashirli/",
        "/en/timeline/",
        "/en/timeline/?kind=arrest&organization=yeni-fikir",
        "/en/search/",
        "/en/search/?q=Guseynov",
        "/en/search/?q=prisoner+of+conscience",
        "/en/statistics/",
        "/en/statistics/?status=imprisoned&recognised_by=amnesty-international",
        "/en/lists/",
        "/en/lists/2019-01-01/",
        "/en/about/data/",
    ]


def publish_an_edition():
    """An edition of the list as of a day the seeds' prisoners were held, for public_pages() to visit."""
    import datetime

    from people.models import ListEdition
    from people.services import list_edition_publish
    from tests.factories import make_editor

    edition = ListEdition.objects.create(
        as_of=datetime.date(2019, 1, 1),
        title="Political prisoners, January 2019",
        intro="Drawn up from our cases.",
    )
    list_edition_publish(edition=edition, user=make_editor("list-editor"))


class PublicPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_published_seeds()
        publish_an_edition()

    def test_every_page_answers_with_one_h1_landmarks_and_labels(self):
        for path in public_pages():
            response = self.client.get(path)
            assert response.status_code == 200, path
            assert structure_problems(response.content.decode()) == [], path

    def test_list_filters_offer_any_not_dashes(self):
        """Every choice in a list's filters starts with "Any", as readers expect, never "---------"."""
        for path in ["/en/articles/", "/en/people/", "/en/organizations/", "/en/cases/"]:
            page = self.client.get(path).content.decode()
            selects = re.findall(r"<select[^>]*>\s*<option([^>]*)>([^<]*)</option>", page)
            assert selects, path
            assert all(text == "Any" and 'value=""' in attributes for attributes, text in selects), path
            assert "-----" not in page, path

    def test_404_page_is_in_the_sites_style(self):
        response = self.client.get("/no-such-page/")
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()
        assert structure_problems(response.content.decode()) == []

    def test_pages_are_valid_html(self):
        """The Nu HTML Checker (vnu-jar from npm, run with Java) finds no error on any page."""
        java = shutil.which("java")
        if not (java and VNU.exists()):
            if os.environ.get("CI") == "true":
                pytest.fail(f"the Nu HTML Checker is missing ({VNU}, java); `make install` runs npm ci")
            pytest.skip("the Nu HTML Checker is not installed (npm ci); under CI=true this fails instead")
        # The home page, an article, a person, a case and the statistics in Azerbaijani and Russian too.
        article = Article.objects.order_by("source_file").first().get_absolute_url()
        english = [
            "/en/",
            article,
            "/en/people/mehman-huseynov/",
            "/en/cases/mehman-huseynov/",
            "/en/statistics/",
        ]
        with translation.override("en"):
            translated = [translate_url(path, code) for code in ("az", "ru") for path in english]
        pages = public_pages() + translated + ["/no-such-page/"]
        directory = Path(self._tmpdir())
        files = []
        for number, path in enumerate(pages):
            file = directory / f"page{number:02}.html"
            file.write_bytes(self.client.get(path).content)
            files.append(str(file))
        result = subprocess.run(
            [java, "-jar", str(VNU), "--format", "json", "--stdout", *files], capture_output=True, text=True
        )
        messages = json.loads(result.stdout)["messages"]
        errors = [
            f"{pages[int(Path(m['url']).stem[4:])]}: {m['message']}"
            for m in messages
            if m["type"] in {"error", "non-document-error"} or m.get("subType") == "fatal"
        ]
        assert errors == []
        assert len(files) == len(pages)

    def _tmpdir(self):
        import tempfile

        directory = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, directory)
        return directory
