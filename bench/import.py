"""Import speed: generate N seed-like documents, then print documents per second for parsing alone and for
the whole import (read, parse, link, write, as import_seeds does) on SQLite and on PostgreSQL.

    .venv/bin/python bench/import.py                 # 10,000 documents, SQLite and PostgreSQL
    .venv/bin/python bench/import.py -n 1000 --postgres-url postgres://postgres@127.0.0.1:5432/postgres

The PostgreSQL run creates and drops its own database (newsroom_bench). Then the first 1,000 documents as
HTML pages: parsing alone and the whole import. Figures, not pass or fail: the target is 1,000 text
documents/s or more for the whole import on PostgreSQL.
"""

import argparse
import html
import json
import os
import random
import subprocess  # nosec B404  # runs this script again as its own worker
import sys
import tempfile
import time
from pathlib import Path

HTML_DOCUMENTS = 1_000
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PEOPLE = ["Mehman Huseynov", "Khadija Ismayilova", "Ruslan Bashirli", "Elnur Israfilov", "Ilham Aliyev"]
SURNAMES = ["Huseynov", "Ismayilova", "Bashirli", "Israfilov", "Aliyev", "Huysenov"]
ORGANIZATIONS = ["Musavat", "the Popular Front Party", "Amnesty International", "NDI", "RFE/RL", "Yeni Fikir"]
STRANGERS = [
    "Anar Mammadli",
    "Leyla Yunus",
    "Rasul Jafarov",
    "Intigam Aliyev",
    "Tofig Yagublu",
    "Ali Karimli",
]
PLACES = ["BAKU", "GANJA", "SUMGAIT", "TBILISI"]
SOURCES = ["JAMNews", "Turan", "RFE/RL", "Meydan TV"]
WORDS = (
    "the court said on Monday that the appeal would be heard next month while lawyers for the defendant "
    "argued that the charges were politically motivated and that their client had been denied visits"
).split()


def sentence(rng, names=()):
    words = rng.sample(WORDS, rng.randint(8, 16))
    if names:
        words.insert(rng.randint(0, len(words)), rng.choice(names))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."  # not str.capitalize(), which would lower-case the names


def document(rng, number):
    """One page shaped like the seeds: parts in varying order, some missing."""
    parts = []
    if rng.random() < 0.3:
        parts.append("Foreign Policy Blogs")
    parts.append(f"Court Hears Appeal In Case Number {number} Of {rng.choice(PEOPLE)}")
    if rng.random() < 0.6:
        parts.append("The hearing was the first in months")
    if rng.random() < 0.7:
        parts.append(f"Supporters outside the court in Baku. (Photo: {rng.choice(SOURCES)})")
    if rng.random() < 0.4:
        parts.append(f"Update {rng.randint(1, 12)}/{rng.randint(1, 28)}/19: {sentence(rng, PEOPLE)}")
    body = [sentence(rng, PEOPLE + SURNAMES + ORGANIZATIONS + STRANGERS) for _ in range(rng.randint(4, 9))]
    if rng.random() < 0.7:
        body[0] = f"{rng.choice(PLACES)} ({rng.choice(SOURCES)})—{body[0]}"
    parts += body
    text = "\n\n".join(parts) + "\n\n"
    for n in range(1, rng.randint(0, 5) + 1):
        signature = f"\n    {rng.choice(['Vart Adjemian', 'Nina Petrova'])}" if rng.random() < 0.5 else ""
        text += f"\n  {n}. {sentence(rng)}\n    {sentence(rng)}{signature}\n"
    if text.count("\n  1.") or rng.random() < 0.5:
        text += "\nLeave a Reply\n\nYour email address will not be published."
    if rng.random() < 0.3:
        text += (
            "\n\nKarl Rahder\nKarl Rahder\n\nKarl Rahder has written on the South Caucasus for many years.\n"
        )
    return text


def generate(directory: Path, count: int) -> list[Path]:
    rng = random.Random(20190119)  # nosec B311  # reproducible test data, not secrets
    paths = []
    for number in range(count):
        path = directory / f"{number:06}.txt"
        path.write_text(document(rng, number), encoding="utf-8")
        paths.append(path)
    return paths


def as_html(text: str) -> str:
    """A generated page as a site would serve it: a <title>, the headline, a paragraph element a block."""
    blocks = [html.escape(" ".join(block.split())) for block in text.split("\n\n") if block.strip()]
    paragraphs = "".join(f"<p>{block}</p>" for block in blocks[1:])
    return (
        f"<html><head><title>{blocks[0]}</title></head><body><nav><a href='/'>Home</a> "
        f"<a href='/news'>News</a></nav><article><h1>{blocks[0]}</h1>{paragraphs}</article>"
        "<footer>© Outlet</footer></body></html>"
    )


