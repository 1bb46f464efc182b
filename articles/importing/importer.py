"""Write parsed pages to the database: one transaction a file, keyed on the file name.

Re-importing the same text changes nothing. A changed file updates its article, but a field an editor
changed since the last import is kept: the article remembers what the import wrote (imported_values).
Comments, notes and links are only ever added, never removed.
"""

import datetime
import enum
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from articles.models import Article, Comment, Note, Publication
from articles.text import comment_html
from people.models import Case, NameSuggestion, Person
from people.text import fold, slug_for, unique_slug

from . import SeedFormatError
from .linker import Mentions, NameIndex
from .parser import ParsedArticle, parse
from .reader import DEFAULT_MAX_BYTES, SourceText, read_source

# The article fields the import fills; an editor's change to any of them survives a re-import.
IMPORTED_FIELDS = [
    "title",
    "standfirst",
    "body",
    "dateline_place",
    "photo_caption",
    "photo_credit",
    "source_published_on",
]


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
    article: Article | None = None
    people: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # fields an editor changed, left as they were
    mentions: Mentions = field(default_factory=Mentions)

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
            "update_notes": [note.text for note in parsed.notes],
            "photo_caption": parsed.photo_caption,
            "author_bio": parsed.author_bio,
            "comment_count": len(parsed.comments),
            "comments": [{"author": c.author, "body": c.body} for c in parsed.comments],
            "people_mentioned": self.people,
            "organizations_mentioned": self.organizations,
            "people_suggested": self.suggestions,
        }


