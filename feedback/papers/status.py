"""Red/amber/green status and trend arrows, always with words so colour is never the only signal."""

from __future__ import annotations

from feedback.papers.content import Cell, Rag

__all__ = ["GREEN_FROM", "RED_BELOW", "SAME_WITHIN", "count_change", "rag", "share_trend"]

GREEN_FROM = 75  # % positive at or above which a commitment is green
RED_BELOW = 50  # % positive below which it is red; amber in between
SAME_WITHIN = 3  # a move of fewer points than this reads as "about the same"

_RAG_LABELS: dict[Rag, str] = {
    "green": "Green: well kept",
    "amber": "Amber: partly kept",
    "red": "Red: not well kept",
    "none": "Not rated (too few answers)",
}


def rag(share: int | None) -> tuple[Rag, str]:
    """Return the status and its label for a % positive (None: too few answers to rate)."""
    if share is None:
        status: Rag = "none"
    elif share >= GREEN_FROM:
        status = "green"
    elif share >= RED_BELOW:
        status = "amber"
    else:
        status = "red"
    return status, _RAG_LABELS[status]


def share_trend(now: int | None, before: int | None) -> str:
    """Return the change in % positive as an arrow with words."""
    if now is None or before is None:
        return "– no comparison"
    diff = now - before
    if abs(diff) < SAME_WITHIN:
        return "► about the same"
    return f"▲ up {diff} points" if diff > 0 else f"▼ down {-diff} points"


def count_change(now: Cell, before: Cell) -> str:
    """Return the change between two published counts, or why it is not shown."""
    if not isinstance(now, int) or not isinstance(before, int):
        return "– not shown (small numbers)"
    if before == 0 and now == 0:
        return "► none either time"
    if before == 0:
        return "▲ new"
    diff = now - before
    if diff == 0:
        return "► no change"
    return f"▲ up {diff}" if diff > 0 else f"▼ down {-diff}"
