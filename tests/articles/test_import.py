"""import_seeds end to end: the seeds land linked; re-runs, dry runs and bad files change nothing."""

import datetime
import json
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, OperationalError, connection
from django.test import TestCase

from articles.importing.importer import PageImporter
from articles.models import Article, Comment
from articles.text import comment_html
from people.models import Alias, Case, NameSuggestion, Person

SEEDS = Path(settings.BASE_DIR) / "seeds"
JAMNEWS = "000_4189745ffa2a61c4.txt"
FPB = "002_d306e7c63f12955b.txt"


def import_seeds(*args, **options):
    """Run the command; returns (exit status, stdout, stderr)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_seeds", *map(str, args), stdout=out, stderr=err, **options)
        status = 0
    except CommandError as error:
        err.write(str(error))
        status = error.returncode
    return status, out.getvalue(), err.getvalue()


def refuse_file(monkeypatch, name: str, error: str = "disk full") -> None:
    """Make the database refuse the file of this name every time it is written (as a full disk would),
    part-way through: after its article, at its notes."""
    notes = PageImporter._notes

    def refusing(self, report, created):
        if report.source_name == name:
            raise DatabaseError(error)
        return notes(self, report, created)

    monkeypatch.setattr(PageImporter, "_notes", refusing)


def row_counts():
    """Rows in every table of the newsroom's apps, many-to-many links included."""
    counts = {}
    for app in ("articles", "people"):
        for model in apps.get_app_config(app).get_models():
            counts[model._meta.label] = model.objects.count()
            for m2m in model._meta.local_many_to_many:
                counts[m2m.remote_field.through._meta.label] = m2m.remote_field.through.objects.count()
    return counts


class SeedImportTests(TestCase):
    """What a fresh import of the two seeds must give editors."""

    @classmethod
    def setUpTestData(cls):
        status, cls.out, cls.err = import_seeds()
        assert status == 0, cls.err
        cls.jamnews = Article.objects.get(source_file=JAMNEWS)
        cls.fpb = Article.objects.get(source_file=FPB)

    def test_two_draft_articles_holding_their_raw_text(self):
        assert Article.objects.count() == 2
        assert self.jamnews.status == Article.Status.DRAFT and self.jamnews.published_at is None
        assert self.jamnews.raw_text == (SEEDS / JAMNEWS).read_text()
        assert len(self.jamnews.source_sha256) == 64

    def test_four_approved_imported_comments_in_order_the_first_by_vart_adjemian(self):
        comments = list(self.jamnews.comments.all())
        assert len(comments) == 4
        assert comments[0].author_name == "Vart Adjemian"
        assert [c.author_name for c in comments[1:]] == ["", "", ""]
        assert comments[1].body.startswith("GB,")
        assert all(c.status == Comment.Status.APPROVED and c.imported for c in comments)
        assert comments[1].body_html == str(comment_html(comments[1].body))
        assert comments[1].body_html.startswith("<p>GB,</p>")

    def test_update_note_dated_2019_01_23(self):
        [note] = self.jamnews.notes.all()
        assert (note.kind, note.date) == ("update", datetime.date(2019, 1, 23))

    def test_dateline_standfirst_caption_and_publication(self):
        assert self.jamnews.dateline_place == "Baku"
        assert self.jamnews.standfirst == "This was the largest protest rally to take place in recent years"
        assert self.jamnews.photo_credit == "JAMNews"
        assert self.jamnews.publication.name == "JAMNews"
        assert self.fpb.publication.name == "Foreign Policy Blogs"
        # JAMNews states no date, but its Update 01/23/19 note bounds it: January 2019. FPB states none.
        assert self.jamnews.source_date_iso == "2019-01"
        assert (self.fpb.source_published_on, self.fpb.source_date_precision) == (None, "")

    def test_karl_rahder_is_the_byline_with_his_bio(self):
        [author] = self.fpb.byline.all()
        assert author.name == "Karl Rahder"
        assert author.bio.startswith("Karl Rahder has written on the South Caucasus")
        assert "Great Decisions" not in self.fpb.body

    def test_mehman_huseynov_and_his_case_are_linked(self):
        assert self.jamnews.people.filter(name="Mehman Huseynov").exists()
        assert self.jamnews.cases.filter(slug="mehman-huseynov").exists()
        hunger_strike = Case.objects.get(slug="mehman-huseynov").events.get(kind="hunger_strike_start")
        assert list(hunger_strike.source_articles.all()) == [self.jamnews]

    def test_the_rest_of_the_gazetteer_is_linked(self):
        assert set(self.fpb.people.values_list("name", flat=True)) == {
            "Khadija Ismayilova", "Ruslan Bashirli", "Elnur Israfilov", "Ilham Aliyev", "Eynullah Fatullayev",
        }  # fmt: skip
        assert {
            "Musavat",
            "Popular Front Party",
            "Amnesty International",
            "National Council of Democratic Forces",
        } <= set(self.jamnews.organizations.values_list("name", flat=True))
        assert {"National Democratic Institute", "Radio Free Europe/Radio Liberty", "Yeni Fikir"} <= set(
            self.fpb.organizations.values_list("name", flat=True)
        )

    def test_unknown_names_are_suggestions_not_people(self):
        assert list(NameSuggestion.objects.values_list("name", flat=True)) == ["Mammad Ibrahimli"]
        assert not Person.objects.filter(name="Mammad Ibrahimli").exists()

    def test_summary_line(self):
        assert "2 files: 2 created, 0 updated, 0 unchanged, 0 failed." in self.out


