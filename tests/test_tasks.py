"""Background tasks: scheduled articles go out with no one at the keyboard, a failing task is retried a
bounded number of times with each error kept, and the worker runs as its own process, as deployed."""

import contextlib
import datetime
import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article
from articles.services import article_release_scheduled
from articles.tasks import release_scheduled
from newsroom.caching import _version_name
from newsroom.tasks import retried_task
from tests.factories import make_article


def page_version(article) -> str | None:
    """The version the page caches hold for the article's pages: it changes when they are purged."""
    return cache.get(_version_name(f"article-{article.pk}"))


class Broken(Exception):
    pass


@retried_task
def always_fails(word: str) -> None:
    """A task for these tests: it never works."""
    raise Broken(f"no {word} today")


class ScheduledPublishingTests(TestCase):
    def test_an_article_goes_out_once_when_its_time_comes(self):
        """The pages are emptied when a scheduled article's time has come, once; not before."""
        soon = timezone.now() + datetime.timedelta(hours=1)
        article = make_article(status=Article.Status.PUBLISHED, published_at=soon)
        version = page_version(article)
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(article_release_scheduled(), [])
        self.assertEqual(page_version(article), version)

        later = soon + datetime.timedelta(minutes=1)
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(article_release_scheduled(now=later), [article])
        self.assertNotEqual(page_version(article), version)
        version = page_version(article)
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(article_release_scheduled(now=later), [])
        self.assertEqual(page_version(article), version)

    def test_a_time_moved_later_schedules_it_again(self):
        """An editor moves an article that went out to a later time: it goes out again then."""
        article = make_article(status=Article.Status.PUBLISHED)
        article_release_scheduled()
        article.published_at = timezone.now() + datetime.timedelta(days=1)
        article.save()
        self.assertEqual(article_release_scheduled(), [])
        self.assertEqual(article_release_scheduled(now=article.published_at), [article])

    def test_drafts_and_withdrawn_articles_never_go_out(self):
        make_article(status=Article.Status.DRAFT, published_at=timezone.now())
        make_article(status=Article.Status.WITHDRAWN)
        self.assertEqual(article_release_scheduled(), [])

    def test_the_task_calls_the_service(self):
        """The task enqueued by the worker's schedule releases what is due and says how many."""
        make_article(status=Article.Status.PUBLISHED)
        self.assertEqual(release_scheduled.call(), 1)
        self.assertEqual(release_scheduled.call(), 0)


@override_settings(TASK_MAX_ATTEMPTS=3, TASK_RETRY_SECONDS=60)
class RetryTests(TestCase):
    def test_a_failure_is_enqueued_again_later_until_the_last_attempt(self):
        """Each failure raises (so its result keeps the error) and enqueues the next attempt, later each
        time; the third attempt enqueues nothing."""
        before = timezone.now()
        with self.assertRaises(Broken):
            always_fails.call("bread")
        again = DBTaskResult.objects.get()
        self.assertEqual(again.args_kwargs, {"args": ["bread"], "kwargs": {"attempt": 2}})
        self.assertGreaterEqual(again.run_after, before + datetime.timedelta(seconds=60))

        with self.assertRaises(Broken):
            always_fails.call("bread", attempt=2)
        third = DBTaskResult.objects.latest("enqueued_at")
        self.assertEqual(third.args_kwargs["kwargs"], {"attempt": 3})
        self.assertGreaterEqual(third.run_after, before + datetime.timedelta(seconds=120))

        with self.assertRaises(Broken):
            always_fails.call("bread", attempt=3)
        self.assertEqual(DBTaskResult.objects.count(), 2)


def database_url() -> str:
    """The test database's address, for a process of its own."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@contextlib.contextmanager
def worker(**environment):
    """`manage.py worker` as deployed, a process of its own on the test database."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_", "NEWSROOM_"))}
    env |= {"DATABASE_URL": database_url(), "DATABASE_POOL": "false", **environment}
    process = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.1", "--verbosity", "0"],
        cwd=settings.BASE_DIR, env=env, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_for(condition, process, seconds=60):
    for _ in range(seconds * 10):
        if condition():
            return
        if process.poll() is not None:
            pytest.fail("the worker stopped: " + process.stderr.read()[-2000:])
        time.sleep(0.1)
    pytest.fail("the worker did not do it in time")


@pytest.mark.django_db(transaction=True)
def test_the_worker_process_releases_scheduled_articles_and_retries_failures():
    """The worker, a separate process, releases an article whose time passed (no one enqueues that but its
    own schedule), and runs a failing task three times in all, keeping each error."""
    article = make_article(
        status=Article.Status.PUBLISHED, published_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    version = page_version(article)
    failing = always_fails.enqueue("bread")
    with worker(NEWSROOM_TASK_RETRY_SECONDS="0", NEWSROOM_TASK_SCHEDULE_SECONDS="1") as process:
        wait_for(lambda: Article.objects.filter(pk=article.pk, released_at__isnull=False).exists(), process)
        failed = DBTaskResult.objects.failed().filter(task_path="tests.test_tasks.always_fails")
        wait_for(lambda: failed.count() == 3, process)
        time.sleep(1)  # a fourth would have been enqueued at once
    assert page_version(article) != version
    assert DBTaskResult.objects.filter(task_path="tests.test_tasks.always_fails").count() == 3
    assert failing.id in {str(pk) for pk in failed.values_list("id", flat=True)}
    for result in failed:
        assert result.exception_class_path == "tests.test_tasks.Broken"
        assert "no bread today" in result.traceback
    assert DBTaskResult.objects.successful().filter(task_path="articles.tasks.release_scheduled").exists()


class TaskResultAdminTests(TestCase):
    def test_an_editor_sees_a_failed_tasks_error_and_may_change_nothing(self):
        """The results' admin shows editors each failure's error; the records are the worker's alone."""
        from tests.factories import make_editor

        result = DBTaskResult.objects.create(
            task_path="tests.test_tasks.always_fails",
            args_kwargs={"args": ["salt"], "kwargs": {}},
            backend_name="default",
        )
        result.set_failed(Broken("no salt today"))
        self.client.force_login(make_editor())
        listing = self.client.get(
            "/" + settings.ADMIN_URL + "django_tasks_database/dbtaskresult/?status=FAILED"
        )
        self.assertContains(listing, "always_fails")
        page = self.client.get(f"/{settings.ADMIN_URL}django_tasks_database/dbtaskresult/{result.pk}/change/")
        self.assertContains(page, "no salt today")
        self.assertNotContains(page, 'name="_save"')
