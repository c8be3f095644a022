"""Labelled PII corpora: inline markup ``[[LABEL:text]]`` turned into exact character spans.

The texts are written by hand with markup (``data/dev.txt``, ``data/heldout.txt``)
and converted by this script, so offsets are always exact:

    .venv/bin/python -m bench.anonymiser.corpus      # rewrites data/*.jsonl

Two more marks come from blind batches (``import_blind.py``): ``{{text}}`` is a
word the writer says must stay (a role, a service, an everyday word), and
``<<text>>`` is left out of the scores either way (countries, which the writer
left unmarked). Each JSONL line is ``{"text": str, "spans": [{"start", "end",
"label"}]}``, with ``"keep"`` and ``"ignore"`` lists of ``{"start", "end"}`` when
the text has them.

``PARTS`` are the parts written by this project's own hands; ``BLIND_PARTS`` were
written by people who never saw the code: ``batch_1`` joined development after
its first look, ``independent`` is never used for development;
``presidio_generated`` comes from Presidio's own test-data generator.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
PARTS = ("dev", "heldout")
BLIND_PARTS = (
    "batch_1",
    "batch_3",
    "batch_4",
    "batch_5",
    "batch_6",
    "batch_7",
    "batch_8",
    "batch_9",
    "batch_10",
    "batch_11",
    "batch_12",
    "batch_13",
    "batch_14",
    "batch_15",
    "batch_16",
    "batch_17",
    "batch_18",
    "batch_19",
    "independent",
)
# Sentences from Presidio's own generator (build_presidio_set.py): not UK chat, a check of breadth.
GENERATED_PARTS = ("presidio_generated",)
ALL_PARTS = PARTS + BLIND_PARTS + GENERATED_PARTS
# Parts whose errors may be read while developing (never the independent batch).
DEVELOPMENT_PARTS = (
    "dev", "heldout", "batch_1", "batch_3", "batch_4", "batch_5", "batch_6", "batch_7", "batch_8",
    "batch_9", "batch_10", "batch_11", "batch_12", "batch_13",
    "batch_14", "batch_15", "batch_16", "batch_17", "batch_18", "batch_19", "presidio_generated",
)  # fmt: skip
LABELS = frozenset({"PERSON", "LOCATION", "CONTACT", "ID", "DATE", "ORG"})
_MARK = re.compile(r"\[\[([A-Z]+):(.+?)\]\]|\{\{(.+?)\}\}|<<(.+?)>>")


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
    keep: tuple[tuple[int, int], ...] = ()
    ignore: tuple[tuple[int, int], ...] = ()


def parse_markup(line: str) -> Example:
    """Return the plain text and spans of one marked-up line; ``ValueError`` on bad markup."""
    parts: list[str] = []
    spans: list[GoldSpan] = []
    keep: list[tuple[int, int]] = []
    ignore: list[tuple[int, int]] = []
    cursor = 0
    length = 0
    for match in _MARK.finditer(line):
        label, inner = match.group(1), match.group(2) or match.group(3) or match.group(4)
        if label is not None and label not in LABELS:
            raise ValueError(f"unknown label {label!r} in {line!r}")
        before = line[cursor : match.start()]
        parts.append(before)
        length += len(before)
        if label is not None:
            spans.append(GoldSpan(length, length + len(inner), label))
        elif match.group(3) is not None:
            keep.append((length, length + len(inner)))
        else:
            ignore.append((length, length + len(inner)))
        parts.append(inner)
        length += len(inner)
        cursor = match.end()
    parts.append(line[cursor:])
    text = "".join(parts)
    if any(m in text for m in ("[[", "]]", "{{", "}}", "<<", ">>")):
        raise ValueError(f"unbalanced markup in {line!r}")
    return Example(text, tuple(spans), tuple(keep), tuple(ignore))


def read_markup(path: Path) -> list[Example]:
    """Return the examples of a markup file (blank lines and ``#`` comments skipped)."""
    lines = path.read_text("utf-8").splitlines()
    return [parse_markup(line) for line in lines if line.strip() and not line.startswith("#")]


def to_json(example: Example) -> str:
    """Return one JSONL line for an example."""
    spans = [{"start": s.start, "end": s.end, "label": s.label} for s in example.spans]
    obj: dict[str, object] = {"text": example.text, "spans": spans}
    if example.keep:
        obj["keep"] = [{"start": a, "end": b} for a, b in example.keep]
    if example.ignore:
        obj["ignore"] = [{"start": a, "end": b} for a, b in example.ignore]
    return json.dumps(obj, ensure_ascii=False)


def read_jsonl(path: Path) -> list[Example]:
    """Return the examples stored in a JSONL corpus file."""
    examples = []
    for line in path.read_text("utf-8").splitlines():
        obj = json.loads(line)
        spans = tuple(GoldSpan(s["start"], s["end"], s["label"]) for s in obj["spans"])
        keep = tuple((k["start"], k["end"]) for k in obj.get("keep", ()))
        ignore = tuple((k["start"], k["end"]) for k in obj.get("ignore", ()))
        examples.append(Example(obj["text"], spans, keep, ignore))
    return examples


def load_part(part: str) -> list[Example]:
    """Return one corpus part (see ``ALL_PARTS``) from its JSONL file."""
    return read_jsonl(DATA / f"{part}.jsonl")


def main() -> None:
    for part in ALL_PARTS:
        if not (DATA / f"{part}.txt").exists():
            continue
        examples = read_markup(DATA / f"{part}.txt")
        (DATA / f"{part}.jsonl").write_text("".join(to_json(e) + "\n" for e in examples), "utf-8")
        spans = sum(len(e.spans) for e in examples)
        print(f"{part}: {len(examples)} texts, {spans} spans")


if __name__ == "__main__":
    main()
