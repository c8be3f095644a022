"""Found spans stretched over what they really name: whole words, and the kind of place after a name.

Recognizers each see one clue, so a span can stop short of the thing it names:
"rotherham" is found as a town in "rotherham general" or "wombwell rangers",
"oasis academy" as a school in "oasis academy don valley". Whatever is left
after such a span still tells a reader where the young person is, so once all
recognizers have spoken their spans are widened:

* to whole words, so no letters of a word are left in the clear (a single
  possessive "s" may stay: "[NAME_1]s house" reveals nothing), and a name over
  a hyphen to the rest of a double name ("tia-lou");
* over a following organisation ending (``org_endings``: "rangers", "general",
  "food bank", "library", a shop chain…), turning a place into an organisation;
* over a following place name or word on no list after an organisation
  ("… academy don valley", "… primary adwick");
* over a seaside or waterside word after a place ("tenby harbour", "whitley bay");
* over a town after an address ("41 dock st, hull"), whatever the town's name means
  as a word;
* over other spellings of a name given as alternatives ("merhawit or mehrawit",
  "schwan or shwan", "tesfay (tesfaye, tesfai)"), a spelling corrected with "not"
  ("its blessing not blesing") or a short form in brackets ("agnieszka (aga)"),
  when that spelling is on no word list, and a spelling others use ("yonas (they spelt it yonaas)");
* over a word of a full name said again next to it in brackets ("le thi mai (just mai)"),
  whatever the word means;
* over a capitalised word joined to a name by "and" or a comma ("Caird and Jones"), when
  it is on no word or place list;
* over a name the text has already given, said again further on ("my baby river is 9 months
  … vids of river", "rivers nursery"): a word on no list wherever it comes again, an everyday
  word only where it stands as a name (the cues of :class:`NameCues`, or after "of", "to",
  "from" at the end of a clause), never where it is plainly the word ("i hope", "will be",
  "the gas bill", "saving grace").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from anonymiser.lexicon import Lexicon, normalise
from anonymiser.recognizers.name_cues import NameCues, token_key
from anonymiser.spans import Entity, Span, resolve_overlaps

# Kinds whose span names a place or organisation, so an organisation ending may follow.
_NAMED_PLACES = frozenset({Entity.PLACE, Entity.ORG, Entity.SCHOOL, Entity.CARE_HOME})
_ORGANISATIONS = frozenset({Entity.ORG, Entity.SCHOOL, Entity.CARE_HOME})
_NEXT_WORD = re.compile(r"[ \t]+([a-z][a-z'’-]*[a-z])(?![\w])", re.IGNORECASE)
# One more word of an address: after spaces or a comma, a word, a number or an abbreviation ("Apt.").
_ADDRESS_NEXT = re.compile(
    r"(?:[ \t]*,)*[ \t]+(?P<w>(?:apt|st|str|rd|ave|avda|ul|nr|no|p\.o)\.(?=\s)|[^\W_][\w'’./-]*[^\W_]|[^\W_])"
    r"|(?:[ \t]*,)+(?P<w2>)(?!)",
    re.IGNORECASE,
)
# A word before a place that sizes the region it names: "greater manchester police", "inner london".
_REGION_PREFIX = re.compile(r"(?<![\w'’-])(?:greater|inner|outer)[ \t]+$", re.IGNORECASE)
# A kind of seaside or waterside place, or a station, after a town is part of its name: "tenby
# harbour", "whitley bay", "leeds bus station".
_PLACE_ENDING = re.compile(
    r"[ \t]+(?:island|isle|bay|sands|beach|pier|harbour|marina|quay|docks|waterfront|promenade"
    r"|(?:bus|coach|train|railway|rail|tram)[ \t]+station|interchange|airport)(?![\w'’-])",
    re.IGNORECASE,
)
# Four or five digits that are not a year: a postal code abroad.
_POSTAL_CODE_AFTER = re.compile(r"[ \t]*,?[ \t]*(?!(?:19|20)\d\d\b)\d{4,5}(?![\w/.:-])")
_NUMBER_BEFORE = re.compile(r"(?<![\w.,])(\d{1,6})[ \t]+$")
_MAX_ADDRESS_WORDS = 12
_ADDRESS_WORDS = frozenset(
    {"apt", "apt.", "apartment", "suite", "ste", "unit", "flat", "floor", "room", "box", "p.o", "p.o.", "po"}
    | {"postbox", "rd", "st", "st.", "str", "str.", "ave", "avda", "avda.", "ul", "ul.", "nr", "no", "road"}
    | {
        "street",
        "lane",
        "avenue",
        "close",
        "drive",
        "way",
        "court",
        "crescent",
        "terrace",
        "gardens",
        "place",
    }
)
_ALIKE = 0.6  # how alike two spellings of one name are ("merhawit", "mehrawit": 0.88)
_VARIANT_AFTER = re.compile(
    r"(?:[ \t]+(?:or|aka|not|/)[ \t]+|[ \t]*\([ \t]*(?:(?:or|aka|also|maybe)[ \t]+)?|[ \t]*,[ \t]*)"
    r"([a-z][a-z'’-]*[a-z])(?![\w])",
    re.IGNORECASE,
)
# A spelling others use, said in brackets: "yonas (they spelt it yonaas)", "(they wrote it as tesfai)".
_SPELT_AFTER = re.compile(
    r"[ \t]*\([^()\n]{0,30}?\b(?:spell|spells|spelt|spelled|write|writes|wrote|written|put|puts)"
    r"[ \t]+it[ \t]+(?:as[ \t]+)?([a-z][a-z'’-]*[a-z])(?![\w])",
    re.IGNORECASE,
)
# A part of a full name said again next to it in brackets: "le thi mai (just mai)", "my cousin my
# (bui thi my)": the same word, even an everyday one, is the same person.
_ECHO_AFTER = re.compile(r"[ \t]*\([ \t]*(?:(?:just|only|or|aka)[ \t]+)?([^\W\d_]+)[ \t]*\)")
_ECHO_BEFORE = re.compile(r"(?<![\w'’-])([^\W\d_]+)[ \t]*\([^()\n]*$")
_VARIANT_BEFORE = re.compile(
    r"(?<![\w'’-])([a-z][a-z'’-]*[a-z])(?:[ \t]+(?:or|aka|not|/)[ \t]+|[ \t]*\([ \t]*)$", re.IGNORECASE
)
# A capitalised word joined to a name: "Caird and [Jones]", "[Brian], Sulimat, Susan".
_JOINED_AFTER = re.compile(r"(?:,[ \t]*|[ \t]+(?:and|&)[ \t]+)([A-Z][^\W\d_]*[a-z])(?![\w'’-])")
_JOINED_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][^\W\d_]*[a-z])(?:,[ \t]*|[ \t]+(?:and|&)[ \t]+)$")


# Words of a found name that are not the name itself: titles and the head of a nickname.
_NOT_THE_NAME = frozenset({"mr", "mrs", "ms", "mx", "dr", "miss", "sir", "coach", "pc", "big", "lil"})
_ARTICLES = frozenset({"a", "an", "the"})
# "vids of river.", "went to river's", "a card from hope and…": a name said again after these
# words, with the clause ending straight after it.
_TOWARDS = frozenset({"of", "to", "from"})
_CLAUSE_END = frozenset(
    {"", ".", ",", "!", "?", "and", "n", "&", "but", "x", "xx", "lol", "'s", "too", "now", "again"}
    | {"today", "tonight", "tomorrow", "cos", "coz", "because", "so"}
)

# Words before a plural, not before a name's possessive: "my rivers", "all the bills".
_PLURAL_BEFORE = frozenset({"my", "your", "his", "her", "our", "their", "its", "some", "all", "many"})


def _whole_words(text: str, start: int, end: int, hyphens: bool = False) -> tuple[int, int]:
    """Return the span stretched to whole words (over hyphens too, for names: "Tia-Lou")."""

    def joined(i: int, j: int) -> bool:
        # a hyphen between two letters, no space either side: "mary-jane", not "jo - ann"
        return hyphens and i > 0 and j < len(text) and text[i - 1].isalpha() and text[j].isalpha()

    while start > 0 and (text[start - 1].isalnum() or (text[start - 1] == "-" and joined(start - 1, start))):
        start -= 1
    tail = end
    while tail < len(text) and (text[tail].isalnum() or (text[tail] == "-" and joined(tail, tail + 1))):
        tail += 1
    possessive_s = tail - end == 1 and text[end] in "sS"
    return start, end if possessive_s else tail


@dataclass(frozen=True)
class SpanWidening:
    """Stretches resolved spans over the rest of what they name (see the module docstring)."""

    lexicon: Lexicon
    org_endings: Sequence[str] = ()
    cues: NameCues | None = None
    _ending: re.Pattern[str] | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        endings = sorted({normalise(e) for e in self.org_endings if e.strip()}, key=len, reverse=True)
        if endings:
            alternation = "|".join(r"\s+".join(re.escape(p) for p in e.split()) for e in endings)
            regex = re.compile(rf"[ \t]+(?:{alternation})(?![\w'’-])", re.IGNORECASE)
            object.__setattr__(self, "_ending", regex)

    @classmethod
    def from_config(
        cls, lexicon: Lexicon, config: Mapping[str, Any], cues: NameCues | None = None
    ) -> SpanWidening:
        """Return the widening from the ``widening`` section of ``recognizers.yaml``."""
        unknown = set(config) - {"org_endings"}
        if unknown:
            raise ValueError(f"widening: unknown keys {sorted(unknown)}; expected ['org_endings']")
        endings = config.get("org_endings") or []
        if not isinstance(endings, list) or not all(isinstance(e, str) for e in endings):
            raise ValueError("widening: 'org_endings' must be a list of words (quote words like \"on\")")
        return cls(lexicon, tuple(endings), cues)

    def _names_a_place(self, word: str) -> bool:
        key = normalise(word)
        lex = self.lexicon
        if lex.is_allowed(key):
            return False
        return (key in lex.places and key not in lex.place_words) or not lex.is_everyday(key)

    def _place_after(self, text: str, end: int) -> int:
        first = _NEXT_WORD.match(text, end)
        if first is None:
            return end
        second = _NEXT_WORD.match(text, first.end())
        if second and normalise(f"{first.group(1)} {second.group(1)}") in self.lexicon.places:
            return second.end(1)  # "... academy don valley"
        return first.end(1) if self._names_a_place(first.group(1)) else end

    def _address_part(self, word: str) -> bool:
        key = normalise(word).replace("'", "")
        lex = self.lexicon
        if any(ch.isdigit() for ch in word) or key in _ADDRESS_WORDS:
            return True
        if key in lex.places or (key in lex.gazetteer and (word[:1].isupper() or not lex.is_everyday(key))):
            return True  # "…, hull", "…, Echt", but not "… st can i": a world town that is a word
        # spaCy is imported here, not at module level, so importing Heard stays light.
        from spacy.lang.en.stop_words import STOP_WORDS

        if word[:1].isupper() and key not in STOP_WORDS:
            return True  # "Bloomfield Terrace", "KRAMFORS", "Rue de Bouillon"
        return not lex.is_everyday(key) and not lex.is_word(key) and not lex.is_allowed(key)

    def _address_run(self, text: str, end: int) -> int:
        """Return where an address ends: over numbers, street and place words, unknown words.

        "41 dock st, hull, hu1 3ap", "Olmstraat 69, Apt. 046, Echt, Netherlands 88800": an
        address goes on until an everyday word ("now", "with", "and") or the end of a sentence.
        """
        cursor = end
        for _ in range(_MAX_ADDRESS_WORDS):
            match = _ADDRESS_NEXT.match(text, cursor)
            if match is None or not self._address_part(match.group("w")):
                break
            cursor = match.end("w")
        return cursor

    def _number_before(self, text: str, start: int) -> int:
        # "083 254 Damvergi Street": a house or building number just before the street
        match = _NUMBER_BEFORE.search(text, 0, start)
        return match.start(1) if match else start

    def _variant(self, match: re.Match[str] | None, known: str) -> bool:
        if match is None:
            return False
        key = normalise(match.group(1))
        lex = self.lexicon
        # "agnieszka (aga)": a short form sharing the name's first letters is the same name
        short_form = len(key) >= 2 and known.startswith(key[:2]) and len(key) < len(known)
        alike = short_form or SequenceMatcher(None, key, known).ratio() >= _ALIKE
        if self._bracketed_start(match, key, known):
            return not lex.is_allowed(key)  # "obinna (obi)": the name's own start, even if a word
        return alike and not lex.is_everyday(key) and not lex.is_word(key) and not lex.is_allowed(key)

    @staticmethod
    def _bracketed_start(match: re.Match[str], key: str, known: str) -> bool:
        """Return whether the match is the start of the name alone in brackets: "florence (flo)"."""
        if "(" not in match.group(0) or not match.string[match.end(1) :].lstrip(" \t").startswith(")"):
            return False
        return 3 <= len(key) < len(known) and known.startswith(key)

    def _variants(self, text: str, span: Span) -> list[Span]:
        # "merhawit or mehrawit", "tesfay (tesfaye, tesfai)": unknown spellings offered as the
        # same person's name, one after another
        found = []
        words = text[span.start : span.end].split()
        known = normalise(words[0]) if words else ""
        cursor = span.end
        while (after := _VARIANT_AFTER.match(text, cursor)) is not None and self._variant(after, known):
            found.append(Span(after.start(1), after.end(1), Entity.PERSON, span.score, span.recognizer))
            cursor = after.end(1)
        spelt = _SPELT_AFTER.match(text, span.end)
        if spelt is not None and self._variant(spelt, known):
            found.append(Span(spelt.start(1), spelt.end(1), Entity.PERSON, span.score, span.recognizer))
        found += self._echoes(text, span)
        before = _VARIANT_BEFORE.search(text, 0, span.start)
        if before is not None and self._variant(before, normalise(text[span.start : span.end])):
            found.append(Span(before.start(1), before.end(1), Entity.PERSON, span.score, span.recognizer))
        return found

    @staticmethod
    def _echoes(text: str, span: Span) -> list[Span]:
        # "le thi mai (just mai)", "my cousin my (bui thi my)": a word of a full name of three
        # words or more, said again just outside or inside brackets around it
        parts = {normalise(w) for w in text[span.start : span.end].split()}
        if len(parts) < 3:
            return []
        found = []
        after = _ECHO_AFTER.match(text, span.end)
        closes = text[span.end : span.end + 3].lstrip(" \t").startswith(")")
        before = _ECHO_BEFORE.search(text, max(0, span.start - 60), span.start) if closes else None
        for match in (after, before):
            if match is not None and normalise(match.group(1)) in parts:
                found.append(Span(match.start(1), match.end(1), Entity.PERSON, span.score, span.recognizer))
        return found

    def _joined(self, text: str, span: Span) -> list[Span]:
        # "Caird and Jones were…", "Sulimat, Brian, Susan": a capitalised word on no word or
        # place list, joined to a name, is another name.
        found = []
        lex = self.lexicon
        for match in (_JOINED_AFTER.match(text, span.end), _JOINED_BEFORE.search(text, 0, span.start)):
            if match is None:
                continue
            key = normalise(match.group(1))
            if lex.is_everyday(key) or lex.is_word(key) or lex.is_allowed(key):
                continue
            if key in lex.places or key in lex.gazetteer:
                continue
            found.append(Span(match.start(1), match.end(1), Entity.PERSON, span.score, span.recognizer))
        return found

    def _widen(self, text: str, span: Span) -> Span:
        start, end = _whole_words(text, span.start, span.end, hyphens=span.entity is Entity.PERSON)
        entity = span.entity
        if entity in _NAMED_PLACES:
            # "greater manchester", "inner london": a word that sizes a region is part of its name
            before = _REGION_PREFIX.search(text, 0, start)
            start = before.start() if before else start
        if entity in _NAMED_PLACES and self._ending is not None:
            ending = self._ending.match(text, end)
            if ending:
                end = ending.end()
                entity = entity if entity in _ORGANISATIONS else Entity.ORG
        if entity in _ORGANISATIONS:
            end = self._place_after(text, end)
        if entity in {Entity.ADDRESS, Entity.POSTCODE}:
            end = self._address_run(text, end)
            start = self._number_before(text, start)
        elif entity is Entity.PLACE:
            # "… Czech Republic 70048", "Lascano RO 27300": a postal code after a town or country
            ending = _PLACE_ENDING.match(text, end)
            end = ending.end() if ending else end
            code = _POSTAL_CODE_AFTER.match(text, end)
            end = code.end() if code else end
        if (start, end, entity) == (span.start, span.end, span.entity):
            return span
        return Span(start, end, entity, span.score, span.recognizer)

    def _name_words(self, doc: Any, names: list[Span]) -> dict[str, tuple[Span, bool]]:
        """Return the words of the names found, each with its span and whether it was capitalised."""
        lex = self.lexicon
        cues = self.cues
        words: dict[str, tuple[Span, bool]] = {}
        for token in doc:
            span = next((s for s in names if s.start <= token.idx < s.end), None)
            key = token_key(token)
            if span is None or len(key) < 2 or key in _NOT_THE_NAME:
                continue
            if not key.replace("'", "").replace("-", "").isalpha():
                continue
            if token.is_stop and (cues is None or key not in cues.modals):
                continue
            if (
                key in lex.roles
                or lex.is_allowed(key)
                or (cues and (key in cues.relations or key in cues.kin))
            ):
                continue
            capital = str(token.text)[:1].isupper()
            if key not in words or words[key][1]:
                words[key] = (span, capital)
        return words

    def _stands_as_name(self, doc: Any, i: int, key: str, capital: bool) -> bool:
        """Return whether a word already found as a name is used as one again at ``doc[i]``.

        A word on no list is the name wherever it comes, unless only its capital made it one
        ("Awarded Salesperson of the Month … driven salesperson"): then, like an everyday
        word, it needs a name's place.
        """
        lex = self.lexicon
        prev = token_key(doc[i - 1]) if i > 0 else ""
        listed = lex.is_word(key) or lex.is_everyday(key)
        if not listed and (not capital or str(doc[i].text)[:1].isupper()):
            return prev not in _ARTICLES  # "jaz" is jaz wherever it comes, but not "a jaz"
        if self.cues is None:
            return False
        if self.cues.is_name_context(doc, i):
            return True  # "me and river", "with grace", "hope said"
        nxt = token_key(doc[i + 1]) if i + 1 < len(doc) else ""
        return prev in _TOWARDS and key not in self.cues.modals and nxt in _CLAUSE_END

    def _possessive(self, doc: Any, i: int, stem: str) -> bool:
        """Return whether ``doc[i]`` is a found name with an "s" and no apostrophe: "rivers nursery"."""
        prev = token_key(doc[i - 1]) if i > 0 else ""
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        if nxt is None or nxt.is_stop or not str(nxt.text).isalpha() or prev in _ARTICLES:
            return False
        lex = self.lexicon
        plural = lex.is_word(stem) or lex.is_everyday(stem)
        return not plural or (prev not in _PLURAL_BEFORE and not prev.isdigit())

    def _said_again(self, doc: Any, spans: list[Span]) -> list[Span]:
        """Return the names found once, where the text gives them again with no cue.

        "my baby river is 9 months … vids of river": the first finds it, the second is the
        same person; the placeholder then gives both the same number.
        """
        words = self._name_words(doc, [s for s in spans if s.entity is Entity.PERSON])
        if not words:
            return []
        found = []
        for i, token in enumerate(doc):
            key = token_key(token)
            start = token.idx
            if any(s.start < start + len(token.text) and start < s.end for s in spans):
                continue
            if key in words:
                source, capital = words[key]
                if self._stands_as_name(doc, i, key, capital):
                    found.append(
                        Span(start, start + len(token.text), Entity.PERSON, source.score, source.recognizer)
                    )
            elif (
                len(key) > 3
                and key.endswith("s")
                and key[:-1] in words
                and self._possessive(doc, i, key[:-1])
            ):
                source = words[key[:-1]][0]
                found.append(
                    Span(start, start + len(key) - 1, Entity.PERSON, source.score, source.recognizer)
                )
        return found

    def apply(self, text: str, spans: Iterable[Span], doc: Any = None) -> list[Span]:
        """Return the spans widened, merged where they now overlap, in text order.

        With the text's parse (``doc``), names said again further on are found too.
        """
        widened = [self._widen(text, s) for s in spans]
        widened += [v for s in widened if s.entity is Entity.PERSON for v in self._variants(text, s)]
        widened += [v for s in widened if s.entity is Entity.PERSON for v in self._joined(text, s)]
        if doc is not None:
            widened += self._said_again(doc, resolve_overlaps(widened))
        return resolve_overlaps(widened)
