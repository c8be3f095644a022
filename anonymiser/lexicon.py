"""Word lists the recognizers share: first names, everyday words, roles, services, places.

The lists are data files shipped in ``anonymiser/data`` plus, optionally, a
council's own directory (``HEARD_ANONYMISER_DIR``) holding any of
``deny_people.txt``, ``deny_places.txt``, ``deny_orgs.txt`` and ``allow.txt``:
one name or phrase a line, ``#`` starts a comment, case does not matter.
First names come from the ``gender-guesser`` package's dictionary, read once
at load time, and from ``first_names_world.txt`` (cut from ``names-dataset`` at
build time); places also from ``places_world.txt`` (GeoNames and ISO 3166).
Nothing is downloaded. See docs/anonymiser.md for every source and licence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

COUNCIL_FILES = ("deny_people.txt", "deny_places.txt", "deny_orgs.txt", "allow.txt")

# Columns of gender-guesser's nam_dict.txt that hold per-country frequencies.
_NAM_DICT_FREQ_COLUMNS = slice(30, 85)
_GREAT_BRITAIN = 30
_NAME_RE = re.compile(r"^[a-z][a-z'-]*[a-z]$")


def normalise(phrase: str) -> str:
    """Return the form lists are compared in: lower case, one space, curly quotes made straight."""
    return " ".join(phrase.replace("’", "'").lower().split())


_STRETCHED = re.compile(r"([a-z])\1{2,}")


def _chat_spelling(word: str) -> str:
    """Return the everyday spelling a chat spelling may stand for ("comin": "coming", "pleeease": "please").

    Only the shapes are undone; callers check the result against a word list.
    """
    if _STRETCHED.search(word):
        return _STRETCHED.sub(r"\1", word)
    if len(word) >= 4 and word.endswith("in") and not word.endswith("ain"):
        return word + "g"
    return word


def read_list(text: str) -> frozenset[str]:
    """Return the normalised entries of a one-per-line list (comments and blanks skipped)."""
    entries = set()
    for line in text.splitlines():
        raw = line.split("#", 1)[0].strip() if "#" in line else line.strip()
        if not raw:
            continue
        # Generated lists are already in normal form; checking is cheaper than normalising
        # the quarter of a million lines they hold.
        plain = raw.isascii() and raw.islower() and "  " not in raw and "\t" not in raw
        entries.add(raw if plain else normalise(raw))
    return frozenset(entries)


def _package_list(filename: str) -> frozenset[str]:
    return read_list(resources.files("anonymiser").joinpath("data", filename).read_text("utf-8"))


@lru_cache(maxsize=1)
def first_names_from_gender_guesser(min_length: int = 3) -> frozenset[str]:
    """Return the lower-cased first names in gender-guesser's dictionary (about 37,000)."""
    data = resources.files("gender_guesser").joinpath("data", "nam_dict.txt")
    names = set()
    for line in data.read_text("iso-8859-1").splitlines():
        if line.startswith("#") or len(line) < 31:
            continue
        name = line[3:29].strip().lower()
        # Two-letter names ("jo", "ed") only where they are used in Great Britain.
        short_ok = len(name) == 2 and line[_GREAT_BRITAIN].strip() != ""
        if "+" in name or " " in name or (len(name) < min_length and not short_ok):
            continue
        if not line[_NAM_DICT_FREQ_COLUMNS].strip():
            continue
        if _NAME_RE.match(name):
            names.add(name)
    return frozenset(names)


