import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from articles.tasks import release_scheduled, send_digests


class Command(BaseCommand):
    help = (
        "Run background tasks (django-tasks-db's db_worker) and, every TASK_SCHEDULE_SECONDS, enqueue the "
        "periodic ones: scheduled articles going out, followers' weekly digests. Run one or more beside "
        "gunicorn; stop with SIGTERM."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between looks for new tasks when idle."
        )

    def handle(self, *args, **options):
        stopped = threading.Event()
        scheduler = threading.Thread(target=self.schedule, args=(stopped,), daemon=True)
        scheduler.start()
        try:
            call_command(
                "db_worker",
                interval=options["interval"],
                reload=False,
                startup_delay=False,
                verbosity=options["verbosity"],
            )
        finally:
            stopped.set()

    def schedule(self, stopped: threading.Event) -> None:
        """Enqueue the periodic tasks now and then every TASK_SCHEDULE_SECONDS. Each is safe to run twice,
        so several workers each enqueueing them do no harm."""
        while not stopped.is_set():
            release_scheduled.enqueue()
            send_digests.enqueue()
            close_old_connections()
            stopped.wait(settings.TASK_SCHEDULE_SECONDS)
