"""The site served as deployed (gunicorn with newsroom/gunicorn.py) writes nothing to local disk: app
servers stay stateless, so any of them can serve any reader and none needs a disk of its own."""

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


def test_a_served_site_writes_nothing_to_local_disk(deployed):
    environment, home = deployed
    port = free_port()
    before = files_under(settings.BASE_DIR, home)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "newsroom.wsgi", "-c", "python:newsroom.gunicorn",
         "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"],
        cwd=settings.BASE_DIR, env=environment, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    site = f"http://127.0.0.1:{port}"
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    try:
        for _ in range(100):
            try:
                home_page = browser.open(site + "/", timeout=5).read().decode()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not answer: " + server.stderr.read()[-2000:])
        article = re.search(r'href="(/articles/[^"/]+/)"', home_page).group(1)
        page = browser.open(site + article).read().decode()
        for path in ["/articles/", "/people/", "/cases/", "/search/?q=Huseynov", "/feeds/articles.rss",
                     "/" + settings.ADMIN_URL + "login/"]:  # fmt: skip
            assert browser.open(site + path).status == 200
        stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page).group(1)
        assert browser.open(site + stylesheet).status == 200

        # A reader comments (after the form's minimum time), and the page says it awaits moderation.
        time.sleep(3.1)
        form = {name: re.search(rf'name="{name}" value="([^"]*)"', page).group(1)
                for name in ("csrfmiddlewaretoken", "issued")}  # fmt: skip
        form |= {"author_name": "Leyla", "author_email": "", "body": "Free him now.", "website": ""}
        answer = browser.open(site + article, data=urllib.parse.urlencode(form).encode())
        assert answer.url.endswith("/comment-pending/") and "awaits moderation" in answer.read().decode()
        running = files_under(settings.BASE_DIR, home)  # before a clean stop could tidy anything away
    finally:
        server.terminate()
        server.wait(timeout=30)

    stopped = files_under(settings.BASE_DIR, home)
    written = {path for path, stamp in (running | stopped).items() if before.get(path) != stamp}
    assert not written, f"the server wrote {sorted(written)}"
