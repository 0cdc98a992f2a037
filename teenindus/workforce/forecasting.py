"""Forecasting offered contacts and handle time of one queue per 15-minute interval (pure: numpy
and statsmodels, no database).

Methods (names as `Forecast.Method`):
- "baseline": the same weekday and slot, the MEAN over the last BASELINE_WEEKS normal occurrences
  of that weekday (the mean, not the median: counts per slot are small integers, and a median of
  them jumps in whole calls and reads zero in quiet slots that do get calls).
- "holt_winters": statsmodels' ExponentialSmoothing (additive damped trend, additive weekly
  season of 7 days) on the daily totals of the last HW_WEEKS weeks, times each weekday's intraday
  profile (the share of the day's contacts per slot over the recent normal days of that weekday).
  Measured against MSTL (periods 96 and 672 on 12 weeks of the 15-minute series, seasonal
  components of the last week plus the trend's level) on the simulated demo history of
  bench/forecast.py: MSTL took 10-17 s per queue and its held-out month's WAPE was worse (per day
  16-21 %, per interval 46-66 %, against Holt-Winters' 6-10 % and 34-53 %); Holt-Winters on 112
  daily totals takes tens of milliseconds.

Special days come from the one working-time calendar (core/worktime.py: the public holidays it
uses and SHORTENED_DAYS):
- history on a public holiday or a shortened day is left out of everything normal days are learnt
  from (baseline means, intraday profiles; Holt-Winters sees the mean of the normal same weekdays
  around it instead of the day's total);
- a forecast public holiday is the normal forecast of its weekday times the ratio of the past
  holidays' contacts to what normal days predicted for them (public holidays on days the queue
  normally answers); with no such holiday in the history the ratio is 0: the queue is closed;
- a forecast shortened day is the normal forecast of its weekday with every slot from the
  shortened closing time (the calendar's hours for that day) on set to 0.

AHT per interval: handle seconds over handled calls by weekday and slot over the recent normal
days, when that cell has at least AHT_MIN_CALLS calls; else the queue's mean over the history.

Accuracy: the last K weeks of history (K = 2 with at least 5 weeks of it, else 1) are held out,
both methods fitted on the rest, and WAPE (sum |actual - forecast| / sum actual) computed per
day (daily totals) and per interval; the method with the lower interval WAPE is proposed."""

import warnings
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from teenindus.core.calendar import public_holidays
from teenindus.core.worktime import SHORTENED_DAYS

SLOTS = 96
BASELINE = "baseline"
HOLT_WINTERS = "holt_winters"
METHODS = (BASELINE, HOLT_WINTERS)
BASELINE_WEEKS = 6
PROFILE_WEEKS = 8
HW_WEEKS = 16
AHT_WEEKS = 8
AHT_MIN_CALLS = 5
MIN_HISTORY_DAYS = 21
NORMAL, HOLIDAY, SHORTENED = "normal", "holiday", "shortened"


class NotEnoughHistory(ValueError):
    """Fewer than MIN_HISTORY_DAYS days between the first day with contacts and the last."""


@dataclass(frozen=True)
class History:
    """Per day from `first_day` (consecutive) and slot: offered contacts, handled calls and their
    handle seconds (talk + hold + after-call work). Arrays of shape (days, 96)."""

    first_day: date
    offered: np.ndarray
    handled: np.ndarray
    handle_seconds: np.ndarray

    @property
    def days(self) -> int:
        return self.offered.shape[0]

    @property
    def last_day(self) -> date:
        return self.first_day + timedelta(days=self.days - 1)

    def head(self, days: int) -> "History":
        return History(self.first_day, self.offered[:days], self.handled[:days], self.handle_seconds[:days])


@dataclass(frozen=True)
class Accuracy:
    method: str
    wape_day: float | None
    wape_interval: float | None
    weeks: int


@dataclass(frozen=True)
class Result:
    """A forecast: `contacts` and `aht` of shape (days, 96) from `first_day`; `kinds` maps each
    special forecast day to "holiday" or "shortened"."""

    first_day: date
    method: str
    proposed_method: str
    contacts: np.ndarray
    aht: np.ndarray
    accuracy: dict[str, Accuracy]
    kinds: dict[date, str] = field(default_factory=dict)
    history_from: date | None = None
    history_to: date | None = None

    @property
    def last_day(self) -> date:
        return self.first_day + timedelta(days=self.contacts.shape[0] - 1)

    def rows(self):
        """(day, slot, contacts, aht_seconds) as plain floats."""
        for offset in range(self.contacts.shape[0]):
            day = self.first_day + timedelta(days=offset)
            for slot in range(SLOTS):
                yield day, slot, float(self.contacts[offset, slot]), float(self.aht[offset, slot])


