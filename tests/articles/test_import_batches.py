"""Many files at once: written in batches of one INSERT a table, and still no file is ever half written."""

import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.importing import importer as importer_module
from articles.importing import reading
from articles.importing.importer import PageImporter
from articles.models import Article, Comment, Note, Publication
from people.models import NameSuggestion, Person
from tests.articles.test_import import import_seeds, refuse_file, row_counts
from tests.factories import make_article


def page(number, *, title=None, source="Turan", byline=True):
    """A seed-like page with a dateline, an update note, two comments and a byline with a bio."""
    author = "Ann Author\nAnn Author\n\nAnn Author has covered the courts of Baku for ten years.\n"
    return (
        f"{title or f'Court Hears Appeal Number {number}'}\n\n"
        "Update 1/23/19: The hearing was moved.\n\n"
        f"BAKU ({source})—Mehman Huseynov's lawyers spoke to Anar Mammadli outside the court.\n\n"
        "The appeal will be heard next month.\n\n"
        "  1. A reader's first comment.\n    Vart Adjemian\n"
        "  2. A reader's second comment.\n    Nina Petrova\n\n"
        "Leave a Reply\n\n" + (author if byline else "")
    )


def write_pages(folder, count, **kw):
    folder.mkdir(exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"{number:04}.txt"
        path.write_text(page(number, **kw), encoding="utf-8")
        paths.append(path)
    return paths


def queries_to_import(paths):
    importer = PageImporter()
    with CaptureQueriesContext(connection) as queries:
        results = list(importer.import_files(paths))
    assert all(report.outcome == "created" for _, report in results), results
    return len(queries)


def test_a_batch_of_new_files_costs_the_queries_of_one_file(db, tmp_path):
    """The work of a batch is a fixed number of statements, whatever the number of files in it."""
    Person.objects.create(name="Mehman Huseynov", slug="mehman-huseynov")
    Person.objects.create(name="Ann Author", slug="ann-author")
    Publication.objects.create(name="Turan")
    one = queries_to_import(write_pages(tmp_path / "one", 1))
    Article.objects.all().delete()
    Person.objects.update(bio="")  # both runs give the author a bio
    many = queries_to_import(write_pages(tmp_path / "many", importer_module.BATCH_SIZE))

    assert many == one
    assert Article.objects.count() == importer_module.BATCH_SIZE
    assert Comment.objects.filter(imported=True).count() == 2 * importer_module.BATCH_SIZE
    assert Note.objects.count() == importer_module.BATCH_SIZE
    assert Article.people.through.objects.count() == importer_module.BATCH_SIZE
    assert Article.byline.through.objects.count() == importer_module.BATCH_SIZE
    assert NameSuggestion.objects.filter(name="Anar Mammadli").count() == importer_module.BATCH_SIZE
    assert set(Article.objects.values_list("publication__name", flat=True)) == {"Turan"}


def test_more_files_than_a_batch_all_land_in_order(db, tmp_path, monkeypatch):
    monkeypatch.setattr(importer_module, "BATCH_SIZE", 3)
    paths = write_pages(tmp_path, 10)
    results = list(PageImporter().import_files(paths))
    assert [path for path, _ in results] == paths
    assert Article.objects.count() == 10
    assert Comment.objects.count() == 20


def test_files_sharing_a_title_get_numbered_slugs_around_taken_ones(db, tmp_path):
    make_article(title="Old", slug="same-title-2")
    make_article(title="Old", slug="same-title-4")
    paths = write_pages(tmp_path, 4, title="Same Title")
    list(PageImporter().import_files(paths))
    slugs = list(
        Article.objects.filter(source_file__endswith=".txt")
        .order_by("source_file")
        .values_list("slug", flat=True)
    )
    assert slugs == ["same-title", "same-title-3", "same-title-5", "same-title-6"]


def test_two_files_of_one_name_update_one_article_as_they_would_one_by_one(db, tmp_path):
    first, second = tmp_path / "a" / "page.txt", tmp_path / "b" / "page.txt"
    first.parent.mkdir()
    second.parent.mkdir()
    first.write_text(page(1))
    second.write_text(page(1, title="Court Hears Appeal, Corrected Title"))
    outcomes = [report.outcome for _, report in PageImporter().import_files([first, second])]
    assert outcomes == ["created", "updated"]
    assert Article.objects.get().title == "Court Hears Appeal, Corrected Title"
    assert Comment.objects.count() == 2


def test_a_refused_batch_is_written_again_file_by_file(transactional_db, tmp_path, monkeypatch):
    """The database refuses one file of a batch: the batch rolls back, the others land whole, one by one.

    What the rolled-back batch had created (a new publication, an author's bio) is created again, not
    remembered from the batch that no longer exists.
    """
    author = Person.objects.create(name="Ann Author", slug="ann-author")
    Publication.objects.create(name="Turan")
    paths = write_pages(tmp_path, 3, source="Turan")
    paths[2].write_text(page(2, source="Kavkaz Uzel", byline=False))
    refuse_file(monkeypatch, paths[1].name)
    status, _, err = import_seeds(tmp_path, "--no-gazetteer", verbosity=0)

    assert status == 1
    assert err.splitlines()[0] == f"{paths[1]}: the database refused it: disk full"
    assert sorted(Article.objects.values_list("source_file", flat=True)) == [paths[0].name, paths[2].name]
    assert sorted(Article.objects.values_list("publication__name", flat=True)) == ["Kavkaz Uzel", "Turan"]
    author.refresh_from_db()
    assert author.bio == "Ann Author has covered the courts of Baku for ten years."
    counts = row_counts()
    assert counts["articles.Note"] == 2 and counts["articles.Comment"] == 4
    assert counts["articles.Article_byline"] == 1


def test_many_files_are_read_in_worker_processes_with_the_same_result(db, tmp_path, monkeypatch):
    """Reading and linking in forked workers gives, line for line, what reading here gives."""
    Person.objects.create(name="Mehman Huseynov", slug="mehman-huseynov")
    for number in range(12):
        (tmp_path / f"{number:02}.txt").write_text(page(number, byline=number % 2 == 0))
    (tmp_path / "empty.txt").write_text("   \n")
    pools = []

    class CountedPool(reading.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(reading, "ProcessPoolExecutor", CountedPool)
    monkeypatch.setattr(reading.os, "cpu_count", lambda: 2)
    here = import_seeds(tmp_path, "--no-gazetteer", "--dry-run", "--json")
    assert pools == []
    monkeypatch.setattr(reading, "PARALLEL_FROM", 5)
    in_workers = import_seeds(tmp_path, "--no-gazetteer", "--dry-run", "--json")
    assert len(pools) == 1
    assert in_workers == here
    assert here[0] == 1 and len(here[1].splitlines()) == 12
    assert "empty.txt: empty" in here[2]


def test_an_unknown_author_is_suggested_once_when_a_refused_batch_is_written_again(
    transactional_db, tmp_path, monkeypatch
):
    """Writing a rolled-back batch again file by file must not trip over what the first tries added to
    a file's report (the byline's author, unknown, among its suggestions) or to the run's caches (a
    publication that the rollback took away)."""
    paths = write_pages(tmp_path, 2)
    refuse_file(monkeypatch, paths[0].name)
    status, _, err = import_seeds(tmp_path, "--no-gazetteer", verbosity=0)

    assert status == 1 and err.splitlines()[0] == f"{paths[0]}: the database refused it: disk full"
    assert Article.objects.get().publication.name == "Turan"  # made again after the rollbacks
    suggested = NameSuggestion.objects.filter(article__source_file=paths[1].name)
    assert sorted(suggested.values_list("name", "seen_as")) == [
        ("Anar Mammadli", "mention"),
        ("Ann Author", "byline"),
        ("Mehman Huseynov", "mention"),  # no gazetteer: nobody is known
    ]


def test_kept_bio_is_said_only_when_an_editor_changed_it(db, tmp_path):
    """A bio an earlier page gave, or the same bio spaced otherwise, is no editor's: nothing is said."""
    Person.objects.create(name="Ann Author", slug="ann-author")
    (tmp_path / "1.txt").write_text(page(1))
    (tmp_path / "2.txt").write_text(page(2).replace("for ten years.", "for a decade."))
    (tmp_path / "3.txt").write_text(page(3).replace("the courts of", "the  courts\nof"))
    _, out, _ = import_seeds(tmp_path, "--no-gazetteer", "--verbosity", "2")
    assert "kept the editor's" not in out
    assert Person.objects.get().bio == "Ann Author has covered the courts of Baku for ten years."

    Person.objects.update(bio="Ann Author, our court reporter.")
    (tmp_path / "1.txt").write_text(page(1, title="Court Hears An Appeal Again"))
    _, out, _ = import_seeds(tmp_path / "1.txt", "--no-gazetteer")
    assert f"{tmp_path / '1.txt'}: kept the editor's bio of Ann Author" in out
    assert Person.objects.get().bio == "Ann Author, our court reporter."


def test_two_cyrillic_publications_are_each_their_own(db, tmp_path):
    """Names without Latin letters get transliterated slugs, not one 'untitled' that a second one hits."""
    (tmp_path / "1.txt").write_text(page(1, source="Туран"))
    (tmp_path / "2.txt").write_text(page(2, source="Азадлыг"))
    status, out, err = import_seeds(tmp_path, "--no-gazetteer")
    assert status == 0, err
    assert "2 created" in out
    assert sorted(Publication.objects.values_list("slug", flat=True)) == ["azadlyg", "turan"]


READ_SLOWLY = """
import sys, time
from pathlib import Path
from articles.importing import reading
from articles.importing.linker import NameIndex

reading.os.cpu_count = lambda: 2  # one worker, however many cores
reader = reading.PageReader(
    index=NameIndex(), known_sites=frozenset(), dismissed=frozenset(), max_bytes=10**6
)
for _ in reading.read_all(reader, sorted(Path(sys.argv[1]).glob("*.txt")), names={}):
    print("read", flush=True)
    time.sleep(1)  # a slow writer: the workers are alive when it is killed
"""


def _descendants(pid: int) -> set[int]:
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, wanted = set(), {pid}
    while wanted:
        found |= wanted
        wanted = {child for child, parent in parents.items() if parent in wanted} - found
    return found - {pid}


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_workers_exit_when_the_import_is_killed(tmp_path):
    """kill -9 of an import leaves no worker process behind."""
    for number in range(500):
        (tmp_path / f"{number:03}.txt").write_text(f"Trial Number {number} Opens\n\nThe blogger spoke.\n")
    importer = subprocess.Popen(
        [sys.executable, "-c", READ_SLOWLY, str(tmp_path)], cwd=settings.BASE_DIR, stdout=subprocess.PIPE
    )
    try:
        assert importer.stdout.readline() == b"read\n"
        workers = _descendants(importer.pid)
        assert workers  # the fork server and its worker
    finally:
        importer.kill()
        importer.wait()
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in workers if _running(pid)]
