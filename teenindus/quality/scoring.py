"""The score of an evaluation, as a percentage.

Each answered criterion gives points from 0 to 100: a scale 1..max gives (value − 1) / (max − 1)
(1 = 0 %, max = 100 %); yes = 100, no = 0. Not applicable answers are left out and the weights of
the rest are scaled up to 100 %. A failed critical criterion (no, or the lowest step of its scale)
makes the whole score 0. All answers not applicable: no score."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Scored:
    score: Decimal | None
    critical_failed: bool
    points: dict  # criterion id -> Decimal points (0–100) or None for not applicable


def criterion_points(criterion, value: int | None) -> Decimal | None:
    if value is None:
        return None
    if criterion.kind == "yesno":
        return HUNDRED if value else Decimal(0)
    span = max(criterion.scale_max - 1, 1)
    return (Decimal(value - 1) * HUNDRED / span).quantize(CENT, ROUND_HALF_UP)


def is_failed(criterion, value: int | None) -> bool:
    if value is None:
        return False
    return value == 0 if criterion.kind == "yesno" else value == 1


def score_compute(criteria, values: dict) -> Scored:
    """`values`: criterion id -> int or None (not applicable), one for each criterion."""
    points = {c.pk: criterion_points(c, values[c.pk]) for c in criteria}
    failed = any(c.critical and is_failed(c, values[c.pk]) for c in criteria)
    weighted = [(Decimal(c.weight), points[c.pk]) for c in criteria if points[c.pk] is not None]
    total_weight = sum((w for w, _p in weighted), Decimal(0))
    if failed:
        score = Decimal(0)
    elif not weighted or total_weight == 0:
        score = None
    else:
        score = (sum((w * p for w, p in weighted), Decimal(0)) / total_weight).quantize(CENT, ROUND_HALF_UP)
    return Scored(
        score=score.quantize(CENT) if score is not None else None, critical_failed=failed, points=points
    )
