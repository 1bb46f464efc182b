"""Readers served by real Varnish (deploy/varnish/newsroom.vcl) in front of gunicorn, both started here on
free ports: pages are cached by the records they show and purged exactly, never for a logged-in editor,
never under a foreign host, and still served while the application is down."""

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.test_serving import deployed, free_port, serving  # noqa: F401  # deployed is a fixture

VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
VCL = settings.BASE_DIR / "deploy/varnish/newsroom.vcl"
JAMNEWS = "/en/articles/thousands-protest-in-baku-to-demand-release-of-jailed-blogger/"


def require_varnish() -> None:
    """varnishd with the xkey vmod (Debian's varnish and varnish-modules). CI installs them (.ci/run), so
    there their absence fails the test."""
    if Path(VARNISHD).exists() and any(Path("/usr/lib").glob("*/varnish/vmods/libvmod_xkey.so")):
        return
    if os.environ.get("CI") == "true":
        pytest.fail(
            "varnishd or the xkey vmod is missing; CI needs them (apt-get install varnish varnish-modules)"
        )
    pytest.skip("no varnishd with the xkey vmod (under CI=true this fails instead)")


@contextlib.contextmanager
def varnish(backend_port: int):
    """varnishd in the foreground on a free port, the VCL's backend port rewritten: yields its address."""
    require_varnish()
    port = free_port()
    # varnishd reads the VCL as its own user: a folder it may enter, not pytest's (private to root).
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-varnish-"))
    workdir.chmod(0o755)
    vcl = workdir / "newsroom.vcl"
    vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";'))
    process = subprocess.Popen(
        [VARNISHD, "-F", "-n", str(workdir / "varnish"), "-a", f"127.0.0.1:{port}", "-f", str(vcl),
         "-s", "malloc,32m"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    address = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(address + "/robots.txt", timeout=5).read()
                break
            except urllib.error.HTTPError:
                break  # Varnish answers (the application may not yet)
            except OSError:
                if process.poll() is not None:
                    pytest.fail("varnishd stopped: " + process.stdout.read()[-2000:])
                time.sleep(0.1)
        else:
            pytest.fail("varnishd did not answer")
        yield address
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)


def fetch(url: str, **headers) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def varnish_says(url: str, **headers) -> str:
    return fetch(url, **headers)[1]["X-Varnish-Cache"]


def manage_shell(environment, code: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "--command", code],
        cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@contextlib.contextmanager
def site_behind_varnish(environment, **settings_environment):
    """gunicorn, and Varnish in front of it that the application purges: yields (Varnish, environment)."""
    backend_port = free_port()
    with varnish(backend_port) as front:
        environment = environment | {"NEWSROOM_HTTP_CACHE_URL": front + "/"} | settings_environment
        with serving(environment, port=backend_port) as _site:
            yield front, environment


@pytest.fixture
def behind_varnish(deployed):  # noqa: F811
    environment, _home = deployed
    with site_behind_varnish(environment) as running:
        yield running


def test_a_second_get_is_a_hit_and_tracking_parameters_are_one_object(behind_varnish):
    front, _environment = behind_varnish
    assert varnish_says(front + "/en/cases/") == "miss"
    status, headers, page = fetch(front + "/en/cases/")
    assert (status, headers["X-Varnish-Cache"]) == (200, "hit")
    assert "xkey" not in {name.lower() for name in headers}  # the keys are for purges only

    answers = [varnish_says(front + f"/en/people/?utm_source=campaign-{n}&fbclid=x{n}") for n in range(50)]
    assert answers == ["miss"] + ["hit"] * 49
    assert varnish_says(front + "/en/people/") == "hit"
    assert "campaign-" not in fetch(front + "/en/people/?utm_source=campaign-7")[2]


def test_approving_a_comment_purges_its_article_and_no_other_page(behind_varnish):
    front, environment = behind_varnish
    other = manage_shell(
        environment,
        "from articles.models import Article; "
        f"print(Article.objects.published().exclude(slug='{JAMNEWS.split('/')[2]}').first().get_absolute_url())",
    )
    pages = [JAMNEWS, other, "/en/cases/"]
    for page in pages:
        fetch(front + page)
    assert [varnish_says(front + page) for page in pages] == ["hit"] * 3
    manage_shell(
        environment,
        "from django.contrib.auth.models import User; from articles.models import Article, Comment; "
        "from articles.services import comment_moderate; "
        "article = Article.objects.get(slug='" + JAMNEWS.split("/")[3] + "'); "
        "comment = Comment.objects.create(article=article, author_name='Leyla', body='Approved at last.'); "
        "user = User.objects.create(username='moderator'); "
        "comment_moderate(comments=[comment], status='approved', user=user)",
    )
    status, headers, page = fetch(front + JAMNEWS)
    assert headers["X-Varnish-Cache"] == "miss" and "Approved at last." in page
    assert [varnish_says(front + page) for page in [other, "/en/cases/"]] == ["hit", "hit"]


def test_a_logged_in_editor_is_never_served_from_varnish(behind_varnish):
    front, environment = behind_varnish
    fetch(front + "/en/")
    assert varnish_says(front + "/en/") == "hit"
    session = manage_shell(
        environment,
        "from django.contrib.auth.models import User; from django.test import Client; "
        "client = Client(); client.force_login(User.objects.create(username='editor', is_staff=True)); "
        "print(client.cookies['sessionid'].value)",
    )
    for _ in range(2):
        status, headers, _page = fetch(front + "/", Cookie=f"sessionid={session}")
        assert status == 200 and headers["X-Varnish-Cache"] == "miss"
        assert "X-Cache" not in headers  # nor from Django's page cache


def test_a_foreign_host_header_cannot_poison_a_page(behind_varnish):
    front, _environment = behind_varnish
    for host in ["evil.example", "127.0.0.1.evil.example"]:
        status, _headers, page = fetch(front + "/sitemap.xml", Host=host)
        assert status == 421 and "evil" not in page
    status, _headers, page = fetch(front + "/sitemap.xml")
    assert status == 200 and "evil" not in page and "http://127.0.0.1" in page


def test_a_cached_page_is_served_while_the_application_is_down(deployed):  # noqa: F811
    """Past its time to live, in grace: gunicorn stopped, Varnish still answers with the last copy."""
    environment, _home = deployed
    backend_port = free_port()
    with varnish(backend_port) as front:
        ttl = {"NEWSROOM_PAGE_CACHE_SECONDS": "1", "NEWSROOM_HTTP_CACHE_URL": front + "/"}
        with serving(environment | ttl, port=backend_port):
            status, _headers, fresh = fetch(front + JAMNEWS)
            assert status == 200
        time.sleep(2)  # gunicorn is stopped; the copy's second to live is over
        status, _headers, stale = fetch(front + JAMNEWS)
        assert status == 200 and stale == fresh
        assert fetch(front + "/en/people/")[0] == 503  # never cached: nothing to serve
