"""The adapter to the contract partner's phone system.

Teenindus asks the phone system to answer or hang up an agent's call; the phone system reports
what happened as events (POST /api/v1/telephony/events). `SimulatedPhoneSystem` stands in for
the real one in the demo, the simulator and tests: it reports exactly the events the real
system would, through the same ingestion service the events API uses. A real adapter implements
the same two methods against the partner's API and leaves the reporting to the events API."""

import uuid

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from teenindus.telephony import fold
from teenindus.telephony.models import Agent
from teenindus.telephony.services import telephony_event_ingest


class PhoneSystem:
    def answer(self, *, agent: Agent, call_id: str) -> None:
        raise NotImplementedError

    def hang_up(self, *, agent: Agent, call_id: str) -> None:
        raise NotImplementedError


class SimulatedPhoneSystem(PhoneSystem):
    def _report(self, kind: str, agent: Agent, call_id: str) -> None:
        telephony_event_ingest(
            event=fold.Event(
                event_id=f"sim:{uuid.uuid4().hex}",
                call_id=call_id,
                kind=kind,
                at=timezone.now(),
                agent=agent.extension,
            ),
            source="simulated",
        )

    def answer(self, *, agent: Agent, call_id: str) -> None:
        self._report("answered", agent, call_id)

    def hang_up(self, *, agent: Agent, call_id: str) -> None:
        self._report("ended", agent, call_id)


def phone_system() -> PhoneSystem:
    return import_string(settings.PHONE_SYSTEM_ADAPTER)()
