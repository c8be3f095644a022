"""`heard themes`: tag texts with themes and sentiment (JSON Lines), retrain, or evaluate."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli._errors import UserError
from bot.themes_choice import switched_on_model

if TYPE_CHECKING:
    from collections.abc import Sequence

    from anonymiser.themes import Taxonomy, ThemeTagger
    from anonymiser.themes.linear_model import WeightedText

TAXONOMY_ENV = "HEARD_TAXONOMY"
MODEL_ENV = "HEARD_THEMES_MODEL"


def register(subparsers: Any) -> None:
    """Add ``heard themes`` and its ``train``, ``use`` and ``eval`` subcommands."""
    parser = subparsers.add_parser(
        "themes",
        help="tag redacted texts with themes and sentiment (JSON Lines); train or evaluate",
        description=(
            'With no subcommand, read JSON Lines {"text": ...} on stdin and write '
            '{"themes": [code, ...], "sentiment": ...} per line on stdout. Themes come '
            f"from the taxonomy in ${TAXONOMY_ENV} (Heard's default if unset); the model "
            f"from ${MODEL_ENV} (the shipped model if unset)."
        ),
    )
    _add_common(parser)
    parser.set_defaults(func=run)
    actions = parser.add_subparsers(title="subcommands", metavar="SUBCOMMAND")

    train = actions.add_parser(
        "train",
        help="retrain the theme and sentiment model from labelled data",
        description="Train the model from Heard's written chat lines (or --data, a labelled TSV "
        "file: themes, sentiment, text) and the cited real quotes' train split, and "
        "write it to a directory. With --from-corrections, add the workers' theme "
        "corrections from the database (one in five held out), then compare the new "
        "model with the one in use and write the report beside it. Same data and "
        "settings: same model.",
    )
    _add_common(train, model=False)
    train.add_argument("--data", type=Path, help="labelled TSV file (default: Heard's own)")
    train.add_argument(
        "--out",
        type=Path,
        help="directory to write the model to (default: the shipped model; with "
        "--from-corrections a new folder under HEARD_DATA_DIR/themes-models)",
    )
    train.add_argument(
        "--from-corrections",
        action="store_true",
        help="also learn from workers' theme corrections in the database",
    )
    train.add_argument(
        "--kind",
        choices=["linear", "spacy"],
        default="linear",
        help="linear (default) or the older spaCy classifier (no real quotes, no corrections)",
    )
    train.add_argument("--seed", type=int, default=0, help="random seed, spaCy only (default: 0)")
    train.add_argument("--epochs", type=int, help="passes over the data, spaCy only (default: 25)")
    train.add_argument(
        "--limit",
        type=int,
        help="train on the first N written examples and N real quotes only (a quick check, in seconds)",
    )
    train.set_defaults(func=run_train)

    use = actions.add_parser(
        "use",
        help="switch a trained model on, after reading what changes",
        description="Switch on a model written by 'heard themes train --from-corrections' (or "
        "'shipped' to go back). It is refused without --report, which prints the "
        "comparison made when the model was trained; the choice is kept in "
        "HEARD_DATA_DIR and applies to 'heard serve' after a restart. "
        f"${MODEL_ENV}, when set, still wins.",
    )
    use.add_argument("model", help="model directory, or 'shipped'")
    use.add_argument(
        "--report",
        action="store_true",
        help="print what changes (required: a model is switched on only with it)",
    )
    use.set_defaults(func=run_use)

    evaluate = actions.add_parser(
        "eval",
        help="score the model on held-out labelled texts",
        description="Tag a labelled TSV file and print micro/macro F1, per-theme precision "
        "and recall, and sentiment accuracy.",
    )
    _add_common(evaluate)
    evaluate.add_argument("--data", type=Path, help="labelled TSV file (default: Heard's held-out set)")
    evaluate.set_defaults(func=run_eval)


def _add_common(parser: argparse.ArgumentParser, model: bool = True) -> None:
    parser.add_argument(
        "--taxonomy", type=Path, help=f"taxonomy JSON file (default: ${TAXONOMY_ENV} or Heard's own)"
    )
    if model:
        parser.add_argument(
            "--model", type=Path, help=f"trained model directory (default: ${MODEL_ENV} or shipped)"
        )


def _taxonomy(args: argparse.Namespace) -> Taxonomy:
    from anonymiser.themes import TaxonomyError, load_taxonomy

    path = args.taxonomy or os.environ.get(TAXONOMY_ENV) or None
    try:
        return load_taxonomy(path)
    except TaxonomyError as exc:
        raise UserError(str(exc)) from None


def load_tagger(args: argparse.Namespace) -> ThemeTagger:
    """Return the tagger chosen by the arguments and environment, as a user-facing error."""
    from anonymiser.themes import TaxonomyError, ThemeTagger

    taxonomy = _taxonomy(args)
    model = args.model or os.environ.get(MODEL_ENV) or switched_on_model(data_dir()) or None
    try:
        return ThemeTagger.load(model, taxonomy=taxonomy)
    except (TaxonomyError, FileNotFoundError, OSError) as exc:
        raise UserError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    """Serve the JSON Lines contract until end of input."""
    from bot.cli._jsonl import serve_jsonl

    tagger = load_tagger(args)

    def process_batch(texts: Sequence[str]) -> list[dict[str, Any]]:
        return [{"themes": list(t.themes), "sentiment": t.sentiment} for t in tagger.tag_many(texts)]

    return serve_jsonl(process_batch, sys.stdin.buffer, sys.stdout.buffer)


def data_dir() -> Path:
    """Return HEARD_DATA_DIR as the themes commands use it (no other setting is needed to tag)."""
    return Path(os.environ.get("HEARD_DATA_DIR") or "var").expanduser()


def run_train(args: argparse.Namespace) -> int:
    """Train and save a model, reporting progress on stderr."""
    from anonymiser.themes import CorpusError

    taxonomy = _taxonomy(args)
    if args.kind == "spacy":
        if args.from_corrections:
            raise UserError("--from-corrections trains the linear model; leave out --kind spacy")
        return _train_spacy(args, taxonomy)
    try:
        if args.from_corrections:
            from bot.cli.themes_council import train_from_corrections

            return train_from_corrections(args, taxonomy)
        return _train_linear(args, taxonomy)
    except CorpusError as exc:
        raise UserError(str(exc)) from None


def base_examples(args: argparse.Namespace, taxonomy: Taxonomy) -> list[WeightedText]:
    """Return the written lines (or ``--data``) and, under Heard's codes, the real quotes' train split."""
    from anonymiser.themes.sources import labelled_for, real_examples, written_examples

    written = written_examples(taxonomy, args.data)
    if args.limit is not None:
        written = written[: max(args.limit, 1)]
    if not labelled_for(taxonomy):
        print(
            "the cited real quotes are labelled with Heard's theme codes, not this taxonomy's: "
            "training without them",
            file=sys.stderr,
            flush=True,
        )
        return written
    real = real_examples(taxonomy, "train")
    if args.limit is not None:
        real = real[: max(args.limit, 1)]  # a quick check: the quotes, not only the written lines, are cut
    return written + real


def fit_model(
    examples: Sequence[WeightedText], taxonomy: Taxonomy, out: Path, sources: dict[str, int]
) -> Path:
    from anonymiser.themes.linear_model import DEFAULT_CONCEPTS_PATH, train_linear
    from anonymiser.themes.patterns import load_patterns

    print(
        f"training on {len(examples)} examples ("
        + ", ".join(f"{n} {name}" for name, n in sources.items())
        + f"), {len(taxonomy)} themes",
        file=sys.stderr,
        flush=True,
    )
    model, record = train_linear(
        examples, taxonomy.codes, load_patterns(), load_patterns(DEFAULT_CONCEPTS_PATH)
    )
    record["taxonomy_version"] = taxonomy.version
    record["sources"] = sources
    model.save(out, record)
    print(f"model written to {out}", file=sys.stderr, flush=True)
    return out


def _train_linear(args: argparse.Namespace, taxonomy: Taxonomy) -> int:
    from anonymiser.themes.tagger import DEFAULT_MODEL_DIR

    examples = base_examples(args, taxonomy)
    real = sum(1 for ex in examples if ex.group.startswith("page:"))
    out = args.out or DEFAULT_MODEL_DIR
    fit_model(examples, taxonomy, out, {"written lines": len(examples) - real, "real quotes": real})
    if args.out and args.out != DEFAULT_MODEL_DIR:
        print(f"use it with: {MODEL_ENV}={out}", file=sys.stderr)
    return 0


def run_use(args: argparse.Namespace) -> int:
    """Switch a council model on (or back to the shipped one), only with its report."""
    from bot.cli.themes_council import use

    return use(args)


def _train_spacy(args: argparse.Namespace, taxonomy: Taxonomy) -> int:
    from anonymiser.themes import CorpusError, read_labelled
    from anonymiser.themes.corpus import TRAINING_PATH
    from anonymiser.themes.tagger import DEFAULT_MODEL_DIR
    from anonymiser.themes.training import TrainingSettings, save, train

    try:
        examples = read_labelled(args.data or TRAINING_PATH, taxonomy)
    except CorpusError as exc:
        raise UserError(str(exc)) from None
    if args.limit is not None:
        examples = examples[: max(args.limit, 1)]
    defaults = TrainingSettings()
    settings = TrainingSettings(seed=args.seed, epochs=args.epochs or defaults.epochs)
    if settings.epochs < 1:
        raise UserError("--epochs must be at least 1")
    out = args.out or DEFAULT_MODEL_DIR
    print(
        f"training on {len(examples)} examples, {len(taxonomy)} themes, seed {args.seed}",
        file=sys.stderr,
        flush=True,
    )
    nlp = train(examples, taxonomy, settings, progress=lambda line: print(line, file=sys.stderr, flush=True))
    save(nlp, out, taxonomy, settings, examples=len(examples))
    print(f"model written to {out}", file=sys.stderr)
    if args.out and args.out != DEFAULT_MODEL_DIR:
        print(f"use it with: {MODEL_ENV}={out}", file=sys.stderr)
    return 0


def run_eval(args: argparse.Namespace) -> int:
    """Print the scorecard of the model on labelled texts."""
    from anonymiser.themes import CorpusError, read_labelled
    from anonymiser.themes.corpus import HELDOUT_PATH
    from anonymiser.themes.evaluation import score

    tagger = load_tagger(args)
    try:
        examples = read_labelled(args.data or HELDOUT_PATH, tagger.taxonomy)
    except CorpusError as exc:
        raise UserError(str(exc)) from None
    tagged = tagger.tag_many(ex.text for ex in examples)
    card = score(
        tagger.taxonomy.codes,
        [ex.themes for ex in examples],
        [t.themes for t in tagged],
        [ex.sentiment for ex in examples],
        [t.sentiment for t in tagged],
    )
    print(
        f"texts {card.texts}  micro-F1 {card.micro_f1:.3f}  macro-F1 {card.macro_f1:.3f}  "
        f"sentiment accuracy {card.sentiment_accuracy:.3f}"
    )
    print(f"{'theme':<8} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8}")
    for theme in card.themes:
        support = theme.true_positives + theme.false_negatives
        print(f"{theme.code:<8} {theme.precision:>9.3f} {theme.recall:>7.3f} {theme.f1:>6.3f} {support:>8}")
    return 0
