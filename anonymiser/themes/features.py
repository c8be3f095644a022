"""The words a linear theme model reads: weighted word, stem, pair and word-piece features of folded text.

Real young people write longer, reflective sentences ("when I moved to my
third placement I stopped trusting anyone") where a chat line would say
"moved again". Stems and pairs of stems let "moved", "moving" and "move on"
share weight, and pieces of words (four letters inside a word) carry
"counsellor" over to "counselling" and survive misspellings. Each text's
vector is scaled to unit length so a long quote counts no more than a short
line. The vocabulary is learnt from the training texts only, so a word first
seen in use simply has no weight.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import numpy.typing as npt

_TOKEN = re.compile(r"[a-z0-9]+|[^\sa-z0-9]")
_SUFFIXES = ("ings", "ing", "edly", "ed", "ers", "er", "ies", "es", "s", "ly", "ment", "ness")
PIECE = 4  # letters in a word piece


def stem(word: str) -> str:
    """Return a crude stem: the word without one common English ending, if enough is left."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def terms(folded: str) -> list[str]:
    """Return the feature names of one folded text (repeats kept: they are counted)."""
    tokens = _TOKEN.findall(folded)
    stems = [stem(token) for token in tokens]
    found = [f"w:{token}" for token in tokens]
    found += [f"s:{s}" for s in stems]
    found += [f"b:{a}_{b}" for a, b in pairwise(stems)]
    for token in tokens:
        if len(token) > PIECE:
            padded = f"<{token}>"
            found += [f"p:{padded[i : i + PIECE]}" for i in range(len(padded) - PIECE + 1)]
    return found


@dataclass(frozen=True)
class SparseRows:
    """A batch of feature vectors in compressed rows (what scipy calls CSR), with numpy only."""

    indptr: npt.NDArray[np.int64]
    indices: npt.NDArray[np.int64]
    values: npt.NDArray[np.float64]
    width: int

    @property
    def rows(self) -> int:
        """Return how many texts the batch holds."""
        return len(self.indptr) - 1

    def _row_of_value(self) -> npt.NDArray[np.int64]:
        return np.repeat(np.arange(self.rows), np.diff(self.indptr))

    def dot(self, weights: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Return rows @ weights (rows × outputs)."""
        out = np.zeros((self.rows, weights.shape[1]))
        filled = np.diff(self.indptr) > 0
        if filled.any():
            products = self.values[:, None] * weights[self.indices]
            # reduceat sums each row's run of values; empty rows are skipped, as it would
            # otherwise copy the next row's first value.
            out[filled] = np.add.reduceat(products, self.indptr[:-1][filled], axis=0)
        return out

    def transposed(self) -> SparseRows:
        """Return the features × texts matrix, so a gradient is one more ``dot``."""
        order = np.argsort(self.indices, kind="stable")
        rows = self._row_of_value()[order]
        counts = np.bincount(self.indices, minlength=self.width)
        indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        return SparseRows(indptr, rows.astype(np.int64), self.values[order], self.rows)

    def with_columns(self, extra: Sequence[Sequence[float]]) -> SparseRows:
        """Return these rows with a few more columns after the last (the same number per row)."""
        if not extra:
            return self
        width = len(extra[0])
        indptr, indices, values = [0], [], []
        for row, added in enumerate(extra):
            start, end = self.indptr[row], self.indptr[row + 1]
            kept = [(self.width + offset, float(v)) for offset, v in enumerate(added) if v]
            indices.append(self.indices[start:end])
            values.append(self.values[start:end])
            indices.append(np.array([c for c, _ in kept], dtype=np.int64))
            values.append(np.array([v for _, v in kept], dtype=np.float64))
            indptr.append(indptr[-1] + int(end - start) + len(kept))
        return SparseRows(
            np.array(indptr, dtype=np.int64),
            np.concatenate(indices),
            np.concatenate(values),
            self.width + width,
        )

    def take(self, which: Sequence[int]) -> SparseRows:
        """Return the chosen rows, in the given order."""
        indptr = [0]
        indices: list[npt.NDArray[np.int64]] = []
        values: list[npt.NDArray[np.float64]] = []
        for row in which:
            start, end = self.indptr[row], self.indptr[row + 1]
            indices.append(self.indices[start:end])
            values.append(self.values[start:end])
            indptr.append(indptr[-1] + int(end - start))
        return SparseRows(
            np.array(indptr, dtype=np.int64),
            np.concatenate(indices) if indices else np.zeros(0, np.int64),
            np.concatenate(values) if values else np.zeros(0),
            self.width,
        )


@dataclass(frozen=True)
class Vocabulary:
    """Feature names with their column and inverse document frequency, learnt from training texts."""

    names: tuple[str, ...]
    idf: npt.NDArray[np.float64]

    @classmethod
    def learn(cls, folded_texts: Iterable[str], min_count: int = 2) -> Vocabulary:
        """Return the features seen in at least ``min_count`` texts, with their idf."""
        documents = 0
        seen: Counter[str] = Counter()
        for text in folded_texts:
            documents += 1
            seen.update(set(terms(text)))
        names = tuple(sorted(name for name, n in seen.items() if n >= min_count))
        idf = np.array([math.log((documents + 1) / (seen[name] + 1)) + 1.0 for name in names])
        return cls(names, idf)

    def encode(self, folded_texts: Sequence[str], extra: Sequence[Sequence[float]] = ()) -> SparseRows:
        """Return the unit-length weighted vectors of ``folded_texts``, then any extra columns.

        ``extra`` holds per text a few more values (phrase matches, the
        lexicon's reading) placed after the vocabulary and not scaled.
        """
        column = self._columns()
        width = len(self.names) + (len(extra[0]) if extra else 0)
        indptr = [0]
        indices: list[int] = []
        values: list[float] = []
        for row, text in enumerate(folded_texts):
            counts = Counter(column[t] for t in terms(text) if t in column)
            weights = {c: (1.0 + math.log(n)) * float(self.idf[c]) for c, n in counts.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for c in sorted(weights):
                indices.append(c)
                values.append(weights[c] / norm)
            if extra:
                for offset, value in enumerate(extra[row]):
                    if value:
                        indices.append(len(self.names) + offset)
                        values.append(float(value))
            indptr.append(len(indices))
        return SparseRows(
            np.array(indptr, dtype=np.int64),
            np.array(indices, dtype=np.int64),
            np.array(values, dtype=np.float64),
            width,
        )

    def _columns(self) -> dict[str, int]:
        cached: dict[str, int] | None = getattr(self, "_column_cache", None)
        if cached is None:
            cached = {name: i for i, name in enumerate(self.names)}
            object.__setattr__(self, "_column_cache", cached)
        return cached
