"""The privacy card shown before anything is stored, in plain words for each age band.

The card says what Heard keeps, who sees it, that it is private but not
secret, and how to delete it. The younger card is written for a reading age
of about 9 (short sentences, everyday words); its Flesch-Kincaid grade is
checked in the tests. The wording is ``consent.card.*`` in the catalogues.
Change ``CONSENT_VERSION`` whenever the meaning of a card changes, so "my
data" shows which card someone agreed to.
"""

from __future__ import annotations

from bot.conversation.catalogue import say

__all__ = ["CONSENT_VERSION", "YOUNGER_BANDS", "cohort_words", "privacy_card"]

CONSENT_VERSION = "2026-11"
YOUNGER_BANDS = frozenset({"8-10", "11-15"})


def cohort_words(care_status: str, age_band: str) -> str:
    """Return a cohort in plain words in the turn's language, e.g. "in care, age 11 to 15"."""
    low, _, high = age_band.partition("-")
    key = f"cohort.{care_status}" if care_status in ("in_care", "care_leaver") else "cohort.in_care"
    return say(key, low=low, high=high)


def privacy_card(care_status: str, age_band: str, *, council: str, retention_days: int) -> str:
    """Return the privacy card for a cohort: the simpler card for under-16s."""
    group = cohort_words(care_status, age_band)
    if age_band in YOUNGER_BANDS:
        return say("consent.card.younger", group=group, council=council)
    return say("consent.card.older", group=group, council=council, retention_days=retention_days)
