import signal

from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string

from teenindus.core.worker import PeriodicWorker


class Command(BaseCommand):
    help = (
        "Run a task worker: background tasks (mail, reminders), the periodic jobs (telephony sweep, daily "
        "reminders) and a heartbeat for /healthz. Start one or more on any machine sharing the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=0.5, help="seconds to sleep when idle")
        parser.add_argument("--batch", action="store_true", help="run what is ready, then exit")
        parser.add_argument("--max-tasks", type=int, default=None)
        parser.add_argument(
            "--no-periodic", action="store_true", help="do not enqueue periodic jobs (run only tasks)"
        )
        parser.add_argument("--queue-name", default="default", help="comma-separated queues, or *")

    def handle(self, *args, interval, batch, max_tasks, no_periodic, queue_name, **options):
        worker = PeriodicWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=False,
            max_tasks=max_tasks,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
            periodic_jobs=not no_periodic,
        )
        if not batch:
            worker.configure_signals()
        try:
            worker.run()
        finally:
            if not batch:
                worker.reset_signals()
                signal.signal(signal.SIGINT, signal.default_int_handler)
