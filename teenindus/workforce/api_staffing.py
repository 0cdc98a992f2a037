"""GET /api/v1/workforce/staffing: the agents one interval needs (Erlang C, or Erlang A when a
mean patience is given), with the expected service level, speed of answer and occupancy."""

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from teenindus.accounts.api_auth import require_perm
from teenindus.core.exceptions import ValidationFailed
from teenindus.workforce import erlang

staffing_router = Router(tags=["workforce"])


class StaffingQuery(Schema):
    calls: float = Field(..., description="offered calls in the interval")
    aht: float = Field(..., description="average handle time, seconds")
    interval: float = Field(900, description="interval length, seconds")
    target_sl: float = Field(80, description="target service level, percent")
    threshold: float = Field(20, description="answered within, seconds")
    max_occupancy: float = Field(100, description="maximum occupancy, percent")
    patience: float | None = Field(None, description="callers' mean patience, seconds (Erlang A)")


class StaffingOut(Schema):
    agents: int
    service_level: float
    asa_seconds: float | None
    occupancy: float
    abandon_share: float | None
    model: str


def _check(query: StaffingQuery) -> None:
    checks = [
        ("calls", 0 <= query.calls <= 1e6, _("Calls must be between 0 and 1,000,000.")),
        ("aht", 0 < query.aht <= 86400, _("The handle time must be more than 0 seconds.")),
        ("interval", 0 < query.interval <= 86400, _("The interval must be more than 0 seconds.")),
        (
            "target_sl",
            0 < query.target_sl <= 100,
            _("The target service level must be above 0 % and at most 100 %."),
        ),
        ("threshold", 0 < query.threshold <= 86400, _("The threshold must be more than 0 seconds.")),
        (
            "max_occupancy",
            0 < query.max_occupancy <= 100,
            _("The maximum occupancy must be above 0 % and at most 100 %."),
        ),
        (
            "patience",
            query.patience is None or 0 < query.patience <= 1e7,
            _("The patience must be more than zero seconds."),
        ),
    ]
    for field, ok, message in checks:
        if not ok:
            raise ValidationFailed(message, field=field)


@staffing_router.get("/staffing", response=StaffingOut)
def staffing(request, query: Query[StaffingQuery]):
    """Agents for one interval: percentages in, shares (0..1) out."""
    require_perm(request, "workforce.plan_workforce")
    _check(query)
    try:
        found = erlang.required_agents(
            query.calls,
            query.aht,
            query.interval,
            query.target_sl / 100,
            query.threshold,
            query.max_occupancy / 100,
            query.patience,
        )
    except ValueError as exc:
        raise ValidationFailed(_("The target cannot be met: %(reason)s") % {"reason": exc}) from exc
    return {
        "agents": found.agents,
        "service_level": found.service_level,
        "asa_seconds": found.asa_seconds if found.asa_seconds != float("inf") else None,
        "occupancy": found.occupancy,
        "abandon_share": found.abandon_share,
        "model": "erlang_c" if query.patience is None else "erlang_a",
    }
