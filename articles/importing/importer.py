"""Write parsed pages to the database: one transaction a file, keyed on the file name."""

import enum
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from articles.models import Article
from people.text import slug_for

from . import SeedFormatError
from .parser import parse
from .reader import DEFAULT_MAX_BYTES, read_source


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class ImportResult:
    path: Path
    outcome: Outcome
    article: Article


def unique_slug(base: str) -> str:
    slug, n = base, 2
    while Article.objects.filter(slug=slug).exists():
        suffix = f"-{n}"
        slug, n = base[: 200 - len(suffix)] + suffix, n + 1
    return slug


def seed_import(*, path: Path, source_name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> ImportResult:
    """Import one file as a draft article holding its raw text; the same file again changes nothing."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SeedFormatError(f"cannot read: {error.strerror}") from None
    source = read_source(data, max_bytes=max_bytes)
    parsed = parse(source.text)
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(source_file=source_name).first()
        if article is not None and article.source_sha256 == source.sha256:
            return ImportResult(path, Outcome.UNCHANGED, article)
        outcome = Outcome.CREATED if article is None else Outcome.UPDATED
        if article is None:
            article = Article(source_file=source_name)
            article.slug = unique_slug(slug_for(parsed.title))
        article.title = parsed.title
        article.body = "\n\n".join(parsed.body)
        article.raw_text = source.raw
        article.source_sha256 = source.sha256
        article.imported_at = timezone.now()
        article.save()
    return ImportResult(path, outcome, article)
