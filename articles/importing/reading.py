"""Reading pages: each read, parsed and linked with no database, so that many can be read in worker processes.

Nothing here imports a model, so a worker needs no Django set-up, only the run's PageReader.
"""

import enum
import multiprocessing
import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from articles.text import comment_html, source_date_iso
from people.text import fold

from . import SeedFormatError
from .html import parse_html
from .linker import Mentions, NameIndex
from .parser import ParsedArticle, parse
from .reader import SourceText, read_source

# How often a worker checks that the import it reads for is still there (seconds).
ORPHAN_CHECK_SECONDS = 0.5
# From this many files, worker processes read and link while the importer writes, if there are cores to spare.
PARALLEL_FROM = 400
MAX_WORKERS = 3
# Pages read as HTML, through trafilatura; every other file is a page flattened to text.
HTML_SUFFIXES = {".html", ".htm"}
PAGE_SUFFIXES = {".txt", *HTML_SUFFIXES}


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class ImportReport:
    path: Path
    source_name: str
    source: SourceText
    parsed: ParsedArticle
    outcome: Outcome | None = None
    article_id: int | None = None
    people: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    organization_suggestions: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # fields an editor changed, left as they were
    comments_html: list[str] = field(default_factory=list)  # each comment's body_html, in order
    mentions: Mentions = field(default_factory=Mentions)

    def reset(self) -> None:
        """Forget what a rolled-back write said about this file, before it is written again."""
        self.outcome, self.article_id, self.kept = None, None, []

    def as_json(self) -> dict:
        """The --json line: exactly the keys editors' tools read."""
        parsed = self.parsed
        return {
            "file": str(self.path),
            "title": parsed.title,
            "subtitle": parsed.subtitle,
            "source_name": parsed.source_name,
            "byline": parsed.byline,
            "dateline_place": parsed.dateline_place,
            "published": parsed.published.isoformat() if parsed.published else None,
            "source_date": source_date_iso(parsed.source_date, parsed.source_date_precision),
            "source_date_precision": parsed.source_date_precision or None,
            "update_notes": [note.text for note in parsed.notes],
            "photo_caption": parsed.photo_caption,
            "author_bio": parsed.author_bio,
            "body": "\n\n".join(parsed.body),
            "comment_count": len(parsed.comments),
            "comments": [
                {
                    "author": c.author,
                    "body": c.body,
                    **({"in_reply_to": c.in_reply_to} if c.in_reply_to else {}),
                }
                for c in parsed.comments
            ],
            "people_mentioned": self.people,
            "organizations_mentioned": self.organizations,
            "people_suggested": self.suggestions,
            "organizations_suggested": self.organization_suggestions,
        }


@dataclass(frozen=True)
class PageReader:
    """What reading a page needs from the database, read once a run."""

    index: NameIndex
    known_sites: frozenset[str]
    dismissed: frozenset[str]  # folded names editors dismissed as suggestions
    max_bytes: int

    def read(self, path: Path, *, source_name: str | None = None) -> ImportReport:
        """Read and parse one file, and find what it mentions."""
        try:
            data = path.read_bytes()
        except OSError as error:
            raise SeedFormatError(f"cannot read: {error.strerror or error}") from None
        source = read_source(data, max_bytes=self.max_bytes)
        if path.suffix.casefold() in HTML_SUFFIXES:
            parsed = parse_html(source.text)
        else:
            parsed = parse(source.text, known_sites=self.known_sites)
        report = ImportReport(path=path, source_name=source_name or path.name, source=source, parsed=parsed)
        mentions = report.mentions = self.index.find(parsed.linkable_text(), headline=parsed.title)
        report.people = sorted(self.index.names["person", pk] for pk in mentions.people)
        report.organizations = sorted(self.index.names["organization", pk] for pk in mentions.organizations)
        report.suggestions = sorted(name for name in mentions.suggestions if fold(name) not in self.dismissed)
        report.organization_suggestions = sorted(
            name for name in mentions.organization_suggestions if fold(name) not in self.dismissed
        )
        report.comments_html = [str(comment_html(comment.body)) for comment in parsed.comments]
        return report

    def read_or_refuse(self, path: Path, source_name: str | None = None) -> ImportReport | SeedFormatError:
        try:
            return self.read(path, source_name=source_name)
        except SeedFormatError as error:
            return error


def read_all(
    reader: PageReader, paths: list[Path], *, names: dict[Path, str]
) -> Iterator[tuple[Path, ImportReport | SeedFormatError]]:
    """Each file read (keyed on its source name in `names`, else its file name), or the reason it was
    refused, in order: in worker processes when there are many.

    The workers start from a fork server (a clean process, never a fork of one holding database
    connections and their threads) and are handed the reader. They exit when the import dies, even by
    kill -9 (which leaves no chance to stop them).
    """
    workers = min((os.cpu_count() or 1) - 1, MAX_WORKERS)
    if len(paths) < PARALLEL_FROM or workers < 1:
        yield from ((path, reader.read_or_refuse(path, names.get(path))) for path in paths)
        return
    context = multiprocessing.get_context("forkserver")
    adopt = {"initializer": _adopt, "initargs": (reader, os.getpid())}
    with ProcessPoolExecutor(workers, mp_context=context, **adopt) as pool:
        source_names = [names.get(path) for path in paths]
        yield from zip(paths, pool.map(_read_in_worker, paths, source_names, chunksize=64), strict=True)


_reader: PageReader | None = None


def _adopt(reader: PageReader, importer: int) -> None:
    """In a worker: the reader it reads with, and a watch on the import (process id) it reads for."""
    global _reader
    _reader = reader
    threading.Thread(target=_exit_with, args=(importer,), daemon=True).start()


def _exit_with(importer: int) -> None:
    """Exit once the import is gone. Its death does not reach a worker: the worker's parent is the fork
    server, which itself lives on as long as any worker does."""
    while True:
        time.sleep(ORPHAN_CHECK_SECONDS)
        try:
            os.kill(importer, 0)  # signal 0: only asks whether the process exists
        except ProcessLookupError:
            os._exit(1)


def _read_in_worker(path: Path, source_name: str | None) -> ImportReport | SeedFormatError:
    return _reader.read_or_refuse(path, source_name)
