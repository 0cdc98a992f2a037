"""Small server-side SVG charts: real pictures, no script, readable without colour (titles and
labels), scaled to the data.

Axes are round (0/150/300/450/600, never 0/159/318/…), counts get whole-number ticks, every value
axis names its unit, and labels are wrapped onto lines instead of being cut off. Categories with
long names (units, reasons) are drawn as horizontal bars, where a label has a line of its own."""

import math
import textwrap

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from teenindus.core.formatting import percent

PALETTE = ["#0b57a4", "#1e6b35", "#a4161a", "#b7791f", "#6b46c1", "#555d66", "#2c7a7b", "#c05621"]
WIDTH, PLOT_H, LEFT, TOP = 720, 200, 52, 46  # TOP: room for the visible title and the unit
CHAR_PX = 6.2  # about one character at font size 10-11
LINE_PX = 12
STEPS = (1, 1.5, 2, 2.5, 3, 5)


def axis_ticks(maximum: float, *, integer: bool = False, intervals: int = 5) -> list[float]:
    """Round ticks from 0 to at least `maximum`: a step of 1, 1.5, 2, 2.5, 3 or 5 × 10^k with at most
    `intervals` intervals; whole numbers only when `integer` (counts)."""
    maximum = maximum if maximum > 0 else 1
    exponent = math.floor(math.log10(maximum / intervals))
    for power in range(exponent, exponent + 2):
        for multiple in STEPS:
            step = multiple * 10.0**power
            if integer and (step < 1 or not float(step).is_integer()):
                continue
            count = math.ceil(maximum / step - 1e-9)
            if count <= intervals:
                return [round(step * i, 10) for i in range(count + 1)]
    return [0.0, float(math.ceil(maximum))]  # not reached: 10^(exponent+1) always fits


def _tick_text(value: float, integer: bool) -> str:
    if integer or float(value).is_integer():
        return number_format(int(value), force_grouping=True)
    return number_format(value)


def _is_integer(series) -> bool:
    return all(float(v).is_integer() for _name, values in series for v in values if v is not None)


def _wrap(label: str, chars: int, lines: int) -> list[str]:
    """The label on at most `lines` lines of about `chars` characters; an over-long rest ends in …"""
    chars = max(3, chars)
    wrapped = textwrap.wrap(label, chars, break_long_words=False, break_on_hyphens=True) or [""]
    if len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], " ".join(wrapped[lines - 1 :])]
    return [line if len(line) <= chars else line[: chars - 1] + "…" for line in wrapped]


def _text_lines(x: float, y: float, lines: list[str], full: str, anchor: str, size: int = 10) -> str:
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if i == 0 else LINE_PX}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}">'
        f"<title>{escape(full)}</title>{spans}</text>"
    )


def _legend(top: float, legend: list[tuple[str, str]]) -> tuple[list[str], float]:
    """Legend items in rows that fit the width; returns the parts and the height used."""
    if not legend:
        return [], 0
    parts, x, y = [], LEFT, top
    for name, colour in legend:
        width = 14 + CHAR_PX * 1.1 * len(name) + 18
        if x > LEFT and x + width > WIDTH:
            x, y = LEFT, y + 16
        parts.append(
            f'<g transform="translate({x:.1f},{y:.1f})"><rect width="10" height="10" fill="{colour}"/>'
            f'<text x="14" y="9" font-size="11">{escape(name)}</text></g>'
        )
        x += width
    return parts, y - top + 16


def _frame(title: str, body: list[str], legend: list[tuple[str, str]], height: float) -> SafeString:
    items, legend_h = _legend(height + 6, legend)
    total = height + 6 + legend_h
    svg = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {total:.0f}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        f'<text x="4" y="16" font-size="14" font-weight="600">{escape(title)}</text>'
        f"{''.join(body)}{''.join(items)}</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - every text part above is escaped


def _unit(unit: str, x: float, y: float, anchor: str = "start") -> list[str]:
    if not unit:
        return []
    return [
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="10" font-style="italic" text-anchor="{anchor}">'
        f"{escape(unit)}</text>"
    ]


def _value_axis(ticks: list[float], texts: list[str], unit: str) -> list[str]:
    """Horizontal grid lines and tick texts of a vertical value axis, the unit above it."""
    base, top = TOP + PLOT_H, ticks[-1] or 1
    parts = [f'<line x1="{LEFT}" y1="{base}" x2="{WIDTH}" y2="{base}" stroke="#8a939c"/>']
    for value, text in zip(ticks, texts, strict=True):
        y = base - PLOT_H * value / top
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH}" y2="{y:.1f}" stroke="#e4e8ec"/>')
        parts.append(f'<text x="{LEFT - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{text}</text>')
    return parts + _unit(unit, 4, TOP - 12)


def _category_axis(labels: list[str]) -> tuple[list[str], float]:
    """Labels under the columns, wrapped onto up to three lines; every n-th one when there are many
    (a time series). Returns the parts and the height below the plot."""
    step = max(1, math.ceil(len(labels) / 12))
    width = (WIDTH - LEFT) / max(1, len(labels))
    chars = int(width * step / CHAR_PX)
    shown = [(i, _wrap(labels[i], chars, 3)) for i in range(0, len(labels), step)]
    lines = max((len(w) for _i, w in shown), default=1)
    parts = [
        _text_lines(LEFT + width * (i + 0.5), TOP + PLOT_H + 14, wrapped, labels[i], "middle")
        for i, wrapped in shown
    ]
    return parts, 8 + LINE_PX * lines


