"""Charts a team lead reads at a glance: round ticks, units, whole numbers for counts, whole labels."""

import math
import re

from teenindus.core.charts import axis_ticks, bar_chart, hbar_chart, line_chart


def tick_texts(svg: str) -> list[str]:
    return re.findall(r'<text x="[\d.]+" y="[\d.]+" font-size="10" text-anchor="end">([^<]*)</text>', svg)


def test_ticks_are_round_numbers():
    assert axis_ticks(590) == [0, 150, 300, 450, 600]
    assert axis_ticks(635) == [0, 150, 300, 450, 600, 750]  # never 0/159/318/476/635
    assert axis_ticks(1.7) == [0, 0.5, 1, 1.5, 2]
    assert axis_ticks(0, integer=True) == [0, 1]  # an empty chart still has an axis
    for maximum in (3, 7, 12, 99, 101, 2450, 0.37):
        ticks = axis_ticks(maximum)
        step = ticks[1] - ticks[0]
        assert ticks[-1] >= maximum and len(ticks) <= 6
        mantissa = step / 10 ** math.floor(math.log10(step))
        assert round(mantissa, 6) in (1, 1.5, 2, 2.5, 3, 5)


def test_counts_get_whole_number_ticks():
    assert axis_ticks(3, integer=True) == [0, 1, 2, 3]
    assert all(float(t).is_integer() for t in axis_ticks(7, integer=True))
    svg = bar_chart("Lahkumised", ["a", "b"], [("n", [1, 3])])
    assert tick_texts(svg) == ["0", "1", "2", "3"]
    # Hours are not counts: fractions allowed.
    svg = bar_chart("Tunnid", ["a"], [("h", [1.25])])
    assert "0,5" in tick_texts(svg)


def test_the_value_axis_names_its_unit():
    svg = bar_chart("Kõned", ["01.11", "02.11"], [("pakutud", [590, 410])], unit="kõnet")
    assert 'font-style="italic"' in svg and ">kõnet</text>" in svg
    assert tick_texts(svg) == ["0", "150", "300", "450", "600"]
    assert "%" in line_chart("SL", ["a"], [("SL", [0.5])])


def test_long_labels_are_wrapped_not_cut():
    units = ["Põhja piirkonna klienditeenindus", "Kliendisuhete ja teabehalduse osakond", "Personaliosakond"]
    for svg in (bar_chart("x", units, [("y", [1, 2, 3])]), hbar_chart("x", units, [("y", [1, 2, 3])])):
        shown = " ".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg))
        assert "…" not in shown
        for unit in units:
            for word in unit.split():
                assert word in shown


def test_years_compared_are_one_series_each():
    svg = hbar_chart(
        "Õigel ajal, %",
        ["Kõnekeskuse talitus", "Personaliosakond"],
        [("2025", [80.0, 100.0]), ("2026", [75.5, None])],
        unit="%",
    )
    legend = re.findall(r'<text x="14" y="9" font-size="11">([^<]*)</text>', svg)
    assert legend == ["2025", "2026"]
    # Three figures, three bars: the missing one shows a dash, not a zero-length bar.
    assert svg.count("<rect x=") == 3
    assert ">—</text>" in svg and "75,5" in svg


def test_rates_read_as_percentages_in_the_active_language():
    from django.utils import translation

    with translation.override("et"):
        svg = line_chart("SL", ["01.11", "02.11"], [("Teenindustase", [0.729, None])])
    assert tick_texts(svg)[:3] == ["0\u00a0%", "25\u00a0%", "50\u00a0%"]
    assert "<title>01.11 · Teenindustase: 72,9\u00a0%</title>" in svg  # one decimal, Estonian comma
    assert svg.count("<circle") == 1  # a missing value is no point
