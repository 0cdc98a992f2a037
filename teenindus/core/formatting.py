"""Figures as people read them, in the active language (Estonian: 72,9 %)."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

NBSP = "\u00a0"


def percent(fraction: float | None, *, decimals: int = 1) -> str:
    """A rate (0.729) as a percentage with `decimals` decimals in the active locale ("72,9 %");
    "—" when there is none."""
    if fraction is None:
        return "—"
    # Rounded in decimal: 0.729 * 100 is 72.8999… in binary and number_format would cut it to 72,8.
    value = (Decimal(str(fraction)) * 100).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{number_format(value, decimal_pos=decimals, use_l10n=True)}{NBSP}%"


def duration(seconds: float) -> str:
    """A time span at a glance: "45 s", "12 min", "1 h 05 min"."""
    seconds = max(int(seconds), 0)
    if seconds < 60:
        return f"{seconds}{NBSP}s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes}{NBSP}min"
    return f"{minutes // 60}{NBSP}h {minutes % 60:02d}{NBSP}min"
