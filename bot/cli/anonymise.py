"""`heard anonymise`: redact names and contact details, JSON Lines in and out."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from bot.cli._errors import UserError

DESCRIPTION = """\
Read JSON Lines {"text": "..."} on standard input and write, one line per input
line and in order, {"redacted": "...", "spans": [{"start", "end", "label"}]}
where offsets index the input text and label is one of PERSON, LOCATION,
CONTACT, ID, DATE, ORG. Bad lines get {"error": "..."}; the exit status is 0.
The spaCy model comes from --model, else HEARD_SPACY_MODEL, else the first
installed English model. A council's own names, places and allow-list are read
from the directory in HEARD_ANONYMISER_DIR (see docs/anonymiser.md).
"""


def register(subparsers: Any) -> None:
    """Add the ``anonymise`` subcommand."""
    parser = subparsers.add_parser(
        "anonymise",
        help="redact names, places and contact details from JSON Lines on stdin",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--model",
        default=None,
        help="spaCy model package to load (default: $HEARD_SPACY_MODEL or auto)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Load the model, then answer every input line; return the exit status."""
    from anonymiser import load_anonymiser
    from anonymiser.engine import ENV_DIR, ENV_MODEL
    from anonymiser.nlp import ModelNotInstalledError
    from bot.cli._jsonl import serve_jsonl

    model = args.model or os.environ.get(ENV_MODEL) or None
    council_dir = os.environ.get(ENV_DIR) or None
    try:
        anonymiser = load_anonymiser(model, council_dir)
    except ModelNotInstalledError as exc:
        raise UserError(str(exc)) from exc
    except ValueError as exc:
        raise UserError(f"cannot configure the anonymiser: {exc}") from exc

    def process(texts: Sequence[str]) -> list[dict[str, Any]]:
        return [
            {
                "redacted": redaction.text,
                "spans": [{"start": s.start, "end": s.end, "label": s.label.value} for s in redaction.spans],
            }
            for redaction in anonymiser.anonymise_batch(texts)
        ]

    return serve_jsonl(process, sys.stdin.buffer, sys.stdout.buffer)
