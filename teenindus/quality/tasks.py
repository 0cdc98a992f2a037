"""Quality's background work: the monthly random sample of contacts to evaluate.

Runs daily and samples the month just ended (idempotent: a second run adds nothing). A site that
prefers cron calls `manage.py shell -c` with the same service."""

from datetime import time, timedelta

from django.utils import timezone
from django_tasks import task

from teenindus.core import periodic
from teenindus.quality.services.sampling import contacts_sample


@task()
def quality_sample_month() -> int:
    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    return contacts_sample(month=last_month.replace(day=1))


periodic.register("quality.sample", quality_sample_month, daily_at=time(5, 30))
