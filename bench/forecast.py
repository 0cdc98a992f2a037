"""Forecast (issue #13 §1): 4 queues × 8 weeks, and each method's accuracy on a held-out month.

History: the demo's telephony simulator (teenindus/telephony/simulator.py: Poisson arrivals per
15-minute interval with its intraday and weekday profiles, the demo's agent count, its four
queues) run for WEEKS weeks, its queue_log lines counted per queue, day and slot (ENTERQUEUE =
offered; COMPLETE* = handled, talk seconds = handle time). The simulator knows no calendar: as
the agency does, calls on public holidays are dropped (closed) and on the shortened days the
calls after the calendar's shortened closing time. Nothing is written to a database; the
calendar is the default working-time calendar.

Timed: `forecasting.forecast` for each queue, 8 weeks ahead (it includes its own 2-week
hold-out accuracy run of both methods, as forecast_build does). Goal: < 10 s for all four.
Then both methods' WAPE per day and per interval on the last 4 weeks held out, per queue and
over all queues.
Usage: python bench/forecast.py [--weeks 30] [--end 2026-04-26]
"""

import argparse
import os
import sys
import time
from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from _setup import ROOT


def simulated_history(end: date, weeks: int, calendar):
    from teenindus.demo import data
    from teenindus.telephony.simulator import QUEUES, simulate
    from teenindus.workforce.forecasting import SLOTS, day_kind, history_from_rows

    start = end - timedelta(days=weeks * 7 - 1)
    zone = ZoneInfo("Europe/Tallinn")
    counts = defaultdict(lambda: [0, 0, 0.0])
    entered = {}
    for line in simulate(start=start, days=weeks * 7, agents=len(data.AGENTS), seed=13):
        parts = line.split("|")
        moment = datetime.fromtimestamp(int(parts[0]), zone)
        event = parts[4]
        if event == "ENTERQUEUE":
            day = moment.date()
            slot = moment.hour * 4 + moment.minute // 15
            kind, closes = day_kind(day, calendar)
            if kind == "holiday" or slot >= closes:
                continue  # closed: the caller never reached the queue
            key = (parts[2], day, slot)
            entered[parts[1]] = key
            counts[key][0] += 1
        elif event in ("COMPLETECALLER", "COMPLETEAGENT") and parts[1] in entered:
            key = entered[parts[1]]
            counts[key][1] += 1
            counts[key][2] += float(parts[6])
    histories = {}
    for queue in QUEUES:
        rows = [(d, s, *v) for (q, d, s), v in counts.items() if q == queue]
        histories[queue] = history_from_rows(rows, first_day=start, last_day=end)
    assert all(h.offered.shape[1] == SLOTS for h in histories.values())
    return histories


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--weeks", type=int, default=30)
    parser.add_argument("--end", type=date.fromisoformat, default=date(2026, 4, 26))
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from teenindus.core.worktime import WorkCalendar
    from teenindus.workforce import forecasting

    calendar = WorkCalendar()
    began = time.perf_counter()
    histories = simulated_history(args.end, args.weeks, calendar)
    simulated = time.perf_counter() - began
    total = sum(h.offered.sum() for h in histories.values())
    print(
        f"history: {len(histories)} queues × {args.weeks} weeks to {args.end} "
        f"({int(total)} offered calls, simulated in {simulated:.1f} s)"
    )

    first_day = args.end + timedelta(days=1)
    while first_day.weekday() != 0:
        first_day += timedelta(days=1)
    began = time.perf_counter()
    import statsmodels.tsa.holtwinters  # noqa: F401  (once per process; timed apart)

    imported = time.perf_counter() - began
    began = time.perf_counter()
    results = {
        queue: forecasting.forecast(history, first_day=first_day, weeks=8, calendar=calendar)
        for queue, history in histories.items()
    }
    elapsed = time.perf_counter() - began
    proposed = ", ".join(f"{q}: {r.proposed_method}" for q, r in results.items())
    print(
        f"forecast 4 queues × 8 weeks (with the 2-week accuracy run of both methods): {elapsed:.2f} s "
        f"(goal < 10 s: {'met' if elapsed < 10 else 'NOT met'}), plus {imported:.2f} s importing statsmodels "
        f"once per process; proposed: {proposed}"
    )

    print("held-out month (last 4 weeks), WAPE per day / per interval:")
    sums = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    for queue, history in histories.items():
        held = 28
        fit = history.head(history.days - held)
        actual = history.offered[history.days - held :]
        line = []
        for method in forecasting.METHODS:
            predicted, _aht, _kinds = forecasting._predict(
                forecasting.trimmed(fit), method, fit.last_day + timedelta(days=1), held, calendar
            )
            day_w = forecasting.wape(actual.sum(axis=1), predicted.sum(axis=1))
            slot_w = forecasting.wape(actual, predicted)
            line.append(f"{method} {day_w:.1%} / {slot_w:.1%}")
            s = sums[method]
            s[0] += np.abs(actual.sum(axis=1) - predicted.sum(axis=1)).sum()
            s[1] += np.abs(actual - predicted).sum()
            s[2] += actual.sum()
        print(f"  {queue:13} " + "; ".join(line))
    print(
        "  all queues    " + "; ".join(f"{m} {s[0] / s[2]:.1%} / {s[1] / s[2]:.1%}" for m, s in sums.items())
    )


if __name__ == "__main__":
    main()
