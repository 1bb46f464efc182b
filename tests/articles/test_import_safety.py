"""The import under hostile input and concurrent runs: never a traceback, never a duplicate."""

import json
import threading
from pathlib import Path

from django.db import connection
from django.test import TransactionTestCase

from articles.importing.importer import PageImporter
from articles.models import Article, Note
from tests.articles.test_import import import_seeds, refuse_file

BLNS = json.loads((Path(__file__).parent.parent / "data" / "blns.json").read_text())


def test_every_naughty_string_as_a_files_body_is_imported_or_refused_cleanly(db, tmp_path):
    """The Big List of Naughty Strings, each alone and each under a title: a record or a one-line refusal."""
    paths = []
    for number, string in enumerate(BLNS):
        alone = tmp_path / f"alone_{number:03}.txt"
        alone.write_text(string, encoding="utf-8", errors="surrogatepass")
        titled = tmp_path / f"titled_{number:03}.txt"
        titled.write_text(
            f"A Headline Above A Naughty String\n\n{string}\n", encoding="utf-8", errors="surrogatepass"
        )
        paths += [alone, titled]

    status, out, err = import_seeds(tmp_path, "--no-gazetteer")

    assert "Traceback" not in err
    failures = [line for line in err.splitlines() if line.startswith(str(tmp_path))]
    assert all(": " in line and "\n" not in line for line in failures)
    failed = {Path(line.split(": ", 1)[0]).name for line in failures}
    imported = set(Article.objects.values_list("source_file", flat=True))
    assert failed | imported == {p.name for p in paths}
    assert not failed & imported
    reasons = {Path(line.split(": ", 1)[0]).name: line.split(": ", 1)[1] for line in failures}
    for number in range(len(BLNS)):
        # Under a title, a body is refused only as control characters or as holding no sentence at all.
        name = f"titled_{number:03}.txt"
        refusal = reasons.get(name, "")
        assert name in imported or refusal.startswith(("binary file", "no article text")), (name, refusal)
    assert status == (1 if failed else 0)


class ConcurrentImportTests(TransactionTestCase):
    """Two imports of the same file at the same moment make one article: the database refuses the second."""

    def test_no_duplicate_article(self):
        path = Path(__file__).parent.parent.parent / "seeds" / "000_4189745ffa2a61c4.txt"
        start = threading.Barrier(2)
        errors = []

        def run():
            try:
                importer = PageImporter()
                start.wait()
                [(_, report)] = importer.import_files([path])  # as import_seeds writes it
                assert report.outcome in {"created", "unchanged"}
            except Exception as error:  # noqa: BLE001 - any failure in a thread is the test's failure
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert errors == []
        assert Article.objects.filter(source_file=path.name).count() == 1
        assert Article.objects.get().comments.count() == 4


def test_each_file_is_its_own_transaction(transactional_db, tmp_path, monkeypatch):
    """A file the database refuses mid-write leaves nothing of itself, and the files before and after land."""
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"Headline Of File {name}\n\nUpdate 1/2/19: noted.\n\nBody.\n")
    refuse_file(monkeypatch, "b.txt")
    status, _, err = import_seeds(tmp_path, "--no-gazetteer")
    assert status == 1
    assert f"{tmp_path / 'b.txt'}: the database refused it: disk full" in err
    assert sorted(Article.objects.values_list("source_file", flat=True)) == ["a.txt", "c.txt"]
    assert Note.objects.count() == 2
