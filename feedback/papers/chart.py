"""The theme chart: issues per theme, this period against the last, largest first, colour-blind safe.

HTML and PDF get it as SVG (vector: sharp at any zoom, its words real text);
Word gets a PNG, since python-docx cannot embed SVG. A hidden count (``c``)
gets no bar and the words "c (hidden)", so it never looks like a zero.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from feedback.papers.content import Cell, ThemeRow

__all__ = ["BEFORE_COLOUR", "NOW_COLOUR", "by_size", "theme_chart_png", "theme_chart_svg"]

# Okabe-Ito blue and orange: distinguishable with every common colour-vision deficiency.
# The previous period is also hatched, so print in greyscale still tells them apart.
NOW_COLOUR = "#0072B2"
BEFORE_COLOUR = "#E69F00"
HIDDEN_COLOUR = "#555555"


def _rank(cell: Cell) -> float:
    """Return a sort key: shown counts by size, then hidden ones (at least 1), then zeros."""
    if isinstance(cell, int):
        return float(cell) if cell else 0.0
    return 0.5


def by_size(themes: Sequence[ThemeRow]) -> list[ThemeRow]:
    """Return the themes largest first this period (then last period, then by name)."""
    return sorted(themes, key=lambda t: (-_rank(t.now), -_rank(t.before), t.theme))


def _draw(themes: Sequence[ThemeRow], now_label: str, before_label: str, fmt: str) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    rows = list(reversed(by_size(themes)))  # matplotlib draws upwards: the largest goes on top
    now = [t.now if isinstance(t.now, int) else 0 for t in rows]
    before = [t.before if isinstance(t.before, int) else 0 for t in rows]
    height = 0.38
    with plt.rc_context({"svg.fonttype": "none", "font.family": "DejaVu Sans"}):
        fig, ax = plt.subplots(figsize=(7.2, 0.34 * len(rows) + 1.4), dpi=150)
        try:
            ys = list(range(len(rows)))
            ax.barh([y + height / 2 for y in ys], now, height, color=NOW_COLOUR, label=now_label)
            ax.barh(
                [y - height / 2 for y in ys],
                before,
                height,
                color=BEFORE_COLOUR,
                hatch="///",
                edgecolor="white",
                label=before_label,
            )
            biggest = max([*now, *before, 1])
            for y, row in zip(ys, rows, strict=True):
                for offset, cell, value in (
                    (height / 2, row.now, now[y]),
                    (-height / 2, row.before, before[y]),
                ):
                    hidden = not isinstance(cell, int)
                    ax.text(
                        value + biggest * 0.01,
                        y + offset,
                        "c (hidden)" if hidden else str(cell),
                        va="center",
                        fontsize=7,
                        color=HIDDEN_COLOUR if hidden else "black",
                        style="italic" if hidden else "normal",
                    )
            ax.set_yticks(ys, [t.theme for t in rows], fontsize=7.5)
            ax.set_xlabel("Issues mentioning the theme (c: a small number, hidden)", fontsize=8)
            ax.set_xlim(0, biggest * 1.18)
            ax.tick_params(axis="x", labelsize=7)
            ax.spines[["top", "right"]].set_visible(False)
            ax.legend(fontsize=8, loc="lower right", frameon=False)
            fig.tight_layout()
            out = io.BytesIO()
            metadata = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
            fig.savefig(out, format=fmt, metadata=metadata)
            return out.getvalue()
        finally:
            plt.close(fig)


def theme_chart_png(themes: Sequence[ThemeRow], now_label: str, before_label: str) -> bytes:
    """Return the chart as PNG, for Word. CPU-bound (matplotlib); call it off the event loop."""
    return _draw(themes, now_label, before_label, "png")


def theme_chart_svg(themes: Sequence[ThemeRow], now_label: str, before_label: str) -> bytes:
    """Return the chart as SVG, for HTML and PDF. CPU-bound (matplotlib); call it off the event loop."""
    return _draw(themes, now_label, before_label, "svg")
