"""Load: 60 seconds, 64 connections on a mix of public pages while readers post comments.

    .venv/bin/python bench/load.py               # needs wrk (apt-get install wrk), PostgreSQL, Redis
    .venv/bin/python bench/load.py --seconds 20

Serves the site as bench/serve.py does (gunicorn, PostgreSQL with generated data, the page cache on Redis)
and prints the requests made, errors and 5xx responses, which must all be zero, and the comments posted.
All traffic comes from 127.0.0.1, so the per-address comment rate limit is lifted for the run.
"""

import argparse
import re
import subprocess  # nosec B404  # runs wrk, ours to start
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import serve  # noqa: E402  # after the path is set

serve.DB_NAME, serve.PORT = "newsroom_load_bench", 8798
MIX = [
    "/",
    "/articles/",
    serve.ARTICLE,
    "/cases/bench-case/",
    "/search/?q=hunger+strike",
    "/people/",
    "/cases.json",
]
WRK_SCRIPT = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


def post_comments(stop: threading.Event, results: dict) -> None:
    """A reader: open the article's comment form, take a few seconds to write, post; again until the run
    ends."""
    base = f"http://127.0.0.1:{serve.PORT}"
    form = base + serve.ARTICLE + "comment/"
    while not stop.is_set():
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        html = opener.open(form, timeout=10).read().decode()  # nosec B310  # loopback
        fields = dict(re.findall(r'name="(csrfmiddlewaretoken|issued)" value="([^"]+)"', html))
        if stop.wait(3.2):  # the form refuses comments posted faster than a person writes
            break  # the run ended while this reader was writing: posting now would be too quick
        data = urllib.parse.urlencode(fields | {"author_name": "Load", "body": "Under load.", "website": ""})
        request = urllib.request.Request(form, data=data.encode(), headers={"Referer": base})
        try:
            status = opener.open(request, timeout=10).status  # nosec B310  # loopback
        except urllib.error.HTTPError as error:
            status = error.code
        results[status] = results.get(status, 0) + 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--articles", type=int, default=10_000)
    options = parser.parse_args()

    serve.recreate_database()
    serve.manage("migrate", "--verbosity", "0")
    serve.manage("collectstatic", "--no-input", "--verbosity", "0")
    serve.fill(options.articles)
    server = serve.Server(cached=True, extra={"NEWSROOM_COMMENT_RATE_LIMIT": "1000000"})
    stop, posted = threading.Event(), {}
    posters = [threading.Thread(target=post_comments, args=(stop, posted)) for _ in range(4)]
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
            script.write(WRK_SCRIPT % ", ".join(f'"{path}"' for path in MIX))
            script.flush()
            for poster in posters:
                poster.start()
            started = time.monotonic()
            result = subprocess.run(  # nosec B603 B607
                ["wrk", "-t2", f"-c{options.connections}", f"-d{options.seconds}s", "-s", script.name,
                 f"http://127.0.0.1:{serve.PORT}/"],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            elapsed = time.monotonic() - started
    finally:
        stop.set()
        for poster in posters:
            poster.join()
        server.stop()

    requests = int(re.search(r"(\d+) requests in", result.stdout).group(1))
    socket_errors = sum(map(int, re.findall(r"(?:connect|read|write|timeout) (\d+)", result.stdout)))
    non_2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)) else 0
    failed_posts = sum(n for status, n in posted.items() if status >= 400)
    setup = f"{options.seconds}s, {options.connections} connections, {len(MIX)} pages in turn"
    print(f"{setup}, 4 readers commenting")
    print(f"requests            {requests:>8,}  ({requests / elapsed:,.0f}/s)")
    print(f"errors              {socket_errors:>8,}")
    print(f"5xx and 4xx         {non_2xx:>8,}")
    statuses = ", ".join(f"{status}: {n}" for status, n in sorted(posted.items()))
    print(f"comments posted     {sum(posted.values()):>8,}  (refused: {failed_posts}; statuses {statuses})")
    if socket_errors or non_2xx or failed_posts:
        sys.exit(1)


if __name__ == "__main__":
    main()
