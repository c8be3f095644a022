"""Plain values the risk detector hands back: levels, categories, evidence and the verdict."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RiskLevel(StrEnum):
    """How quickly a safeguarding lead must look: ``urgent`` now, ``concern`` soon, ``none`` not at all."""

    NONE = "none"
    CONCERN = "concern"
    URGENT = "urgent"

    @property
    def rank(self) -> int:
        """Return 0, 1 or 2 so levels can be compared and maxed."""
        return _RANK[self]


_RANK = {RiskLevel.NONE: 0, RiskLevel.CONCERN: 1, RiskLevel.URGENT: 2}


class Category(StrEnum):
    """The safeguarding themes a text can raise, in the order the safeguarding lead reads them."""

    SUICIDE_SELF_HARM = "suicide_self_harm"
    ABUSE = "abuse"
    SEXUAL_EXPLOITATION = "sexual_exploitation"
    CRIMINAL_EXPLOITATION = "criminal_exploitation"
    DOMESTIC_ABUSE = "domestic_abuse"
    ONLINE_HARM = "online_harm"
    MISSING = "missing"
    HOMELESSNESS = "homelessness"
    NEGLECT_BASIC_NEEDS = "neglect_basic_needs"
    BULLYING = "bullying"
    MENTAL_HEALTH = "mental_health"
    SUBSTANCE_USE = "substance_use"


CATEGORY_ORDER: dict[Category | None, int] = {c: i for i, c in enumerate(Category)}


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where in the original text a rule fired, and what it decided after context.

    ``start``/``end`` index the text the young person wrote (not the normalised
    form), so a safeguarding lead's view can highlight the words themselves.
    ``reason`` says why the level is lower than the rule's own, if it is
    (``negated``, ``past``, ``third_party``, ``playful``), or ``model`` when the
    learnt net lifted the text (rule ``learnt``; the span is then the whole
    text). ``category`` is None only in evidence built by hand or by older
    versions; the detector always names one.
    """

    category: Category | None
    level: RiskLevel
    start: int
    end: int
    rule: str
    reason: str = ""
    tense: str = ""  # "now" (present or just happened), "soon" (intent, plan), "past", "" (unknown)
    who: str = ""  # "self" (the writer or someone with them), "other", "" (unknown)

    def describe(self) -> str:
        """Return one line a safeguarding lead can read: which rule, and what context decided."""
        parts = [self.rule]
        if self.reason:
            parts.append(_REASON_WORDS.get(self.reason, self.reason))
        if self.tense:
            parts.append(_TENSE_WORDS.get(self.tense, self.tense))
        if self.who:
            parts.append(_WHO_WORDS.get(self.who, self.who))
        return " · ".join(parts)


_REASON_WORDS = {
    "negated": "said with a 'not' (kept as a concern)",
    "past": "in the past",
    "third_party": "about someone else",
    "playful": "framed as a joke",
    "coped": "an urge or thought coped with, not acted on",
    "light": "harm by others told lightly (asked whether safe)",
    "model": "learnt net: worth a person's look",
}
_TENSE_WORDS = {"now": "happening now or just happened", "soon": "intended or planned", "past": "in the past"}
_WHO_WORDS = {"self": "about the writer", "other": "about someone else"}


@dataclass(frozen=True, slots=True)
class Risk:
    """The verdict on one text: the highest level found and every category that reached it or below.

    ``ask`` marks a borderline verdict: not urgent, but with a danger cue (a
    safety-net rule, or a learnt score that would have called it urgent). The
    conversation then asks once, gently, "Are you safe right now?" instead of
    guessing.
    """

    level: RiskLevel
    categories: tuple[Category, ...]
    evidence: tuple[Evidence, ...] = ()
    ask: bool = False

    @property
    def reasons(self) -> tuple[str, ...]:
        """Return why the verdict is what it is, one readable line per piece of evidence at its level.

        An urgent verdict always has at least one: a rule about a danger
        concept, with its tense and whose it is. The safeguarding lead sees
        these on the alert.
        """
        seen: dict[str, None] = {}
        for e in self.evidence:
            if e.level is self.level:
                seen.setdefault(e.describe(), None)
        return tuple(seen)

    @property
    def is_risk(self) -> bool:
        """Return True when a safeguarding lead should see this text."""
        return self.level is not RiskLevel.NONE

    def as_contract(self) -> dict[str, object]:
        """Return the ``heard risk`` JSON Lines answer: ``{"level", "categories"}``."""
        return {"level": self.level.value, "categories": [c.value for c in self.categories]}


NO_RISK = Risk(level=RiskLevel.NONE, categories=())
