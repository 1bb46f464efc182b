"""The site served as deployed (gunicorn with newsroom/gunicorn.py) writes nothing to local disk: app
servers stay stateless, so any of them can serve any reader and none needs a disk of its own."""

import contextlib
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.test_caching import REDIS_URL, require_redis

# A database of its own on the Redis that tests use: the server and the import share it, as app servers do.
SERVING_REDIS_URL = REDIS_URL.rsplit("/", 1)[0] + "/13"
# The test runner's own files, written by this pytest process, not by the server.
NOT_THE_SERVERS = (".test-db.sqlite3", ".pytest_cache")


def files_under(*roots: Path) -> dict[str, tuple[int, int]]:
    found = {}
    for root in roots:
        for folder, folders, files in os.walk(root):
            folders[:] = [name for name in folders if not name.startswith(NOT_THE_SERVERS)]
            found.update({os.path.join(folder, name): (0, 0) for name in folders})  # that it exists
            for name in files:
                if name.startswith(NOT_THE_SERVERS):
                    continue
                path = os.path.join(folder, name)
                try:
                    status = os.lstat(path)
                except FileNotFoundError:
                    continue
                found[path] = (status.st_mtime_ns, status.st_size)
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def deployed(tmp_path):
    """The README's deploy steps, with the database, static files and home directory in a scratch folder."""
    home = tmp_path / "home"
    home.mkdir()
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "NEWSROOM_", "DATABASE_", "REDIS_"))
    } | {
        "HOME": str(home),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "serving-test-" + "s" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",  # no TLS proxy in front of this server
        "DJANGO_SECURE_COOKIES": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "NEWSROOM_STATIC_ROOT": str(tmp_path / "static"),
    }
    python = [sys.executable]
    for step in (
        ["manage.py", "migrate", "--no-input", "--verbosity", "0"],
        ["manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        ["manage.py", "import_seeds", "--status", "published", "--verbosity", "0"],
        ["-m", "compileall", "-q", "newsroom", "articles", "people"],
    ):
        done = subprocess.run(
            python + step, cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    return environment, home


@contextlib.contextmanager
def serving(environment, *options, port: int | None = None):
    """gunicorn as deployed, two workers, on a free port (or port): yields the site's address."""
    port = port or free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "newsroom.wsgi", "-c", "python:newsroom.gunicorn",
         "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning", *options],
        cwd=settings.BASE_DIR, env=environment, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    site = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(site + "/en/", timeout=5).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not answer: " + server.stderr.read()[-2000:])
        yield site
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_served_site_writes_nothing_to_local_disk(deployed):
    environment, home = deployed
    before = files_under(settings.BASE_DIR, home)
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with serving(environment) as site:
        home_page = browser.open(site + "/en/", timeout=5).read().decode()
        article = re.search(r'href="(/en/articles/[^"/]+/)"', home_page).group(1)
        page = browser.open(site + article).read().decode()
        for path in ["/en/articles/", "/en/people/", "/en/cases/", "/en/search/?q=Huseynov",
                     "/en/feeds/articles.rss", "/" + settings.ADMIN_URL + "login/"]:  # fmt: skip
            assert browser.open(site + path).status == 200
        stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page).group(1)
        assert browser.open(site + stylesheet).status == 200

        # A reader opens the comment form, comments (after the form's minimum time), and the page says it
        # awaits moderation.
        comment = re.search(r'href="(/en/articles/[^"/]+/comment/)"', page).group(1)
        form_page = browser.open(site + comment).read().decode()
        time.sleep(3.1)
        form = {name: re.search(rf'name="{name}" value="([^"]*)"', form_page).group(1)
                for name in ("csrfmiddlewaretoken", "issued")}  # fmt: skip
        form |= {"author_name": "Leyla", "author_email": "", "body": "Free him now.", "website": ""}
        answer = browser.open(site + comment, data=urllib.parse.urlencode(form).encode())
        assert answer.url.endswith("/comment-pending/") and "awaits moderation" in answer.read().decode()
        running = files_under(settings.BASE_DIR, home)  # before a clean stop could tidy anything away

    stopped = files_under(settings.BASE_DIR, home)
    written = {path for path, stamp in (running | stopped).items() if before.get(path) != stamp}
    assert not written, f"the server wrote {sorted(written)}"


@pytest.mark.parametrize("cache", ["database", "redis"])
def test_every_server_process_shows_a_change_made_elsewhere_at_once(deployed, tmp_path, cache):
    """Two gunicorn workers have the article list cached when an import from the command line adds an
    article: whichever worker answers next, the reader sees it (the cache is shared, by Redis or, without
    REDIS_URL, by the database: never each process's own memory)."""
    environment, _home = deployed
    if cache == "redis":
        environment = environment | {"REDIS_URL": require_redis(SERVING_REDIS_URL)}
    log = tmp_path / "access.log"
    new = tmp_path / "new"
    new.mkdir()
    (new / "ganja.txt").write_text("Court Frees Four Activists In Ganja\n\nThey were released today.\n")

    asked = ["/en/"]  # serving() asked for the home page once it answered

    def answers(site):
        """(worker's pid, X-Cache, page) for one more request, each on a new connection."""
        with urllib.request.urlopen(site + "/en/articles/", timeout=5) as response:
            page, state = response.read().decode(), response.headers["X-Cache"]
        asked.append("/en/articles/")
        for _ in range(500):  # the worker logs the request just after answering it
            pids = log.read_text().split()
            if len(pids) == len(asked):
                return pids[-1], state, page
            time.sleep(0.01)
        pytest.fail(f"gunicorn logged {len(pids)} requests of {len(asked)}")

    with serving(environment, "--access-logfile", str(log), "--access-logformat", "%(p)s") as site:
        before = [answers(site) for _ in range(10)]
        while len({pid for pid, state, _ in before if state == "hit"}) < 2 and len(before) < 300:
            before.append(answers(site))
        assert len({pid for pid, state, _ in before if state == "hit"}) == 2, "both workers hold the page"
        assert not any("Court Frees Four Activists" in page for _, _, page in before)

        imported = subprocess.run(
            [sys.executable, "manage.py", "import_seeds", str(new), "--status", "published", "-v", "0"],
            cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True,
        )  # fmt: skip
        assert imported.returncode == 0, imported.stderr
        after = [answers(site) for _ in range(10)]
        while len({pid for pid, _, _ in after}) < 2 and len(after) < 300:
            after.append(answers(site))
    assert len({pid for pid, _, _ in after}) == 2, "both workers answered after the import"
    assert all("Court Frees Four Activists" in page for _, _, page in after)
