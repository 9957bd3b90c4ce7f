"""Inline SVG dot-and-whisker plots of estimates with their intervals (no scripts, no external references)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 240
ROW = 16
PAD = 6
# Krippendorff's (2004) guide: alpha >= 0.800 to rely on a variable, >= 0.667 for tentative conclusions.
THRESHOLDS = (0.667, 0.8)


@dataclass(frozen=True)
class Mark:
    """One estimate to draw: its name (shown in the tooltip), value and interval, any of them missing."""

    name: str
    value: float | None
    interval: tuple[float, float] | None


def domain(marks: Sequence[Mark]) -> tuple[float, float]:
    """A common axis for all plots: from 0 (or below, to the lowest figure, in tenths) to 1."""
    lows = [m.interval[0] for m in marks if m.interval] + [m.value for m in marks if m.value is not None]
    low = min([0.0, *lows])
    return (max(-1.0, math.floor(low * 10) / 10), 1.0)


def svg(marks: Sequence[Mark], axis: tuple[float, float]) -> str:
    """One small plot with a row per mark: a dot at the estimate and a whisker over its interval."""
    lo, hi = axis
    inner = WIDTH - 2 * PAD

    def x(v: float) -> float:
        return PAD + inner * (min(max(v, lo), hi) - lo) / (hi - lo)

    height = ROW * len(marks) + 4
    parts = [
        f'<svg class="plot" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" role="img">',
        f'<line class="axis" x1="{x(lo):.1f}" y1="{height - 1}" x2="{x(hi):.1f}" y2="{height - 1}"/>',
    ]
    if lo < 0:
        parts.append(f'<line class="zero" x1="{x(0):.1f}" y1="0" x2="{x(0):.1f}" y2="{height}"/>')
    for t in THRESHOLDS:
        parts.append(f'<line class="guide" x1="{x(t):.1f}" y1="0" x2="{x(t):.1f}" y2="{height}"/>')
    for k, mark in enumerate(marks):
        y = ROW * k + ROW / 2 + 1
        text = f"{mark.name}: {fmt(mark.value)}"
        if mark.interval:
            a, b = mark.interval
            text += f" [{fmt(a)}, {fmt(b)}]"
            parts.append(f'<line class="ci" x1="{x(a):.1f}" y1="{y:.1f}" x2="{x(b):.1f}" y2="{y:.1f}"/>')
        if mark.value is not None:
            parts.append(
                f'<circle class="dot" cx="{x(mark.value):.1f}" cy="{y:.1f}" r="3.5">'
                f"<title>{escape(text)}</title></circle>"
            )
        else:
            parts.append(f'<text class="none" x="{PAD}" y="{y + 4:.1f}">undefined</text>')
    parts.append("</svg>")
    return "".join(parts)


def fmt(value: float | None) -> str:
    """A figure to three decimals, or an em dash when undefined."""
    return "\u2014" if value is None or not math.isfinite(value) else f"{value:.3f}"
