"""Words that name no one: films, shows and songs, named storms, shops and brands, pets.

"we watched Frozen and Moana on movie night", "cant wait to watch Love Island", "that Elsa
song", "storm Ciara", "Matalan vouchers", "spend my grant at Habitat or Wilko": each looks like a name
or a place to the recognizers, but a reader learns nothing about the young person from it; nor
from a pet's name ("my nan's dog jasper", "a hamster called fudge").
Once every recognizer has spoken, names, places and organisations that lie wholly inside
such a stretch are dropped. Spans from the UK places list and the council's own lists are
never dropped ("watched Rotherham play" still loses "Rotherham").
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from anonymiser.recognizers.name_cues import token_key
from anonymiser.spans import Entity, Span

# Verbs after which a capitalised run is what is on screen: "watched Love Island", "binged Toy Story 4".
_SCREEN_VERBS = frozenset(
    {"watch", "watched", "watching", "watches", "rewatch", "rewatched", "rewatching"}
    | {"binge", "binged", "binging", "bingeing", "stream", "streamed", "streaming"}
)
# Words after a run that say it is a film or show: "… on movie night", "… for film nite", "on netflix".
_SCREEN_WORDS = frozenset(
    {"film", "films", "movie", "movies", "netflix", "telly", "tv", "cinema", "disney", "iplayer", "prime"}
)
# Nouns after a title that are rarely verbs: "that Elsa song", "the Moana soundtrack".
_WORK_WORDS = frozenset(
    {"song", "songs", "soundtrack", "trailer", "movie", "movies", "episode", "episodes", "series", "musical"}
)
# What is bought with a brand's name: "Matalan vouchers", "a Nike gift card".
_BRAND_WORDS = frozenset({"voucher", "vouchers", "giftcard", "giftcards", "gift"})
# Verbs of spending, then money, then "at", "on" or "from" and a shop: "spend my grant at Habitat or Wilko".
_SPENDING = frozenset(
    {"spend", "spent", "spending", "use", "used", "using", "buy", "bought", "buying", "order", "ordered"}
)
_MONEY = frozenset(
    {"it", "them", "money", "allowance", "grant", "voucher", "vouchers", "budget", "card", "cash", "£"}
)
_COORDINATION = frozenset({"and", "or", "n", "&", ","})
_CLAUSE_BREAKS = frozenset({".", "!", "?", ";", "\n", "but", "because", "cos", "coz"})
# Only the weaker finds give way to a title or a shop; a town on the UK list or a council's name stays.
_PROTECTED = frozenset({"uk_places", "council_places", "council_people", "council_orgs"})
_DROPPABLE = frozenset({Entity.PERSON, Entity.PLACE, Entity.ORG})
# Recognizers a shop name after a spending verb overrides: the gazetteer abroad and spaCy.
_SHOP_OVERRIDES = frozenset({"world_places", "spacy_ner", "capitalised_runs"})
_MAX_RUN = 4
# Animals kept as pets: the word after one, or after "called" or "named", is the pet's name
# ("our hamster fudge", "a dog called jasper"). Slang for people ("his bird", "a rat") is left out.
_PETS = frozenset(
    {"cat", "cats", "kitten", "kittens", "dog", "dogs", "puppy", "puppies", "pup", "hamster", "rabbit"}
    | {"bunny", "parrot", "budgie", "goldfish", "snake", "lizard", "gecko", "tortoise", "turtle", "ferret"}
    | {"gerbil", "pony", "horse", "guinea", "cockatiel", "chinchilla", "hedgehog", "parakeet"}
)
_PET_NAMING = frozenset({"called", "named", "is", "was", "'s", "s", "name", "names", "=", ":"})


def _capitalised(token: Any) -> bool:
    text = str(token.text)
    return (text[:1].isupper() and text[:1].isalpha()) or (text.isdigit() and len(text) <= 2)


def _run_from(doc: Any, i: int) -> int:
    """Return the end (exclusive) of the capitalised run starting at ``i`` (``i`` when none).

    A run is capitalised words, with a short number after them ("Toy Story 4").
    """
    j = i
    while j < len(doc) and j - i < _MAX_RUN:
        text = str(doc[j].text)
        if not (_capitalised(doc[j]) and (not text.isdigit() or j > i)):
            break
        j += 1
    return j


def _run_before(doc: Any, i: int) -> int:
    """Return the start of the capitalised run ending just before ``i`` (``i`` when none)."""
    j = i
    while j > 0 and i - j < _MAX_RUN and _capitalised(doc[j - 1]):
        j -= 1
    while j < i and str(doc[j].text).isdigit():
        j += 1  # a title does not start with a number ("2 Cars"); "Cars 2" ends with one
    return j


def _key(doc: Any, i: int) -> str:
    return token_key(doc[i]) if 0 <= i < len(doc) else ""


def _screen_after(doc: Any, i: int) -> bool:
    """Return whether a film word follows within three words: "… on movie night", "… for film nite"."""
    for k in range(i, min(i + 3, len(doc))):
        key = _key(doc, k)
        if key in _SCREEN_WORDS:
            return True
        if key in _CLAUSE_BREAKS:
            return False
    return False


def _chars(doc: Any, start: int, end: int) -> tuple[int, int]:
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _titles(doc: Any, surnames: Collection[str]) -> list[tuple[int, int]]:
    """Return token ranges of titles of films, shows and songs (``surnames`` tell a full name)."""
    found: list[tuple[int, int]] = []
    for i in range(len(doc)):
        key = _key(doc, i)
        if key in _SCREEN_VERBS:
            j = i + 1 + (_key(doc, i + 1) in {"the", "a"})
            end = _run_from(doc, j)
            if end == j:
                continue
            runs = [(j, end)]
            while _key(doc, end) in _COORDINATION and (nxt := _run_from(doc, end + 1)) > end + 1:
                runs.append((end + 1, nxt))
                end = nxt
            on_screen = _screen_after(doc, end)
            if on_screen:
                found += runs
            else:
                # "cant wait to watch Love Island", "watched Toy Story 4": a title of several words
                # or with a number; one capitalised word after "watch" may be a child minded, and a
                # first name and a surname ("watched Jade Smith") may be a person.
                first_start, first_end = runs[0]
                several = first_end - first_start >= 2 and _key(doc, first_end) not in {"play", "playing"}
                full_name = any(_key(doc, k) in surnames for k in range(first_start + 1, first_end))
                several = several and not full_name
                if several:
                    found.append(runs[0])
        elif key in _WORK_WORDS and _key(doc, i - 1) not in {"'s", "s"}:
            start = _run_before(doc, i)
            if start < i:
                found.append((start, i))  # "that Elsa song"
        elif (
            key in {"for", "on"}
            and _key(doc, i + 1) in {"movie", "film"}
            and _key(doc, i + 2)
            in {
                "night",
                "nite",
                "nights",
            }
        ):
            start = _run_before(doc, i)
            if start == i:
                continue
            found.append((start, i))  # "Coco for film night"
            while (
                _key(doc, start - 1) in _COORDINATION and (before := _run_before(doc, start - 1)) < start - 1
            ):
                found.append((before, start - 1))  # "Cars 2 or Coco for film night"
                start = before
    return found


def _storms(doc: Any) -> list[tuple[int, int]]:
    """Return named storms: "storm Ciara", "the Storm Arwen damage" (not "me and Storm")."""
    found = []
    for i in range(len(doc) - 1):
        word = str(doc[i].text)
        if word.lower() != "storm" or not _capitalised(doc[i + 1]):
            continue
        if word == "storm" or _key(doc, i - 1) in {"the", "a", "called", "named"}:
            found.append((i + 1, i + 2))
    # In lower-case chat: "storm" opening a sentence or after a time word, a name-word, then what it
    # did ("storm darragh flooded the road", "since storm bert"); "me and storm went" stays a name.
    for i in range(len(doc) - 2):
        if str(doc[i].text) != "storm" or _key(doc, i - 1) not in _STORM_BEFORE:
            continue
        name, verb = doc[i + 1], _key(doc, i + 2)
        if str(name.text).isalpha() and str(name.text).islower() and verb in _STORM_VERBS:
            found.append((i, i + 2))
    return found


# What comes before a storm's name in lower-case chat ("" is the start of the text) and what it does.
_STORM_BEFORE = frozenset(
    {"", ".", "!", "?", ",", "\n", "the", "since", "after", "during", "before", "in", "from", "by"}
)
_STORM_VERBS = frozenset(
    {"flooded", "floods", "hit", "hits", "knocked", "blew", "damaged", "wrecked", "took", "cut", "brought",
     "caused", "is", "was", "came", "comes", "warning", "damage", "flooding", "ripped"}
)  # fmt: skip


def _saints_days(doc: Any) -> list[tuple[int, int]]:
    """Return saints' days, which are holidays and name no one: "st david's day", "saint patrick's day"."""
    found = []
    for i in range(len(doc) - 2):
        if _key(doc, i) not in {"st", "st.", "saint"}:
            continue
        j = i + 2 if _key(doc, i + 2) in {"'s", "’s", "s"} else i + 1  # "st david's" or "st davids"
        if _key(doc, j + 1) in {"day", "day's", "days"}:
            found.append((i, j + 2))
    return found


