"""What a young person can say their message is about: a few plain words, each a taxonomy theme code.

The taxonomy has seventeen themes in staff words; a young person picks from a
short list in their own words, fitted to their cohort (care leavers see
money and housing, younger children see school and fun). The chosen code is
stored as the issue's topic so it reaches the right worker; the background
tagger still adds its own themes.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.conversation.catalogue import say

__all__ = ["ALL_TOPICS", "Topic", "topic_by_code", "topics_for", "typed_topic"]


@dataclass(frozen=True)
class Topic:
    """One choice: the words shown, and the taxonomy theme code stored."""

    key: str  # the catalogue message ``topic.<key>``
    code: str

    @property
    def label(self) -> str:
        """Return the words shown, in the turn's language."""
        return say(f"topic.{self.key}")


_SHARED = (
    Topic("safe", "SAFE"),
    Topic("health", "HEALTH"),
    Topic("voice", "VOICE"),
)
_IN_CARE = (
    Topic("place", "PLACE"),
    Topic("carers", "CARER"),
    Topic("seeing_family", "FAMILY"),
    Topic("social_worker", "SW"),
    Topic("school", "EDU"),
    *_SHARED,
    Topic("fun", "ACTIV"),
)
_GETTING_READY = (Topic("leaving_care", "LEAVE"), Topic("money", "MONEY"))
_CARE_LEAVER = (
    Topic("money", "MONEY"),
    Topic("place", "HOUSE"),
    Topic("pa", "SW"),
    Topic("own_home", "LEAVE"),
    Topic("future", "FUTURE"),
    Topic("family", "FAMILY"),
    *_SHARED,
)
ALL_TOPICS = (*_IN_CARE, *_GETTING_READY, *_CARE_LEAVER)


def topics_for(care_status: str, age_band: str) -> tuple[Topic, ...]:
    """Return the choices for a cohort, most asked-about first."""
    if care_status == "care_leaver":
        return _CARE_LEAVER
    if age_band == "16-17":
        return (*_IN_CARE[:5], *_GETTING_READY, *_SHARED)
    return _IN_CARE


def topic_by_code(care_status: str, age_band: str, code: str) -> Topic | None:
    """Return the cohort's choice with this code, or None (a forged or outdated button)."""
    return next((t for t in topics_for(care_status, age_band) if t.code == code), None)


def typed_topic(care_status: str, age_band: str, typed: str) -> Topic | None:
    """Return the choice someone typed (its number or its words), or None."""
    wanted = typed.strip().rstrip(".").casefold()
    for number, topic in enumerate(topics_for(care_status, age_band), start=1):
        if wanted in (str(number), topic.label.casefold()):
            return topic
    return None
