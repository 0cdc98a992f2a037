"""Reads shared by the workforce areas."""

from collections import defaultdict
from datetime import date

from teenindus.workforce.models import Forecast


def adjustment_factors(forecast: Forecast) -> dict[tuple[date, int | None], float]:
    """(day, slot or None for the whole day) → the product of its adjustments' (1 + percent/100)."""
    factors: dict[tuple[date, int | None], float] = defaultdict(lambda: 1.0)
    for adjustment in forecast.adjustments.all():
        factors[(adjustment.local_date, adjustment.slot)] *= 1 + float(adjustment.percent) / 100
    return dict(factors)


def forecast_adjusted(forecast: Forecast) -> dict[tuple[date, int], tuple[float, float]]:
    """(day, slot) → (contacts after the lead's adjustments, AHT in seconds). A day's adjustment
    and an interval's multiply; AHT is not adjusted."""
    factors = adjustment_factors(forecast)
    values = {}
    for day, slot, contacts, aht in forecast.intervals.values_list(
        "local_date", "slot", "contacts", "aht_seconds"
    ):
        factor = factors.get((day, None), 1.0) * factors.get((day, slot), 1.0)
        values[(day, slot)] = (contacts * factor, aht)
    return values
