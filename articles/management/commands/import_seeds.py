import json
from contextlib import nullcontext
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction

from articles.importing import SeedFormatError
from articles.importing.gazetteer import gazetteer_cite_sources, gazetteer_load, gazetteer_read
from articles.importing.importer import PageImporter
from articles.importing.reader import DEFAULT_MAX_BYTES
from articles.importing.reading import PAGE_SUFFIXES, Outcome
from articles.models import Article
from newsroom.caching import SITE, articles_changed, keys_changed

PROGRESS_BAR_FROM = 20  # files; fewer finish before a bar would help


class DryRun(Exception):
    """Raised to roll back everything a dry run wrote."""


class Command(BaseCommand):
    help = (
        "Import raw article pages (web pages flattened to plain text, or HTML): split each into its parts, "
        "link the people, organizations and cases it mentions, and keep the raw page. Loads "
        "seeds/gazetteer.json first. Safe to re-run: an unchanged file changes nothing, and an editor's "
        "changes are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="*",
            type=Path,
            help="Files (text pages, or HTML pages ending .html or .htm), or folders read recursively for "
            "*.txt, *.html and *.htm (default: seeds/).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and link, then roll back: write nothing."
        )
        parser.add_argument(
            "--json", action="store_true", help="With --dry-run: print one JSON object a line for each file."
        )
        parser.add_argument(
            "--status",
            choices=[Article.Status.DRAFT, Article.Status.PUBLISHED],
            default=Article.Status.DRAFT,
            help="Status of new articles (default: draft); published sets the publication time.",
        )
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=DEFAULT_MAX_BYTES,
            help="Refuse files larger than this (default: 5 MB).",
        )
        parser.add_argument(
            "--gazetteer",
            type=Path,
            default=settings.BASE_DIR / "seeds" / "gazetteer.json",
            help="People, organizations and cases to load before linking (default: seeds/gazetteer.json).",
        )
        parser.add_argument("--no-gazetteer", action="store_true", help="Do not load a gazetteer.")

    def handle(
        self, *args, paths, dry_run, json, status, max_bytes, gazetteer, no_gazetteer, verbosity, **options
    ):
        if json and not dry_run:
            raise CommandError("--json goes with --dry-run")
        if max_bytes < 1:
            raise CommandError("--max-bytes must be a positive number of bytes")
        self.verbosity = 0 if json else verbosity
        self.json = json
        self.counts = {"created": 0, "updated": 0, "unchanged": 0, "failed": 0}
        self.changed = []  # the ids of the articles created or updated
        files = self._files(paths or [settings.BASE_DIR / "seeds"])
        gazetteer_data = None if no_gazetteer else self._read_gazetteer(gazetteer)
        # No file is ever half written (see PageImporter.import_files); a dry run wraps the whole import in
        # one more transaction and rolls it back. A database that fails (its connection killed) ends the
        # run with a line naming what was being written.
        self.at = gazetteer
        try:
            with transaction.atomic() if dry_run else nullcontext():
                if gazetteer_data is not None:
                    created = gazetteer_load(data=gazetteer_data)
                    self._say(2, f"{gazetteer}: gazetteer loaded, {created} records added")
                importer = PageImporter(status=status, max_bytes=max_bytes)
                try:
                    self._import_all(importer, files)
                finally:
                    importer.close()
                self.at = gazetteer
                if gazetteer_data is not None:
                    gazetteer_cite_sources(data=gazetteer_data)
                if dry_run:
                    raise DryRun
        except SeedFormatError as error:  # only the gazetteer's: a page's is reported and skipped
            raise CommandError(f"{gazetteer}: {error}") from None
        except DatabaseError as error:
            raise CommandError(
                f"{self.at}: the database failed: {_first_line(error)}", returncode=1
            ) from None
        except DryRun:
            pass
        else:
            # Readers see what changed at once, not after the page caches expire: the articles created or
            # updated (with the pages of what they link to); a gazetteer may touch any person, case or
            # organization, so loading one empties every cache.
            if gazetteer_data is not None:
                keys_changed([SITE])
            else:
                articles_changed(self.changed)
        self._summarise(len(files) + self.links_refused, dry_run)

    def _read_gazetteer(self, path):
        try:
            return gazetteer_read(path)
        except SeedFormatError as error:
            raise CommandError(f"{path}: {error}") from None

    def _files(self, paths):
        """The files to import, each with its key: its path within the folder given, or a file's name.

        A file that is a link to outside its folder is refused here (a link to a settings file must not
        become an article); folders that are links are not entered (Path.rglob).
        """
        files, self.links_refused = {}, 0
        for path in paths:
            if not path.is_dir():
                files[path] = path.name
                continue
            folder = path.resolve()
            for file in sorted(
                p for p in path.rglob("*") if p.suffix.casefold() in PAGE_SUFFIXES and p.is_file()
            ):
                if file.is_symlink() and not file.resolve().is_relative_to(folder):
                    self._report(file, SeedFormatError(f"a link to outside {path}, skipped"))
                    self.links_refused += 1
                else:
                    files[file] = file.relative_to(path).as_posix()
        return files

    def _import_all(self, importer, files):
        progress = None
        if self.verbosity == 1 and len(files) >= PROGRESS_BAR_FROM and self.stdout.isatty():
            from tqdm import tqdm

            progress = tqdm(total=len(files), unit="file", file=self.stdout._out)
        waiting = list(files)
        self.at = f"{waiting[0]} and the files after it" if waiting else self.at
        for position, (path, outcome) in enumerate(importer.import_files(files.keys(), names=files), 1):
            self._report(path, outcome)
            if position < len(waiting):
                self.at = f"{waiting[position]} and the files after it"
            if progress is not None:
                progress.update()
        if progress is not None:
            progress.close()

    def _report(self, path, report):
        if isinstance(report, SeedFormatError):
            self.counts["failed"] += 1
            self.stderr.write(f"{path}: {report}")
            return
        if isinstance(report, DatabaseError):
            # Nothing of the file was written; the other files were.
            self.counts["failed"] += 1
            self.stderr.write(f"{path}: the database refused it: {_first_line(report)}")
            return
        self.counts[report.outcome] += 1
        if report.outcome in (Outcome.CREATED, Outcome.UPDATED):
            self.changed.append(report.article_id)
        if self.json:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
        if report.source.fell_back:
            self._say(1, f"{path}: not UTF-8, read as {report.source.encoding}", self.style.WARNING)
        self._say(2, self._describe(path, report))
        for name in report.kept:
            self._say(1, f"{path}: kept the editor's {name}", self.style.NOTICE)
        if self.verbosity >= 3:
            parsed = report.parsed
            self._say(3, f"  title: {parsed.title}")
            self._say(
                3,
                f"  parts: {len(parsed.body)} paragraphs, {len(parsed.notes)} notes, "
                f"{len(parsed.comments)} comments; byline: {', '.join(parsed.byline) or '-'}",
            )
            self._say(3, f"  people: {', '.join(report.people) or '-'}")
            self._say(3, f"  organizations: {', '.join(report.organizations) or '-'}")
            self._say(3, f"  suggested: {', '.join(report.suggestions) or '-'}")

    def _describe(self, path, report):
        found = f"{len(report.people)} people, {len(report.organizations)} organizations"
        return f"{path}: {report.outcome} ({found}, {len(report.suggestions)} suggested)"

    def _say(self, level, message, style=None):
        if self.verbosity >= level:
            self.stdout.write(style(message) if style else message)

    def _summarise(self, total, dry_run):
        failed = self.counts["failed"]
        summary = ", ".join(f"{n} {what}" for what, n in self.counts.items())
        prefix = "Dry run, nothing written: " if dry_run else ""
        files = "file" if total == 1 else "files"
        line = f"{prefix}{total} {files}: {summary}."
        if self.verbosity >= 1:
            self.stdout.write((self.style.ERROR if failed else self.style.SUCCESS)(line))
        elif self.json:
            self.stderr.write(line)
        if failed:
            raise CommandError(f"{failed} of {total} {files} failed; the others were imported.", returncode=1)


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
