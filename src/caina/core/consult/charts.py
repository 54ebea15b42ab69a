"""Bar charts of a consultation's counts (comments per article, per day) as plain geometry.

The web page draws them as server-rendered SVG (no script, no CDN): this module only computes where each bar,
label and grid line goes, in SVG user units, so that the numbers drawn are exactly the counts given and the
geometry can be tested without a browser.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Bar", "Chart", "Tick", "nice_ticks", "horizontal_bars", "vertical_bars"]


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    show_label: bool = True  # a day chart names every k-th day only


@dataclass(frozen=True)
class Tick:
    value: int
    at: float  # x (horizontal chart) or y (vertical chart) of the grid line


@dataclass(frozen=True)
class Chart:
    width: float
    height: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    maximum: int  # the largest value drawn (0: nothing to draw)
    plot: tuple[float, float, float, float]  # the plot area: x, y, width, height


def nice_ticks(maximum: int, count: int = 4) -> tuple[int, ...]:
    """Round grid values from 0 up to at least ``maximum`` (1, 2 or 5 times a power of ten apart)."""
    if maximum <= 0:
        return (0,)
    raw = maximum / count
    step = 1
    while step * 10 <= raw:
        step *= 10
    for m in (1, 2, 5, 10):
        if step * m >= raw:
            step *= m
            break
    top = -(-maximum // step) * step
    return tuple(range(0, top + 1, step))


def horizontal_bars(
    items: Sequence[tuple[str, int]], *, width: float = 760, row: float = 20, label_width: float = 120, value_width: float = 70
) -> Chart:
    """One row per item, bars growing right from a label column; the value is written after each bar."""
    top, bottom = 24.0, 8.0
    plot_w = max(width - label_width - value_width, 10.0)
    height = top + row * len(items) + bottom
    ticks = nice_ticks(max((v for _, v in items), default=0))
    scale = plot_w / ticks[-1] if ticks[-1] else 0.0
    bars = tuple(
        Bar(label, value, label_width, top + i * row + 3, value * scale, row - 6) for i, (label, value) in enumerate(items)
    )
    grid = tuple(Tick(t, label_width + t * scale) for t in ticks)
    return Chart(width, height, bars, grid, max((v for _, v in items), default=0), (label_width, top, plot_w, row * len(items)))


def vertical_bars(
    items: Sequence[tuple[str, int]], *, width: float = 760, height: float = 220, max_labels: int = 12
) -> Chart:
    """One column per item (a day), bars growing up from the axis; at most ``max_labels`` labels under it."""
    left, right, top, bottom = 56.0, 8.0, 12.0, 36.0
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(items)
    slot = plot_w / n if n else plot_w
    gap = min(slot * 0.2, 4.0)
    ticks = nice_ticks(max((v for _, v in items), default=0))
    scale = plot_h / ticks[-1] if ticks[-1] else 0.0
    every = max(1, -(-n // max_labels))
    bars = tuple(
        Bar(label, value, left + i * slot + gap / 2, top + plot_h - value * scale, max(slot - gap, 1.0), value * scale,
            show_label=i % every == 0 or (i == n - 1 and n <= max_labels))
        for i, (label, value) in enumerate(items)
    )
    grid = tuple(Tick(t, top + plot_h - t * scale) for t in ticks)
    return Chart(width, height, bars, grid, max((v for _, v in items), default=0), (left, top, plot_w, plot_h))
