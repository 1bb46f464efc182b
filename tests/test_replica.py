"""The read-replica router, with a second database alias: reads on the replica, writes and what follows on
the primary. The replica mirrors the test database, so committed rows (TransactionTestCase) are on both."""

from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connections
from django.test import TransactionTestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Comment
from newsroom.roles import sync_groups
from newsroom.routers import PIN_COOKIE, PrimaryReplicaRouter, _pinned
from people.models import Person
from tests.articles.test_comments import issued_for
from tests.factories import make_article, make_editor
from tests.test_queries import page_queries


@override_settings(DATABASE_ROUTERS=["newsroom.routers.PrimaryReplicaRouter"])
class ReplicaRoutingTests(TransactionTestCase):
    databases = {"default", "replica"}

    def setUp(self):
        sync_groups(apps)
        self.article = make_article(
            title="Routed", slug="routed", status=Article.Status.PUBLISHED, published_at=timezone.now()
        )

    def queries(self, request):
        with (
            CaptureQueriesContext(connections["default"]) as primary,
            CaptureQueriesContext(connections["replica"]) as replica,
        ):
            response = request()
        # The page cache's table is on the primary (tests have no Redis): not a read of the page's data.
        return response, len(page_queries(primary)), len(page_queries(replica))

    def test_public_reads_go_to_the_replica(self):
        response, primary, replica = self.queries(lambda: self.client.get("/en/articles/routed/"))
        assert response.status_code == 200
        assert replica > 0 and primary == 0

    def test_a_write_and_the_reads_after_it_use_the_primary_then_the_writer_stays_there(self):
        data = {"author_name": "A", "body": "B", "issued": issued_for(self.article, 10), "website": ""}
        response, primary, replica = self.queries(
            lambda: self.client.post("/en/articles/routed/comment/", data)
        )
        assert response.status_code == 302 and Comment.objects.filter(body="B").exists()
        assert primary > 0 and replica == 0
        assert PIN_COOKIE in response.cookies
        response, primary, replica = self.queries(
            lambda: self.client.get("/en/articles/routed/comment-pending/")
        )
        assert response.status_code == 200 and primary > 0 and replica == 0

    def test_the_admin_reads_the_primary(self):
        self.client.force_login(make_editor())
        response, primary, replica = self.queries(lambda: self.client.get("/admin/articles/article/"))
        assert response.status_code == 200 and replica == 0

    def test_router_rules(self):
        router = PrimaryReplicaRouter()
        assert router.allow_migrate("default", "articles") and not router.allow_migrate("replica", "articles")
        assert router.db_for_read(Session) == "default"
        # The cache's table (no Redis) is read and written on the primary; a page stored there is no
        # change of content, so the request's reads stay on the replica.
        unpinned = _pinned.set(False)  # as a reader's GET starts (setUp's writes pinned this thread)
        try:
            assert router.db_for_read(cache.cache_model_class) == "default"
            assert router.db_for_write(cache.cache_model_class) == "default"
            assert router.db_for_read(Person) == "replica"
        finally:
            _pinned.reset(unpinned)
        assert router.db_for_write(Person) == "default"
        assert router.db_for_read(Person) == "default"  # the write above pinned this context
