"""Background work on articles, run by `manage.py worker`."""

from newsroom.tasks import retried_task

from .models import ImportBatch
from .services import article_release_scheduled, import_batch_run


@retried_task
def release_scheduled() -> int:
    """Scheduled articles whose time has come go out: the cached pages that now show them are emptied.
    The worker enqueues this every TASK_SCHEDULE_SECONDS; returns how many went out."""
    return len(article_release_scheduled())


@retried_task
def import_batch(batch_id: int) -> dict[str, int]:
    """Import the pages an editor uploaded and confirmed in the admin; returns how many of each outcome."""
    return import_batch_run(batch=ImportBatch.objects.get(pk=batch_id))
