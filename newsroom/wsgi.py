"""WSGI entry point for gunicorn: `gunicorn newsroom.wsgi`. Anonymous readers' cached pages are answered
here, before Django's handler (newsroom.caching.PageCacheApplication); everything else goes to Django."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_wsgi_application()

# Only now: newsroom.caching imports the models, which needs the apps that get_wsgi_application() set up.
from newsroom.caching import PageCacheApplication  # noqa: E402

application = PageCacheApplication(application)
