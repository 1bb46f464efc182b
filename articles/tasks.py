"""Background work on articles, run by `manage.py worker`."""

from django.utils import translation
from django.utils.translation import gettext

from newsroom.tasks import retried_task

from .emails import follower_email
from .models import Follower, ImportBatch
from .services import article_release_scheduled, followers_alert, followers_send_digests, import_batch_run


@retried_task
def release_scheduled() -> int:
    """Scheduled articles whose time has come go out: the cached pages that now show them are emptied.
    The worker enqueues this every TASK_SCHEDULE_SECONDS; returns how many went out."""
    return len(article_release_scheduled())


@retried_task
def import_batch(batch_id: int) -> dict[str, int]:
    """Import the pages an editor uploaded and confirmed in the admin; returns how many of each outcome."""
    return import_batch_run(batch=ImportBatch.objects.get(pk=batch_id))


@retried_task
def follower_send_confirmation(follower_id: int) -> None:
    """The double opt-in: a link to confirm, sent to the address given."""
    follower = Follower.objects.filter(pk=follower_id, confirmed_at__isnull=True).first()
    if follower is not None:
        with translation.override(follower.language):
            subject = gettext("Confirm: follow %(followed)s") % {"followed": follower.followed}
            message = follower_email(follower, subject=subject, template="emails/follow_confirm.txt")
        message.send()


@retried_task
def send_digests() -> int:
    """The weekly digests that are due (the worker enqueues this with its schedule)."""
    return followers_send_digests()


@retried_task
def alert_followers(case_id: int) -> int:
    """A case's followers hear at once of a release, verdict or sentence saved on it."""
    from people.models import Case

    return followers_alert(case=Case.objects.get(pk=case_id))