def test_the_seeds_misspelt_mention_alone_links_mehman_huseynov(db, tmp_path):
    """Seed 000 writes "Huysenov" once; that mention by itself links him, through the fuzzy matcher."""
    person = Person.objects.create(name="Mehman Huseynov", slug="mehman-huseynov")
    paragraph = next(line for line in (SEEDS / JAMNEWS).read_text().splitlines() if "Huysenov" in line)
    paragraph = paragraph.replace("Mehman Huseynov", "the blogger")
    assert "Huseynov" not in paragraph
    (tmp_path / "misspelt.txt").write_text(f"Rally In Baku For Jailed Blogger\n\n{paragraph}\n")
    status, _, err = import_seeds("--no-gazetteer", tmp_path / "misspelt.txt")
    assert status == 0, err
    assert list(Article.objects.get(source_file="misspelt.txt").people.all()) == [person]
    assert not Alias.objects.filter(name="Huysenov").exists()  # a link, not a silent new alias


def test_a_second_import_changes_nothing(db):
    import_seeds()
    before = row_counts()
    stamps = dict(Article.objects.values_list("pk", "updated_at"))
    status, out, _ = import_seeds("-v", "2")
    assert status == 0
    assert row_counts() == before
    assert dict(Article.objects.values_list("pk", "updated_at")) == stamps
    assert "2 unchanged" in out and f"{JAMNEWS}: unchanged" in out


def test_a_dry_run_writes_nothing_but_reports_everything(db):
    before = row_counts()
    status, out, err = import_seeds("--dry-run", "--json")
    assert status == 0, err
    assert row_counts() == before
    lines = [json.loads(line) for line in out.splitlines()]
    assert [Path(line["file"]).name for line in lines] == [JAMNEWS, FPB]
    assert set(lines[0]) == {
        "file", "title", "subtitle", "source_name", "byline", "dateline_place", "published", "update_notes",
        "photo_caption", "author_bio", "comment_count", "comments", "people_mentioned",
        "organizations_mentioned", "people_suggested", "organizations_suggested", "body", "source_date",
        "source_date_precision",
    }  # fmt: skip
    jamnews, fpb = lines
    assert (jamnews["source_date"], jamnews["source_date_precision"]) == ("2019-01", "month")
    assert (fpb["source_date"], fpb["source_date_precision"]) == (None, None)
    assert jamnews["comment_count"] == 4 and jamnews["comments"][0]["author"] == "Vart Adjemian"
    assert jamnews["source_name"] == "JAMNews" and jamnews["published"] is None
    assert "Mehman Huseynov" in jamnews["people_mentioned"]
    assert fpb["byline"] == ["Karl Rahder"] and fpb["people_suggested"] == ["Mammad Ibrahimli"]
    assert "Dry run, nothing written" in err


def test_json_needs_dry_run(db):
    status, _, err = import_seeds("--json")
    assert status == 1 and "--json goes with --dry-run" in err


def test_published_status_sets_the_publication_time(db):
    import_seeds("--status", "published")
    assert Article.objects.published().count() == 2


def test_verbosity_zero_prints_nothing(db):
    status, out, err = import_seeds("-v", "0")
    assert (status, out, err) == (0, "", "")


