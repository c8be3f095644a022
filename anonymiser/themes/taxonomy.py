"""The theme taxonomy: which themes exist and how they map onto board priorities and domains.

Heard ships a default taxonomy; a council may point ``HEARD_TAXONOMY`` at its own
file of the same shape. Files are checked strictly when loaded, because a typo in
a code silently drops evidence from a board paper; every error names the file and
the problem so the person editing it can fix it without reading code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_TAXONOMY_PATH = Path(__file__).parent / "data" / "taxonomy.json"
SENTIMENT_LABELS = ("positive", "negative", "mixed", "neutral")

_CODE = re.compile(r"^[A-Z][A-Z0-9_]{0,15}$")
_TOP_KEYS = {"version", "about", "sentiment_labels", "themes", "priorities"}
_REQUIRED_TOP = {"themes"}
_THEME_KEYS = {"code", "name", "definition", "corporate_parenting_priority", "wellbeing_domain"}


class TaxonomyError(ValueError):
    """A taxonomy file is missing, unreadable or not of the expected shape."""


@dataclass(frozen=True)
class Theme:
    """One theme young people talk about, with where it sits in a board paper."""

    code: str
    name: str
    definition: str
    corporate_parenting_priority: str
    wellbeing_domain: str

    @property
    def wellbeing_domains(self) -> tuple[str, ...]:
        """Return each well-being domain of the theme (``"Recovery/Rights"`` is two)."""
        return tuple(part.strip() for part in self.wellbeing_domain.split("/") if part.strip())


@dataclass(frozen=True)
class Taxonomy:
    """The themes in their published order, plus the board's list of priorities."""

    themes: tuple[Theme, ...]
    priorities: tuple[str, ...]
    version: str = "1"
    source: str = "<memory>"

    @property
    def codes(self) -> tuple[str, ...]:
        """Return the theme codes in taxonomy order."""
        return tuple(theme.code for theme in self.themes)

    @property
    def wellbeing_domains(self) -> tuple[str, ...]:
        """Return every well-being domain used, in first-seen order."""
        seen: dict[str, None] = {}
        for theme in self.themes:
            for domain in theme.wellbeing_domains:
                seen.setdefault(domain, None)
        return tuple(seen)

    def theme(self, code: str) -> Theme:
        """Return the theme with this code; ``KeyError`` names the code if unknown."""
        for theme in self.themes:
            if theme.code == code:
                return theme
        raise KeyError(f"unknown theme code {code!r}")

    def __contains__(self, code: object) -> bool:
        return any(theme.code == code for theme in self.themes)

    def __iter__(self) -> Iterator[Theme]:
        return iter(self.themes)

    def __len__(self) -> int:
        return len(self.themes)


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Return the taxonomy in ``path`` (Heard's default when ``None``), checked strictly."""
    file = Path(path) if path is not None else DEFAULT_TAXONOMY_PATH
    try:
        raw = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TaxonomyError(f"{file}: taxonomy file not found (check HEARD_TAXONOMY)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TaxonomyError(f"{file}: cannot read taxonomy file: {exc}") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise TaxonomyError(
            f"{file}: not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    return parse_taxonomy(data, source=str(file))


def parse_taxonomy(data: Any, source: str = "<memory>") -> Taxonomy:
    """Return the taxonomy described by already-decoded JSON, checked strictly."""

    def fail(problem: str) -> TaxonomyError:
        return TaxonomyError(f"{source}: {problem}")

    if not isinstance(data, Mapping):
        raise fail('expected a JSON object with a "themes" list at the top level')
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise fail(f"unknown top-level key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(_TOP_KEYS))}")
    missing = sorted(_REQUIRED_TOP - set(data))
    if missing:
        raise fail(f"missing top-level key(s) {', '.join(missing)}")
    labels = data.get("sentiment_labels", list(SENTIMENT_LABELS))
    if not isinstance(labels, list) or sorted(map(str, labels)) != sorted(SENTIMENT_LABELS):
        raise fail(f'"sentiment_labels" must be exactly {", ".join(SENTIMENT_LABELS)} (got {labels!r})')
    priorities = data.get("priorities")
    if priorities is not None and (
        not isinstance(priorities, list) or not all(_is_text(p) for p in priorities)
    ):
        raise fail('"priorities" must be a list of non-empty strings')
    version = data.get("version", "1")
    if not _is_text(version):
        raise fail('"version" must be a non-empty string')
    raw_themes = data["themes"]
    if not isinstance(raw_themes, list) or not raw_themes:
        raise fail('"themes" must be a non-empty list of theme objects')
    themes = tuple(_parse_theme(item, index, fail) for index, item in enumerate(raw_themes))
    seen: set[str] = set()
    for theme in themes:
        if theme.code in seen:
            raise fail(f"duplicate theme code {theme.code!r}")
        seen.add(theme.code)
    declared = tuple(priorities) if priorities is not None else ()
    used = [t.corporate_parenting_priority for t in themes]
    if declared:
        stray = sorted({p for p in used if p not in declared})
        if stray:
            raise fail(f'theme priority not listed in "priorities": {", ".join(stray)}')
    else:
        declared = tuple(dict.fromkeys(used))
    return Taxonomy(themes=themes, priorities=declared, version=str(version), source=source)


def _parse_theme(item: Any, index: int, fail: Callable[[str], TaxonomyError]) -> Theme:
    where = f"themes[{index}]"
    if not isinstance(item, Mapping):
        raise fail(f"{where} must be an object")
    code = item.get("code")
    if code is None:
        raise fail(f'{where} is missing "code"')
    if not isinstance(code, str) or not _CODE.match(code):
        raise fail(
            f"{where} has code {code!r}; codes are 1-16 capital letters, digits or _ "
            'starting with a letter (e.g. "SW")'
        )
    where = f"theme {code}"
    unknown = sorted(set(item) - _THEME_KEYS)
    if unknown:
        raise fail(
            f"{where} has unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(_THEME_KEYS))}"
        )
    values: dict[str, str] = {}
    for key in sorted(_THEME_KEYS - {"code"}):
        value = item.get(key)
        if not isinstance(value, str) or not value.strip():
            raise fail(f'{where} is missing "{key}" (a non-empty string)')
        values[key] = value.strip()
    return Theme(code=code, **values)


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())
