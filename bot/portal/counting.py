"""Every number the dashboard shows passes through here, so small counts are suppressed in one place."""

from __future__ import annotations

from feedback.disclosure import percentage, show_count

__all__ = ["shown_count", "shown_rate"]


def shown_count(count: int, threshold: int) -> str:
    """Return a count as the dashboard may show it: ``c`` for 1..threshold (DfE style)."""
    return str(show_count(count, threshold))


def shown_rate(numerator: int, base: int) -> str:
    """Return a response rate, or an en dash when the base is too small for a percentage."""
    value = percentage(min(numerator, base), base) if base > 0 else None
    return "–" if value is None else f"{value}%"
