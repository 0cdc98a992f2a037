"""The contact analysis' background work: building and mailing a unit's report, and the monthly run."""

from datetime import time

from django_tasks import task

from teenindus.analysis import services
from teenindus.core import periodic


@task()
def analysis_send_task(send_id: int) -> str:
    return services.analysis_send_deliver(send_id=send_id)


@task()
def analysis_monthly_task() -> int:
    return services.analysis_monthly()


# Daily: the first run in a month sends last month's; the other runs find it sent (unique key).
periodic.register("analysis.monthly", analysis_monthly_task, daily_at=time(6, 30))
