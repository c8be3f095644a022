"""Schools, colleges, universities and children's homes named by a young person."""

from __future__ import annotations

import re
from collections.abc import Sequence

from anonymiser.artifacts import NlpArtifacts
from anonymiser.lexicon import Lexicon
from anonymiser.recognizers.base import Recognizer
from anonymiser.spans import Entity, Span

_WORD = r"[a-z][a-z'’.&-]*"  # "k&d barbers": initials joined by "&" are one word
_WORD_START = re.compile(r"(?<![\w'’.&-])[a-z]", re.IGNORECASE)
# "a house run by keys group": what follows is the organisation's name.
_RUN_BY = re.compile(r"\b(?:run|owned|managed)\s+by\s+(?:the\s+)?$", re.IGNORECASE)
# "she works at sunrise nails": after a job cue, a word before a kind of workplace names it.
_WORKS_AT = re.compile(r"\b(?:work|works|worked|working|shifts?|job)\s+(?:at|in|for)\s+$", re.IGNORECASE)
# Verbs and pronouns are never inside a name: "our team is ackworth athletic" names "ackworth athletic".
# "a" or "an" just before the words of a name: "in a nicer house" is no named building.
_INDEFINITE = re.compile(r"(?<![\w'’])an?\s+$", re.IGNORECASE)
_NEVER_IN_NAMES = frozenset(
    {"is", "was", "are", "were", "be", "been", "am", "im", "i'm", "he", "she", "they", "we", "it", "its"}
    | {"it's", "this", "that", "there", "here", "not", "no", "with", "to", "of", "for", "and", "or", "but"}
    | {"about"}  # "complain about ash lodge" names "ash lodge"
)


def _reads_as_a_name(words: list[re.Match[str]], qualifiers: frozenset[str] = frozenset()) -> bool:
    """Return whether two or more plain nouns precede the ending ("castle hill high").

    Sentences rarely put two bare nouns before "high" or "house"; function
    words, verbs and adverbs ("got so high", "was really high") rule it out.
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    keys = [w.group().lower() for w in words]
    return len(keys) >= 2 and all(
        k in qualifiers or (k.isalpha() and k not in STOP_WORDS and not k.endswith(("ed", "ing", "ly")))
        for k in keys
    )


def _capitalised_name(text: str, start: int, match: re.Match[str]) -> bool:
    """Return whether two or more capitalised words and a capitalised ending name a body mid-sentence.

    "living with Bright Start Housing" in chat written mostly in lower case; not at a
    sentence start, and not in a text written in capitals throughout.
    """
    name = text[start : match.end()].split()
    if len(name) < 3 or not all(w[:1].isupper() and not w.isupper() for w in name):
        return False
    before = text[:start].rstrip()
    if not before or before[-1] in '.!?\n:;"':
        return False
    words = re.findall(r"[^\W\d_]+", text)
    return sum(1 for w in words if w[:1].isupper()) * 2 <= len(words)


# Compounds that name a place: "lakeside", "riverside", "brookfield" (not "outside", "upside").
_COMPOUND_ENDINGS = ("side", "view", "field", "fields", "dale", "brook", "wood", "bank", "croft", "lands")
_NOT_COMPOUND_STEMS = frozenset(
    {"out", "in", "up", "down", "be", "a", "back", "flip", "broad", "sea", "country", "bed", "road", "inter"}
    | {"over", "under", "re", "pre", "dead", "hard", "soft", "ply", "drift", "fire", "holly", "with"}
)


def _place_compound(word: str, lexicon: Lexicon) -> bool:
    """Return whether a word is a place-like compound of an everyday word: "lake" + "side"."""
    for ending in _COMPOUND_ENDINGS:
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 3 and stem not in _NOT_COMPOUND_STEMS:
            return lexicon.is_everyday(stem)
    return False


_LEADS_TO_A_SAINT = frozenset({"go", "goes", "went", "going", "attend", "attends", "called", "like", "hate"})


def _street_before(text: str, start: int) -> bool:
    """Return whether "st" at ``start`` ends a street name ("market st") rather than opening a saint's."""
    from spacy.lang.en.stop_words import STOP_WORDS

    before = re.search(r"([a-z][a-z'’]*)\s+$", text[:start], re.IGNORECASE)
    if before is None:
        return False
    word = before.group(1).lower()
    return word not in STOP_WORDS and word not in _LEADS_TO_A_SAINT


