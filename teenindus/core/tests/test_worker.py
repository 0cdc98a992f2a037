"""The task worker: periodic jobs enqueued once across workers, tasks run, heartbeat, /healthz."""

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from teenindus.core import periodic
from teenindus.core.models import PeriodicJob, WorkerHeartbeat

pytestmark = pytest.mark.django_db(transaction=True)


def _enqueued(name: str) -> int:
    return DBTaskResult.objects.filter(task_path=periodic.JOBS[name].task.module_path).count()


def test_a_due_job_is_enqueued_once_and_again_when_due_again():
    now = timezone.now()
    assert "telephony.sweep" in periodic.enqueue_due(now=now)
    assert "telephony.sweep" not in periodic.enqueue_due(now=now)  # already moved on
    assert _enqueued("telephony.sweep") == 1
    job = PeriodicJob.objects.get(name="telephony.sweep")
    assert job.next_run_at == now + periodic.JOBS["telephony.sweep"].every
    assert "telephony.sweep" in periodic.enqueue_due(now=job.next_run_at)
    assert _enqueued("telephony.sweep") == 2
    # A daily job waits for its time of day, then is enqueued once that day.
    daily = PeriodicJob.objects.get(name="people.daily")
    assert daily.next_run_at > now and timezone.localtime(daily.next_run_at).hour == 6
    assert "people.daily" in periodic.enqueue_due(now=daily.next_run_at)
    assert "people.daily" not in periodic.enqueue_due(now=daily.next_run_at + timedelta(hours=1))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent workers: PostgreSQL pass")
def test_workers_on_many_machines_enqueue_each_run_exactly_once():
    now = timezone.now()
    barrier = threading.Barrier(12)
    errors = []

    def worker():
        try:
            barrier.wait()
            for step in range(5):
                periodic.enqueue_due(now=now + step * periodic.JOBS["telephony.sweep"].every)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert PeriodicJob.objects.filter(name="telephony.sweep").count() == 1
    assert _enqueued("telephony.sweep") == 5  # one per due time, not one per worker


def test_the_worker_runs_due_jobs_and_healthz_follows_its_heartbeat(client):
    url = reverse("healthz")
    before = client.get(url)
    assert before.status_code == 503 and before.json()["worker"] == "never seen"

    call_command("worker", "--batch", "--interval", "0")

    sweep = DBTaskResult.objects.get(task_path=periodic.JOBS["telephony.sweep"].task.module_path)
    assert sweep.status == "SUCCESSFUL" and sweep.return_value["ring_timeouts"] == 0
    beat = WorkerHeartbeat.objects.get()
    assert (timezone.now() - beat.seen_at).total_seconds() < 30
    ok = client.get(url)
    assert ok.status_code == 200 and ok.json() | {"worker": "ok", "database": "ok"} == ok.json()

    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(seconds=61))
    silent = client.get(url)
    assert silent.status_code == 503 and silent.json()["worker"] == "silent"


def test_a_worker_outlives_a_database_outage(monkeypatch):
    """The database is outside the worker: a failure of it (here the first look-up raising as a
    dropped connection does) is logged and retried, and the worker goes on with its tasks."""
    from django.db import OperationalError
    from django.utils.crypto import get_random_string

    from teenindus.core import worker as worker_module

    real = worker_module.periodic.enqueue_due
    failures = iter([OperationalError("server closed the connection unexpectedly")])

    def flaky(**kwargs):
        for failure in failures:
            raise failure
        return real(**kwargs)

    monkeypatch.setattr(worker_module.periodic, "enqueue_due", flaky)
    monkeypatch.setattr(worker_module, "RETRY_AFTER_SECONDS", 0)
    worker = worker_module.PeriodicWorker(
        queue_names=["default"], interval=0, batch=False, backend_name="default", startup_delay=False,
        max_tasks=1, worker_id=get_random_string(12), excluded_queue_names=[],
    )  # fmt: skip
    worker.run()
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1  # the sweep, after the outage
