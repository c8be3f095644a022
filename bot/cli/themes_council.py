"""Council theme models: retrain from workers' corrections, and switch a model on with its report.

Kept apart from ``themes.py`` (tagging, shipped training, evaluation)
because this half needs the database and the data directory, and because
what it guards (a model changes how every new comment is tagged) deserves a
module that fits in one's head.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli._errors import UserError
from bot.cli.themes import MODEL_ENV, TAXONOMY_ENV, base_examples, data_dir, fit_model
from bot.themes_choice import switched_on_model

if TYPE_CHECKING:
    from anonymiser.themes import Taxonomy
    from anonymiser.themes.sources import CorrectedText

REPORT_FILE = "heard-report.json"  # the same name as anonymiser.themes.tagger.REPORT_FILE


def _load_corrections(taxonomy: Taxonomy) -> list[CorrectedText]:
    """Return the workers' corrections the taxonomy can read, through the feedback service."""
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


def train_from_corrections(args: argparse.Namespace, taxonomy: Taxonomy) -> int:
    """Train a council model, compare it with the model in use, print and keep the report."""
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
    examples = base_examples(args, taxonomy)
    real = sum(1 for ex in examples if ex.group.startswith("page:"))
    now = datetime.now(UTC)
    out = args.out or data_dir() / "themes-models" / f"council-{now:%Y%m%d-%H%M%S}"
    fit_model(
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
    before_dir = os.environ.get(MODEL_ENV) or switched_on_model(data_dir())
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


def use(args: argparse.Namespace) -> int:
    """Switch a council model on (or back to the shipped one), only with its report."""
    import json
    from datetime import UTC, datetime

    from anonymiser.themes.tagger import model_digest
    from bot.themes_choice import switch_on, switch_to_shipped

    if not args.report:
        raise UserError("a model is switched on only with its report: add --report to read what changes")
    home = data_dir()
    if args.model == "shipped":
        _audit("themes.model_shipped", "shipped", {})
        was_on = switch_to_shipped(home)
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
    _check_loads(model)
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
    switch_on(home, model, report_path, datetime.now(UTC))
    print(
        f"\nswitched on {model}; restart 'heard serve' so the background worker loads it"
        + (f" ({MODEL_ENV} is set and still wins)" if os.environ.get(MODEL_ENV) else "")
    )
    return 0


def _check_loads(model: Path) -> None:
    """Refuse a model the service could not start with (trained for other theme codes)."""
    from anonymiser.themes import TaxonomyError, ThemeTagger, load_taxonomy

    try:
        ThemeTagger.load(model, taxonomy=load_taxonomy(os.environ.get(TAXONOMY_ENV) or None))
    except (TaxonomyError, OSError, ValueError) as exc:
        raise UserError(f"{model}: heard serve could not use this model: {exc}") from None


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