def _word_before(words: list[re.Match[str]], kept: list[re.Match[str]]) -> re.Match[str] | None:
    index = words.index(kept[0])
    return words[index - 1] if index > 0 else None


_AT_BY_NAME = frozenset({"at", "from"})


def _possessive(word: str) -> bool:
    key = word.lower().replace("’", "'")
    return key.endswith(("'s", "s'")) or (key.endswith("s") and not key.endswith(("ss", "us", "is")))


class InstitutionRecognizer(Recognizer):
    """Finds "<name> academy", "st mary's", "oakwood house" and the like.

    ``strong`` endings (academy, college, primary…) name a place whenever a
    specific word comes before them ("park view academy"); ``weak`` endings
    (house, lodge, school, high) only when a word before them is not an
    everyday word ("oakwood house", not "my mums house"); ``kept_endings`` stay
    outside the span ("[HOME_1] children's home"); ``name_words`` are everyday
    words that usually name a building ("holly", "willow"). ``generic`` words
    ("my", "new", "secondary") are never part of a name and stop the scan;
    ``qualifiers`` ("boxing", "youth") may sit inside a name but are not one on
    their own ("elite boxing gym", not "the boxing gym"). A weak ending
    followed by what the place is ("rosewood house children's home", "ashdale
    lodge care home") is a name whatever the word before it. ``the_names`` are
    endings that make "the" plus one or two words a name ("the red lion pub").
    """

    kind = "institutions"

    def __init__(
        self,
        name: str,
        entity: Entity,
        lexicon: Lexicon,
        strong: Sequence[str],
        weak: Sequence[str] = (),
        generic: Sequence[str] = (),
        saints: Sequence[str] = ("st", "st.", "saint"),
        max_words: int = 3,
        kept_endings: Sequence[str] = (),
        name_words: Sequence[str] = (),
        the_names: Sequence[str] = (),
        qualifiers: Sequence[str] = (),
        score: float = 0.8,
        respects_allow_list: bool = True,
    ) -> None:
        super().__init__(name, respects_allow_list)
        if not strong:
            raise ValueError(f"recognizer {name!r} needs at least one strong ending")
        self.entity = entity
        self.lexicon = lexicon
        self.generic = frozenset(g.lower() for g in generic)
        self.saints = frozenset(s.lower() for s in saints)
        self.weak = frozenset(" ".join(w.lower().split()) for w in weak)
        self.name_words = frozenset(w.lower() for w in name_words)
        self.qualifiers = frozenset(w.lower() for w in qualifiers)
        self.the_names = frozenset(" ".join(w.lower().split()) for w in the_names)
        self.kept_endings = frozenset(" ".join(w.lower().replace("’", "'").split()) for w in kept_endings)
        self.score = score
        endings = sorted({*strong, *weak}, key=len, reverse=True)
        alternation = "|".join(
            r"\s+".join(re.escape(p).replace("'", "['’]?") for p in e.split()) for e in endings
        )
        self._regex = re.compile(
            rf"(?P<words>(?:{_WORD}\s+){{1,{max_words}}})(?P<end>{alternation})(?![\w])", re.IGNORECASE
        )
        kinds = "|".join(
            r"\s+".join(re.escape(p).replace("'", "['’]?") for p in e.split())
            for e in sorted(self.kept_endings, key=len, reverse=True)
        )
        self._kind_after = re.compile(rf"\s+(?:{kinds})(?![\w])", re.IGNORECASE) if kinds else None
        self._saint = re.compile(
            r"\b(?:st\.?|saint)\s+(?P<n>[a-z]+?)(?P<s>['’]s)?\b"
            r"(?P<tail>(?:\s+(?:c\s?of\s?e|rc|catholic|primary|high|school|academy|college))*)",
            re.IGNORECASE,
        )

    @property
    def entities(self) -> tuple[Entity, ...]:
        return (self.entity,)

    def _candidates(self, text: str) -> list[re.Match[str]]:
        """Return a match at every word that starts one, overlapping ones included.

        "kicked out the hub youth club": the match from "kicked" is ruled out, and
        the name starts inside it, so each word start is tried on its own.
        """
        found = []
        for start in _WORD_START.finditer(text):
            match = self._regex.match(text, start.start())
            if match:
                found.append(match)
        return found

    def _is_specific(self, word: str) -> bool:
        lex = self.lexicon
        return (
            not lex.is_word(word)
            or word in lex.places
            or word in self.saints
            or word in self.name_words
            or _place_compound(word, lex)
        )

    def analyse(self, artifacts: NlpArtifacts) -> list[Span]:
        text = artifacts.text
        found: list[Span] = []
        for match in self._candidates(text):
            words = list(re.finditer(r"\S+", match.group("words")))
            offset = match.start("words")
            # Keep the words nearest the ending, stopping at the first generic word.
            kept: list[re.Match[str]] = []
            for w in reversed(words):
                key = w.group().lower().replace("’", "'")
                if w.group()[-1] in ".!?,;:" and key.rstrip(".") not in self.saints:
                    break  # "my flat in leeds has damp. housing officer…": the name never crosses a sentence
                if key in self.qualifiers:
                    kept.insert(0, w)
                    continue
                if key in self.generic or key in self.lexicon.roles or key in _NEVER_IN_NAMES:
                    break
                kept.insert(0, w)
            while kept and kept[0].group().lower() in self.qualifiers:
                kept.pop(0)
            if not kept:
                continue
            ending = " ".join(match.group("end").lower().split())
            article = _word_before(words, kept)
            the_name = ending in self.the_names and len(kept) <= 2
            if the_name and article and article.group().lower() == "the":
                # "the gate surgery", "the park practice": "the" + one word + such an ending is a name
                end = offset + kept[-1].end() if ending in self.kept_endings else match.end()
                found.append(Span(offset + article.start(), end, self.entity, self.score, self.name))
                continue
            specific = any(self._is_specific(w.group().lower().strip(".'’")) for w in kept)
            # "at haven house", "from lister house": a building named straight after "at" or "from",
            # with no "the", "my" or "a" between, is called by its name.
            at_by_name = article is not None and article.group().lower() in _AT_BY_NAME
            described = bool(
                at_by_name
                or (self._kind_after is not None and self._kind_after.match(text, match.end()))
                or _RUN_BY.search(text, 0, offset + kept[0].start())
                or _WORKS_AT.search(text, 0, offset + kept[0].start())
            )
            plain = (
                not specific
                and not described
                and not _reads_as_a_name(kept, self.qualifiers)
                and not _capitalised_name(text, offset + kept[0].start(), match)
            )
            if ending in self.weak and plain:
                continue
            if (
                ending in self.weak
                and not described
                and _INDEFINITE.search(text, 0, offset + kept[0].start())
            ):
                continue  # "in a nicer house", "an old farm": a named building takes no "a"
            last = kept[-1].group().lower()
            if (
                ending in self.weak
                and not described
                and len(kept) == 1
                and last not in self.lexicon.places
                and _possessive(last)
            ):
                continue  # "kezs house", "my nans house": someone's house, not a named one
            start = offset + kept[0].start()
            # A generic ending ("children's home") says what the place is, not which one: keep it.
            generic_ending = ending.replace("’", "'") in self.kept_endings
            end = offset + kept[-1].end() if generic_ending else match.end()
            found.append(Span(start, end, self.entity, self.score, self.name))
        for match in self._saint.finditer(text) if self.saints else ():
            saint = match.group("n").lower()
            if _street_before(text, match.start()):
                continue  # "market st said", "high st can i": a street, not a saint
            named = (
                match.group("s")
                or self.lexicon.is_first_name(saint)
                or (saint.endswith("s") and self.lexicon.is_first_name(saint[:-1]))
            )
            if not match.group("tail") and not named:
                continue
            found.append(Span(match.start(), match.end(), self.entity, self.score, self.name))
        return found
