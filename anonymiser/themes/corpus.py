"""Labelled texts for training and evaluating the theme tagger.

The files are tab-separated with a header ``themes<TAB>sentiment<TAB>text`` so a
participation worker can add examples in a spreadsheet: ``themes`` is 0-3 codes
separated by commas, ``sentiment`` one of positive/negative/mixed/neutral. A code
the taxonomy does not know is an error naming the file and line: it usually means
the data was written for another taxonomy and needs relabelling before retraining.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from anonymiser.themes.taxonomy import SENTIMENT_LABELS, Taxonomy

DATA_DIR = Path(__file__).parent / "data"
TRAINING_PATH = DATA_DIR / "train.tsv"
HELDOUT_PATH = DATA_DIR / "heldout.tsv"
HEADER = ("themes", "sentiment", "text")
MAX_THEMES = 3


class CorpusError(ValueError):
    """A labelled-data file is unreadable or a line is not of the expected shape."""


@dataclass(frozen=True)
class LabelledText:
    """One example: what a young person wrote (already redacted) and how it is labelled."""

    text: str
    themes: tuple[str, ...]
    sentiment: str


def read_labelled(path: str | Path, taxonomy: Taxonomy) -> list[LabelledText]:
    """Return every example in a labelled TSV file, checked against ``taxonomy``."""
    file = Path(path)
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{file}: cannot read labelled data: {exc}") from None
    if not lines or tuple(lines[0].split("\t")) != HEADER:
        raise CorpusError(f"{file}: first line must be the header {'<TAB>'.join(HEADER)}")
    examples: list[LabelledText] = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        examples.append(_parse_line(line, f"{file}:{number}", taxonomy))
    return examples


def _parse_line(line: str, where: str, taxonomy: Taxonomy) -> LabelledText:
    fields = line.split("\t")
    if len(fields) != len(HEADER):
        raise CorpusError(f"{where}: expected {len(HEADER)} tab-separated fields, got {len(fields)}")
    raw_codes, sentiment, text = fields
    codes = tuple(code.strip() for code in raw_codes.split(",") if code.strip())
    unknown = [code for code in codes if code not in taxonomy]
    if unknown:
        raise CorpusError(
            f"{where}: theme code(s) {', '.join(unknown)} are not in the taxonomy "
            f"{taxonomy.source}; relabel the line or use the taxonomy it was written for"
        )
    if len(set(codes)) != len(codes) or len(codes) > MAX_THEMES:
        raise CorpusError(f"{where}: give 0-{MAX_THEMES} different theme codes")
    if sentiment not in SENTIMENT_LABELS:
        raise CorpusError(f"{where}: sentiment {sentiment!r} is not one of {', '.join(SENTIMENT_LABELS)}")
    if not text.strip():
        raise CorpusError(f"{where}: empty text")
    return LabelledText(text=text, themes=codes, sentiment=sentiment)


REAL_WORDS_PATH = Path(__file__).parent / "data" / "real_words.jsonl"


def read_real_words(
    taxonomy: Taxonomy, split: str | None = None, path: str | Path = REAL_WORDS_PATH
) -> list[LabelledText]:
    """Return the cited quotes from care-experienced young people, optionally one split only.

    Each line of ``real_words.jsonl`` carries the quote, its labels, its source
    title and URL, and its split: ``train`` (may be learnt from) or ``test``
    (never trained on; whole pages fall on one side, so no page is on both).
    """
    file = Path(path)
    examples: list[LabelledText] = []
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        if split is not None and row.get("split") != split:
            continue
        codes = "|".join(row["themes"]).replace("|", ",")
        examples.append(
            _parse_line(f"{codes}\t{row['sentiment']}\t{row['text']}", f"{file}:{number}", taxonomy)
        )
    return examples
