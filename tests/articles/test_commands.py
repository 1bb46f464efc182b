"""create_editor (the newsroom app's) and the first import of the seed documents."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import TestCase

from articles.models import Article
from newsroom.roles import EDITORS


class CreateEditorTests(TestCase):
    def run_command(self, **env):
        out = StringIO()
        with pytest.MonkeyPatch.context() as patch:
            patch.delenv("NEWSROOM_EDITOR_PASSWORD", raising=False)
            for name, value in env.items():
                patch.setenv(name, value)
            call_command("create_editor", stdout=out)
        return out.getvalue()

    def test_generated_password_is_printed_once_and_works(self):
        output = self.run_command()
        password = output.split("password: ")[1].split()[0]
        user = authenticate(username="editor", password=password)
        assert user is not None and user.is_staff and not user.is_superuser
        assert user.groups.filter(name=EDITORS).exists()
        again = self.run_command()
        assert password not in again
        assert authenticate(username="editor", password=password) is not None

    def test_password_from_the_environment(self):
        self.run_command(NEWSROOM_EDITOR_PASSWORD="a long newsroom passphrase")
        assert authenticate(username="editor", password="a long newsroom passphrase") is not None
        assert get_user_model().objects.filter(username="editor").count() == 1


class SeedImportTests(TestCase):
    def test_import_keeps_raw_text_and_is_safe_to_rerun(self):
        call_command("import_seeds", stdout=StringIO())
        articles = list(Article.objects.order_by("source_file"))
        assert [a.source_file for a in articles] == ["000_4189745ffa2a61c4.txt", "002_d306e7c63f12955b.txt"]
        assert all(a.status == Article.Status.DRAFT for a in articles)
        assert "Vart Adjemian" in articles[0].raw_text
        assert articles[0].title == "Thousands Protest in Baku to Demand Release of Jailed Blogger"

        out = StringIO()
        call_command("import_seeds", stdout=out)
        assert Article.objects.count() == 2
        assert "2 unchanged" in out.getvalue()
