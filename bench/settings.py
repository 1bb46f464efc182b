"""The site's settings plus a hello-world view, so bench/serve.py can measure Django's own ceiling."""

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
