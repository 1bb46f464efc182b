"""Background work on articles, run by `manage.py worker`."""

from newsroom.tasks import retried_task

from .services import article_release_scheduled


@retried_task
def release_scheduled() -> int:
    """Scheduled articles whose time has come go out: the cached pages that now show them are emptied.
    The worker enqueues this every TASK_SCHEDULE_SECONDS; returns how many went out."""
    return len(article_release_scheduled())
