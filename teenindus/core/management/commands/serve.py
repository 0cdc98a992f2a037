"""`make run`: the production server (Granian, see teenindus.core.server) and a task worker side
by side; Ctrl-C stops both."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from teenindus.core.server import GRACEFUL_SECONDS, web_command


class Command(BaseCommand):
    help = (
        "Serve with Granian (the production WSGI server) and run a task worker beside it; Ctrl-C "
        "(or SIGTERM) stops both, and if either exits the other is stopped too. --dev uses Django's "
        "auto-reloading development server instead of Granian."
    )

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3")))
        parser.add_argument(
            "--dev", action="store_true", help="runserver with auto-reload instead of Granian"
        )

    def handle(self, *args, bind, workers, dev, **options):
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        # Threads: a slow request (a PDF, an upload) holds a thread, not a whole worker.
        web = [*manage, "runserver", bind] if dev else web_command(bind=bind, workers=workers, threads=4)
        processes = [
            subprocess.Popen(web, cwd=settings.BASE_DIR),
            subprocess.Popen([*manage, "worker"], cwd=settings.BASE_DIR),
        ]
        self.stdout.write(
            f"Teenindus on http://{bind}/ ({'development server' if dev else 'Granian'} + worker)"
        )
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping and all(p.poll() is None for p in processes):
                time.sleep(0.3)
        finally:
            if stopping:  # Ctrl-C reached the whole process group: give both a moment to finish
                # (longer than the server's own wait for its workers' requests)
                deadline = time.monotonic() + GRACEFUL_SECONDS + 5
                while time.monotonic() < deadline and any(p.poll() is None for p in processes):
                    time.sleep(0.2)
            for p in processes:
                if p.poll() is None:
                    p.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 15
            for p in processes:
                try:
                    p.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    p.kill()
        codes = [p.returncode for p in processes]
        self.stdout.write(f"stopped (server {codes[0]}, worker {codes[1]})")
