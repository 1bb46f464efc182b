"""Serving speed: gunicorn on PostgreSQL with generated data, driven by wrk over loopback.

    .venv/bin/python bench/serve.py              # needs wrk (apt-get install wrk), PostgreSQL, Redis
    .venv/bin/python bench/serve.py --seconds 5 --articles 2000
    .venv/bin/python bench/serve.py --only hello-world statistics timeline   # those pages, no search scaling

Prints requests/s and p99 latency for a hello-world Django view on the same server (the framework's own
ceiling), the site's lightest page (one query, the base template), the home page, an article page (with
100 approved comments), a case page, a search, /statistics/ and /timeline/ over --cases generated cases
(10,000: arrests over twenty years, a third released, charges, recognitions), each as a ratio to
hello-world, with the page cache cold (off) and warm (Redis): the median of --rounds runs, the pages in
turn. Then search latency at 1,000 and at 100,000 articles. Then the cached pages from Django's cache (the
site as deployed without Varnish: gunicorn serving newsroom.wsgi, whose page cache answers hits before
Django's handler) and through Varnish (deploy/varnish/newsroom.vcl) side by side with a bare hello-world
Django project (bench/bare.py, Django's default middleware only). Figures, not pass or fail; targets:
through Varnish the article page 8 times the bare hello-world or more, from Django's cache 0.8 of it or
more; the uncached article page 0.3 of the site's hello-world or better; search at 100,000 articles within
2x of 1,000.

    .venv/bin/python bench/serve.py --compare-only --seconds 5   # only the figures against bare Django
"""

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess  # nosec B404  # runs gunicorn and wrk, both ours to start
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ADMIN_DB = "postgres://postgres@127.0.0.1:5432/postgres"
# Another work tree on the same machine may run the bench at the same time: each can name its own.
DB_NAME = os.environ.get("NEWSROOM_BENCH_DB", "newsroom_serve_bench")
PORT = int(os.environ.get("NEWSROOM_BENCH_PORT", "8799"))
BARE_PORT = PORT - 1
VARNISH_PORT = PORT - 2
BARE_APP = "bench.bare:application"
ARTICLE = "/articles/bench-measured-article/"
PAGES = {
    "hello-world": "/bench/hello/",
    # The lightest page of the site (one query, the base template): what any real page starts from.
    "lightest": ARTICLE + "comment-pending/",
    "home": "/",
    "article": ARTICLE,
    "case": "/cases/bench-case/",
    "search": "/search/?q=hunger+strike",
    # Every case counted in five charts: aggregates, and the months of detention over one fetch of dates.
    "statistics": "/statistics/",
    "timeline": "/timeline/",
}
WORDS = (
    "court appeal prison blogger journalist protest rally sentence charges release pardon opposition "
    "government police detention lawyer verdict trial Baku activist parliament election"
).split()
# One of a hundred topics an article, so that the searched "hunger strike" is in about 1% of them.
TOPICS = ["hunger strike"] + [f"topic{n:02}" for n in range(1, 100)]


def database_url(name: str) -> str:
    return ADMIN_DB.rsplit("/", 1)[0] + f"/{name}"


def environment(*, cached: bool, extra: dict | None = None) -> dict:
    return (
        (extra or {})
        | os.environ
        | {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": database_url(DB_NAME),
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "bench-only-" + "x" * 50,  # nosec B105  # throwaway
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
            "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14"),
            "NEWSROOM_PAGE_CACHE_SECONDS": "600" if cached else "0",
            "PYTHONPATH": str(ROOT),
        }
    )


def recreate_database():
    import psycopg

    with psycopg.connect(ADMIN_DB, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DB_NAME}"')


def manage(*args, cached=False):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment(cached=cached), check=True)  # nosec B603


