"""The national helplines Heard shows, in one place: Settings starts from these and may override them.

Every help card, signpost, safety answer and web chat page reads the numbers
from ``Settings`` (``HEARD_CHILDLINE_PHONE``, ``HEARD_SAMARITANS_PHONE`` and
the council's own ``HEARD_OUT_OF_HOURS_PHONE``); nothing else spells them.
"""

from __future__ import annotations

__all__ = ["CHILDLINE", "EMERGENCY", "SAMARITANS"]

CHILDLINE = "0800 1111"
SAMARITANS = "116 123"
EMERGENCY = "999"  # said in the catalogues' own words ("call 999"), as it is the same everywhere in the UK
