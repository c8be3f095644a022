"""`heard themes`: tag texts with themes and sentiment (JSON Lines), retrain, or evaluate."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli._errors import UserError
from bot.themes_choice import switched_on_model

REPORT_FILE = "heard-report.json"  # the same name as anonymiser.themes.tagger.REPORT_FILE

if TYPE_CHECKING:
    from collections.abc import Sequence

    from anonymiser.themes import Taxonomy, ThemeTagger
    from anonymiser.themes.linear_model import WeightedText
    from anonymiser.themes.sources import CorrectedText

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
        "--limit", type=int, help="train on the first N written examples only (for quick checks)"
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
    model = args.model or os.environ.get(MODEL_ENV) or switched_on_model(_data_dir()) or None
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


def _data_dir() -> Path:
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
            return _train_from_corrections(args, taxonomy)
        return _train_linear(args, taxonomy)
    except CorpusError as exc:
        raise UserError(str(exc)) from None


def _base_examples(args: argparse.Namespace, taxonomy: Taxonomy) -> list[WeightedText]:
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
    return written + real_examples(taxonomy, "train")


def _fit(examples: Sequence[WeightedText], taxonomy: Taxonomy, out: Path, sources: dict[str, int]) -> Path:
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

    examples = _base_examples(args, taxonomy)
    real = sum(1 for ex in examples if ex.group.startswith("page:"))
    out = args.out or DEFAULT_MODEL_DIR
    _fit(examples, taxonomy, out, {"written lines": len(examples) - real, "real quotes": real})
    if args.out and args.out != DEFAULT_MODEL_DIR:
        print(f"use it with: {MODEL_ENV}={out}", file=sys.stderr)
    return 0


def _load_corrections(taxonomy: Taxonomy) -> list[CorrectedText]:
    from anonymiser.themes.sources import CorrectedText
    from bot.cli._context import load_settings, open_database
    from bot.cli._context import run as run_async
    from feedback.theme_corrections import Correction, list_corrections

    settings = load_settings(with_keys=False)

    async def go() -> list[Correction]:
        async with open_database(settings) as db, db.session() as session:
            return await list_corrections(session)

    known = set(taxonomy.codes)
    found, other_codes = [], 0
    for item in run_async(go):
        if not set(item.themes) <= known:
            other_codes += 1  # made under another taxonomy: its codes mean nothing to this one
        elif item.text.strip():
            found.append(CorrectedText(f"{item.source}:{item.source_id}", item.text, item.themes))
    if other_codes:
        print(
            f"left out {other_codes} corrections with codes the taxonomy does not have",
            file=sys.stderr,
            flush=True,
        )
    return found


def _train_from_corrections(args: argparse.Namespace, taxonomy: Taxonomy) -> int:
    import json
    from datetime import UTC, datetime

    from anonymiser.themes.comparison import compare, render
    from anonymiser.themes.linear_model import WeightedText
    from anonymiser.themes.sources import (
        HELD_OUT_FOLDS,
        correction_examples,
        is_held_out,
        labelled_for,
        real_examples,
    )
    from anonymiser.themes.tagger import ThemeTagger, model_digest

    corrections = _load_corrections(taxonomy)
    if not corrections:
        raise UserError(
            "there are no theme corrections yet: workers make them by changing an "
            "issue's themes in the staff portal"
        )
    learnt = correction_examples(corrections)
    held_out = [WeightedText(c.text, c.themes, None, 1.0, c.key) for c in corrections if is_held_out(c)]
    examples = _base_examples(args, taxonomy)
    real = sum(1 for ex in examples if ex.group.startswith("page:"))
    now = datetime.now(UTC)
    out = args.out or _data_dir() / "themes-models" / f"council-{now:%Y%m%d-%H%M%S}"
    _fit(
        [*examples, *learnt],
        taxonomy,
        out,
        {
            "written lines": len(examples) - real,
            "real quotes": real,
            "corrections": len(learnt),
            "corrections held out": len(held_out),
        },
    )
    before_dir = os.environ.get(MODEL_ENV) or switched_on_model(_data_dir())
    before_name = f"the model in use ({before_dir})" if before_dir else "the shipped model"
    try:
        before = ThemeTagger.load(before_dir, taxonomy=taxonomy)
    except (FileNotFoundError, OSError, ValueError) as exc:
        raise UserError(f"cannot load the model in use to compare with: {exc}") from None
    after = ThemeTagger.load(out, taxonomy=taxonomy)
    corrections_name = f"held-out corrections (1 in {HELD_OUT_FOLDS})"
    sets = {
        "real-words test split": real_examples(taxonomy, "test") if labelled_for(taxonomy) else [],
        corrections_name: held_out,
    }
    comparison = compare(before, after, sets, changes_from=corrections_name)
    text = render(comparison, before_name, f"the new model ({out})")
    if len(held_out) < 20:
        text += (
            f"\nOnly {len(held_out)} corrections were held out: figures on them are rough "
            "until workers have corrected more.\n"
        )
    report = {
        "model": str(out.resolve()),
        "digest": model_digest(out),
        "made": now.isoformat(timespec="seconds"),
        "compared_with": before_name,
        **comparison.as_dict(),
        "text": text,
    }
    (out / REPORT_FILE).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(text, end="")
    print(f"\nswitch it on with: heard themes use {out} --report", file=sys.stderr)
    return 0


def run_use(args: argparse.Namespace) -> int:
    """Switch a council model on (or back to the shipped one), only with its report."""
    import json
    from datetime import UTC, datetime

    from anonymiser.themes.tagger import model_digest
    from bot.themes_choice import switch_on, switch_to_shipped

    if not args.report:
        raise UserError("a model is switched on only with its report: add --report to read what changes")
    data_dir = _data_dir()
    if args.model == "shipped":
        _audit("themes.model_shipped", "shipped", {})
        was_on = switch_to_shipped(data_dir)
        print(
            "back to the shipped model"
            + ("" if was_on else " (it was already in use)")
            + "; restart 'heard serve' so the background worker loads it"
        )
        return 0
    model = Path(args.model)
    report_path = model / REPORT_FILE
    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise UserError(
            f"{model}: no report here; only a model made by 'heard themes train "
            "--from-corrections' can be switched on, because that writes what "
            "changes"
        ) from None
    try:
        digest = model_digest(model)
    except OSError as exc:
        raise UserError(f"{model}: cannot read the model: {exc}") from None
    if report.get("digest") != digest:
        raise UserError(
            f"{model}: the model changed after its report was written; retrain it "
            "with 'heard themes train --from-corrections'"
        )
    print(report["text"], end="")
    _audit(
        "themes.model_switched",
        model.name,
        {
            "model": str(model.resolve()),
            "report": str(report_path.resolve()),
            "worse": report.get("worse", []),
        },
    )
    switch_on(data_dir, model, report_path, datetime.now(UTC))
    print(
        f"\nswitched on {model}; restart 'heard serve' so the background worker loads it"
        + (f" ({MODEL_ENV} is set and still wins)" if os.environ.get(MODEL_ENV) else "")
    )
    return 0


def _audit(action: str, target: str, detail: dict[str, object]) -> None:
    """Record the switch in the audit log: it changes how every new comment is tagged."""
    from datetime import UTC, datetime

    from bot.cli._context import load_settings, open_database
    from bot.cli._context import run as run_async
    from feedback import audit

    settings = load_settings(with_keys=False)

    async def go() -> None:
        async with open_database(settings) as db, db.session() as session:
            await audit.record(
                session,
                actor="cli",
                action=action,
                now=datetime.now(UTC),
                target_type="themes_model",
                target_id=target[:64],
                detail=detail,
            )

    run_async(go)


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