def fill(articles: int, *, first: int = 0, cases: int = 0):
    """Generated articles in bulk (the database computes their search column), in a worker process."""
    command = [
        sys.executable,
        __file__,
        "--fill",
        str(articles),
        "--first",
        str(first),
        "--cases",
        str(cases),
    ]
    subprocess.run(command, cwd=ROOT, env=environment(cached=False), check=True)  # nosec B603
    # Planner statistics for the new rows, as autovacuum would gather them on a production database: without
    # them PostgreSQL guesses one row a table and hash-joins every published article into each search.
    import psycopg

    with psycopg.connect(database_url(DB_NAME), autocommit=True) as connection:
        connection.execute("ANALYZE")
    # The database was made anew: pages cached from an earlier run (other rows, other ids) must go.
    manage(
        "shell",
        "--no-imports",
        "--command",
        "from django.core.cache import cache; cache.clear()",
        cached=True,
    )


CHARGE_ARTICLES = ["221.3", "234.1.4", "192", "213.1", "228.1", "206.3.2", "283.1", "315.2", "178.3.2", "274"]


def fill_cases(cases: int):
    """Generated cases in bulk: arrests over twenty years, a third released since, with charges and
    recognitions, and their arrest and release events for /timeline/."""
    import datetime

    from django.utils import timezone

    from people.models import Case, CaseEvent, Charge, Organization, Person, Recognition

    rng = random.Random(cases)  # nosec B311  # reproducible data, not secrets
    organizations = [
        Organization.objects.create(name=name, slug=f"bench-org-{n}")
        for n, name in enumerate(["Amnesty International", "Union For Freedom", "PACE", "Memorial"])
    ]
    people = Person.objects.bulk_create(
        Person(name=f"Bench Person {n}", slug=f"bench-person-{n}", folded_name=f"bench person {n}")
        for n in range(cases)
    )
    rows = []
    for n, person in enumerate(people):
        arrested = datetime.date(2005, 1, 1) + datetime.timedelta(days=rng.randrange(20 * 365))
        released = arrested + datetime.timedelta(days=rng.randrange(60, 2000)) if n % 3 == 0 else None
        if released and released > timezone.localdate():
            released = None
        status = "released" if released else rng.choice(["detained", "on_trial", "imprisoned"])
        rows.append(
            Case(
                person=person,
                slug=f"bench-case-{n}",
                status=status,
                arrested_on=arrested,
                released_on=released,
            )
        )
    made = Case.objects.bulk_create(rows, batch_size=2000)
    events, charges, recognitions = [], [], []
    for n, case in enumerate(made):
        events.append(CaseEvent(case=case, date=case.arrested_on, kind="arrest"))
        if case.released_on:
            events.append(CaseEvent(case=case, date=case.released_on, kind="release"))
        for article in rng.sample(CHARGE_ARTICLES, k=rng.randint(1, 2)):
            charges.append(Charge(case=case, article=article, description="as charged"))
        if n % 2:
            kind = rng.choice(["political_prisoner", "prisoner_of_conscience"])
            recognitions.append(Recognition(case=case, organization=rng.choice(organizations), kind=kind))
    CaseEvent.objects.bulk_create(events, batch_size=2000)
    Charge.objects.bulk_create(charges, batch_size=2000)
    Recognition.objects.bulk_create(recognitions, batch_size=2000)


def fill_worker(articles: int, first: int, cases: int = 0):
    import django

    django.setup()
    from django.utils import timezone

    from articles.models import Article, Comment
    from people.models import Case, Person

    rng = random.Random(first)  # nosec B311  # reproducible text, not secrets
    now = timezone.now()
    batch = []
    for n in range(first, first + articles):
        words = [*rng.choices(WORDS, k=60), TOPICS[n % len(TOPICS)]]
        body = "\n\n".join(" ".join(words).capitalize() + "." for _ in range(5))
        title = f"Report {n}: " + " ".join(rng.choices(WORDS, k=6))
        published_at = now - timezone.timedelta(minutes=n)
        batch.append(
            Article(title=title, slug=f"report-{n}", body=body, status="published", published_at=published_at)
        )
        if len(batch) == 2000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)
    if first == 0:
        person = Person.objects.create(name="Bench Prisoner", slug="bench-prisoner")
        case = Case.objects.create(
            person=person, slug="bench-case", status="imprisoned", arrested_on="2017-01-09"
        )
        article = Article.objects.create(
            title="The measured article", slug="bench-measured-article", body="Hunger strike in prison.",
            status="published", published_at=now,
        )  # fmt: skip
        article.people.add(person)
        article.cases.add(case)
        comments = [
            Comment(
                article=article,
                author_name=f"Reader {i}",
                body="A comment. " * 20,
                status="approved",
                submitted_at=now,
            )
            for i in range(100)
        ]
        for comment in comments:
            comment.body_html = comment.render_body()  # bulk_create skips save(), which derives it
        Comment.objects.bulk_create(comments)
    if cases:
        fill_cases(cases)