def bar_chart(
    title: str, labels: list[str], series: list[tuple[str, list[float]]], *, stacked=False, unit: str = ""
) -> SafeString:
    """Columns per label (a time series, or a few short categories); `unit` names the value axis.
    Whole-number values (counts) get whole-number ticks."""
    if stacked:
        totals = [sum(values[i] for _name, values in series) for i in range(len(labels))]
    else:
        totals = [max((values[i] for _name, values in series), default=0) for i in range(len(labels))]
    integer = _is_integer(series)
    ticks = axis_ticks(max(totals, default=0), integer=integer)
    top = ticks[-1]
    group = (WIDTH - LEFT) / max(1, len(labels))
    body = _value_axis(ticks, [_tick_text(t, integer) for t in ticks], unit)
    for i, label in enumerate(labels):
        base = TOP + PLOT_H
        for k, (name, values) in enumerate(series):
            h = PLOT_H * values[i] / top
            if stacked:
                x, w, y = LEFT + group * i + group * 0.15, group * 0.7, base - h
                base -= h
            else:
                w = group * 0.8 / len(series)
                x, y = LEFT + group * i + group * 0.1 + k * w, TOP + PLOT_H - h
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w - 1, 1):.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[k % len(PALETTE)]}"><title>{escape(label)} · {escape(name)}: '
                f"{escape(_tick_text(values[i], integer))}</title></rect>"
            )
    labels_part, below = _category_axis(labels)
    legend = [(name, PALETTE[k % len(PALETTE)]) for k, (name, _v) in enumerate(series)]
    return _frame(title, body + labels_part, legend, TOP + PLOT_H + below)


def hbar_chart(
    title: str, labels: list[str], series: list[tuple[str, list[float | None]]], *, unit: str = ""
) -> SafeString:
    """Horizontal bars: a row per category with its whole name (wrapped) on the left, one bar per
    series (e.g. one per year compared) and the value at the bar's end. For named categories."""
    integer = _is_integer(series)
    values_all = [v for _n, values in series for v in values if v is not None]
    ticks = axis_ticks(max(values_all, default=0), integer=integer)
    top = ticks[-1]
    label_w = 230
    x0, plot_w = label_w + 8, WIDTH - label_w - 8 - 40
    wrapped = [_wrap(label, int(label_w / CHAR_PX), 3) for label in labels]
    bar_h = 14
    body: list[str] = []
    y = TOP
    for i, label in enumerate(labels):
        row_h = max(len(series) * bar_h, len(wrapped[i]) * LINE_PX) + 10
        body.append(_text_lines(label_w, y + 11, wrapped[i], label, "end", size=11))
        for k, (name, values) in enumerate(series):
            by = y + k * bar_h
            if values[i] is None:  # no figure for this one (e.g. nothing due that year)
                body.append(f'<text x="{x0 + 4}" y="{by + bar_h - 4:.1f}" font-size="10">—</text>')
                continue
            w = plot_w * values[i] / top
            text = _tick_text(values[i], integer)
            body.append(
                f'<rect x="{x0}" y="{by:.1f}" width="{max(w, 0.5):.1f}" height="{bar_h - 2}" '
                f'fill="{PALETTE[k % len(PALETTE)]}"><title>{escape(label)} · {escape(name)}: '
                f"{escape(text)}</title></rect>"
                f'<text x="{x0 + w + 4:.1f}" y="{by + bar_h - 4:.1f}" font-size="10">{escape(text)}</text>'
            )
        y += row_h
    body.append(f'<line x1="{x0}" y1="{TOP - 4}" x2="{x0}" y2="{y:.1f}" stroke="#8a939c"/>')
    for value in ticks:
        x = x0 + plot_w * value / top
        body.append(f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x:.1f}" y2="{y + 4:.1f}" stroke="#8a939c"/>')
        body.append(
            f'<text x="{x:.1f}" y="{y + 16:.1f}" font-size="10" text-anchor="middle">'
            f"{_tick_text(value, integer)}</text>"
        )
    body += _unit(unit, x0 + plot_w, y + 30, anchor="end")
    legend = [(name, PALETTE[k % len(PALETTE)]) for k, (name, _v) in enumerate(series)]
    return _frame(title, body, legend, y + 36)


def line_chart(
    title: str, labels: list[str], series: list[tuple[str, list[float | None]]], *, unit: str = ""
) -> SafeString:
    """Values between 0 and 1 (rates), drawn as percentages."""
    ticks = [0.0, 0.25, 0.5, 0.75, 1.0]
    step = (WIDTH - LEFT) / max(1, len(labels))
    body = _value_axis(ticks, [percent(value, decimals=0) for value in ticks], unit)
    for k, (name, values) in enumerate(series):
        points = [
            (f"{LEFT + step * (i + 0.5):.1f},{TOP + PLOT_H - PLOT_H * v:.1f}", labels[i], v)
            for i, v in enumerate(values)
            if v is not None
        ]
        colour = PALETTE[k % len(PALETTE)]
        if points:
            line = " ".join(point for point, _label, _v in points)
            body.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{line}"/>')
            body.extend(
                f'<circle cx="{point.split(",")[0]}" cy="{point.split(",")[1]}" r="3" fill="{colour}">'
                f"<title>{escape(label)} · {escape(name)}: {percent(v)}</title></circle>"
                for point, label, v in points
            )
    labels_part, below = _category_axis(labels)
    legend = [(name, PALETTE[k % len(PALETTE)]) for k, (name, _v) in enumerate(series)]
    return _frame(title, body + labels_part, legend, TOP + PLOT_H + below)
