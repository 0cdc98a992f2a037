"""Periodic jobs run by the task workers (`manage.py worker`), not by timers on each machine.

An app registers its jobs when it is ready (`periodic.register(...)` in its tasks module, imported
from its AppConfig.ready); `core` imports no app. A job is a django-tasks Task that takes no
arguments. Every worker loop calls `enqueue_due()`: for each job whose `next_run_at` has passed,
one conditional UPDATE moves it on and, only for the worker whose UPDATE matched, enqueues the task
in the same transaction — so several workers on several machines enqueue each run exactly once."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from teenindus.core.models import PeriodicJob


@dataclass(frozen=True)
class Job:
    name: str
    task: object  # a django_tasks Task without arguments
    every: timedelta | None = None  # run every so often ...
    daily_at: time | None = None  # ... or once a day at this local time

    def next_after(self, moment: datetime) -> datetime:
        if self.every is not None:
            return moment + self.every
        local = timezone.localtime(moment)
        candidate = timezone.make_aware(datetime.combine(local.date(), self.daily_at))
        if candidate <= moment:
            candidate = timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), self.daily_at))
        return candidate


JOBS: dict[str, Job] = {}


def register(name: str, task, *, every: timedelta | None = None, daily_at: time | None = None) -> None:
    if (every is None) == (daily_at is None):
        raise ValueError("give either every= or daily_at=")
    JOBS[name] = Job(name=name, task=task, every=every, daily_at=daily_at)


def _first_run(job: Job, now: datetime) -> datetime:
    # A frequent job starts at once; a daily one at its next time of day.
    return now if job.every is not None else job.next_after(now)


def enqueue_due(*, now: datetime | None = None) -> list[str]:
    """Enqueue every registered job that is due; returns the names this caller enqueued."""
    now = now or timezone.now()
    known = set(PeriodicJob.objects.filter(name__in=list(JOBS)).values_list("name", flat=True))
    for name in JOBS.keys() - known:
        try:
            with transaction.atomic():
                PeriodicJob.objects.create(name=name, next_run_at=_first_run(JOBS[name], now))
        except IntegrityError:
            pass  # another worker created it first
    enqueued = []
    for name in PeriodicJob.objects.filter(name__in=list(JOBS), next_run_at__lte=now).values_list(
        "name", flat=True
    ):
        job = JOBS[name]
        with transaction.atomic():
            # The conditional UPDATE is the claim: of two workers only one matches the due row
            # (the other's WHERE is evaluated again after the first commits and no longer holds).
            claimed = PeriodicJob.objects.filter(name=name, next_run_at__lte=now).update(
                next_run_at=job.next_after(now), last_enqueued_at=now
            )
            if claimed:
                job.task.enqueue()
                enqueued.append(name)
    return enqueued
