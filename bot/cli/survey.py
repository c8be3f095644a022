"""`heard survey`: check survey files, list the installed surveys, print the schema."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from bot.cli._errors import UserError

SURVEYS_DIR_ENV = "HEARD_SURVEYS_DIR"


def register(subparsers: Any) -> None:
    """Add `heard survey validate|list|schema`."""
    parser = subparsers.add_parser(
        "survey",
        help="check survey files and list the installed surveys",
        description=(
            "Survey definitions are YAML files (see docs/surveys.md). 'validate' reports every "
            "problem with file:line and a fix; 'list' shows the shipped surveys plus those in "
            f"${SURVEYS_DIR_ENV}; 'schema' prints the JSON Schema for editors."
        ),
    )
    parser.set_defaults(func=lambda _args: _usage(parser))
    actions = parser.add_subparsers(title="actions", metavar="ACTION")

    validate = actions.add_parser(
        "validate",
        help="check survey files; exit 1 if any has problems",
        description="Check survey files (or every .yaml/.yml file in a directory). Prints "
        "each problem as FILE:LINE: what is wrong, then a fix. Exit 0 when all are good, "
        "1 when any problem is found.",
    )
    validate.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    validate.set_defaults(func=run_validate)

    listing = actions.add_parser(
        "list",
        help="list survey files, or with --installed the versions in the database",
        description=f"List the shipped surveys and those in ${SURVEYS_DIR_ENV} (if set) with "
        "version, audience and languages. With --installed, list instead every survey version "
        "installed in the database: when it was installed and how many rounds use it.",
    )
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    listing.add_argument(
        "--installed", action="store_true", help="list the versions installed in the database"
    )
    listing.set_defaults(func=run_list)

    install = actions.add_parser(
        "install",
        help="install survey files into the database so rounds can use them",
        description="Install survey versions into the database (the shipped surveys and those in "
        f"${SURVEYS_DIR_ENV} when no PATH is given). Safe to repeat: an installed version is never "
        "changed, and a file whose content changed without a new 'version:' is refused (exit 1). "
        f"'heard serve' installs the shipped surveys and ${SURVEYS_DIR_ENV} at start-up too.",
    )
    install.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    install.set_defaults(func=run_install)

    schema = actions.add_parser(
        "schema",
        help="print the JSON Schema of survey files",
        description="Print the JSON Schema that survey files follow (the committed copy is "
        "surveys/schema/survey.schema.json).",
    )
    schema.set_defaults(func=run_schema)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def run_validate(args: argparse.Namespace) -> int:
    """Print every problem in the files named; return 1 if there are any, else 0."""
    from surveys.bank import check_files, survey_files

    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        raise UserError(f"no such file or directory: {', '.join(missing)}")
    files = survey_files(args.paths)
    if not files:
        raise UserError("no .yaml or .yml files found in the directories given")
    results = check_files(files)
    problems = [p for checked in results for p in checked.problems]
    for problem in problems:
        print(problem)
    bad = sum(1 for checked in results if not checked.ok)
    if problems:
        print(f"{len(problems)} problem(s) in {bad} of {len(results)} file(s)")
        return 1
    print(f"{len(results)} file(s) OK")
    return 0


def run_list(args: argparse.Namespace) -> int:
    """Print the survey files (or the installed versions); return 1 if some files could not be loaded."""
    from surveys.bank import load_bank

    if args.installed:
        return run_list_installed(args)

    extra = os.environ.get(SURVEYS_DIR_ENV) or None
    extra_dir = Path(extra) if extra else None
    if extra_dir is not None and not extra_dir.is_dir():
        raise UserError(f"{SURVEYS_DIR_ENV}={extra} is not a directory; fix or unset it")
    bank = load_bank(extra_dir)
    rows = [
        {
            "id": s.id,
            "version": s.version,
            "purpose": s.purpose,
            "audience": [
                f"{c} {b}" for c in s.audience.care_status for b in s.audience.age_bands if _band_fits(c, b)
            ],
            "languages": list(s.languages),
            "questions": sum(1 for q in s.questions if q.answerable),
        }
        for s in sorted(bank.surveys, key=lambda s: (s.id, s.version))
    ]
    if args.json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
    else:
        _print_table(rows)
    if bank.problems:
        files = sorted({p.file for p in bank.problems})
        for file in files:
            print(f"skipped {file}: run 'heard survey validate {file}'", file=sys.stderr)
        return 1
    return 0


def _band_fits(status: str, band: str) -> bool:
    from surveys.cohorts import BANDS_FOR_STATUS

    return band in BANDS_FOR_STATUS.get(status, ())  # type: ignore[call-overload]


def _print_table(rows: list[dict[str, Any]]) -> None:
    header = ["ID", "VERSION", "PURPOSE", "AUDIENCE", "LANGUAGES", "QUESTIONS"]
    lines = [header] + [
        [
            r["id"],
            str(r["version"]),
            r["purpose"],
            ", ".join(r["audience"]),
            ", ".join(r["languages"]),
            str(r["questions"]),
        ]
        for r in rows
    ]
    _print_columns(lines)


def _print_columns(lines: list[list[str]]) -> None:
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    for line in lines:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())


def run_list_installed(args: argparse.Namespace) -> int:
    """Print every survey version installed in the database, with its install date and rounds."""
    from bot.cli._context import load_settings, open_database
    from bot.cli._context import run as run_async
    from feedback.surveys_store import InstalledVersion, installed_versions

    settings = load_settings(with_keys=False)

    async def go() -> list[InstalledVersion]:
        async with open_database(settings) as db, db.session() as session:
            return await installed_versions(session)

    versions = run_async(go)
    if args.json:
        for v in versions:
            row = {
                "id": v.survey_id,
                "version": v.version,
                "title": v.title,
                "installed_on": v.installed_at.date().isoformat() if v.installed_at else None,
                "rounds": v.rounds,
            }
            print(json.dumps(row, ensure_ascii=False))
        return 0
    if not versions:
        print("No surveys are installed yet. Install them with: heard survey install")
        return 0
    _print_columns(
        [["ID", "VERSION", "INSTALLED", "ROUNDS", "TITLE"]]
        + [
            [
                v.survey_id,
                str(v.version),
                v.installed_at.date().isoformat() if v.installed_at else "-",
                str(v.rounds) if v.rounds else "none",
                v.title,
            ]
            for v in versions
        ]
    )
    return 0


def run_install(args: argparse.Namespace) -> int:
    """Install survey files; return 1 if any could not be installed."""
    from datetime import UTC, datetime

    from bot.cli.campaign import in_database
    from feedback.surveys_store import install_surveys
    from surveys.bank import check_files, load_bank, survey_files

    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        raise UserError(f"no such file or directory: {', '.join(missing)}")
    if args.paths:
        results = check_files(survey_files(args.paths))
        surveys = [c.survey for c in results if c.survey is not None]
        problems = [p for c in results for p in c.problems]
    else:
        extra = os.environ.get(SURVEYS_DIR_ENV) or None
        bank = load_bank(Path(extra) if extra else None)
        surveys, problems = list(bank.surveys), list(bank.problems)
    for problem in problems:
        print(problem)

    async def step(session: Any, _settings: Any) -> Any:
        return await install_surveys(session, surveys, now=datetime.now(UTC))

    done = in_database(step)
    for item in done:
        note = f": {item.message}" if item.message else ""
        print(f"{item.outcome:<10} {item.survey_id} v{item.version}{note}")
    refused = sum(1 for item in done if item.outcome == "refused")
    return 1 if problems or refused else 0


def run_schema(_args: argparse.Namespace) -> int:
    """Print the JSON Schema of survey files."""
    from surveys.json_schema import schema_text

    sys.stdout.write(schema_text())
    return 0