def test_a_changed_file_updates_its_article_but_keeps_the_editors_changes(db, tmp_path):
    path = tmp_path / JAMNEWS
    original = (SEEDS / JAMNEWS).read_text()
    path.write_text(original)
    import_seeds(path)
    article = Article.objects.get()
    article.title = "Thousands rally in Baku for jailed blogger Mehman Huseynov"  # the editor's headline
    article.save()

    path.write_text(original.replace("largest protest rally", "largest rally").replace("GB,", "GB:"))
    status, out, _ = import_seeds(path)
    assert status == 0
    article.refresh_from_db()
    assert Article.objects.count() == 1
    assert article.title == "Thousands rally in Baku for jailed blogger Mehman Huseynov"
    assert article.standfirst == "This was the largest rally to take place in recent years"
    assert f"{path}: kept the editor's title" in out
    assert "1 updated" in out
    assert article.comments.count() == 5  # the changed comment is added; nothing is deleted
    assert "GB:" in article.raw_text


BAD_FILES = {
    "empty.txt": (b"", "empty"),
    "blank.txt": (b" \n\t\r\n ", "empty"),
    "binary.txt": (b"Title\x00\x01\x02", "binary"),
    "controls.txt": (bytes(range(1, 9)) * 100, "binary"),
    "undecodable.txt": (b"Title \x81\x8d\x8f", "not UTF-8 and not cp1252"),
    "huge.txt": (b"Title\n\n" + b"word " * 300, "too large"),
    "untitled.txt": (b"\n...\n\n!!!\n", "no article text"),
    "menu.txt": (b"Home\nNews\nPolitics\nSport\nContact us\n", "no article text"),
    "comments-only.txt": (
        b"Leave a Reply\n\n  1. What a fine report this is, thank you.\n    Anna Smith\n",
        "only readers' comments",
    ),
}


def test_bad_files_are_reported_skipped_and_change_nothing(db, tmp_path):
    for name, (data, _) in BAD_FILES.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text("A Good Article About A Trial\n\nIt was fair.\n")
    status, out, err = import_seeds(tmp_path, "--max-bytes", "1000", "--no-gazetteer")
    assert status == 1
    for name, (_, reason) in BAD_FILES.items():
        [line] = [line for line in err.splitlines() if line.startswith(str(tmp_path / name))]
        assert reason in line
    assert list(Article.objects.values_list("source_file", flat=True)) == ["good.txt"]
    assert "10 files: 1 created, 0 updated, 0 unchanged, 9 failed." in out
    assert "9 of 10 files failed" in err


def test_a_missing_file_is_a_one_line_error(db, tmp_path):
    status, _, err = import_seeds(tmp_path / "nowhere.txt", "--no-gazetteer")
    assert status == 1
    assert f"{tmp_path / 'nowhere.txt'}: cannot read: No such file or directory" in err


def test_a_broken_gazetteer_is_named(db, tmp_path):
    (tmp_path / "gazetteer.json").write_text("{not json")
    status, _, err = import_seeds("--gazetteer", tmp_path / "gazetteer.json")
    assert status == 1
    assert f"{tmp_path / 'gazetteer.json'}: not valid JSON" in err
    assert Article.objects.count() == 0


GAZETTEER_FAULTS = {
    "an unknown person": {"cases": [{"person": "Nobody Known", "slug": "nobody-known"}]},
    "a bad date": {
        "people": [{"name": "Ann Author"}],
        "cases": [{"person": "Ann Author", "slug": "ann-author", "arrested_on": "2019-02-30"}],
    },
    "a 300-character name": {"people": [{"name": "N" * 300}]},
}


def test_a_faulty_gazetteer_is_one_line_naming_it(db, tmp_path):
    """Each fault is one line on stderr naming the gazetteer, never a traceback; nothing is loaded."""
    (tmp_path / "page.txt").write_text("Trial Of A Blogger Opens\n\nThe blogger spoke.")
    for fault, data in GAZETTEER_FAULTS.items():
        path = tmp_path / "gazetteer.json"
        path.write_text(json.dumps(data))
        status, _, err = import_seeds(tmp_path / "page.txt", "--gazetteer", path)
        assert status == 1, fault
        [line] = err.splitlines()
        assert line.startswith(f"{path}: "), fault
        assert not Person.objects.exists() and not Article.objects.exists(), fault