def generate_html(directory: Path, texts: list[Path]) -> list[Path]:
    paths = []
    for text in texts:
        path = directory / f"{text.stem}.html"
        path.write_text(as_html(text.read_text(encoding="utf-8")), encoding="utf-8")
        paths.append(path)
    return paths


def parse_only(paths: list[Path], rounds: int = 3) -> float:
    """Reading and parsing alone, one process: the best of a few rounds, so the ratio errs against us."""
    from articles.importing.html import parse_html
    from articles.importing.parser import parse
    from articles.importing.reader import read_source

    rates = []
    for _ in range(rounds):
        started = time.perf_counter()
        for path in paths:
            (parse_html if path.suffix == ".html" else parse)(read_source(path.read_bytes()).text)
        rates.append(len(paths) / (time.perf_counter() - started))
    return max(rates)


def worker(directory: Path) -> None:
    """Runs in a subprocess with DATABASE_URL set: migrate, load the gazetteer, time the import."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from articles.importing.gazetteer import gazetteer_load, gazetteer_read
    from articles.importing.importer import PageImporter

    call_command("migrate", verbosity=0)
    gazetteer_load(data=gazetteer_read(ROOT / "seeds" / "gazetteer.json"))
    paths = sorted(p for p in directory.iterdir() if p.suffix in {".txt", ".html"})
    started = time.perf_counter()
    importer = PageImporter()
    failed = [path for path, report in importer.import_files(paths) if isinstance(report, Exception)]
    importer.close()
    if failed:
        sys.exit(f"bench import failed on {len(failed)} files, the first {failed[0]}")
    elapsed = time.perf_counter() - started
    print(
        json.dumps({"vendor": connection.vendor, "documents": len(paths), "per_second": len(paths) / elapsed})
    )


def run_worker(directory: Path, database_url: str) -> dict:
    env = os.environ | {
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only",  # nosec B105  # throwaway
    }
    result = subprocess.run(  # nosec B603  # this script with our own arguments
        [sys.executable, __file__, "--worker", str(directory)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(f"bench worker failed on {database_url}:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def postgres_database(admin_url: str, name: str, action: str) -> str:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if action == "create":
            connection.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--documents", type=int, default=10_000)
    parser.add_argument(
        "--postgres-url",
        default="postgres://postgres@127.0.0.1:5432/postgres",
        help="a PostgreSQL database to connect to for creating the bench database; '' skips it",
    )
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        return worker(options.worker)

    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "documents"
        directory.mkdir()
        paths = generate(directory, options.documents)
        parse_rate = parse_only(paths)
        print(f"{'documents':<28}{len(paths):>10,}")
        print(f"{'parse alone':<28}{parse_rate:>10,.0f} documents/s")
        rows = [("sqlite", run_worker(directory, f"sqlite:///{tmp}/bench.sqlite3"))]
        if options.postgres_url:
            url = postgres_database(options.postgres_url, "newsroom_bench", "create")
            try:
                rows.append(("postgresql", run_worker(directory, url)))
            finally:
                postgres_database(options.postgres_url, "newsroom_bench", "drop")
        for vendor, row in rows:
            ratio = parse_rate / row["per_second"]
            label = f"whole import, {vendor}"
            print(f"{label:<28}{row['per_second']:>10,.0f} documents/s  ({ratio:.1f}x parse time)")

        # The same pages as HTML, fewer of them: trafilatura takes milliseconds a page where the text
        # parser takes a fraction of one.
        html_directory = Path(tmp) / "html"
        html_directory.mkdir()
        html_paths = generate_html(html_directory, paths[:HTML_DOCUMENTS])
        html_rate = parse_only(html_paths, rounds=1)
        print(f"{'HTML pages':<28}{len(html_paths):>10,}")
        print(f"{'HTML parse alone':<28}{html_rate:>10,.0f} pages/s")
        vendor, url = "sqlite", f"sqlite:///{tmp}/bench-html.sqlite3"
        if options.postgres_url:
            vendor, url = "postgresql", postgres_database(options.postgres_url, "newsroom_bench", "create")
        try:
            row = run_worker(html_directory, url)
        finally:
            if options.postgres_url:
                postgres_database(options.postgres_url, "newsroom_bench", "drop")
        print(f"{'HTML whole import, ' + vendor:<28}{row['per_second']:>10,.0f} pages/s")


if __name__ == "__main__":
    main()
