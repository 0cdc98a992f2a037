"""The telephony housekeeping a worker runs every few seconds (and `telephony_sweep` for cron sites).

Any number of sweeps may run at once, on any machines: ring timeouts are re-checked under each
agent's row lock, marks are taken with SKIP LOCKED and slots rebuilt under advisory locks."""

from teenindus.telephony.rollups import agent_state_intervals_flush, call_intervals_flush
from teenindus.telephony.routing import ring_timeouts_expire


def telephony_sweep() -> dict:
    """Agents rung past the ring timeout go to 'missed'; rollups marked out of date are rebuilt."""
    expired = ring_timeouts_expire()
    slots = call_intervals_flush()
    flushed = agent_state_intervals_flush()
    return {"ring_timeouts": len(expired), "call_rollups": slots, "agent_rollups": flushed}
