"""Write parsed pages to the database, keyed on the file's path within the folder imported (or its name);
no file is ever half written.

Re-importing the same text changes nothing. A changed file updates its article, but a field an editor
changed since the last import is kept: the article remembers what the import wrote (imported_values).
Comments, notes and links are only ever added, never removed.
"""

import datetime
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from pathlib import Path

from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.utils import timezone
from psycopg.types.json import Jsonb

from articles.models import Article, Comment, Note, Publication
from newsroom.caching import articles_changed
from newsroom.history import first_versions, with_reason
from people.models import Case, NameSuggestion, Person
from people.text import fold, slug_for, taken_slugs, unique_slug

from . import SeedFormatError
from .linker import NameIndex
from .locator import language_of
from .parser import ParsedArticle
from .reader import DEFAULT_MAX_BYTES
from .reading import ImportReport, Outcome, PageReader, read_all

# The article fields the import fills; an editor's change to any of them survives a re-import.
IMPORTED_FIELDS = [
    "title",
    "standfirst",
    "body",
    "dateline_place",
    "photo_caption",
    "photo_credit",
    "source_published_on",
    "source_date_precision",
    "language",
]
# Files a transaction when importing many: large enough that a round trip serves hundreds of rows.
BATCH_SIZE = 200


def _snapshot(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def _imported_values(parsed: ParsedArticle) -> dict:
    """The article's IMPORTED_FIELDS as this page gives them."""
    return {
        "title": parsed.title,
        "standfirst": parsed.subtitle or "",
        "body": "\n\n".join(parsed.body),
        "dateline_place": parsed.dateline_place or "",
        "photo_caption": parsed.photo_caption or "",
        "photo_credit": parsed.photo_credit or "",
        "source_published_on": parsed.source_date,
        "source_date_precision": parsed.source_date_precision,
        "language": language_of("\n".join(parsed.body)),
    }


class PageImporter:
    """One import run: names and publications are read once, then files are written."""

    def __init__(self, *, status: str = Article.Status.DRAFT, max_bytes: int = DEFAULT_MAX_BYTES, user=None):
        self.status = status
        self.user = user  # who imports, for the records' history (None: a command)
        self._load_caches()
        self.reader = PageReader(
            index=NameIndex.from_database(),
            # Site names a page may open with: the publications known when the run starts, whatever the
            # order of the files (a publication one file brings is not a site name for the next).
            known_sites=frozenset(p.name for p in self.publications.values()),
            dismissed=frozenset(
                NameSuggestion.objects.filter(status=NameSuggestion.Status.DISMISSED).values_list(
                    "folded", flat=True
                )
            ),
            max_bytes=max_bytes,
        )
        if connection.vendor == "postgresql":
            # Commits don't wait for the WAL flush: a crash may lose the last few imports, never half of
            # one, and re-running restores them. https://www.postgresql.org/docs/current/wal-async-commit.html
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO OFF")
        self.cases_by_person: dict[int, list[int]] = {}
        for case_pk, person_pk in Case.objects.values_list("pk", "person"):
            self.cases_by_person.setdefault(person_pk, []).append(case_pk)

    def _load_caches(self) -> None:
        """Rows this run looks up again and again; read again after a rollback, which may undo some."""
        self.publications = {fold(p.name): p for p in Publication.objects.all()}
        self.authors: dict[int, Person] = {}

    def close(self) -> None:
        """Give the connection back as it was found (a connection that failed is left to be closed)."""
        if connection.vendor == "postgresql" and _connection_alive():
            with connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")

    def import_files(
        self, paths: Iterable[Path], *, names: dict[Path, str] | None = None
    ) -> Iterator[tuple[Path, ImportReport | Exception]]:
        """Import many files, yielding (path, report) or (path, the error that refused it), in order.

        Each file's article is found by its name in `names` (its path within the folder imported), else by
        the file's name.

        Files are written in batches, each batch one transaction with one INSERT a table for all its files,
        so that a large import is not one round trip to the database a row. If the database refuses a
        batch, it is rolled back whole and its files are written again one transaction a file: a file
        that the database refuses fails alone, the others land, and no file is ever half written.
        """
        pending: list[tuple[Path, ImportReport | Exception]] = []
        batch: dict[str, ImportReport] = {}  # by source name: one file a name in a batch
        for path, report in read_all(self.reader, list(paths), names=names or {}):
            if isinstance(report, SeedFormatError):
                pending.append((path, report))
                continue
            if report.source_name in batch or len(batch) >= BATCH_SIZE:
                yield from self._flush(pending, batch)
                pending, batch = [], {}
            pending.append((path, report))
            batch[report.source_name] = report
        yield from self._flush(pending, batch)

    def _flush(self, pending, batch):
        failed: dict[str, Exception] = {}
        try:
            if batch:
                self._write(list(batch.values()))
        except DatabaseError:
            if not _connection_alive():
                raise  # the connection is gone (killed, a restart): no file can be written, the run ends
            self._load_caches()
            for name, report in batch.items():
                report.reset()
                try:
                    self._write_alone(report)
                except DatabaseError as error:
                    failed[name] = error
                    self._load_caches()  # what the refused file's write added (a publication) is gone
        for path, outcome in pending:
            if isinstance(outcome, ImportReport) and outcome.source_name in failed:
                outcome = failed[outcome.source_name]
            yield path, outcome

    def _write_alone(self, report: ImportReport) -> None:
        try:
            self._write([report])
        except IntegrityError:
            # Another import created the same article (or took its slug) at the same moment: the database
            # refused the duplicate; read again and update instead.
            self._load_caches()
            report.reset()
            self._write([report])

    @transaction.atomic
    def _write(self, reports: list[ImportReport]) -> None:
        existing = dict(
            Article.objects.filter(source_file__in=[report.source_name for report in reports]).values_list(
                "source_file", "source_sha256"
            )
        )
        now = timezone.now()
        created = []
        for report in reports:
            if report.source_name not in existing:
                created.append(report)
            elif existing[report.source_name] == report.source.sha256:
                report.outcome = Outcome.UNCHANGED
            else:
                self._update(report, now)
        self._create(created, now)
        self._first_versions(reports, now)

    def _create(self, reports: list[ImportReport], now) -> None:
        if not reports:
            return
        bases = [slug_for(report.parsed.title) for report in reports]
        taken = taken_slugs(Article.objects, bases)
        rows = []
        for report, base in zip(reports, bases, strict=True):
            report.outcome = Outcome.CREATED
            slug = unique_slug(base, taken=taken)
            taken.add(slug)
            values = _imported_values(report.parsed)
            publication_id = self._publication_id(report.parsed.source_name)
            row = {"source_file": report.source_name, "slug": slug, "status": self.status, **values}
            row |= self._stamp(report, values, now, publication_id=publication_id)
            if self.status == Article.Status.PUBLISHED:
                row["published_at"] = now
            rows.append(row)
        columns = list(rows[0])
        if connection.vendor == "postgresql":
            ids = _reserve_ids(Article, len(rows))
            ordered = [(pk, *(row[name] for name in columns)) for pk, row in zip(ids, rows, strict=True)]
            _copy(Article, ["id", *columns], ordered)
        else:
            ids = [article.pk for article in Article.objects.bulk_create([Article(**row) for row in rows])]
        for report, pk in zip(reports, ids, strict=True):
            report.article_id = pk
        self._add_parts(reports, now, fresh=True)

    def _update(self, report: ImportReport, now) -> None:
        # Only an update locks its row: a create is kept single by the unique constraint on source_file.
        article = Article.objects.select_for_update().get(source_file=report.source_name)
        report.outcome = Outcome.UPDATED
        values = _imported_values(report.parsed)
        for name, value in values.items():
            if _snapshot(getattr(article, name)) == article.imported_values.get(name):
                setattr(article, name, value)
            elif _snapshot(getattr(article, name)) != _snapshot(value):
                report.kept.append(name)
        publication_id = article.publication_id or self._publication_id(report.parsed.source_name)
        for name, value in self._stamp(report, values, now, publication_id=publication_id).items():
            setattr(article, name, value)
        with_reason(f"Imported again from {report.source_name}.", article, user=self.user)
        article.save()
        report.article_id = article.pk
        self._add_parts([report], now, fresh=False)

    def _first_versions(self, reports: list[ImportReport], now) -> None:
        """The history's first version of each article, note and comment this batch wrote in bulk, where
        save() never ran (an article imported again got its version when it was saved)."""
        ids = [report.article_id for report in reports if report.outcome != Outcome.UNCHANGED]
        if not ids:
            return
        for rows in (
            Article.objects.filter(pk__in=ids),
            Note.objects.filter(article_id__in=ids),
            Comment.objects.filter(article_id__in=ids),
        ):
            first_versions(rows, reason="Imported.", user=self.user, when=now)

    def _stamp(self, report: ImportReport, values: dict, now, *, publication_id: int | None) -> dict:
        """What every import writes on its article besides the page's fields: where it came from."""
        return {
            "publication_id": publication_id,
            "raw_text": report.source.raw,
            "source_sha256": report.source.sha256,
            "imported_at": now,
            "imported_values": {name: _snapshot(value) for name, value in values.items()},
        }

    def _publication_id(self, name: str | None) -> int | None:
        if not name:
            return None
        key = fold(name)
        if key not in self.publications:
            self.publications[key], _ = Publication.objects.get_or_create(name=name[:200])
        return self.publications[key].pk

    def _add_parts(self, reports: list[ImportReport], now, *, fresh: bool) -> None:
        """Notes, comments, links and suggestions of these articles: one statement a table for them all.

        Rows are tuples of the columns each part names, not model instances: building an instance costs
        more than writing its row. For articles created here (fresh) nothing can conflict, so PostgreSQL
        takes them by COPY; links added to an existing article may exist already and are left out on
        conflict.
        """
        parts: dict[type, tuple[list[str], list[tuple]]] = {}
        for report in reports:
            for model, columns, rows in (
                self._notes(report, fresh),
                self._comments(report, now, fresh),
                *self._links(report),
            ):
                parts.setdefault(model, (columns, []))[1].extend(rows)
        for model, (columns, rows) in parts.items():
            if not rows:
                continue
            if fresh and connection.vendor == "postgresql":
                _copy(model, columns, rows)
            else:
                objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
                model.objects.bulk_create(objects, ignore_conflicts=model not in (Note, Comment))

    def _notes(self, report: ImportReport, created: bool):
        article_id = report.article_id
        existing = set()
        if not created:
            existing = set(Note.objects.filter(article_id=article_id).values_list("kind", "date", "text"))
        new = [n for n in report.parsed.notes if (n.kind, n.date, n.text) not in existing]
        rows = [(article_id, n.kind, n.date, n.text, len(existing) + i) for i, n in enumerate(new)]
        return Note, ["article_id", "kind", "date", "text", "order"], rows

    def _comments(self, report: ImportReport, now, created: bool):
        article_id = report.article_id
        existing = set()
        if not created:
            imported = Comment.objects.filter(article_id=article_id, imported=True)
            existing = set(imported.values_list("body", flat=True))
        columns = ["article_id", "author_name", "body", "body_html", "status", "imported"]
        columns += ["submitted_at", "moderated_at"]
        rows = [
            (
                article_id,
                (comment.author or "")[:100],
                comment.body,
                report.comments_html[position],  # bulk writes skip save(), which derives it
                Comment.Status.APPROVED,
                True,
                # Keeps the page's order: the comment list is ordered by submission time.
                now + datetime.timedelta(microseconds=position),
                now,
            )
            for position, comment in enumerate(report.parsed.comments)
            if comment.body not in existing
        ]
        return Comment, columns, rows

    def _links(self, report: ImportReport):
        """The rows linking an article to what it mentions; ones that exist already are ignored on insert."""
        article_id, mentions = report.article_id, report.mentions
        suggestions = {  # the byline's unknown authors are added by _byline
            fold(name): (name[:200], mentions.suggestions[name], NameSuggestion.SeenAs.MENTION, "")
            for name in report.suggestions
            if name in mentions.suggestions
        }
        byline = self._byline(report, suggestions)
        person, organization = NameSuggestion.Kind.PERSON, NameSuggestion.Kind.ORGANIZATION
        rows = [(article_id, folded, *values, person, "") for folded, values in suggestions.items()]
        for name in report.organization_suggestions:
            context, kind = mentions.organization_suggestions[name]
            if fold(name) not in suggestions:
                rows.append(
                    (
                        article_id,
                        fold(name),
                        name[:200],
                        context,
                        NameSuggestion.SeenAs.MENTION,
                        "",
                        organization,
                        kind,
                    )
                )
        return [
            (
                Article.people.through,
                ["article_id", "person_id"],
                [(article_id, pk) for pk in mentions.people],
            ),
            (
                Article.organizations.through,
                ["article_id", "organization_id"],
                [(article_id, pk) for pk in mentions.organizations],
            ),
            (
                Article.cases.through,
                ["article_id", "case_id"],
                [
                    (article_id, case)
                    for person in mentions.people
                    for case in self.cases_by_person.get(person, ())
                ],
            ),
            # A name and an alias of the same person: one row.
            (
                Article.byline.through,
                ["article_id", "person_id"],
                [(article_id, pk) for pk in dict.fromkeys(byline)],
            ),
            (
                NameSuggestion,
                ["article_id", "folded", "name", "context", "seen_as", "bio", "kind", "organization_kind"],
                rows,
            ),
        ]

    def _byline(self, report: ImportReport, suggestions: dict[str, tuple]) -> list[int]:
        """The people of the byline we know; the others become suggestions. The author gets the bio."""
        parsed = report.parsed
        people = []
        for name in parsed.byline:
            pk = self.reader.index.person_with_name(name)
            if pk is None:
                if fold(name) not in self.reader.dismissed:
                    if name not in report.suggestions:
                        report.suggestions.append(name)
                    suggestions.setdefault(
                        fold(name), (name[:200], "", NameSuggestion.SeenAs.BYLINE, parsed.author_bio or "")
                    )
                continue
            people.append(pk)
            person = self._author(pk)
            if not parsed.author_bio or _same_text(person.bio, parsed.author_bio):
                continue
            if not person.bio:
                person.bio = person.imported_bio = parsed.author_bio
                person.save(update_fields=["bio", "imported_bio", "updated_at"])
            elif not _same_text(person.bio, person.imported_bio):
                report.kept.append(f"bio of {person.name}")  # an editor's; one an import wrote stays unsaid
        return people

    def _author(self, pk: int) -> Person:
        if pk not in self.authors:
            self.authors[pk] = Person.objects.get(pk=pk)
        return self.authors[pk]


def _same_text(one: str, other: str) -> bool:
    return one.split() == other.split()


def _connection_alive() -> bool:
    return connection.connection is not None and connection.is_usable()


def _reserve_ids(model, count: int) -> list[int]:
    """The next `count` ids of the model's identity column (PostgreSQL), for rows written by COPY."""
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        sql = "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)"
        cursor.execute(sql, [table, column, count])
        return [row[0] for row in cursor.fetchall()]


def _copy(model, columns: list[str], rows: list[tuple]) -> None:
    """Write new rows with PostgreSQL's COPY: far less work on both sides than INSERT for many rows.

    Each row gives the named columns (attnames); every other column gets the model's default, as save()
    would give it, computed once for all the rows (a default that must differ from row to row has to be
    given). COPY cannot skip conflicts, so the rows must have none (a conflict fails the batch, which is
    then written again file by file)."""
    meta = model._meta
    given = {name: index for index, name in enumerate(columns)}
    fields = [f for f in meta.concrete_fields if not f.generated and (f is not meta.pk or f.attname in given)]
    prototype = model()
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            field.pre_save(prototype, add=True)
    defaults = [_adapt(field, getattr(prototype, field.attname)) for field in fields]
    placed = [
        (position, given[field.attname]) for position, field in enumerate(fields) if field.attname in given
    ]
    json = [(position, index) for position, index in placed if isinstance(fields[position], models.JSONField)]
    quote = connection.ops.quote_name
    names = ", ".join(quote(field.column) for field in fields)
    # The driver's own cursor, so its errors are turned into Django's here (IntegrityError and the rest).
    with connection.cursor() as cursor, connection.wrap_database_errors:
        sql = f"COPY {quote(meta.db_table)} ({names}) FROM STDIN"  # nosec B608  # names from the model
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                values = defaults.copy()
                for position, index in placed:
                    values[position] = row[index]
                for position, index in json:
                    values[position] = Jsonb(row[index])
                copy.write_row(values)


def _adapt(field, value):
    return Jsonb(value) if isinstance(field, models.JSONField) else value


def pages_import(
    pages: list, *, status: str = Article.Status.DRAFT, dry_run: bool = False, user=None
) -> list[tuple[object, ImportReport | Exception]]:
    """Import pages already chosen (files, or UploadedPage in memory), each keyed on its name: what
    `import_seeds --dry-run --json` does for each file when dry_run, rolled back; else written, and the
    pages that show what changed purged from the page caches. Returns each page with its report or the
    reason it was refused."""
    names = {page: page.name for page in pages}
    try:
        with transaction.atomic() if dry_run else nullcontext():
            importer = PageImporter(status=status, user=user)
            try:
                outcomes = list(importer.import_files(pages, names=names))
            finally:
                importer.close()
            if dry_run:
                raise _RolledBack(outcomes)
    except _RolledBack as rolled_back:
        return rolled_back.outcomes
    changed = [
        r.article_id for _, r in outcomes if isinstance(r, ImportReport) and r.outcome != Outcome.UNCHANGED
    ]
    if changed:
        articles_changed(changed)  # the pages that show these articles, and no others
    return outcomes


class _RolledBack(Exception):
    def __init__(self, outcomes):
        self.outcomes = outcomes