def _snapshot(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


class SeedImporter:
    """One import run: names and publications are read once, then each file goes in its own transaction."""

    def __init__(self, *, status: str = Article.Status.DRAFT, max_bytes: int = DEFAULT_MAX_BYTES):
        self.status = status
        self.max_bytes = max_bytes
        self.index = NameIndex.from_database()
        self.publications = {fold(p.name): p for p in Publication.objects.all()}
        self.dismissed = set(
            NameSuggestion.objects.filter(status=NameSuggestion.Status.DISMISSED).values_list(
                "folded", flat=True
            )
        )
        if connection.vendor == "postgresql":
            # Commits don't wait for the WAL flush: a crash may lose the last few imports, never half of
            # one, and re-running restores them. https://www.postgresql.org/docs/current/wal-async-commit.html
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO OFF")
        self.cases_by_person: dict[int, list[int]] = {}
        for case_pk, person_pk in Case.objects.values_list("pk", "person"):
            self.cases_by_person.setdefault(person_pk, []).append(case_pk)

    def close(self) -> None:
        """Give the connection back as it was found."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")

    def read(self, path: Path, *, source_name: str | None = None) -> ImportReport:
        """Read and parse one file, and find what it mentions; nothing is written."""
        try:
            data = path.read_bytes()
        except OSError as error:
            raise SeedFormatError(f"cannot read: {error.strerror or error}") from None
        source = read_source(data, max_bytes=self.max_bytes)
        parsed = parse(source.text, known_sites=frozenset(p.name for p in self.publications.values()))
        report = ImportReport(path=path, source_name=source_name or path.name, source=source, parsed=parsed)
        mentions = report.mentions = self.index.find(parsed.linkable_text(), headline=parsed.title)
        report.people = sorted(self.index.names["person", pk] for pk in mentions.people)
        report.organizations = sorted(self.index.names["organization", pk] for pk in mentions.organizations)
        report.suggestions = sorted(name for name in mentions.suggestions if fold(name) not in self.dismissed)
        return report

    def import_file(self, path: Path, *, source_name: str | None = None) -> ImportReport:
        report = self.read(path, source_name=source_name)
        try:
            self._write(report)
        except IntegrityError:
            # Another import created the same article (or took its slug) at the same moment: the database
            # refused the duplicate; read again and update instead.
            self._write(report)
        return report

    @transaction.atomic
    def _write(self, report: ImportReport) -> None:
        parsed, source = report.parsed, report.source
        # One query answers both "was this file imported before?" and "which slugs like this are taken?".
        base_slug = slug_for(parsed.title)
        rows = Article.objects.filter(Q(source_file=report.source_name) | Q(slug__startswith=base_slug))
        rows = list(rows.values_list("pk", "source_file", "source_sha256", "slug"))
        previous = next((row for row in rows if row[1] == report.source_name), None)
        if previous is not None and previous[2] == source.sha256:
            report.outcome = Outcome.UNCHANGED
            return
        # Only an update locks its row: a create is kept single by the unique constraint on source_file.
        article = Article.objects.select_for_update().get(pk=previous[0]) if previous else None

        values = {
            "title": parsed.title,
            "standfirst": parsed.subtitle or "",
            "body": "\n\n".join(parsed.body),
            "dateline_place": parsed.dateline_place or "",
            "photo_caption": parsed.photo_caption or "",
            "photo_credit": parsed.photo_credit or "",
            "source_published_on": parsed.published,
        }
        now = timezone.now()
        if article is None:
            report.outcome = Outcome.CREATED
            slug = unique_slug(base_slug, taken={row[3] for row in rows})
            article = Article(source_file=report.source_name, slug=slug, **values)
            article.status = self.status
            if self.status == Article.Status.PUBLISHED:
                article.published_at = now
        else:
            report.outcome = Outcome.UPDATED
            for name, value in values.items():
                if _snapshot(getattr(article, name)) == article.imported_values.get(name):
                    setattr(article, name, value)
                elif _snapshot(getattr(article, name)) != _snapshot(value):
                    report.kept.append(name)
        article.publication = article.publication or self._publication(parsed.source_name)
        article.raw_text = source.raw
        article.source_sha256 = source.sha256
        article.imported_at = now
        article.imported_values = {name: _snapshot(value) for name, value in values.items()}
        article.save()
        report.article = article

        created = report.outcome == Outcome.CREATED
        self._add_notes(article, parsed, created)
        self._add_comments(article, parsed, now, created)
        self._link(article, report)

    def _publication(self, name: str | None) -> Publication | None:
        if not name:
            return None
        key = fold(name)
        if key not in self.publications:
            self.publications[key], _ = Publication.objects.get_or_create(name=name[:200])
        return self.publications[key]

    def _add_notes(self, article: Article, parsed: ParsedArticle, created: bool) -> None:
        existing = set() if created else set(article.notes.values_list("kind", "date", "text"))
        start = len(existing)
        Note.objects.bulk_create(
            Note(article=article, kind=note.kind, date=note.date, text=note.text, order=start + i)
            for i, note in enumerate(n for n in parsed.notes if (n.kind, n.date, n.text) not in existing)
        )

    def _add_comments(self, article: Article, parsed: ParsedArticle, now, created: bool) -> None:
        imported = article.comments.filter(imported=True)
        existing = set() if created else set(imported.values_list("body", flat=True))
        Comment.objects.bulk_create(
            Comment(
                article=article,
                author_name=(comment.author or "")[:100],
                body=comment.body,
                body_html=comment_html(comment.body),  # bulk_create skips save(), which derives it
                status=Comment.Status.APPROVED,
                imported=True,
                # Keeps the page's order: the comment list is ordered by submission time.
                submitted_at=now + datetime.timedelta(microseconds=position),
                moderated_at=now,
            )
            for position, comment in enumerate(parsed.comments)
            if comment.body not in existing
        )

    def _link(self, article: Article, report: ImportReport) -> None:
        mentions = report.mentions
        Through = Article.people.through
        Through.objects.bulk_create(
            [Through(article=article, person_id=pk) for pk in mentions.people], ignore_conflicts=True
        )
        Through = Article.organizations.through
        Through.objects.bulk_create(
            [Through(article=article, organization_id=pk) for pk in mentions.organizations],
            ignore_conflicts=True,
        )
        Through = Article.cases.through
        Through.objects.bulk_create(
            [
                Through(article=article, case_id=case)
                for person in mentions.people
                for case in self.cases_by_person.get(person, ())
            ],
            ignore_conflicts=True,
        )
        NameSuggestion.objects.bulk_create(
            [
                NameSuggestion(
                    article=article, name=name[:200], folded=fold(name), context=mentions.suggestions[name]
                )
                for name in report.suggestions
            ],
            ignore_conflicts=True,
        )
        self._link_byline(article, report)

    def _person_named(self, name: str) -> Person | None:
        """The person whose canonical name or alias is exactly this byline name."""
        pk = self.index.person_with_name(name)
        return Person.objects.filter(pk=pk).first() if pk is not None else None

    def _link_byline(self, article: Article, report: ImportReport) -> None:
        parsed = report.parsed
        for name in parsed.byline:
            person = self._person_named(name)
            if person is None and fold(name) in self.dismissed:
                continue
            if person is None:
                report.suggestions.append(name)
                NameSuggestion.objects.get_or_create(
                    article=article,
                    folded=fold(name),
                    defaults={
                        "name": name[:200],
                        "seen_as": NameSuggestion.SeenAs.BYLINE,
                        "bio": parsed.author_bio or "",
                    },
                )
                continue
            article.byline.add(person)
            if parsed.author_bio and person.bio != parsed.author_bio:
                if person.bio:
                    report.kept.append(f"bio of {person.name}")
                else:
                    person.bio = parsed.author_bio
                    person.save(update_fields=["bio", "updated_at"])
