"""The task worker: runs django-tasks' database queue, enqueues the periodic jobs that are due and
leaves a heartbeat, in one loop. Any number of workers on any number of machines share the one
database: a task is claimed with SELECT … FOR UPDATE SKIP LOCKED (django-tasks-db), a periodic run
with a conditional UPDATE (core/periodic.py), a heartbeat is an upsert of the worker's own row."""

import logging
import os
import socket
import time

from django.db import DatabaseError, OperationalError, close_old_connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from teenindus.core import periodic
from teenindus.core.models import WorkerHeartbeat

logger = logging.getLogger("teenindus.worker")
HEARTBEAT_EVERY_SECONDS = 10.0
RETRY_AFTER_SECONDS = 5.0


def heartbeat(*, worker_id: str, started_at, now=None) -> None:
    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": now,
        },
    )


class PeriodicWorker(Worker):
    """django-tasks-db's worker, with the periodic jobs and the heartbeat in its loop."""

    def __init__(self, *, periodic_jobs: bool = True, **kwargs):
        super().__init__(**kwargs)
        self.periodic_jobs = periodic_jobs
        self.started_at = timezone.now()
        self._last_heartbeat = 0.0

    def tick(self) -> None:
        if time.monotonic() - self._last_heartbeat >= HEARTBEAT_EVERY_SECONDS:
            heartbeat(worker_id=self.worker_id, started_at=self.started_at)
            self._last_heartbeat = time.monotonic()
        if self.periodic_jobs:
            periodic.enqueue_due()

    def claim_one(self):
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)
        return task_result

    def _database_unavailable(self, exc: Exception) -> None:
        """The database is down or not migrated: say so, wait, try again (no heartbeat meanwhile,
        so /healthz reports the worker silent); a worker never dies of a database restart."""
        logger.error("database unavailable: %s", exc)
        close_old_connections()
        if self.batch:
            raise exc
        time.sleep(RETRY_AFTER_SECONDS)

    def run(self) -> None:
        logger.info("worker %s started", self.worker_id)
        while self.running:
            close_old_connections()
            try:
                self.tick()
                task_result = self.claim_one()
            except OperationalError as exc:
                if not is_locked_database_exception(exc):
                    self._database_unavailable(exc)
                    continue
                task_result = None  # SQLite busy past its timeout: try again on the next loop
            except DatabaseError as exc:
                self._database_unavailable(exc)
                continue
            if task_result is not None:
                self.run_task(task_result)
            elif self.batch:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            close_old_connections()
            if self.running and task_result is None:
                time.sleep(self.interval)
