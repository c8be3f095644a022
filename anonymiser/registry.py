"""The recognizer registry, built from ``recognizers.yaml`` (Presidio's ``RecognizerRegistry``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from anonymiser.lexicon import Lexicon
from anonymiser.recognizers.base import Recognizer
from anonymiser.recognizers.cues import CueRecognizer, HandleRecognizer
from anonymiser.recognizers.gazetteer import GazetteerRecognizer
from anonymiser.recognizers.institutions import InstitutionRecognizer
from anonymiser.recognizers.name_cues import NameCues
from anonymiser.recognizers.names import FirstNameRecognizer, NameCueRecognizer
from anonymiser.recognizers.pattern import Pattern, PatternRecognizer
from anonymiser.recognizers.phone import PhoneRecognizer
from anonymiser.recognizers.phrases import PhraseListRecognizer, council_list
from anonymiser.recognizers.shapes import CapitalisedRunRecognizer, PlaceShapeRecognizer
from anonymiser.recognizers.spacy_ner import SpacyNerRecognizer
from anonymiser.spans import Entity
from anonymiser.widening import SpanWidening

CONFIG_FILENAME = "recognizers.yaml"


@dataclass(frozen=True)
class RecognizerRegistry:
    """The configured recognizers, in the order the configuration lists them."""

    recognizers: tuple[Recognizer, ...]
    spacy_exclude: tuple[str, ...] = ()
    widening: SpanWidening | None = None
    # Text-only recognizers that also read the unmasked view of a text (disguise.py).
    on_unmasked: tuple[Recognizer, ...] = ()

    def __post_init__(self) -> None:
        names = [r.name for r in self.recognizers]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"recognizer names must be unique; repeated: {', '.join(duplicates)}")

    def __iter__(self) -> Iterator[Recognizer]:
        return iter(self.recognizers)

    def __len__(self) -> int:
        return len(self.recognizers)

    def get(self, name: str) -> Recognizer:
        """Return the recognizer configured under ``name``."""
        for recognizer in self.recognizers:
            if recognizer.name == name:
                return recognizer
        raise KeyError(name)


Factory = Callable[[str, dict[str, Any], Lexicon, NameCues], Recognizer]


def _entity(entry: Mapping[str, Any], name: str) -> Entity:
    try:
        return Entity(str(entry["entity"]).upper())
    except KeyError:
        raise ValueError(f"recognizer {name!r} needs an 'entity'") from None
    except ValueError:
        choices = ", ".join(e.value for e in Entity)
        raise ValueError(
            f"recognizer {name!r}: unknown entity {entry['entity']!r}; use one of {choices}"
        ) from None


def _pattern(name: str, e: dict[str, Any], lex: Lexicon, cues: NameCues) -> Recognizer:
    patterns = [Pattern(**p) for p in e.pop("patterns", [])]
    return PatternRecognizer(name, _entity(e, name), patterns, **_rest(e, "entity"))


def _phone(name: str, e: dict[str, Any], lex: Lexicon, cues: NameCues) -> Recognizer:
    kept = [a for a in lex.allow if any(c.isdigit() for c in a)]
    return PhoneRecognizer(name, kept_numbers=kept, **e)


def _spacy(name: str, e: dict[str, Any], lex: Lexicon, cues: NameCues) -> Recognizer:
    return SpacyNerRecognizer(name, lex, **e)


def _first_names(name: str, e: dict[str, Any], lex: Lexicon, cues: NameCues) -> Recognizer:
    return FirstNameRecognizer(name, lex, cues, **e)


def _name_cues(name: str, e: dict[str, Any], lex: Lexicon, cues: NameCues) -> Recognizer:
    return NameCueRecognizer(name, lex, cues, **e)


def _phrase_list(name: str, e: dict[str, Any], lex: Lexicon, cues: NameCues) -> Recognizer:
    phrases = council_list(lex, str(e.pop("list", "")))
    return PhraseListRecognizer(name, _entity(e, name), phrases, lex, **_rest(e, "entity"))


def _cue(name: str, e: dict[str, Any], lex: Lexicon, cues: NameCues) -> Recognizer:
    return CueRecognizer(name, _entity(e, name), lex, **_rest(e, "entity"))


def _handles(name: str, e: dict[str, Any], lex: Lexicon, cues: NameCues) -> Recognizer:
    return HandleRecognizer(name, lex, **e)


def _institutions(name: str, e: dict[str, Any], lex: Lexicon, cues: NameCues) -> Recognizer:
    return InstitutionRecognizer(name, _entity(e, name), lex, **_rest(e, "entity"))


def _place_shapes(name: str, e: dict[str, Any], lex: Lexicon, cues: NameCues) -> Recognizer:
    return PlaceShapeRecognizer(name, lex, **e)


def _capitalised_runs(name: str, e: dict[str, Any], lex: Lexicon, cues: NameCues) -> Recognizer:
    return CapitalisedRunRecognizer(name, lex, **e)


def _gazetteer(name: str, e: dict[str, Any], lex: Lexicon, cues: NameCues) -> Recognizer:
    return GazetteerRecognizer(name, lex, **e)


def _rest(entry: dict[str, Any], *drop: str) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k not in drop}


FACTORIES: dict[str, Factory] = {
    PatternRecognizer.kind: _pattern,
    PhoneRecognizer.kind: _phone,
    SpacyNerRecognizer.kind: _spacy,
    FirstNameRecognizer.kind: _first_names,
    NameCueRecognizer.kind: _name_cues,
    PhraseListRecognizer.kind: _phrase_list,
    CueRecognizer.kind: _cue,
    HandleRecognizer.kind: _handles,
    InstitutionRecognizer.kind: _institutions,
    PlaceShapeRecognizer.kind: _place_shapes,
    GazetteerRecognizer.kind: _gazetteer,
    CapitalisedRunRecognizer.kind: _capitalised_runs,
}


def _check_lists(name: str, entry: Mapping[str, Any]) -> None:
    # YAML reads a bare no/on/off/yes as true or false; in a word list that is a typo.
    for key, value in entry.items():
        if isinstance(value, list) and any(isinstance(v, bool) for v in value):
            raise ValueError(f'recognizer {name!r}: {key!r} holds true/false; quote words like "on" or "no"')


def load_config(path: str | Path | None = None) -> dict[str, Any]:
    """Return the parsed configuration: ``path`` if given, else the one shipped in the package."""
    if path is None:
        raw = resources.files("anonymiser").joinpath("data", CONFIG_FILENAME).read_text("utf-8")
    else:
        raw = Path(path).read_text("utf-8")
    config = yaml.safe_load(raw)
    if not isinstance(config, dict) or not isinstance(config.get("recognizers"), list):
        raise ValueError(f"{path or CONFIG_FILENAME}: expected a mapping with a 'recognizers' list")
    return config


def build_registry(config: Mapping[str, Any], lexicon: Lexicon) -> RecognizerRegistry:
    """Return the registry described by a configuration; ``ValueError`` names the bad entry."""
    cues = NameCues.from_config(lexicon, dict(config.get("name_cues") or {}))
    recognizers: list[Recognizer] = []
    for index, raw in enumerate(config["recognizers"]):
        if not isinstance(raw, dict) or "name" not in raw or "kind" not in raw:
            raise ValueError(f"recognizer #{index + 1}: needs at least 'name' and 'kind'")
        entry = dict(raw)
        name = str(entry.pop("name"))
        kind = str(entry.pop("kind"))
        if entry.pop("enabled", True) is False:
            continue
        _check_lists(name, entry)
        factory = FACTORIES.get(kind)
        if factory is None:
            raise ValueError(
                f"recognizer {name!r}: unknown kind {kind!r}; use one of {', '.join(sorted(FACTORIES))}"
            )
        try:
            recognizers.append(factory(name, entry, lexicon, cues))
        except TypeError as exc:
            raise ValueError(f"recognizer {name!r}: bad settings ({exc})") from exc
    spacy = config.get("spacy") or {}
    widening = SpanWidening.from_config(lexicon, dict(config.get("widening") or {}), cues)
    return RecognizerRegistry(
        tuple(recognizers),
        tuple(spacy.get("exclude", ())),
        widening,
        _unmasked(config.get("unmasked") or [], recognizers),
    )


def _unmasked(names: Any, recognizers: list[Recognizer]) -> tuple[Recognizer, ...]:
    """Return the recognizers named under ``unmasked``; only text patterns and phones qualify."""
    if not isinstance(names, list):
        raise ValueError("unmasked: expected a list of recognizer names")
    by_name = {r.name: r for r in recognizers}
    chosen = []
    for name in names:
        recognizer = by_name.get(str(name))
        if recognizer is None:
            raise ValueError(f"unmasked: no recognizer named {name!r}")
        if not isinstance(recognizer, PatternRecognizer | PhoneRecognizer):
            raise ValueError(
                f"unmasked: {name!r} reads the parse; only pattern and phone recognizers qualify"
            )
        chosen.append(recognizer)
    return tuple(chosen)