@dataclass(frozen=True)
class Lexicon:
    """Every list the recognizers consult, as normalised frozensets."""

    first_names: frozenset[str]
    ordinary_words: frozenset[str]
    chat_words: frozenset[str]
    common_words: frozenset[str]
    dictionary_words: frozenset[str]
    surnames: frozenset[str]
    roles: frozenset[str]
    allow: frozenset[str]
    places: frozenset[str]
    place_words: frozenset[str]
    gazetteer: frozenset[str] = field(default_factory=frozenset)
    word_names: frozenset[str] = field(default_factory=frozenset)
    deny_people: frozenset[str] = field(default_factory=frozenset)
    deny_places: frozenset[str] = field(default_factory=frozenset)
    deny_orgs: frozenset[str] = field(default_factory=frozenset)
    kept_languages: frozenset[str] = field(default_factory=frozenset)

    def is_ordinary(self, word: str) -> bool:
        """Return whether a lower-cased word is an everyday word (so a name only in context)."""
        return word in self.ordinary_words or word in self.roles or word in self.allow

    def is_word(self, word: str) -> bool:
        """Return whether a lower-cased word is common English or chat (not only a name or place)."""
        plain = _chat_spelling(word)
        if plain != word and plain in self.common_words:
            return True
        return (
            word in self.common_words
            or word in self.ordinary_words
            or word in self.roles
            or word in self.allow
        )

    def is_everyday(self, word: str) -> bool:
        """Return whether a lower-cased word is everyday English or chat, not a proper noun.

        Stricter than :meth:`is_word`: common proper nouns ("hillsborough",
        "o'neill") are not everyday words, so context rules may treat them as names.
        Chat spellings of everyday words count too: a dropped g ("comin", "takin")
        and stretched letters ("pleeease").
        """
        plain = _chat_spelling(word)
        if plain != word and plain in self.dictionary_words:
            return True
        return (
            word in self.dictionary_words
            or word in self.ordinary_words
            or word in self.chat_words
            or word in self.roles
            or word in self.allow
        )

    def is_first_name(self, word: str) -> bool:
        """Return whether a lower-cased word is on the first-names list or the council's people."""
        return word in self.first_names or word in self.deny_people

    def is_allowed(self, phrase: str) -> bool:
        """Return whether a phrase must be kept: a service, a role or an allowed word."""
        key = normalise(phrase).strip(".,!?;:'\"()")
        if key.endswith("'s"):
            key = key[:-2]
        keys = (key, key + "'s", key + "s")
        return any(k in self.allow or k in self.roles for k in keys)


def load_lexicon(council_dir: str | Path | None = None) -> Lexicon:
    """Return the shipped lists, extended by a council directory if one is given.

    Raises ``ValueError`` when the directory does not exist, so a typo in
    ``HEARD_ANONYMISER_DIR`` fails at start-up rather than silently redacting less.
    """
    council: dict[str, frozenset[str]] = {name: frozenset() for name in COUNCIL_FILES}
    if council_dir is not None and str(council_dir) != "":
        folder = Path(council_dir)
        if not folder.is_dir():
            raise ValueError(
                f"anonymiser directory {str(folder)!r} does not exist; create it or unset "
                "HEARD_ANONYMISER_DIR"
            )
        for name in COUNCIL_FILES:
            path = folder / name
            if path.is_file():
                council[name] = read_list(path.read_text("utf-8"))
    # Languages and nationalities identify nobody, so they are kept like services.
    kept = _package_list("languages.txt") | _package_list("nationalities.txt")
    allow = _package_list("allow.txt") | kept | council["allow.txt"]
    chat = _package_list("chat_words.txt")
    roles = _package_list("roles.txt")
    dictionary = _package_list("dictionary_words.txt")
    world = _package_list("first_names_world.txt")
    british = first_names_from_gender_guesser()
    names = british | world
    ordinary = _package_list("ordinary_words.txt")
    # World names that are also English words ("blessing", "storm") are names only in the
    # surest contexts ("its blessing", "storm said"), never after "with" or "and".
    word_names = (world - british) & (dictionary | ordinary)
    return Lexicon(
        first_names=names - allow - roles,
        ordinary_words=ordinary | chat,
        common_words=_package_list("common_words.txt") | chat,
        dictionary_words=dictionary,
        chat_words=chat,
        surnames=(_package_list("surnames.txt") | _package_list("surnames_world.txt")) - allow,
        roles=roles,
        allow=allow,
        places=_package_list("places_uk.txt") - allow,
        place_words=_package_list("place_words.txt"),
        gazetteer=_package_list("places_world.txt") - allow - roles,
        word_names=word_names,
        deny_people=council["deny_people.txt"] - allow,
        deny_places=council["deny_places.txt"] - allow,
        deny_orgs=council["deny_orgs.txt"] - allow,
        kept_languages=kept,
    )
