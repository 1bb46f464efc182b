"""Background tasks that run again when they fail: Django's tasks framework records a failure but never
retries, so a task made with retried_task enqueues itself again, a bounded number of times."""

import datetime
import functools

from django.conf import settings
from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string


def retried_task(function=None, **options):
    """@task, but an error enqueues the task again (TASK_MAX_ATTEMPTS in all, waiting TASK_RETRY_SECONDS,
    then twice as long each time) and is raised again, so that each attempt's result keeps its error."""
    if function is None:
        return functools.partial(retried_task, **options)

    @functools.wraps(function)
    def attempt_once(*args, attempt: int = 1, **kwargs):
        try:
            return function(*args, **kwargs)
        except Exception:
            if attempt < settings.TASK_MAX_ATTEMPTS:
                delay = datetime.timedelta(seconds=settings.TASK_RETRY_SECONDS * 2 ** (attempt - 1))
                # The module's name for the function is the Task that @task made of it.
                again = import_string(f"{function.__module__}.{function.__qualname__}")
                again.using(run_after=timezone.now() + delay).enqueue(*args, attempt=attempt + 1, **kwargs)
            raise

    return task(**options)(attempt_once)
