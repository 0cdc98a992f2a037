"""The roster's rules and the solver's reasons for giving up, in the reader's language: the
solver (no Django) raises `Unsolvable` with English text and its figures in `params`; the pages
say it again from those figures."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy

RULE_LABELS = {
    "daily_rest": gettext_lazy("at least 11 consecutive hours of daily rest"),
    "weekly_rest": gettext_lazy(
        "in each week, at least 36 consecutive hours of weekly rest after the 11-hour daily rest (47 h)"
    ),
    "break": gettext_lazy("a break of at least 30 minutes in a shift over 6 hours"),
    "week_average": gettext_lazy("no more than 48 hours of work a week on average"),
    "contracted_hours": gettext_lazy("the contracted hours within the tolerance"),
    "absence": gettext_lazy("no shift during an approved absence"),
    "no_agents": gettext_lazy("a roster needs agents"),
    "no_shift": gettext_lazy("a roster needs a shift that fits"),
    "one_a_day": gettext_lazy("one shift a day"),
    "option": gettext_lazy("a shift as its template says"),
}


def rule_label(rule: str) -> str:
    return str(RULE_LABELS.get(rule, rule))


WHY_TEXTS = {
    "absence": gettext_lazy(
        "%(person)s: %(contracted_hours)s contracted hours (± %(tolerance_hours)s h) cannot fit around "
        "the approved absences: %(available_days)s of %(days)s days are available, and they hold at "
        "most %(max_hours)s h."
    ),
    "weekly_rest": gettext_lazy(
        "%(person)s: %(contracted_hours)s contracted hours (± %(tolerance_hours)s h) cannot fit under "
        "the weekly rest (47 hours in a row in each week: 36 h after the 11 h daily rest): at most "
        "%(max_hours)s h fit."
    ),
    "daily_rest": gettext_lazy(
        "%(person)s: %(contracted_hours)s contracted hours (± %(tolerance_hours)s h) cannot fit under "
        "the 11-hour daily rest between shifts: at most %(max_hours)s h fit."
    ),
    "week_average": gettext_lazy(
        "%(person)s: %(contracted_hours)s contracted hours (± %(tolerance_hours)s h) exceed the "
        "48-hour weekly average over the period (at most %(week_cap_hours)s h)."
    ),
    "days": gettext_lazy(
        "%(person)s: %(contracted_hours)s contracted hours (± %(tolerance_hours)s h) cannot fit in "
        "%(available_days)s available days under the 11-hour daily rest and the weekly rest of 47 "
        "hours in each week: the longest template gives at most %(longest_hours)s h a day, and at "
        "most %(max_hours)s h fit in the period."
    ),
    "combination": gettext_lazy(
        "%(person)s: %(contracted_hours)s contracted hours (± %(tolerance_hours)s h): no combination "
        "of the shift templates gives between %(low_hours)s and %(high_hours)s h under the rules."
    ),
    "no_agents": gettext_lazy("The roster has no agents."),
    "no_shift": gettext_lazy("The roster has no shift templates."),
}


def why_text(person: str, params: dict) -> str | None:
    """The solver's reason in the reader's language, hours in their number format."""
    text = WHY_TEXTS.get(params.get("why", ""))
    if text is None:
        return None
    values = {k: number_format(Decimal(v)) if k.endswith("_hours") else v for k, v in params.items()}
    return str(text) % {**values, "person": person}


SOLVER_STATUS_LABELS = {
    "OPTIMAL": gettext_lazy("the best there is, proved"),
    "FEASIBLE": gettext_lazy("the best found in the time"),
}


def solver_status_label(status: str) -> str:
    return str(SOLVER_STATUS_LABELS.get(status, status))
