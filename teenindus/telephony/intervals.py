"""Reporting intervals in Europe/Tallinn local time.

A call belongs to the 15-minute slot in which it entered the queue. Slots count real elapsed
time from local midnight, so a day with a daylight-saving change has 92 (23 h) or 100 (25 h)
slots and the repeated autumn hour gets slots of its own. Each call stores its local date and
slot when it arrives; no report converts time zones at query time.
"""

from datetime import UTC, date, datetime, timedelta

from teenindus.core.localtime import local_midnight, tz  # noqa: F401 - the local day, from core

SLOT_SECONDS = 15 * 60
GRANULARITIES = ("15m", "hour", "day", "week", "month")


def day_length_slots(day: date) -> int:
    return (
        int((local_midnight(day + timedelta(days=1)) - local_midnight(day)).total_seconds()) // SLOT_SECONDS
    )


def slot_of(moment: datetime) -> tuple[date, int]:
    """(local date, slot index from local midnight) of an aware instant."""
    day = moment.astimezone(tz()).date()
    elapsed = moment.astimezone(UTC) - local_midnight(day)
    return day, int(elapsed.total_seconds() // SLOT_SECONDS)


def slot_start(day: date, slot: int) -> datetime:
    """The local start of a slot (with the right UTC offset on either side of a DST change)."""
    return (local_midnight(day) + timedelta(seconds=slot * SLOT_SECONDS)).astimezone(tz())


def slot_bounds(day: date, slot: int) -> tuple[datetime, datetime]:
    start = local_midnight(day) + timedelta(seconds=slot * SLOT_SECONDS)
    return start, start + timedelta(seconds=SLOT_SECONDS)


def period_key(day: date, slot: int, granularity: str):
    """The bucket a (date, slot) falls into."""
    if granularity == "15m":
        return (day, slot)
    if granularity == "hour":
        return (day, slot // 4)
    if granularity == "day":
        return day
    if granularity == "week":
        return day - timedelta(days=day.weekday())
    if granularity == "month":
        return day.replace(day=1)
    raise ValueError(granularity)


def period_start(key, granularity: str) -> datetime:
    if granularity == "15m":
        return slot_start(key[0], key[1])
    if granularity == "hour":
        return slot_start(key[0], key[1] * 4)
    return local_midnight(key).astimezone(tz())


def split_by_slot(start: datetime, end: datetime):
    """Yield (date, slot, seconds) for the parts of [start, end) in each slot."""
    current = start.astimezone(UTC)
    end = end.astimezone(UTC)
    if current >= end:
        return
    day, slot = slot_of(current)
    day_start = local_midnight(day)
    next_midnight = local_midnight(day + timedelta(days=1))
    step = timedelta(seconds=SLOT_SECONDS)
    while current < end:
        slot_end = day_start + step * (slot + 1)
        piece_end = min(end, slot_end)
        yield day, slot, (piece_end - current).total_seconds()
        current = piece_end
        slot += 1
        if current >= next_midnight:
            day += timedelta(days=1)
            day_start, next_midnight, slot = next_midnight, local_midnight(day + timedelta(days=1)), 0
