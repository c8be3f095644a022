"""How the portal writes a protected rate; the numbers themselves come from ``feedback`` services.

Counts and rates about young people are decided by ``feedback.disclosure``
(through ``feedback.round_rates`` for rounds); this only turns a decided rate
into text.
"""

from __future__ import annotations

__all__ = ["shown_rate"]


def shown_rate(rate: int | None) -> str:
    """Return a decided rate as text, or an en dash when it may not be shown."""
    return "–" if rate is None else f"{rate}%"