def _form_groups(doc: Any) -> list[tuple[int, int]]:
    """Return form groups, a school year and a name: "form: 9 tudor", "my tutor group 7 dewi"."""
    found = []
    for i in range(len(doc) - 2):
        if _key(doc, i) not in {"form", "tutor", "group", "reg", "registration", "class"}:
            continue
        j = i + 2 if _key(doc, i + 1) in {":", "-", "is", "group"} else i + 1
        if j + 1 >= len(doc):
            continue
        number = str(doc[j].text)
        if number.isdigit() and 3 <= int(number) <= 13 and str(doc[j + 1].text).isalpha():
            found.append((j, j + 2))
    return found


def _brands(doc: Any) -> list[tuple[int, int]]:
    """Return brands before what is bought with them: "Matalan vouchers", "a Nike gift card"."""
    found = []
    for i in range(1, len(doc)):
        if _key(doc, i) in _BRAND_WORDS:
            start = _run_before(doc, i)
            if start < i:
                found.append((start, i))
    return found


def _shops(doc: Any) -> list[tuple[int, int]]:
    """Return shops where money is spent: "spend my grant at Habitat or Wilko", "buy it from Currys"."""
    found = []
    for i in range(len(doc)):
        if _key(doc, i) not in _SPENDING:
            continue
        money = False
        for k in range(i + 1, min(i + 8, len(doc))):
            key = _key(doc, k)
            if key in _CLAUSE_BREAKS or key in {"with", "to", "in"}:
                break
            if key in _MONEY or key.startswith("£"):
                money = True
            if key not in {"at", "on", "from"}:
                continue
            end = _run_from(doc, k + 1)
            if not money or end == k + 1 or _key(doc, end) in {"'s", "s"}:
                break
            found.append((k + 1, end))
            while _key(doc, end) in _COORDINATION and (nxt := _run_from(doc, end + 1)) > end + 1:
                found.append((end + 1, nxt))
                end = nxt
            break
    return found


