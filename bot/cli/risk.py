"""`heard risk`: safeguarding risk levels for JSON Lines texts on stdin (a co-process)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.cli._errors import UserError


def register(subparsers: Any) -> None:
    """Add the ``risk`` subcommand."""
    parser = subparsers.add_parser(
        "risk",
        help="Risk-check texts for safeguarding (JSON Lines in, JSON Lines out).",
        description=(
            'Reads one JSON object per line, {"text": "..."}, and writes one line per input, '
            'in order: {"level": "none"|"concern"|"urgent", "categories": [...]}. '
            'A bad line gets {"error": "..."} and the command carries on. '
            "Add --evidence to include where in each text the rules matched."
        ),
    )
    parser.add_argument(
        "--rules",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder of risk rule files (default: the rules shipped with Heard)",
    )
    parser.add_argument(
        "--evidence",
        action="store_true",
        help="add an 'evidence' list (category, level, start, end, rule, reason) to each answer",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Serve the JSON Lines contract until stdin ends; return 0."""
    from anonymiser.risk import RiskDetector, default_detector
    from bot.cli._jsonl import serve_jsonl

    if args.rules is not None:
        if not (args.rules / "patterns").is_dir():
            raise UserError(f"{args.rules} has no 'patterns' folder; point --rules at a rules folder")
        try:
            detector = RiskDetector(data_dir=args.rules)
        except (OSError, ValueError) as exc:
            raise UserError(f"could not load risk rules from {args.rules}: {exc}") from exc
    else:
        detector = default_detector()
    with_evidence = bool(args.evidence)

    def process_batch(texts: Sequence[str]) -> list[dict[str, Any]]:
        answers: list[dict[str, Any]] = []
        for risk in detector.assess_many(texts):
            answer = risk.as_contract()
            if with_evidence:
                answer["evidence"] = [
                    {
                        "category": e.category.value if e.category else None,
                        "level": e.level.value,
                        "start": e.start,
                        "end": e.end,
                        "rule": e.rule,
                        "reason": e.reason,
                    }
                    for e in risk.evidence
                ]
            answers.append(answer)
        return answers

    return serve_jsonl(process_batch, sys.stdin.buffer, sys.stdout.buffer)
