from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.importing import SeedFormatError
from articles.importing.importer import seed_import


class Command(BaseCommand):
    help = "Import raw article pages (plain-text files) as articles, keeping the raw text. Safe to re-run."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", type=Path, help="Files, or folders read for *.txt (default: seeds/)."
        )

    def handle(self, *args, paths, verbosity, **options):
        files = sorted(self._files(paths or [settings.BASE_DIR / "seeds"]))
        counts = {"created": 0, "updated": 0, "unchanged": 0, "failed": 0}
        for path in files:
            try:
                result = seed_import(path=path, source_name=path.name)
            except SeedFormatError as error:
                counts["failed"] += 1
                self.stderr.write(f"{path}: {error}")
                continue
            counts[result.outcome] += 1
            if verbosity >= 2:
                self.stdout.write(f"{path}: {result.outcome}")
        if verbosity >= 1:
            summary = ", ".join(f"{n} {what}" for what, n in counts.items())
            style = self.style.ERROR if counts["failed"] else self.style.SUCCESS
            self.stdout.write(style(f"Imported {len(files)} files: {summary}."))
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} of {len(files)} files failed; the others were imported.")

    def _files(self, paths):
        for path in paths:
            if path.is_dir():
                yield from (p for p in path.rglob("*.txt") if p.is_file())
            else:
                yield path
