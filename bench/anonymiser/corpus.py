"""Labelled PII corpora: inline markup ``[[LABEL:text]]`` turned into exact character spans.

The texts are written by hand with markup (``data/dev.txt``, ``data/heldout.txt``)
and converted by this script, so offsets are always exact:

    .venv/bin/python -m bench.anonymiser.corpus      # rewrites data/*.jsonl

Each JSONL line is ``{"text": str, "spans": [{"start", "end", "label"}]}``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
PARTS = ("dev", "heldout")
LABELS = frozenset({"PERSON", "LOCATION", "CONTACT", "ID", "DATE", "ORG"})
_MARK = re.compile(r"\[\[([A-Z]+):(.+?)\]\]")


@dataclass(frozen=True)
class GoldSpan:
    """One labelled piece of personal information in a corpus text."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Example:
    """A corpus text and its gold spans."""

    text: str
    spans: tuple[GoldSpan, ...]


def parse_markup(line: str) -> Example:
    """Return the plain text and spans of one marked-up line; ``ValueError`` on bad markup."""
    parts: list[str] = []
    spans: list[GoldSpan] = []
    cursor = 0
    length = 0
    for match in _MARK.finditer(line):
        label, inner = match.group(1), match.group(2)
        if label not in LABELS:
            raise ValueError(f"unknown label {label!r} in {line!r}")
        before = line[cursor : match.start()]
        parts.append(before)
        length += len(before)
        spans.append(GoldSpan(length, length + len(inner), label))
        parts.append(inner)
        length += len(inner)
        cursor = match.end()
    parts.append(line[cursor:])
    text = "".join(parts)
    if "[[" in text or "]]" in text:
        raise ValueError(f"unbalanced markup in {line!r}")
    return Example(text, tuple(spans))


def read_markup(path: Path) -> list[Example]:
    """Return the examples of a markup file (blank lines and ``#`` comments skipped)."""
    lines = path.read_text("utf-8").splitlines()
    return [parse_markup(line) for line in lines if line.strip() and not line.startswith("#")]


def to_json(example: Example) -> str:
    """Return one JSONL line for an example."""
    spans = [{"start": s.start, "end": s.end, "label": s.label} for s in example.spans]
    return json.dumps({"text": example.text, "spans": spans}, ensure_ascii=False)


def read_jsonl(path: Path) -> list[Example]:
    """Return the examples stored in a JSONL corpus file."""
    examples = []
    for line in path.read_text("utf-8").splitlines():
        obj = json.loads(line)
        spans = tuple(GoldSpan(s["start"], s["end"], s["label"]) for s in obj["spans"])
        examples.append(Example(obj["text"], spans))
    return examples


def load_part(part: str) -> list[Example]:
    """Return one corpus part (``dev`` or ``heldout``) from its JSONL file."""
    return read_jsonl(DATA / f"{part}.jsonl")


def main() -> None:
    for part in PARTS:
        examples = read_markup(DATA / f"{part}.txt")
        (DATA / f"{part}.jsonl").write_text("".join(to_json(e) + "\n" for e in examples), "utf-8")
        spans = sum(len(e.spans) for e in examples)
        print(f"{part}: {len(examples)} texts, {spans} spans")


if __name__ == "__main__":
    main()
