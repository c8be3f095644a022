"""The rule book: risk patterns and context cues loaded from the shipped YAML files.

Patterns live in data files so a safeguarding lead can read, review and tune
them without touching code (docs/safeguarding.md says how). Everything is
checked when the book is built: a bad pattern, an unknown category or level,
or an unknown macro fails early with ``ValueError`` naming the rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from anonymiser.risk.concepts import ConceptBook, check_entry, read_concepts
from anonymiser.risk.learnt import LearntModel, load_learnt_model
from anonymiser.risk.matching import Scanner
from anonymiser.risk.model import Category, RiskLevel
from anonymiser.risk.openings import needs, openings

_MACRO = re.compile(r"%([a-z_]+)%")
_WORD = re.compile(r"[a-z]{2,}")
_DANGER_WORD = re.compile(r"[a-z]{3,}")
_PLURAL = re.compile(r"([a-z]{3,})s\?")
# The C loader when libyaml is there (several times faster); both only build plain data.
_BASE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BASE_LOADER):
    """The safe loader, refusing a key given twice in one mapping.

    YAML keeps only the last of two equal keys, so a second ``unless:`` on a
    concept would silently throw the first list away; a rule file that says
    something twice is a mistake to report, not to guess at.
    """

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[Any] = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} is given twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


# Cues looked for in the whole message (the rest are read one sentence or clause at a time).
WHOLE_TEXT_CUES = ("figurative", "playful", "discussion", "ordinary_use")
_RULE_KEYS = frozenset(
    {"id", "level", "pattern", "with", "within", "topic", "negatable", "tense", "also", "note", "net"}
)


@dataclass(frozen=True, slots=True)
class Rule:
    """One compiled pattern and what a match means.

    ``topic`` rules match talk *about* a subject ("suicide", "county lines"),
    not a disclosure; they are dropped inside talk about lessons, films and
    news. ``negatable`` and ``tense`` say whether "not"/"never" and "used
    to"/"last year" may lower the level. ``openings`` are the letters a match
    must start with (None: unknown), used to skip rules cheaply.
    ``companions`` must each also be found in the same clause (or the
    sentence, or anywhere in the message, as ``within`` says): "rope" counts beside "tonight" or "bought" in
    any order, which catches phrasings no single pattern foresaw. A ``net``
    rule is a safety net (a danger word about oneself): it knows the words are
    worrying, not what they mean, so the learnt model may raise its concern to
    urgent; a concern from any other rule is that rule's considered reading.
    """

    id: str
    categories: tuple[Category, ...]
    level: RiskLevel
    regex: re.Pattern[str]
    topic: bool = False
    negatable: bool = True
    tense: bool = True
    openings: tuple[str, ...] | None = None
    needs: tuple[tuple[str, ...], ...] = ()  # strings a match must contain (see openings.needs)
    companions: tuple[re.Pattern[str], ...] = ()
    within: str = "clause"
    net: bool = False


@dataclass(frozen=True, slots=True)
class Cues:
    """Context patterns that change what a rule match means."""

    figurative: re.Pattern[str] | None
    playful: re.Pattern[str] | None
    discussion: re.Pattern[str] | None
    negation: re.Pattern[str] | None
    subject_negation: re.Pattern[str] | None
    negation_breakers: re.Pattern[str] | None
    scope_breakers: re.Pattern[str] | None
    past: re.Pattern[str] | None
    present: re.Pattern[str] | None
    hedges: re.Pattern[str] | None
    third_party: re.Pattern[str] | None
    ordinary_use: re.Pattern[str] | None = None
    light_hearted: re.Pattern[str] | None = None
    coped: re.Pattern[str] | None = None
    media: re.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class RuleBook:
    """Every rule, the context cues, the word lists the normaliser needs, and the learnt model."""

    rules: tuple[Rule, ...]
    cues: Cues
    replacements: Mapping[str, str]
    vocabulary: frozenset[str]
    learnt: LearntModel | None = None
    danger_words: frozenset[str] = frozenset()
    concepts: ConceptBook | None = None
    # The cues read over the whole text (not one sentence), ready to scan a long message quickly.
    scanners: Mapping[str, Scanner] = field(default_factory=dict)


def default_data_dir() -> Path:
    """Return the folder of YAML files shipped with the package."""
    return Path(str(resources.files("anonymiser.risk") / "data"))


def load_rule_book(data_dir: Path | None = None) -> RuleBook:
    """Return the rule book built from ``data_dir`` (default: the shipped data)."""
    folder = data_dir or default_data_dir()
    lexicon = _read_yaml(folder / "lexicon.yaml")
    macros = {str(k): _flatten(v) for k, v in (lexicon.get("macros") or {}).items()}
    replacements = {str(k): str(v) for k, v in (lexicon.get("replacements") or {}).items()}
    context = _read_yaml(folder / "context.yaml")
    cue_parts = {name: _cue_parts(context, name, macros) for name in Cues.__slots__}
    cues = Cues(**{name: _compile_cue(parts, name) for name, parts in cue_parts.items()})
    scanners = {
        name: Scanner(pattern, cue_parts[name], partial(_compile_part, name=name))
        for name in WHOLE_TEXT_CUES
        if (pattern := getattr(cues, name)) is not None
    }
    rules: list[Rule] = []
    sources: list[str] = list(replacements.values())
    pattern_files = sorted((folder / "patterns").glob("*.yaml"))
    if not pattern_files:
        raise ValueError(f"no pattern files in {folder / 'patterns'}")
    for path in pattern_files:
        for rule, source in _read_rules(path, macros):
            rules.append(rule)
            sources.append(source)
    ids = [r.id for r in rules]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"duplicate rule ids: {', '.join(duplicates)}")
    for value in context.values():
        sources.extend(_flatten(value) if isinstance(value, list) else [])
    concepts = _read_concepts(folder / "concepts.yaml", macros, sources)
    vocabulary = frozenset(w for s in sources for w in _WORD.findall(s))
    learnt = load_learnt_model(folder / "learnt.json")
    danger = _danger_words(lexicon, macros)
    return RuleBook(tuple(rules), cues, replacements, vocabulary, learnt, danger, concepts, scanners)


def _read_concepts(path: Path, macros: Mapping[str, list[str]], sources: list[str]) -> ConceptBook | None:
    """Return the danger concepts in ``path`` (None when there is none); their words join ``sources``."""
    if not path.is_file():
        return None
    data = _read_yaml(path)

    def expand(pattern: str, where: str) -> str:
        expanded = _expand(pattern, macros, where)
        sources.append(expanded)
        return expanded

    return read_concepts(data, expand, _compile)


def _danger_words(lexicon: Mapping[str, Any], macros: Mapping[str, list[str]]) -> frozenset[str]:
    """Return the words of the danger and worry families that the learnt net needs one of to speak.

    The families are named in ``lexicon.yaml`` under ``danger_families``; the
    words are every whole word of three letters or more in their patterns
    (with a plural ``s?`` read both ways), less the ``not_danger`` list
    (function words the patterns need for their shape). A text with none of
    them is left to the rules alone, so the net catches new phrasings around
    a danger or a worry, not ordinary messages that share its vocabulary.
    """
    names = [str(n) for n in lexicon.get("danger_families") or []]
    unknown = [n for n in names if n not in macros]
    if unknown:
        raise ValueError(f"lexicon.yaml danger_families: unknown macros {unknown}")
    stop = {str(w) for w in lexicon.get("not_danger") or []}
    words: set[str] = set()
    for name in names:
        expanded = _expand(f"%{name}%", macros, "danger_families")
        expanded = _PLURAL.sub(r"\1 \1s", expanded)
        words.update(w for w in _DANGER_WORD.findall(expanded) if w not in stop)
    return frozenset(words)


def _read_yaml(path: Path) -> dict[str, Any]:
    # _StrictLoader is a SafeLoader subclass: no object construction from the files.
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)  # noqa: S506  # nosec
    except yaml.YAMLError as exc:
        raise ValueError(f"{path.name}: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: expected a mapping at the top level")
    return data


def _flatten(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return [str(v) for v in value]
    raise ValueError(f"expected a string or a list of strings, got {value!r}")


def _expand(pattern: str, macros: Mapping[str, list[str]], where: str) -> str:
    def swap(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in macros:
            raise ValueError(f"{where}: unknown macro %{name}%")
        return "(?:" + "|".join(macros[name]) + ")"

    for _ in range(5):  # macros may use macros
        if not _MACRO.search(pattern):
            return pattern
        pattern = _MACRO.sub(swap, pattern)
    raise ValueError(f"{where}: macros nest too deeply")


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    # Letters either side of a match would make it part of another word.
    try:
        return re.compile(rf"(?<![a-z])(?:{pattern})(?![a-z])")
    except re.error as exc:
        raise ValueError(f"{where}: bad pattern: {exc}") from exc


def _cue_parts(context: Mapping[str, Any], name: str, macros: Mapping[str, list[str]]) -> list[str]:
    entries = context.get(name)
    return [_expand(p, macros, f"context.yaml {name}") for p in _flatten(entries)] if entries else []


def _compile_part(part: str, *, name: str) -> re.Pattern[str]:
    return _compile(part, f"context.yaml {name}")


def _compile_cue(parts: list[str], name: str) -> re.Pattern[str] | None:
    return _compile("|".join(f"(?:{p})" for p in parts), f"context.yaml {name}") if parts else None


def _within(value: Any, where: str) -> str:
    if value not in ("clause", "sentence", "message"):
        raise ValueError(f"{where}: within is 'clause', 'sentence' or 'message', not {value!r}")
    return str(value)


def _read_rules(path: Path, macros: Mapping[str, list[str]]) -> Iterable[tuple[Rule, str]]:
    data = _read_yaml(path)
    try:
        category = Category(str(data.get("category")))
    except ValueError as exc:
        raise ValueError(f"{path.name}: unknown category {data.get('category')!r}") from exc
    for entry in data.get("rules") or []:
        where = f"{path.name} rule {entry.get('id', '?')}"
        check_entry(entry, _RULE_KEYS, where, "rule")
        try:
            level = RiskLevel(entry.get("level", "concern"))
            also = tuple(Category(c) for c in entry.get("also", ()))
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from exc
        if level is RiskLevel.NONE:
            raise ValueError(f"{where}: a rule's level is concern or urgent")
        source = _expand(str(entry["pattern"]), macros, where)
        companions = [_expand(str(p), macros, where) for p in _flatten(entry.get("with", []))]
        rule = Rule(
            id=str(entry["id"]),
            categories=(category, *also),
            level=level,
            regex=_compile(source, where),
            topic=bool(entry.get("topic", False)),
            negatable=bool(entry.get("negatable", True)),
            tense=bool(entry.get("tense", True)),
            openings=openings(source),
            needs=needs(source),
            companions=tuple(_compile(c, f"{where} with") for c in companions),
            within=_within(entry.get("within", "clause"), where),
            net=bool(entry.get("net", False)),
        )
        yield rule, " ".join([source, *companions])
