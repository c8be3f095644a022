"""Where the theme model learns from, and how much each source counts.

Three sources, mixed: the written chat-style lines (``train.tsv``: short,
slangy, what the chat receives), the real young people's words quoted on
public pages (the ``train`` split of ``real_words.jsonl``: longer, reflective
sentences), and, for a council's own model, its workers' corrections. A real
quote counts ``REAL_WEIGHT`` times a written line, because there are five
written lines for each quote and the quotes are how young people actually
write; a correction counts ``CORRECTION_WEIGHT`` times, because it is the
council's own young people and the council's own reading of the taxonomy.
``REAL_WEIGHT`` was chosen by cross-validation on the training data (1, 3
and 8 tried; never on the ``test`` split); ``CORRECTION_WEIGHT`` is a
judgement, to be checked once councils have corrections to measure it on.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from anonymiser.themes.corpus import REAL_WORDS_PATH, TRAINING_PATH, _parse_line, read_labelled
from anonymiser.themes.linear_model import WeightedText, fold_of
from anonymiser.themes.taxonomy import Taxonomy

REAL_WEIGHT = 3.0
CORRECTION_WEIGHT = 3.0
HELD_OUT_FOLDS = 5  # one correction in five is held out to judge the retrained model


@dataclass(frozen=True)
class CorrectedText:
    """A worker's correction as the model sees it: the text, the chosen themes and a stable key."""

    key: str
    text: str
    themes: tuple[str, ...]


def written_examples(taxonomy: Taxonomy, path: str | Path | None = None) -> list[WeightedText]:
    """Return the written chat-style training lines, each counting once."""
    return [
        WeightedText(ex.text, ex.themes, ex.sentiment, 1.0, f"written:{ex.text}")
        for ex in read_labelled(path or TRAINING_PATH, taxonomy)
    ]


def real_examples(
    taxonomy: Taxonomy, split: str = "train", path: str | Path = REAL_WORDS_PATH
) -> list[WeightedText]:
    """Return the cited real quotes of one split, grouped by their page so a page is never split."""
    file = Path(path)
    examples = []
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("split") != split:
            continue
        parsed = _parse_line(
            f"{','.join(row['themes'])}\t{row['sentiment']}\t{row['text']}", f"{file}:{number}", taxonomy
        )
        examples.append(
            WeightedText(parsed.text, parsed.themes, parsed.sentiment, REAL_WEIGHT, f"page:{row['url']}")
        )
    return examples


def labelled_for(taxonomy: Taxonomy) -> bool:
    """Return whether the real quotes' labels mean the same in ``taxonomy`` as in Heard's own.

    The quotes are labelled with Heard's codes: under a council's taxonomy with other codes a
    quote would teach "not this theme" for every theme it was never labelled with, so they are
    used only when the codes are the same (names and definitions may differ).
    """
    from anonymiser.themes.taxonomy import load_taxonomy

    return set(taxonomy.codes) == set(load_taxonomy().codes)


def is_held_out(correction: CorrectedText) -> bool:
    """Return whether a correction is kept back to judge the model (the same one every time)."""
    return fold_of(f"correction:{correction.key}", HELD_OUT_FOLDS) == 0


def correction_examples(
    corrections: Sequence[CorrectedText], weight: float = CORRECTION_WEIGHT
) -> list[WeightedText]:
    """Return the corrections not held out, as theme-only examples (they say nothing of feeling)."""
    return [
        WeightedText(c.text, c.themes, None, weight, f"correction:{c.key}")
        for c in corrections
        if not is_held_out(c)
    ]