def history_from_rows(rows, *, first_day: date, last_day: date) -> History:
    """A History from (day, slot, offered, handled, handle_seconds) rows; days without rows are 0."""
    days = (last_day - first_day).days + 1
    arrays = [np.zeros((max(days, 0), SLOTS)) for _ in range(3)]
    for day, slot, offered, handled, seconds in rows:
        offset = (day - first_day).days
        if 0 <= offset < days and 0 <= slot < SLOTS:
            arrays[0][offset, slot] += offered
            arrays[1][offset, slot] += handled
            arrays[2][offset, slot] += seconds
    return History(first_day, *arrays)


def trimmed(history: History) -> History:
    """The history from its first day with any contact (a queue's life before it is not zeros)."""
    busy = np.flatnonzero(history.offered.sum(axis=1) > 0)
    if busy.size == 0:
        return History(history.last_day + timedelta(days=1), *(np.zeros((0, SLOTS)) for _ in range(3)))
    start = int(busy[0])
    return History(
        history.first_day + timedelta(days=start),
        history.offered[start:],
        history.handled[start:],
        history.handle_seconds[start:],
    )


def day_kind(day: date, calendar) -> tuple[str, int]:
    """("normal" | "holiday" | "shortened", the first closed slot of a shortened day, else 96)."""
    if day in public_holidays(day.year):
        return HOLIDAY, 0
    if (day.month, day.day) in SHORTENED_DAYS:
        hours = calendar.day_hours(day)
        if hours is not None:
            closes = hours[1]
            return SHORTENED, min(SLOTS, closes.hour * 4 + (closes.minute + 14) // 15)
    return NORMAL, SLOTS


def wape(actual, forecast) -> float | None:
    """Weighted absolute percentage error: sum |actual - forecast| / sum actual (None when no actual)."""
    actual, forecast = np.asarray(actual, dtype=float), np.asarray(forecast, dtype=float)
    total = actual.sum()
    if total <= 0:
        return None
    return float(np.abs(actual - forecast).sum() / total)


# ---- the methods --------------------------------------------------------------------------------


def _normal_mask(history: History, calendar) -> np.ndarray:
    return np.array(
        [day_kind(history.first_day + timedelta(days=i), calendar)[0] == NORMAL for i in range(history.days)],
        dtype=bool,
    )


def _recent_same_weekday(history: History, normal: np.ndarray, weekday: int, weeks: int) -> np.ndarray:
    """Indexes of the last `weeks` normal days of the weekday in the history, newest first."""
    first = (weekday - history.first_day.weekday()) % 7
    candidates = [i for i in range(first, history.days, 7) if normal[i]]
    return np.array(candidates[-weeks:][::-1], dtype=int)


def _baseline_week(history: History, normal: np.ndarray) -> np.ndarray:
    """(7, 96): the mean per weekday and slot over its last BASELINE_WEEKS normal days."""
    week = np.zeros((7, SLOTS))
    for weekday in range(7):
        rows = _recent_same_weekday(history, normal, weekday, BASELINE_WEEKS)
        if rows.size:
            week[weekday] = history.offered[rows].mean(axis=0)
    return week


def _profiles(history: History, normal: np.ndarray) -> np.ndarray:
    """(7, 96): each weekday's share of the day's contacts per slot over recent normal days."""
    profile = np.zeros((7, SLOTS))
    for weekday in range(7):
        rows = _recent_same_weekday(history, normal, weekday, PROFILE_WEEKS)
        if rows.size:
            sums = history.offered[rows].sum(axis=0)
            if sums.sum() > 0:
                profile[weekday] = sums / sums.sum()
    return profile


def _daily_totals_cleaned(history: History, normal: np.ndarray) -> np.ndarray:
    """Daily totals with each special day replaced by the mean of up to 4 nearest normal same weekdays."""
    totals = history.offered.sum(axis=1)
    cleaned = totals.copy()
    for i in np.flatnonzero(~normal):
        around = [j for j in range(i % 7, history.days, 7) if normal[j]]
        around.sort(key=lambda j: abs(j - i))
        cleaned[i] = totals[around[:4]].mean() if around else 0.0
    return cleaned


def _holt_winters_days(history: History, normal: np.ndarray, horizon: int) -> np.ndarray:
    """Daily totals for the `horizon` days after the history."""
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    window = min(history.days, HW_WEEKS * 7)
    series = _daily_totals_cleaned(history, normal)[-window:]
    if series.max() <= 0:
        return np.zeros(horizon)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter on short or flat series
        model = ExponentialSmoothing(
            series,
            trend="add",
            damped_trend=True,
            seasonal="add",
            seasonal_periods=7,
            initialization_method="estimated",
        ).fit(use_brute=False)
        days = np.asarray(model.forecast(horizon), dtype=float)
    return np.clip(np.nan_to_num(days), 0, None)


def _holiday_ratio(history: History, normal: np.ndarray, week: np.ndarray) -> float:
    """Past public holidays' contacts over what normal days predicted for them (0 with none)."""
    actual = expected = 0.0
    for i in range(history.days):
        day = history.first_day + timedelta(days=i)
        if normal[i] or day not in public_holidays(day.year):
            continue
        around = sorted((j for j in range(i % 7, history.days, 7) if normal[j]), key=lambda j: abs(j - i))[:4]
        predicted = history.offered[around].sum(axis=1).mean() if around else 0.0
        if predicted > 0:
            actual += history.offered[i].sum()
            expected += predicted
    return min(1.0, actual / expected) if expected > 0 else 0.0


def _aht(history: History, normal: np.ndarray) -> np.ndarray:
    """(7, 96) AHT in seconds: weekday × slot where enough calls were handled, else the queue's mean."""
    total_calls = history.handled.sum()
    mean = history.handle_seconds.sum() / total_calls if total_calls > 0 else 0.0
    aht = np.full((7, SLOTS), mean)
    for weekday in range(7):
        rows = _recent_same_weekday(history, normal, weekday, AHT_WEEKS)
        if not rows.size:
            continue
        calls = history.handled[rows].sum(axis=0)
        seconds = history.handle_seconds[rows].sum(axis=0)
        enough = calls >= AHT_MIN_CALLS
        aht[weekday, enough] = seconds[enough] / calls[enough]
    return aht


def _predict(history: History, method: str, first_day: date, days: int, calendar) -> tuple:
    """(contacts (days, 96), aht (days, 96), kinds) for `days` days from `first_day` (after the history)."""
    normal = _normal_mask(history, calendar)
    week = _baseline_week(history, normal)
    weekdays = [(first_day + timedelta(days=i)).weekday() for i in range(days)]
    if method == BASELINE:
        contacts = week[weekdays].copy()
    elif method == HOLT_WINTERS:
        gap = (first_day - history.last_day).days - 1
        totals = _holt_winters_days(history, normal, gap + days)[gap:]
        profile = _profiles(history, normal)
        open_weekday = week.sum(axis=1) > 0
        contacts = profile[weekdays] * totals[:, None]
        contacts[~open_weekday[weekdays]] = 0.0
    else:
        raise ValueError(f"unknown method {method!r}")
    ratio = None
    kinds = {}
    for i in range(days):
        day = first_day + timedelta(days=i)
        kind, closes = day_kind(day, calendar)
        if kind == HOLIDAY:
            ratio = _holiday_ratio(history, normal, week) if ratio is None else ratio
            contacts[i] *= ratio
        elif kind == SHORTENED:
            contacts[i, closes:] = 0.0
        if kind != NORMAL:
            kinds[day] = kind
    aht = _aht(history, normal)[weekdays]
    return contacts, aht, kinds


def accuracy(history: History, calendar, *, weeks: int | None = None) -> dict[str, Accuracy]:
    """Each method's WAPE on the last `weeks` weeks of the history, fitted on the rest."""
    if weeks is None:
        weeks = 2 if history.days >= 35 else 1
    held = weeks * 7
    fit = history.head(history.days - held)
    actual = history.offered[history.days - held :]
    found = {}
    for method in METHODS:
        predicted, _aht_values, _kinds = _predict(
            fit, method, fit.last_day + timedelta(days=1), held, calendar
        )
        found[method] = Accuracy(
            method,
            wape(actual.sum(axis=1), predicted.sum(axis=1)),
            wape(actual, predicted),
            weeks,
        )
    return found


def proposed(found: dict[str, Accuracy]) -> str:
    """The method with the lowest interval WAPE (the baseline on a tie or with nothing to measure)."""
    scored = [(a.wape_interval, m != BASELINE, m) for m, a in found.items() if a.wape_interval is not None]
    return min(scored)[2] if scored else BASELINE


def forecast(history: History, *, first_day: date, weeks: int, calendar, method: str | None = None) -> Result:
    """Forecast `weeks` weeks from `first_day` (after the history's last day) with `method`, or the
    proposed one when None. Raises NotEnoughHistory."""
    if method is not None and method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    history = trimmed(history)
    if history.days < MIN_HISTORY_DAYS:
        raise NotEnoughHistory(history.days)
    if first_day <= history.last_day:
        raise ValueError("the forecast must start after the history")
    found = accuracy(history, calendar)
    best = proposed(found)
    contacts, aht, kinds = _predict(history, method or best, first_day, weeks * 7, calendar)
    return Result(
        first_day=first_day,
        method=method or best,
        proposed_method=best,
        contacts=contacts,
        aht=aht,
        accuracy=found,
        kinds=kinds,
        history_from=history.first_day,
        history_to=history.last_day,
    )
