"""Urgency composed from parts: a danger concept, with a word of now (or soon) or a plea for help.

The pattern rules each foresee one phrasing, and every new writer finds
another. This layer reads a message the way a safeguarding lead does: is there
a danger concept (a means taken or in place, an injury, a threat, a weapon, a
fire, being controlled, moved or somewhere unsafe), is it happening now or
about to, and does it concern the writer or someone with them? The concepts
and the words of now, soon, help and company are word families in
``data/concepts.yaml``. A concept with now, soon (for threats and being moved)
or a plea for help is urgent, and says so in its reasons; without them it is a
concern on which the conversation asks "Are you safe right now?".

Context lowers or silences a concept as it does a rule: a figure of speech, a
lesson, film, game or the news, a "not" in front, ordinary life (cooking,
sport, medicine as prescribed), a laugh, clear past framing, or someone else
who is neither with the writer nor in trouble now. A *strong* concept (a
completed act with a means, or an injury) is never silenced by a laugh or
ordinary use: "took 16 paracetamol an hour ago lol" stays urgent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from anonymiser.risk.matching import RuleIndex
from anonymiser.risk.model import Category, RiskLevel
from anonymiser.risk.openings import needs, openings

if TYPE_CHECKING:  # context imports rules, which loads the concepts: a type is all this needs
    from anonymiser.risk.context import Reading

_WHEN = ("now", "soon", "always")
_KEYS = frozenset({"id", "category", "also", "when", "strong", "pattern", "with", "within", "unless", "most"})
_WITHIN = ("near", "message")
_FAMILIES = ("now", "soon", "help", "with_me")
_ANYONE_OF_MINE = re.compile(r"(?<![a-z])(?:i|me|my|myself|we|us|our)(?![a-z])")


@dataclass(frozen=True, slots=True)
class Concept:
    """One danger concept: its words, what it raises, and what makes it urgent."""

    id: str
    categories: tuple[Category, ...]
    when: str  # "now", "soon" or "always" (see concepts.yaml)
    strong: bool
    regex: re.Pattern[str]
    companions: tuple[re.Pattern[str], ...] = ()
    unless: re.Pattern[str] | None = None
    openings: tuple[str, ...] | None = None  # letters a match starts with (see openings.py)
    needs: tuple[tuple[str, ...], ...] = ()  # strings a match must contain (see openings.needs)
    most: RiskLevel = RiskLevel.URGENT  # a concept that only asks for a look says "most: concern"
    within: str = "near"  # where its companions are looked for: "near" it, or anywhere in the "message"


@dataclass(frozen=True, slots=True)
class ConceptBook:
    """Every concept and the families of words for now, soon, help and someone with the writer."""

    concepts: tuple[Concept, ...]
    now: re.Pattern[str]
    soon: re.Pattern[str]
    help: re.Pattern[str]
    with_me: re.Pattern[str]
    index: RuleIndex[Concept]


@dataclass(frozen=True, slots=True)
class Found:
    """A concept found in a normal-form text, and what its context made of it."""

    concept: Concept
    start: int
    end: int
    level: RiskLevel
    reason: str  # why lower than urgent: "past", "third_party", "light", or "" (nothing said of now)
    tense: str  # "now", "soon", "help" (a plea for help now) or ""
    who: str  # "self", "other" or ""


def read_concepts(
    data: Mapping[str, Any],
    expand: Callable[[str, str], str],
    compile_pattern: Callable[[str, str], re.Pattern[str]],
) -> ConceptBook:
    """Return the concept book described by ``data`` (concepts.yaml), failing early on a bad entry."""
    families: dict[str, re.Pattern[str]] = {}
    for name in _FAMILIES:
        entries = data.get(name)
        if not entries:
            raise ValueError(f"concepts.yaml: the '{name}' family is missing")
        where = f"concepts.yaml {name}"
        joined = "|".join(f"(?:{expand(str(p), where)})" for p in entries)
        families[name] = compile_pattern(joined, where)
    concepts = []
    for entry in data.get("concepts") or []:
        where = f"concepts.yaml concept {entry.get('id', '?')}"
        check_entry(entry, _KEYS, where, "concept")
        when = str(entry.get("when", "now"))
        if when not in _WHEN:
            raise ValueError(f"{where}: when is one of {_WHEN}, not {when!r}")
        try:
            categories = (Category(entry["category"]), *(Category(c) for c in entry.get("also", ())))
        except (KeyError, ValueError) as exc:
            raise ValueError(f"{where}: unknown or missing category ({exc})") from exc
        companions = entry.get("with") or []
        unless = entry.get("unless") or []
        most = RiskLevel(str(entry.get("most", "urgent")))
        within = str(entry.get("within", "near"))
        if within not in _WITHIN:
            raise ValueError(f"{where}: within is one of {_WITHIN}, not {within!r}")
        if most is RiskLevel.NONE:
            raise ValueError(f"{where}: most is concern or urgent")
        source = expand(str(entry["pattern"]), where)
        concepts.append(
            Concept(
                id=str(entry["id"]),
                categories=categories,
                when=when,
                strong=bool(entry.get("strong", False)),
                regex=compile_pattern(source, where),
                companions=tuple(compile_pattern(expand(str(c), where), where) for c in companions),
                unless=compile_pattern("|".join(expand(str(u), where) for u in unless), where)
                if unless
                else None,
                openings=openings(source),
                needs=needs(source),
                most=most,
                within=within,
            )
        )
    ids = [c.id for c in concepts]
    if len(set(ids)) != len(ids):
        raise ValueError("concepts.yaml: duplicate concept ids")
    return ConceptBook(tuple(concepts), index=RuleIndex(concepts), **families)


def check_entry(entry: Mapping[str, Any], allowed: frozenset[str], where: str, what: str) -> None:
    """Raise ``ValueError`` naming ``where`` when a rule or concept has unknown keys, no id or no pattern."""
    unknown = set(entry) - allowed
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    if not entry.get("id") or not entry.get("pattern"):
        raise ValueError(f"{where}: every {what} needs an id and a pattern")


def find_concepts(book: ConceptBook, reading: Reading) -> Iterator[Found]:
    """Yield every danger concept in the text with the level its context gives it."""
    for concept, match in book.index.matches(reading.words):
        found = _judge(book, concept, reading, *match.span())
        if found is not None and found.level.rank > concept.most.rank:
            found = Found(concept, found.start, found.end, concept.most, found.reason, found.tense, found.who)
        if found is not None:
            yield found


def _judge(book: ConceptBook, concept: Concept, reading: Reading, start: int, end: int) -> Found | None:
    if reading.figurative_at(start, end):
        return None
    sentence = reading.sentence(start, end)
    if reading.negated(start):
        return None
    if not concept.strong and (reading.ordinary(sentence) or reading.about_media(sentence)):
        return None
    near = reading.around(start, end)
    scope = reading.text if concept.within == "message" else near
    if not all(c.search(scope) for c in concept.companions):
        return None
    if concept.unless is not None and concept.unless.search(near):
        return None
    now = book.now.search(near) is not None
    soon = concept.when == "soon" and book.soon.search(near) is not None
    pleading = book.help.search(near) is not None
    if Category.SUICIDE_SELF_HARM in concept.categories:
        other = reading.about_someone_else(start)  # an act on oneself: whose act is it?
    else:
        # Harm by others: about someone else only when a third person is the subject and nothing is mine.
        other = reading.about_someone_else(start) and _ANYONE_OF_MINE.search(near) is None
    who = "other" if other else "self"

    def found(level: RiskLevel, reason: str, tense: str) -> Found:
        return Found(concept, start, end, level, reason, tense, who)

    if reading.past(sentence):
        return found(RiskLevel.CONCERN, "past", "past")
    if other and not (now or pleading or book.with_me.search(near)):
        return found(RiskLevel.CONCERN, "third_party", "")  # someone else, not with the writer, not now
    if not concept.strong and not pleading and reading.light(sentence):
        return found(RiskLevel.CONCERN, "light", "")  # a plea for help is no joke
    if concept.when == "always" or now:
        return found(RiskLevel.URGENT, "", "now")
    if pleading:
        return found(RiskLevel.URGENT, "", "help")
    if soon:
        return found(RiskLevel.URGENT, "", "soon")
    # A danger concept with no time said (a means, an injury, a threat, a weapon, being controlled):
    # never silent; a person reads it and the conversation asks "Are you safe right now?".
    return found(RiskLevel.CONCERN, "", "")
