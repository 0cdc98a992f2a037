"""Small server-side SVG charts: real pictures, no script, readable without colour (titles and
labels), scaled to the data."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#0b57a4", "#1e6b35", "#a4161a", "#b7791f", "#6b46c1", "#555d66", "#2c7a7b", "#c05621"]
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 720, 240, 44, 28, 12


def _frame(title: str, body: list[str], legend: list[tuple[str, str]]) -> SafeString:
    items = "".join(
        f'<g transform="translate({LEFT + i * 150},{HEIGHT + 14})"><rect width="10" height="10" fill="{c}"/>'
        f'<text x="14" y="9" font-size="11">{escape(name)}</text></g>'
        for i, (name, c) in enumerate(legend)
    )
    svg = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT + 30}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{"".join(body)}{items}</svg>'
    )
    return mark_safe(svg)  # noqa: S308 - every text part above is escaped


def _axes(top: float, labels: list[str], percent: bool) -> list[str]:
    plot_h = HEIGHT - BOTTOM - TOP
    parts = [
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH}" y2="{HEIGHT - BOTTOM}" stroke="#8a939c"/>'
    ]
    for i in range(5):
        value = top * i / 4
        y = HEIGHT - BOTTOM - plot_h * i / 4
        text = f"{value:.0%}" if percent else (f"{value:.0f}" if top >= 8 else f"{value:g}")
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH}" y2="{y:.1f}" stroke="#e4e8ec"/>')
        parts.append(f'<text x="{LEFT - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{text}</text>')
    step = max(1, len(labels) // 8)
    width = (WIDTH - LEFT) / max(1, len(labels))
    fits = max(4, int(width * step / 6))  # about 6 px a character at font size 10
    for i in range(0, len(labels), step):
        x = LEFT + width * (i + 0.5)
        label = labels[i] if len(labels[i]) <= fits else labels[i][: fits - 1] + "…"
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 14}" font-size="10" text-anchor="middle">'
            f"<title>{escape(labels[i])}</title>{escape(label)}</text>"
        )
    return parts


def bar_chart(
    title: str, labels: list[str], series: list[tuple[str, list[float]]], *, stacked=False
) -> SafeString:
    if stacked:
        totals = [sum(values[i] for _name, values in series) for i in range(len(labels))]
    else:
        totals = [max((values[i] for _name, values in series), default=0) for i in range(len(labels))]
    top = max(totals, default=0) or 1
    plot_h = HEIGHT - BOTTOM - TOP
    group = (WIDTH - LEFT) / max(1, len(labels))
    body = _axes(top, labels, percent=False)
    for i, label in enumerate(labels):
        base = HEIGHT - BOTTOM
        for k, (name, values) in enumerate(series):
            h = plot_h * values[i] / top
            if stacked:
                x, w, y = LEFT + group * i + group * 0.15, group * 0.7, base - h
                base -= h
            else:
                w = group * 0.8 / len(series)
                x, y = LEFT + group * i + group * 0.1 + k * w, HEIGHT - BOTTOM - h
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w - 1, 1):.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[k % len(PALETTE)]}"><title>{escape(label)} · {escape(name)}: '
                f"{values[i]:g}</title></rect>"
            )
    legend = [(name, PALETTE[k % len(PALETTE)]) for k, (name, _v) in enumerate(series)]
    return _frame(title, body, legend)


def line_chart(title: str, labels: list[str], series: list[tuple[str, list[float | None]]]) -> SafeString:
    """Values between 0 and 1 (rates), drawn as percentages."""
    plot_h = HEIGHT - BOTTOM - TOP
    step = (WIDTH - LEFT) / max(1, len(labels))
    body = _axes(1.0, labels, percent=True)
    for k, (_name, values) in enumerate(series):
        points = [
            f"{LEFT + step * (i + 0.5):.1f},{HEIGHT - BOTTOM - plot_h * v:.1f}"
            for i, v in enumerate(values)
            if v is not None
        ]
        colour = PALETTE[k % len(PALETTE)]
        if points:
            body.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(points)}"/>'
            )
            body.extend(
                f'<circle cx="{p.split(",")[0]}" cy="{p.split(",")[1]}" r="2.5" fill="{colour}"/>'
                for p in points
            )
    legend = [(name, PALETTE[k % len(PALETTE)]) for k, (name, _v) in enumerate(series)]
    return _frame(title, body, legend)
