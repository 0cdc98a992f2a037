from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q
from django.utils import timezone

from teenindus.org.models import Employment, Position, Unit


@dataclass
class UnitNode:
    unit: Unit
    depth: int
    positions: list[Position] = field(default_factory=list)


def employments_current(*, on: date | None = None):
    on = on or timezone.localdate()
    return Employment.objects.filter(start_date__lte=on).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )


def org_tree(*, on: date | None = None) -> list[UnitNode]:
    """Every unit depth-first, each with its positions, their manager, substitutes and current holders."""
    positions = Position.objects.select_related("manager").prefetch_related(
        "substitutes",
        "substituted_by",
        Prefetch(
            "employments",
            queryset=employments_current(on=on).select_related("employee"),
            to_attr="current_employments",
        ),
    )
    units = list(
        Unit.objects.select_related("agency").prefetch_related(Prefetch("positions", queryset=positions))
    )
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    out: list[UnitNode] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for unit in sorted(children.get(parent_id, []), key=lambda u: (u.agency.name, u.name)):
            out.append(UnitNode(unit=unit, depth=depth, positions=list(unit.positions.all())))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return out
