"""Core's background work: the mail outbox's delivery and requeue, and pruning of old task results."""

from datetime import time, timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from teenindus.core import outbox, periodic
from teenindus.core.models import WorkerHeartbeat

KEEP_RESULTS = timedelta(days=7)


@task()
def task_results_prune() -> int:
    """Successful task results older than a week go; failed ones stay for a person to read."""
    cutoff = timezone.now() - KEEP_RESULTS
    deleted, _ = DBTaskResult.objects.successful().filter(finished_at__lt=cutoff).delete()
    WorkerHeartbeat.objects.filter(seen_at__lt=cutoff).delete()
    return deleted


periodic.register("core.task_results_prune", task_results_prune, daily_at=time(3, 30))


@task()
def outbox_deliver(mail_id: int) -> str:
    return outbox.mail_deliver(mail_id=mail_id)


@task()
def outbox_requeue() -> int:
    return outbox.mails_requeue()


periodic.register("core.outbox_requeue", outbox_requeue, every=timedelta(minutes=15))
