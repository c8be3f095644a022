"""The theme chart: issues per theme, this period against the last, in colour-blind-safe colours."""

from __future__ import annotations

import io
from collections.abc import Sequence

from feedback.papers.content import ThemeRow

__all__ = ["BEFORE_COLOUR", "NOW_COLOUR", "theme_chart_png"]

# Okabe-Ito blue and orange: distinguishable with every common colour-vision deficiency.
# The previous period is also hatched, so print in greyscale still tells them apart.
NOW_COLOUR = "#0072B2"
BEFORE_COLOUR = "#E69F00"


def theme_chart_png(themes: Sequence[ThemeRow], now_label: str, before_label: str) -> bytes:
    """Return a PNG bar chart; hidden (``c``) counts get no bar but a ``c`` label.

    CPU-bound (matplotlib); call it off the event loop.
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    rows = list(reversed(themes))
    now = [t.now if isinstance(t.now, int) else 0 for t in rows]
    before = [t.before if isinstance(t.before, int) else 0 for t in rows]
    height = 0.38
    fig, ax = plt.subplots(figsize=(7.2, 0.34 * len(rows) + 1.4), dpi=120)
    try:
        ys = list(range(len(rows)))
        ax.barh([y + height / 2 for y in ys], now, height, color=NOW_COLOUR, label=now_label)
        ax.barh([y - height / 2 for y in ys], before, height, color=BEFORE_COLOUR, hatch="///",
                edgecolor="white", label=before_label)
        biggest = max([*now, *before, 1])
        for y, row in zip(ys, rows, strict=True):
            for offset, cell, value in ((height / 2, row.now, now[y]), (-height / 2, row.before, before[y])):
                ax.text(value + biggest * 0.01, y + offset, str(cell), va="center", fontsize=7)
        ax.set_yticks(ys, [t.theme for t in rows], fontsize=7.5)
        ax.set_xlabel("Issues mentioning the theme", fontsize=8)
        ax.set_xlim(0, biggest * 1.12)
        ax.tick_params(axis="x", labelsize=7)
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(fontsize=8, loc="lower right", frameon=False)
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png", metadata={"Software": None})
        return out.getvalue()
    finally:
        plt.close(fig)