class Server:
    def __init__(
        self, *, cached: bool, extra: dict | None = None, app: str = "newsroom.wsgi", port: int = PORT
    ):
        workers = os.cpu_count() or 2
        self.process = subprocess.Popen(  # nosec B603
            [str(ROOT / ".venv/bin/gunicorn"), app, "-c", "python:newsroom.gunicorn",
             "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
             "--log-level", "warning", "--reuse-port"],
            cwd=ROOT, env=environment(cached=cached, extra=extra),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        ready = "/" if app == BARE_APP else "/bench/hello/"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{ready}", timeout=1)  # nosec B310
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        sys.exit("gunicorn did not start:\n" + self.process.stderr.read().decode()[-2000:])

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # keep-alive connections can hold a graceful stop open
            self.process.kill()
            self.process.wait()


class Varnish:
    """varnishd with deploy/varnish/newsroom.vcl in front of the site's gunicorn (the backend port
    rewritten), as tests/test_varnish.py starts it."""

    def __init__(self):
        self.workdir = Path(tempfile.mkdtemp(prefix="newsroom-bench-varnish-"))
        self.workdir.chmod(0o755)  # varnishd reads the VCL as its own user
        vcl = self.workdir / "newsroom.vcl"
        text = (ROOT / "deploy/varnish/newsroom.vcl").read_text()
        vcl.write_text(text.replace('.port = "8000";', f'.port = "{PORT}";'))
        self.process = subprocess.Popen(  # nosec B603
            ["/usr/sbin/varnishd", "-F", "-n", str(self.workdir / "varnish"),
             "-a", f"127.0.0.1:{VARNISH_PORT}", "-f", str(vcl), "-s", "malloc,256m"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{VARNISH_PORT}/", timeout=1)  # nosec B310
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        sys.exit("varnishd did not start:\n" + self.process.stderr.read().decode()[-2000:])

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        shutil.rmtree(self.workdir, ignore_errors=True)


def wrk(path: str, seconds: int, *, port: int = PORT, connections: int = 16) -> tuple[float, float]:
    """requests/s and p99 latency in ms for one page, after a short warm-up."""
    url = f"http://127.0.0.1:{port}{path}"
    for _ in range(3):
        urllib.request.urlopen(url, timeout=10).read()  # nosec B310  # loopback, our server
    result = subprocess.run(  # nosec B603 B607
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", result.stdout).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    if errors:
        sys.exit(f"{path}: {errors.group(1)} error responses under load")
    return rate, p99


def measure(seconds: int, *, cached: bool, rounds: int = 1, pages: tuple = tuple(PAGES)) -> dict:
    """Each page's median over rounds, the pages taken in turn each round: a burst of other work on this
    shared machine then costs one round, not one page's whole figure."""
    server = Server(cached=cached)
    try:
        runs = [{name: wrk(PAGES[name], seconds) for name in pages} for _ in range(rounds)]
    finally:
        server.stop()
    return {name: tuple(statistics.median(run[name][i] for run in runs) for i in (0, 1)) for name in pages}


# Side by side against a bare hello-world Django project (bench/bare.py): (name, port, path).
COMPARED = [
    ("bare hello-world", BARE_PORT, "/"),
    ("home, Django", PORT, "/"),
    ("article, Django", PORT, ARTICLE),
    ("case, Django", PORT, "/cases/bench-case/"),
    ("home, Varnish", VARNISH_PORT, "/"),
    ("article, Varnish", VARNISH_PORT, ARTICLE),
    ("case, Varnish", VARNISH_PORT, "/cases/bench-case/"),
]


def compare(seconds: int, rounds: int) -> None:
    """The targets' figures: cached pages from Django's cache (Redis) and through Varnish, each as a ratio
    to a bare hello-world Django project, measured in the same rounds (wrk 32 connections)."""
    bare = Server(cached=False, app=BARE_APP, port=BARE_PORT)
    site = Server(cached=True, extra={"NEWSROOM_HTTP_CACHE_URL": f"http://127.0.0.1:{VARNISH_PORT}/"})
    varnish = Varnish()
    try:
        runs = [{name: wrk(path, seconds, port=port, connections=32) for name, port, path in COMPARED}
                for _ in range(rounds)]  # fmt: skip
    finally:
        varnish.stop()
        site.stop()
        bare.stop()
    rows = {name: statistics.median(run[name][0] for run in runs) for name, _, _ in COMPARED}
    print(f"against a bare hello-world Django project, wrk -t2 -c32 -d{seconds}s, median of {rounds} rounds")
    print(f"{'page':<20}{'requests/s':>12}{'x bare hello-world':>20}")
    for name, rate in rows.items():
        print(f"{name:<20}{rate:>12,.0f}{rate / rows['bare hello-world']:>20.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="wrk's run for each page")
    parser.add_argument("--rounds", type=int, default=3, help="runs of every page; the median is printed")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--search-articles", type=int, default=100_000, help="for the search scaling figure")
    parser.add_argument(
        "--compare-only", action="store_true", help="only the figures against the bare hello-world project"
    )
    parser.add_argument("--cases", type=int, default=10_000, help="for /statistics/ and /timeline/")
    parser.add_argument("--only", nargs="+", choices=PAGES, help="measure these pages; no search scaling")
    parser.add_argument("--fill", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--first", type=int, default=0, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.fill is not None:
        return fill_worker(options.fill, options.first, options.cases)
    if subprocess.run(["which", "wrk"], capture_output=True).returncode:  # nosec B603 B607
        sys.exit("bench/serve.py needs wrk: apt-get install wrk")

    recreate_database()
    manage("migrate", "--verbosity", "0")
    manage("collectstatic", "--no-input", "--verbosity", "0")
    fill(1_000, cases=options.cases)
    if options.compare_only:
        fill(options.articles - 1_000, first=1_000)
        return compare(options.seconds, options.rounds)
    if not options.only:
        search_small = measure(options.seconds, cached=False, rounds=options.rounds, pages=("search",))[
            "search"
        ]
    fill(options.articles - 1_000, first=1_000)

    pages = tuple(options.only or PAGES)
    if "hello-world" not in pages:
        pages = ("hello-world", *pages)
    rows = {
        cache: measure(options.seconds, cached=cache == "warm", rounds=options.rounds, pages=pages)
        for cache in ("cold", "warm")
    }
    # Each page against hello-world on the same server: the same middleware, the same cache or none.
    setup = f"{os.cpu_count()} workers x 4 threads, {options.articles:,} articles, {options.cases:,} cases"
    print(f"gunicorn, {setup}, wrk -t2 -c16 -d{options.seconds}s, median of {options.rounds} rounds")
    print(f"{'page':<14}{'cache':<7}{'requests/s':>12}{'p99 ms':>10}{'x hello-world':>15}")
    for cache in ("cold", "warm"):
        for name, (rate, p99) in rows[cache].items():
            ceiling = rows[cache]["hello-world"][0]
            print(f"{name:<14}{cache:<7}{rate:>12,.0f}{p99:>10.1f}{rate / ceiling:>15.2f}")
    if options.only:
        return

    compare(options.seconds, options.rounds)

    fill(options.search_articles - options.articles, first=options.articles)
    search_large = measure(options.seconds, cached=False, rounds=options.rounds, pages=("search",))["search"]
    slowdown = search_small[0] / search_large[0]
    print(f"search at {1_000:,} articles: {search_small[0]:,.0f}/s; at {options.search_articles:,}: "
          f"{search_large[0]:,.0f}/s ({slowdown:.2f}x slower)")  # fmt: skip


if __name__ == "__main__":
    main()