def test_a_connection_lost_mid_import_is_one_line_naming_the_file(db, tmp_path, monkeypatch):
    """A killed connection ends the run with one line, not a traceback nor a refusal for every file."""
    for number in range(3):
        (tmp_path / f"{number}.txt").write_text(f"Trial Number {number} Opens\n\nThe blogger spoke.")

    def killed(self, reports):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(PageImporter, "_write", killed)
    monkeypatch.setattr(connection, "is_usable", lambda: False)  # as a killed server leaves it
    status, _, err = import_seeds(tmp_path, "--no-gazetteer")
    assert status == 1
    assert err.splitlines() == [
        f"{tmp_path / '0.txt'} and the files after it: the database failed: "
        "terminating connection due to administrator command"
    ]


def test_cp1252_files_are_imported_and_the_fallback_is_said(db, tmp_path):
    (tmp_path / "old.txt").write_bytes("Musavat Leader Speaks In Baku\n\n“Quoted” — text.\n".encode("cp1252"))
    status, out, _ = import_seeds(tmp_path / "old.txt", "--no-gazetteer")
    assert status == 0
    assert "not UTF-8, read as cp1252" in out
    assert Article.objects.get().body == "“Quoted” — text."


def test_two_files_of_one_name_in_two_folders_are_two_articles(db, tmp_path):
    """Articles are keyed on the path within the folder imported: a/x.txt does not replace b/x.txt."""
    for folder, text in [
        ("a", "Trial Of A Blogger Opens\n\nThe blogger spoke."),
        ("b", "Editor Freed\n\nHe left."),
    ]:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(text)
    status, out, _ = import_seeds(tmp_path, "--no-gazetteer")
    assert status == 0
    assert "2 files: 2 created, 0 updated" in out
    bodies = dict(Article.objects.values_list("source_file", "body"))
    assert bodies == {"a/x.txt": "The blogger spoke.", "b/x.txt": "He left."}
    assert "2 files: 0 created, 0 updated, 2 unchanged" in import_seeds(tmp_path, "--no-gazetteer")[1]


def test_a_file_given_alone_and_the_seeds_are_keyed_on_their_names(db, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("Trial Of A Blogger Opens\n\nThe blogger spoke.")
    import_seeds(tmp_path / "a" / "x.txt", SEEDS / JAMNEWS, "--no-gazetteer")
    assert set(Article.objects.values_list("source_file", flat=True)) == {"x.txt", JAMNEWS}


def test_a_link_to_outside_the_folder_is_skipped_and_said(db, tmp_path):
    """A link to a settings file must not become an article; a link within the folder is a file like any."""
    folder, outside = tmp_path / "pages", tmp_path / "secret.txt"
    folder.mkdir()
    outside.write_text("Secret Settings File\n\nSECRET_KEY = 'do not publish'\n")
    (folder / "page.txt").write_text("Trial Of A Blogger Opens\n\nThe blogger spoke.")
    (folder / "settings.txt").symlink_to(outside)
    (folder / "again.txt").symlink_to(folder / "page.txt")
    status, out, err = import_seeds(folder, "--no-gazetteer")
    assert status == 1
    assert err.splitlines()[0] == f"{folder / 'settings.txt'}: a link to outside {folder}, skipped"
    assert sorted(Article.objects.values_list("source_file", flat=True)) == ["again.txt", "page.txt"]
    assert "3 files: 2 created, 0 updated, 0 unchanged, 1 failed." in out


def test_two_cyrillic_people_of_the_gazetteer_are_two_people(db, tmp_path):
    """Each keeps its own alias: a second name without Latin letters is not merged into the first."""
    people = [
        {"name": "Мехман Гусейнов", "aliases": ["Гусейнов"]},
        {"name": "Хадиджа Исмайлова", "aliases": ["Исмайлова"]},
    ]
    (tmp_path / "gazetteer.json").write_text(json.dumps({"people": people}))
    (tmp_path / "page.txt").write_text("Trial Of A Blogger Opens\n\nThe blogger spoke.")
    status, _, err = import_seeds(tmp_path / "page.txt", "--gazetteer", tmp_path / "gazetteer.json")
    assert status == 0, err
    aliases = dict(Person.objects.values_list("slug", "aliases__name"))
    assert aliases == {"mekhman-guseinov": "Гусейнов", "khadidzha-ismailova": "Исмайлова"}
