"""`heard report`: write the "voice of the child" board paper for a period to files."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from bot.cli._errors import UserError

FORMATS = ("docx", "html", "pdf", "csv")


def register(subparsers: Any) -> None:
    """Add `heard report`."""
    parser = subparsers.add_parser(
        "report",
        help="write the board paper for a period (DOCX, HTML, PDF, CSV tables)",
        description=(
            "Write the 'voice of the child' paper for the Corporate Parenting Board from the "
            "database, with every number disclosure-controlled (counts 1 to HEARD_SUPPRESSION_MAX "
            "shown as c). Formats: docx (for circulation), html, pdf, and csv (a ZIP of the "
            "suppressed tables with a codebook). Progress goes to stderr; the files written are "
            "listed on stdout."
        ),
        epilog="Example: heard report --period 2026-Q3 --format docx,pdf --out papers/",
    )
    parser.add_argument("--period", metavar="YYYY-QN", help="a quarter, e.g. 2026-Q3")
    parser.add_argument(
        "--from",
        dest="start",
        type=_day,
        metavar="DATE",
        help="first day (YYYY-MM-DD), with --to, instead of --period",
    )
    parser.add_argument(
        "--to", dest="last", type=_day, metavar="DATE", help="last day, included (YYYY-MM-DD)"
    )
    parser.add_argument(
        "--cohort", metavar="COHORT", help="only in-care, care-leaver, or one cohort such as in-care:11-15"
    )
    parser.add_argument(
        "--format",
        default="docx,html,pdf",
        metavar="LIST",
        help=f"comma-separated, from {','.join(FORMATS)} (default docx,html,pdf)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="folder to write into (created if missing; default: here)",
    )
    parser.add_argument(
        "--store",
        action="store_true",
        help="also save it in the database as a draft for approval in the portal",
    )
    parser.set_defaults(func=run)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it like 2026-07-01") from None


def _formats(text: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise UserError(f"unknown format {', '.join(unknown) or '(none)'}; choose from {','.join(FORMATS)}")
    return chosen


class _Progress:
    def __init__(self) -> None:
        self.started = time.monotonic()

    def __call__(self, step: str) -> None:
        print(f"[{time.monotonic() - self.started:5.1f}s] {step}…", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    """Write the paper's files; return 0."""
    from datetime import UTC, datetime

    from bot.cli._context import load_settings
    from bot.cli._context import run as run_async
    from feedback.aggregate import CohortFilter, PeriodError, parse_period
    from feedback.aggregate.period import releasable

    formats = _formats(args.format)
    try:
        period = parse_period(args.period, start=args.start, last=args.last)
        cohort = CohortFilter.parse(args.cohort)
        releasable(period, datetime.now(UTC).date())  # a period Heard cannot publish: say so first
    except (PeriodError, ValueError) as exc:
        raise UserError(str(exc)) from exc
    if args.period and (args.start or args.last):
        raise UserError("give either --period or --from/--to, not both")
    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create {args.out}: {exc.strerror}") from exc
    settings = load_settings(with_keys=False)
    progress = _Progress()
    now = datetime.now(UTC)
    try:
        files = run_async(lambda: _make(settings, period, cohort, formats, now, args.store, progress))
    except ValueError as exc:  # PeriodError or DisclosureRefused: one plain line saying why
        raise UserError(str(exc)) from None
    for name, data in files.items():
        path = args.out / name
        path.write_bytes(data)
        print(path)
    progress(f"done: {len(files)} file(s)")
    return 0


async def _make(
    settings: Any,
    period: Any,
    cohort: Any,
    formats: tuple[str, ...],
    now: Any,
    store: bool,
    progress: _Progress,
) -> dict[str, bytes]:
    from bot.cli._context import open_database
    from feedback.papers import render_paper
    from feedback.papers.draft import (
        committee_cover,
        paper_filename,
        prepare_paper,
        record_files,
        store_paper,
    )

    async with open_database(settings) as db:
        options = {
            "period": period,
            "cohort": cohort,
            "suppression_max": settings.suppression_max,
            "now": now,
            "council": settings.council_name,
            "taxonomy_path": settings.taxonomy_path,
            "cover": committee_cover(author=settings.paper_author, contact=settings.paper_contact),
        }
        progress(f"reading {period.label} from the database and checking it against every release so far")
        prepared = await prepare_paper(db, **options)
        content = prepared.content
        rendered = render_paper(content, formats, progress, docx_template=settings.paper_template)
        if store:
            progress("saving a draft for approval")
            paper = await store_paper(
                db,
                content=content,
                files=rendered,
                cohort=cohort,
                now=now,
                created_by="cli",
                prepared=prepared,
            )
            progress(f"draft paper {paper.id} saved")
        # The files leave Heard, so their numbers join the ledger every later paper is checked against.
        await record_files(db, prepared, now=now, by="cli")
        return {paper_filename(content, fmt, cohort): data for fmt, data in rendered.items()}
