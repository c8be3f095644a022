"""When a percentage may be shown: a base of 10 or more, and no small numerator or complement.

A whole-number percentage on a known base gives its numerator away (15 % of 27
can only be 4), so a percentage is exactly as revealing as the two counts it
splits its base into. It is shown only when neither of them is 1 to the
threshold; zero and the whole base are shown, as zeros are everywhere.
"""

from __future__ import annotations

from feedback.disclosure.tables import DEFAULT_THRESHOLD, MIN_BASE, percentage

__all__ = ["RATED_BANDS", "share_allowed", "shown_share"]

# The bands a rated share may fall back to (whole per cent, lower bound included, upper not):
# red below 50, amber 50 to 74, green 75 and over, as the paper's statuses use.
RATED_BANDS: tuple[tuple[int, int], ...] = ((0, 50), (50, 75), (75, 101))


def share_allowed(
    numerator: int, base: int, *, threshold: int = DEFAULT_THRESHOLD, min_base: int = MIN_BASE
) -> bool:
    """Return True when ``numerator`` of ``base`` may be shown as a percentage."""
    if base < min_base or base <= 0:
        return False
    return not (1 <= numerator <= threshold or 1 <= base - numerator <= threshold)


def shown_share(
    numerator: int, base: int, *, threshold: int = DEFAULT_THRESHOLD, min_base: int = MIN_BASE
) -> int | None:
    """Return the whole-number percentage when it may be shown, else None."""
    if not share_allowed(numerator, base, threshold=threshold, min_base=min_base):
        return None
    return percentage(numerator, base, min_base=min_base)
