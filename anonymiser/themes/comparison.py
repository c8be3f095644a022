"""What changes if a council switches from one theme model to another, in figures and in examples.

A retrained model is switched on only with this report, because a model can
gain on average and still lose a theme the board relies on: the report puts
every theme whose F1 falls first, then the overall figures on each labelled
set, then texts whose tags would change, so the person switching sees what
board papers will start to say differently.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

from anonymiser.themes.evaluation import score
from anonymiser.themes.linear_model import WeightedText
from anonymiser.themes.tagger import ThemeTagger

DROP = 0.05  # an F1 fall per theme worth a warning
SHOWN_CHANGES = 10


@dataclass(frozen=True)
class SetFigures:
    """One labelled set scored by both models (sentiment only where the set is labelled for it)."""

    name: str
    texts: int
    before: dict[str, float | None]
    after: dict[str, float | None]
    theme_f1_before: dict[str, float]
    theme_f1_after: dict[str, float]
    support: dict[str, int]


@dataclass(frozen=True)
class ChangedText:
    """A text whose tags change, with the label it should have had."""

    text: str
    before: list[str]
    after: list[str]
    labelled: list[str]


@dataclass(frozen=True)
class Comparison:
    """The whole report: figures per set, themes that got worse, and example changes."""

    sets: list[SetFigures]
    worse: list[str]
    changes: list[ChangedText]

    def as_dict(self) -> dict[str, object]:
        """Return the report as plain values (for JSON)."""
        return asdict(self)


def _figures(
    name: str, before: ThemeTagger, after: ThemeTagger, examples: Sequence[WeightedText]
) -> tuple[SetFigures, list[ChangedText]]:
    codes = after.taxonomy.codes
    texts = [ex.text for ex in examples]
    old, new = before.tag_many(texts), after.tag_many(texts)
    gold = [ex.themes for ex in examples]
    felt = all(ex.sentiment is not None for ex in examples)
    gold_sentiment = [ex.sentiment or "" for ex in examples]
    cards = [
        score(codes, gold, [t.themes for t in tagged], gold_sentiment, [t.sentiment for t in tagged])
        for tagged in (old, new)
    ]

    def overall(index: int) -> dict[str, float | None]:
        card = cards[index]
        return {
            "micro-F1": round(card.micro_f1, 3),
            "macro-F1": round(card.macro_f1, 3),
            "sentiment accuracy": round(card.sentiment_accuracy, 3) if felt else None,
        }

    figures = SetFigures(
        name,
        len(examples),
        overall(0),
        overall(1),
        {t.code: round(t.f1, 3) for t in cards[0].themes},
        {t.code: round(t.f1, 3) for t in cards[1].themes},
        {t.code: t.true_positives + t.false_negatives for t in cards[1].themes},
    )
    changes = [
        ChangedText(ex.text, list(o.themes), list(n.themes), list(ex.themes))
        for ex, o, n in zip(examples, old, new, strict=True)
        if set(o.themes) != set(n.themes)
    ]
    return figures, changes


def compare(
    before: ThemeTagger,
    after: ThemeTagger,
    sets: Mapping[str, Sequence[WeightedText]],
    changes_from: str | None = None,
) -> Comparison:
    """Return how ``after`` differs from ``before`` on each named labelled set.

    Texts whose themes change are listed from the set named ``changes_from``
    only: the council's own corrections, not public quotes, show what its
    papers would start to say differently.
    """
    figures: list[SetFigures] = []
    changes: list[ChangedText] = []
    worse: list[str] = []
    for name, examples in sets.items():
        if not examples:
            continue
        found, changed = _figures(name, before, after, examples)
        figures.append(found)
        if name == changes_from:
            changes.extend(changed[:SHOWN_CHANGES])
        for code, was in found.theme_f1_before.items():
            now = found.theme_f1_after[code]
            if found.support[code] and was - now >= DROP:
                worse.append(f"{code} on {name}: F1 {was:.2f} -> {now:.2f} ({found.support[code]} texts)")
    return Comparison(figures, worse, changes)


def render(comparison: Comparison, before_name: str, after_name: str) -> str:
    """Return the report as text a participation worker can read before switching."""
    lines = [f"What changes from {before_name} to {after_name}", ""]
    if comparison.worse:
        lines.append("Themes that get worse (F1 falls by 0.05 or more):")
        lines += [f"  - {line}" for line in comparison.worse]
    else:
        lines.append("No theme's F1 falls by 0.05 or more on any set.")
    lines.append("")
    for figures in comparison.sets:
        lines.append(f"{figures.name} ({figures.texts} texts):")
        for measure, was in figures.before.items():
            now = figures.after[measure]
            if was is None or now is None:
                continue
            lines.append(f"  {measure:<19} {was:.3f} -> {now:.3f} ({now - was:+.3f})")
        lines.append("")
    if comparison.changes:
        lines.append("Held-out corrections whose themes change (worker's themes in brackets):")
        for change in comparison.changes:
            text = change.text if len(change.text) <= 100 else change.text[:97] + "..."
            lines.append(
                f"  - {text!r}: {','.join(change.before) or '-'} -> "
                f"{','.join(change.after) or '-'} [{','.join(change.labelled) or '-'}]"
            )
    return "\n".join(lines).rstrip() + "\n"
