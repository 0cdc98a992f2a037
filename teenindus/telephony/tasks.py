"""The telephony sweep as a periodic job of the worker (every few seconds)."""

from datetime import timedelta

from django_tasks import task

from teenindus.core import periodic
from teenindus.telephony.agent_names import interface_map
from teenindus.telephony.models import Agent
from teenindus.telephony.sweep import telephony_sweep

SWEEP_EVERY = timedelta(seconds=3)


@task()
def telephony_sweep_task() -> dict:
    return telephony_sweep()


@task()
def interface_map_task(name: str, agent_id: int) -> None:
    """Map a name of the extension table to an agent, re-folding what was imported under it."""
    interface_map(name=name, agent=Agent.objects.get(pk=agent_id), actor=None)


periodic.register("telephony.sweep", telephony_sweep_task, every=SWEEP_EVERY)
