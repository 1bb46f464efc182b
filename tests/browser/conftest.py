import pytest
from django.apps import apps

from newsroom.roles import sync_groups


@pytest.fixture
def staff_groups(transactional_db):
    """Browser tests run in flushed databases, which lose the groups the data migration made: make them again
    with the same function (tests/test_roles.py checks what the migration itself leaves)."""
    sync_groups(apps)


@pytest.fixture(scope="session")
def live_server():
    """pytest-django's live server, but static files come through WhiteNoise as in production: Django's
    finders-based handler knows nothing of the manifest's hashed names and would answer 404."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost:0", start=False)
    server.thread.static_handler = lambda application: application
    server.start()
    yield server
    server.stop()