def _pets(doc: Any) -> list[tuple[int, int]]:
    """Return pets' names: "our hamster fudge", "a dog called jasper", "the cat's name is Oscar"."""
    found = []
    for i in range(len(doc) - 1):
        if _key(doc, i) not in _PETS or (_key(doc, i) == "guinea" and _key(doc, i + 1) != "pig"):
            continue
        j = i + 1 + (_key(doc, i) == "guinea")
        while j < len(doc) and j - i <= 4 and _key(doc, j) in _PET_NAMING:
            j += 1  # "called", "is called", "'s name is"
        if j < len(doc) and str(doc[j].text).isalpha() and not doc[j].is_stop:
            found.append((j, j + 1))
        found += _pet_named_later(doc, i)
    return found


# Words that say the pet is named later in the sentence: "a dog at the centre, its called rolo".
_IT_IS = frozenset({"its", "it's", "'s", "s", "is", "was"})
_SENTENCE_ENDS = frozenset({".", "!", "?", "\n"})


def _pet_named_later(doc: Any, i: int) -> list[tuple[int, int]]:
    """Return a pet's name given later in its sentence: "the dog at my nans, its called biscuit"."""
    for k in range(i + 2, min(i + 14, len(doc) - 1)):
        key = _key(doc, k)
        if key in _SENTENCE_ENDS or key in _PETS:
            return []
        if key in {"called", "named"} and _key(doc, k - 1) in _IT_IS:
            nxt = doc[k + 1]
            if str(nxt.text).isalpha() and not nxt.is_stop:
                return [(k + 1, k + 2)]
            return []
    return []


