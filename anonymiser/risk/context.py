"""Decides what one rule match means in its sentence: figure of speech, lesson, negation, tense, whose.

A rule says "these words can mean risk"; the context says whether they do
here. Each decision is deliberate and documented in docs/safeguarding.md:

- figurative speech ("this homework is killing me") and matches inside talk
  about lessons, films or news (for rules marked ``topic``) are no risk;
- a negated match about suicide or self-harm ("i'm not going to kill
  myself") is a concern, never nothing; a negated match about harm by others
  ("my carers never hit me") is nothing unless hedged ("…when mum's in");
- urgent becomes concern when the harm is clearly past ("when i was 12"),
  when it is about someone else ("my cousin self harms"), or when it is
  framed as a joke ("kms 😂"); a concern is never dropped for those reasons.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping

from anonymiser.risk.matching import Scanner, Words
from anonymiser.risk.model import Category, RiskLevel
from anonymiser.risk.rules import Cues, Rule

_SENTENCE_END = re.compile(r"[.!?;\n]")
_WORDS = re.compile(r"[a-z']+")
_FIRST_PERSON = re.compile(r"(?<![a-z])(?:i|me|myself)(?![a-z])")
NEGATION_REACH = 6  # words before a match that a "not"/"never" can reach

Judgement = tuple[RiskLevel, str]


class Reading:
    """One normal-form text with its sentences and figurative spans worked out once."""

    def __init__(self, text: str, cues: Cues, scanners: Mapping[str, Scanner] | None = None) -> None:
        self.text = text
        self.words = Words(text)  # shared by every rule, concept and cue tried on the whole text
        self._cues = cues
        self._scanners = scanners or {}
        self._ends = [m.start() for m in _SENTENCE_END.finditer(text)]
        self._figurative = self._spans("figurative")
        self._playful = self._spans("playful")
        self.negated_away = False  # True once a match was judged no risk because it was negated

    @property
    def framed(self) -> bool:
        """Return True when the text has a figure of speech, talks about a lesson, film or news,
        or is about ordinary life around danger words (medicine as prescribed, cooking, a pet)."""
        return (
            bool(self._figurative)
            or bool(self._spans("discussion", first=True))
            or bool(self._spans("ordinary_use", first=True))
        )

    def _spans(self, name: str, *, first: bool = False) -> list[tuple[int, int]]:
        """Return where the cue ``name`` matches the whole text (only the first place when ``first``)."""
        pattern: re.Pattern[str] | None = getattr(self._cues, name)
        if pattern is None:
            return []
        scanner = self._scanners.get(name)
        found = scanner.finditer(self.words) if scanner is not None else pattern.finditer(self.text)
        if first:
            match = next(found, None)
            return [] if match is None else [match.span()]
        return [m.span() for m in found]

    def _ordinary(self, sentence: str) -> bool:
        cues = self._cues
        return any(
            cue is not None and cue.search(sentence) for cue in (cues.ordinary_use, cues.light_hearted)
        )

    def judge(self, rule: Rule, start: int, end: int) -> Judgement | None:
        """Return the level and reason a match deserves here, or None when it is no risk."""
        cues = self._cues
        if _overlaps(self._figurative, start, end):
            return None
        sentence = self._sentence(start, end)
        if rule.topic and cues.discussion and cues.discussion.search(sentence):
            return None
        if self.about_media(sentence) and not _FIRST_PERSON.search(sentence):
            return None  # a lesson, film, game or book about someone else, not a disclosure
        if rule.net and rule.level is RiskLevel.CONCERN and self._ordinary(sentence):
            return None  # a lone danger word in cooking, sport, medicine as prescribed or a joke
        if rule.companions:
            scopes = {"sentence": sentence, "message": self.text}
            scope = scopes.get(rule.within) or self._clause_around(start, end)
            if not all(companion.search(scope) for companion in rule.companions):
                return None
        level, reason = rule.level, ""
        about_self_harm = Category.SUICIDE_SELF_HARM in rule.categories
        if rule.negatable and self._is_negated(start):
            if about_self_harm or (cues.hedges and cues.hedges.search(sentence)):
                # Saying "i'm not going to kill myself" unprompted is itself a signal.
                level, reason = RiskLevel.CONCERN, "negated"
            else:
                self.negated_away = True
                return None
        if level is RiskLevel.URGENT and rule.tense and _is_past(sentence, cues):
            level, reason = RiskLevel.CONCERN, "past"
        if level is RiskLevel.URGENT and about_self_harm and cues.coped and cues.coped.search(self.text):
            level, reason = RiskLevel.CONCERN, "coped"
        if level is RiskLevel.URGENT and about_self_harm and self._about_someone_else(start):
            level, reason = RiskLevel.CONCERN, "third_party"
        if level is RiskLevel.URGENT and _overlaps(self._playful, start, end):
            level, reason = RiskLevel.CONCERN, "playful"
        light = cues.light_hearted
        if level is RiskLevel.URGENT and not about_self_harm and light and light.search(sentence):
            # "he whacked me in the face lol no harm done": harm by others framed lightly is
            # read as a concern, and the young person is asked whether they are safe.
            level, reason = RiskLevel.CONCERN, "light"
        return level, reason

    def situation(self, start: int, end: int) -> tuple[str, str]:
        """Return (tense, who) for a match: what a safeguarding lead needs beside the rule.

        Tense is "past" when the sentence is clearly about the past, "now" when
        it says now, tonight, still…, else "" (the rule's own words decide).
        Who is "other" when the clause is about someone else, "self" when it
        speaks in the first person, else "".
        """
        sentence = self._sentence(start, end)
        cues = self._cues
        if _is_past(sentence, cues):
            tense = "past"
        elif cues.present and cues.present.search(sentence):
            tense = "now"
        else:
            tense = ""
        if self._about_someone_else(start):
            who = "other"
        elif _FIRST_PERSON.search(sentence) or re.search(r"(?<![a-z])my(?![a-z])", sentence):
            who = "self"
        else:
            who = ""
        return tense, who

    def sentence(self, start: int, end: int) -> str:
        """Return the sentence holding ``[start, end)``."""
        return self._sentence(start, end)

    def around(self, start: int, end: int) -> str:
        """Return the sentence holding ``[start, end)`` with the sentences either side of it.

        Chat splits one thought over short sentences ("took 16 paracetamol. like an hour ago"),
        so a danger concept looks for its word of now or its plea for help this far.
        """
        i = bisect_left(self._ends, start)
        begin = self._ends[i - 2] + 1 if i >= 2 else 0
        j = bisect_right(self._ends, end - 1) if end > start else i
        finish = self._ends[j + 1] if j + 1 < len(self._ends) else len(self.text)
        return self.text[begin : max(finish, end)]

    def figurative_at(self, start: int, end: int) -> bool:
        """Return True when ``[start, end)`` is inside a figure of speech ("killing me" about homework)."""
        return _overlaps(self._figurative, start, end)

    def about_media(self, sentence: str) -> bool:
        """Return True when the sentence names a lesson, film, game, song, book or the news."""
        return bool(self._cues.media and self._cues.media.search(sentence))

    def ordinary(self, sentence: str) -> bool:
        """Return True when the sentence is ordinary life (cooking, sport, medicine as prescribed)."""
        return bool(self._cues.ordinary_use and self._cues.ordinary_use.search(sentence))

    def light(self, sentence: str) -> bool:
        """Return True when the sentence is said with a laugh or as messing about."""
        return bool(self._cues.light_hearted and self._cues.light_hearted.search(sentence))

    def past(self, sentence: str) -> bool:
        """Return True when the sentence is clearly about the past and says nothing of now."""
        return _is_past(sentence, self._cues)

    def negated(self, start: int) -> bool:
        """Return True when a "not", "never" or "nobody" reaches the words at ``start``."""
        return self._is_negated(start)

    def about_someone_else(self, start: int) -> bool:
        """Return True when the clause before ``start`` is about someone other than the writer."""
        return self._about_someone_else(start)

    def _sentence_bounds(self, start: int, end: int) -> tuple[int, int]:
        i = bisect_left(self._ends, start)
        begin = self._ends[i - 1] + 1 if i else 0
        j = bisect_right(self._ends, end - 1) if end > start else i
        finish = self._ends[j] if j < len(self._ends) else len(self.text)
        return begin, max(finish, end)

    def _sentence(self, start: int, end: int) -> str:
        begin, finish = self._sentence_bounds(start, end)
        return self.text[begin:finish]

    def _clause_before(self, start: int) -> str:
        """Return the words from the start of the clause up to ``start``."""
        begin, _ = self._sentence_bounds(start, start + 1)
        window = self.text[begin:start]
        window = window[window.rfind(",") + 1 :]  # a comma ends a clause too
        if self._cues.scope_breakers:
            cut = max((m.end() for m in self._cues.scope_breakers.finditer(window)), default=0)
            window = window[cut:]
        return window

    def _clause_around(self, start: int, end: int) -> str:
        """Return the clause holding ``[start, end)``: its sentence cut at "and", "but", "if"…"""
        _, finish = self._sentence_bounds(start, end)
        after = self.text[end:finish]
        if self._cues.scope_breakers:
            cut = self._cues.scope_breakers.search(after)
            after = after[: cut.start()] if cut else after
        return self._clause_before(start) + self.text[start:end] + after

    def _about_someone_else(self, start: int) -> bool:
        if self._cues.third_party is None:
            return False
        clause = self._clause_before(start)
        subject_end = max((m.end() for m in self._cues.third_party.finditer(clause)), default=-1)
        return subject_end >= 0 and not _FIRST_PERSON.search(clause, subject_end)

    def _is_negated(self, start: int) -> bool:
        cues = self._cues
        if cues.negation is None:
            return False
        clause = self._clause_before(start)
        if cues.subject_negation and cues.subject_negation.search(clause.rstrip()[-24:]):
            return True  # "nobody hits me": the subject itself is the negation
        reach = " ".join(_WORDS.findall(clause)[-NEGATION_REACH:])
        last_cue_end = max((m.end() for m in cues.negation.finditer(reach)), default=-1)
        if last_cue_end < 0:
            return False
        rest = reach[last_cue_end:]
        return not (cues.negation_breakers and cues.negation_breakers.search(rest))


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _is_past(sentence: str, cues: Cues) -> bool:
    if cues.past is None or not cues.past.search(sentence):
        return False
    return not (cues.present and cues.present.search(sentence))
