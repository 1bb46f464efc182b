import pytest
from django.apps import apps

from articles.roles import sync_groups


@pytest.fixture
def staff_groups(transactional_db):
    """Browser tests run in flushed databases, which lose the groups the data migration made: make them again
    with the same function (tests/test_roles.py checks what the migration itself leaves)."""
    sync_groups(apps)
