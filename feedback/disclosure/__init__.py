"""Statistical disclosure control: the one place every number about young people is made safe.

Papers (every format), the CSV export, the portal's round pages and dashboard,
and ``heard campaign show`` all publish counts and percentages through this
package, so the rules live here once:

* :mod:`~feedback.disclosure.tables`: one table, primary and secondary suppression
  checked exactly by maximum flow.
* :mod:`~feedback.disclosure.shares`: when a percentage may be shown.
* :mod:`~feedback.disclosure.linked`: a whole release (every paper for a
  period, a round's every view) protected together, each number a sum of the
  same finest counts, checked by an integer-programming attack.
* :mod:`~feedback.disclosure.ledger`: every release ever approved or exported,
  so a new one is checked against all of them.

See ``docs/board-papers.md`` for the method and its limits.
"""

from feedback.disclosure.linked import (
    Bound,
    Count,
    DisclosureRefused,
    Release,
    Share,
    form,
    pinned,
    protect,
)
from feedback.disclosure.shares import share_allowed, shown_share
from feedback.disclosure.tables import (
    DEFAULT_THRESHOLD,
    MIN_BASE,
    SUPPRESSED,
    CountTable,
    PublishedTable,
    Shown,
    feasible_range,
    narrow_enough,
    percentage,
    show_count,
    suppress,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "MIN_BASE",
    "SUPPRESSED",
    "Bound",
    "Count",
    "CountTable",
    "DisclosureRefused",
    "PublishedTable",
    "Release",
    "Share",
    "Shown",
    "feasible_range",
    "form",
    "narrow_enough",
    "percentage",
    "pinned",
    "protect",
    "share_allowed",
    "show_count",
    "shown_share",
    "suppress",
]
