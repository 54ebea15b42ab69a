"""The consultation page's bar charts: every bar is as long as its count says, on round grid values."""

from __future__ import annotations

import pytest

from caina.core.consult.charts import horizontal_bars, nice_ticks, vertical_bars


@pytest.mark.parametrize(
    ("maximum", "ticks"),
    [(0, (0,)), (1, (0, 1)), (7, (0, 2, 4, 6, 8)), (152, (0, 50, 100, 150, 200)), (1_000_000, (0, 500_000, 1_000_000))],
)
def test_nice_ticks(maximum: int, ticks: tuple[int, ...]) -> None:
    assert nice_ticks(maximum) == ticks
    assert nice_ticks(maximum)[-1] >= maximum


def test_horizontal_bars_are_proportional() -> None:
    chart = horizontal_bars([("第一条", 30), ("第二条", 0), ("总体", 15)], width=600, label_width=100, value_width=50)
    a, b, c = chart.bars
    assert (a.label, a.value) == ("第一条", 30) and b.width == 0
    assert a.width == pytest.approx(2 * c.width)
    top = chart.ticks[-1]
    assert top.value >= 30 and top.at == pytest.approx(100 + 450)  # the last grid line closes the plot
    assert a.width == pytest.approx(450 * 30 / top.value)
    assert a.y < b.y < c.y and chart.height > c.y + c.height


def test_vertical_bars_label_at_most_a_dozen_days() -> None:
    days = [(f"03-{d:02d}", d) for d in range(1, 31)]
    chart = vertical_bars(days, width=760, height=220)
    assert len(chart.bars) == 30 and sum(b.show_label for b in chart.bars) <= 12
    base = chart.plot[1] + chart.plot[3]
    for bar in chart.bars:
        assert bar.y + bar.height == pytest.approx(base)  # every bar stands on the axis
    assert chart.bars[-1].height == pytest.approx(chart.bars[0].height * 30)
    assert vertical_bars([]).bars == () and vertical_bars([]).maximum == 0