def kept_stretches(
    doc: Any, surnames: Collection[str] = frozenset()
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Return character ranges that name no one: (titles, storms, brands and pets; shops after spending)."""
    strong = [
        _chars(doc, s, e)
        for s, e in (
            *_titles(doc, surnames),
            *_storms(doc),
            *_brands(doc),
            *_pets(doc),
            *_form_groups(doc),
        )
    ]
    shops = [_chars(doc, s, e) for s, e in _shops(doc)]
    return strong, shops


def drop_kept(spans: Iterable[Span], doc: Any, surnames: Collection[str] = frozenset()) -> list[Span]:
    """Return the spans without the names, places and organisations that lie inside a kept stretch."""
    spans = list(spans)
    if not any(s.entity in _DROPPABLE or s.entity in _HOLIDAY_ENTITIES for s in spans):
        return spans
    strong, shops = kept_stretches(doc, surnames)
    teams = [_chars(doc, s, e) for s, e in _team_kits(doc)]
    holidays = [_chars(doc, s, e) for s, e in _saints_days(doc)]
    if not strong and not shops and not teams and not holidays:
        return spans

    def inside(span: Span, ranges: list[tuple[int, int]]) -> bool:
        return any(start <= span.start and span.end <= end for start, end in ranges)

    kept = []
    for span in spans:
        droppable = span.entity in _DROPPABLE and span.recognizer not in _PROTECTED
        if droppable and (
            inside(span, strong) or (span.recognizer in _SHOP_OVERRIDES and inside(span, shops))
        ):
            continue
        if span.entity in _TEAM_ENTITIES and inside(span, teams):
            continue  # "a newcastle home kit": the team supported, even a town on the UK list
        if span.entity in _HOLIDAY_ENTITIES and span.recognizer not in _PROTECTED and inside(span, holidays):
            continue  # "st david's day": a holiday, not the school or church of that saint
        kept.append(span)
    return kept


# What a supporter wears or holds of a team: the town before it names the team, not where anyone is.
_KIT = frozenset({"kit", "shirt", "strip", "jersey", "scarf"})
_KIT_KINDS = frozenset({"home", "away", "third", "training", "new", "retro", "football"})
_TEAM_ENTITIES = frozenset({Entity.PLACE, Entity.ORG})
_HOLIDAY_ENTITIES = frozenset({Entity.PERSON, Entity.PLACE, Entity.ORG, Entity.SCHOOL, Entity.CARE_HOME})


def _team_kits(doc: Any) -> list[tuple[int, int]]:
    """Return the team before a kit: "a leeds home kit", "my villa shirt", "his celtic away strip"."""
    found = []
    for i in range(1, len(doc)):
        if _key(doc, i) not in _KIT:
            continue
        j = i - 1
        while j > 0 and _key(doc, j) in _KIT_KINDS:
            j -= 1
        if j == i - 1 and _key(doc, i) == "scarf" and _key(doc, j) in {"a", "my", "the"}:
            continue
        start = j
        while (
            start > 0 and j - start < 2 and str(doc[start - 1].text).isalpha() and not doc[start - 1].is_stop
        ):
            start -= 1
        if str(doc[j].text).isalpha() and not doc[j].is_stop:
            found.append((start, j + 1))
    return found
