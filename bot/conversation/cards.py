"""The privacy card shown before anything is stored, in plain words for each age band.

The card says what Heard keeps, who sees it, that it is private but not
secret, and how to delete it. The younger card is written for a reading age
of about 9 (short sentences, everyday words); its Flesch-Kincaid grade is
checked in the tests. Change ``CONSENT_VERSION`` whenever the meaning of a
card changes, so "my data" shows which card someone agreed to.
"""

from __future__ import annotations

__all__ = ["CONSENT_VERSION", "YOUNGER_BANDS", "cohort_words", "privacy_card"]

CONSENT_VERSION = "2026-11"
YOUNGER_BANDS = frozenset({"8-10", "11-15"})

_STATUS_WORDS = {"in_care": "in care", "care_leaver": "care leaver"}


def cohort_words(care_status: str, age_band: str) -> str:
    """Return a cohort in plain words, e.g. "in care, age 11 to 15"."""
    low, _, high = age_band.partition("-")
    return f"{_STATUS_WORDS.get(care_status, care_status)}, age {low} to {high}"


def _younger(group: str, council: str) -> str:
    return (
        "Before we start, here is how Heard works.\n\n"
        f"What we keep: what you tell us, your group ({group}) and the day you joined. "
        "We do not keep your name. You do not need to tell us your name.\n\n"
        f"Who sees it: a small team at {council}. They read what you say. "
        "They do not know who you are. Some of your words may go in a report for the council. "
        "Your name is never in it.\n\n"
        "It is private, but it is not a secret. If you tell us that you or someone else is "
        "not safe, we will tell people who can help.\n\n"
        'You can change your mind at any time. Tap "Forget me" and we will delete what we '
        "keep about you.\n\n"
        "Tap OK to start."
    )


def _older(group: str, council: str, retention_days: int) -> str:
    return (
        "Before we start, here's how Heard works.\n\n"
        f"What we keep: what you tell us, your answers, your group ({group}) and the day you "
        "joined. We also keep a locked code so we can reply to you here. We don't keep your "
        "name, phone number or username.\n\n"
        f"Who sees it: the participation team at {council}. They see what you say with names "
        "and contact details taken out, and they don't know who you are. Some of your words "
        "may be quoted in reports to councillors, never with your name.\n\n"
        "Private, not secret: if you tell us that you or someone else is in danger, we will "
        "share it with the council's safeguarding team to keep people safe.\n\n"
        f"We delete your exact words after {retention_days} days; a copy with names taken out "
        'is kept. You\'re in control: tap "My data" to see what we keep, or "Forget me" to '
        "delete it.\n\n"
        "Tap OK to start."
    )


def privacy_card(care_status: str, age_band: str, *, council: str, retention_days: int) -> str:
    """Return the privacy card for a cohort: the simpler card for under-16s."""
    group = cohort_words(care_status, age_band)
    if age_band in YOUNGER_BANDS:
        return _younger(group, council)
    return _older(group, council, retention_days)
