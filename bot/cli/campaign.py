"""`heard campaign`: create, list, show and close survey rounds."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime, time
from typing import TYPE_CHECKING, Any, TypeVar

from bot.cli._errors import UserError

if TYPE_CHECKING:
    from feedback.campaigns import SurveyRound
    from surveys import Cohort, DailyWindow

T = TypeVar("T")

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def register(subparsers: Any) -> None:
    """Add `heard campaign create|list|show|close`."""
    parser = subparsers.add_parser(
        "campaign",
        help="create, list, show and close survey rounds",
        description=(
            "A survey round sends one survey to one or more cohorts between an opening and a "
            "closing time, with at most two gentle reminders, never in quiet hours (and, for "
            "under-16s, never in school hours). 'heard serve' sends the invites and reminders. "
            "Times are UK local time. See docs/rounds.md."
        ),
    )
    parser.set_defaults(func=lambda _args: _usage(parser))
    actions = parser.add_subparsers(title="actions", metavar="ACTION")

    create = actions.add_parser(
        "create",
        help="create a round",
        description="Create a survey round. The shipped surveys and those in HEARD_SURVEYS_DIR are "
        "installed first if they are not yet.",
        epilog="Example: heard campaign create --name 'Promise survey winter 2026' "
        "--survey promise-11-17 --opens 2026-12-01 --closes 2026-12-22",
    )
    create.add_argument("--name", required=True, help="what staff will call the round")
    create.add_argument(
        "--survey",
        required=True,
        metavar="ID[@VERSION]",
        help="survey id, e.g. promise-11-17 (newest version) or promise-11-17@1",
    )
    create.add_argument(
        "--cohort",
        action="append",
        metavar="STATUS[:BAND]",
        help="in-care:8-10, in-care:11-15, in-care:16-17, care-leaver:16-25, or a status alone for all "
        "its bands the survey covers; repeat for several (default: everyone the survey is for)",
    )
    create.add_argument(
        "--opens",
        required=True,
        metavar="WHEN",
        help="YYYY-MM-DD (the round opens at the start of that day) or 'YYYY-MM-DD HH:MM'",
    )
    create.add_argument(
        "--closes",
        required=True,
        metavar="WHEN",
        help="YYYY-MM-DD (the round closes at the end of that day) or 'YYYY-MM-DD HH:MM'",
    )
    create.add_argument(
        "--reminders",
        default="3,7",
        metavar="DAYS",
        help="days after the invite for up to 2 reminders, e.g. '3,7' (default) or 'none'",
    )
    create.add_argument(
        "--quiet-hours",
        default="21:00-08:00",
        metavar="HH:MM-HH:MM|off",
        help="no messages in this daily window (default 21:00-08:00)",
    )
    create.add_argument(
        "--school-hours",
        default="08:30-15:30",
        metavar="HH:MM-HH:MM|off",
        help="no messages to under-16s in this window, Monday to Friday (default 08:30-15:30)",
    )
    text = create.add_mutually_exclusive_group()
    text.add_argument("--invite-text", help="your own invite wording (default: Heard's gentle wording)")
    text.add_argument("--invite-file", type=argparse.FileType("r", encoding="utf-8"),
                      help="read the invite wording from a file")  # fmt: skip
    create.set_defaults(func=run_create)

    listing = actions.add_parser("list", help="list rounds", description="List every survey round.")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    listing.set_defaults(func=run_list)

    show = actions.add_parser(
        "show",
        help="show a round and its response rates",
        description="Show a round's settings and how many were invited, started and completed, per "
        "cohort. Counts from 1 to HEARD_SUPPRESSION_MAX are shown as 'c', with further cells hidden "
        "where they would reveal one; no percentage is shown on a base under 10.",
    )
    show.add_argument("round_id", type=int, metavar="ROUND")
    show.set_defaults(func=run_show)

    close = actions.add_parser(
        "close",
        help="close a round now",
        description="Close a round now: no more invites or reminders, and the survey can no longer "
        "be taken. Answers given so far are kept.",
    )
    close.add_argument("round_id", type=int, metavar="ROUND")
    close.set_defaults(func=run_close)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


# -- parsing ---------------------------------------------------------------------------------------
def parse_when(text: str, option: str) -> datetime:
    """Return a UK local date, or date and time, as an aware datetime (``surveys.round_moment``'s meaning).

    A date alone is the whole day: ``--opens`` the start of it, ``--closes`` the
    end of it, as in the portal.
    """
    from surveys.send_times import round_moment

    cleaned = text.strip().replace("T", " ")
    try:
        if len(cleaned) == 10:
            day, at = datetime.strptime(cleaned, "%Y-%m-%d").date(), None
        else:
            moment = datetime.strptime(cleaned, "%Y-%m-%d %H:%M")
            day, at = moment.date(), moment.time()
    except ValueError:
        raise UserError(f"{option} {text!r}: write a date as YYYY-MM-DD or 'YYYY-MM-DD HH:MM'") from None
    return round_moment(day, at, closing=option == "--closes")


def parse_window(text: str, option: str, *, weekdays: bool = False) -> DailyWindow | None:
    """Return a daily window from ``HH:MM-HH:MM``, or None for ``off``."""
    from surveys import DailyWindow
    from surveys.send_times import WEEKDAYS

    if text.strip().lower() in ("off", "none"):
        return None
    start, sep, end = text.strip().partition("-")
    try:
        if not sep:
            raise ValueError
        window_days = WEEKDAYS if weekdays else frozenset(range(7))
        return DailyWindow(time.fromisoformat(start.strip()), time.fromisoformat(end.strip()), window_days)
    except ValueError:
        raise UserError(f"{option} {text!r}: write it as HH:MM-HH:MM (e.g. 21:00-08:00) or 'off'") from None


def parse_reminders(text: str) -> tuple[int, ...]:
    """Return reminder days from ``3,7`` (or none)."""
    if text.strip().lower() in ("none", "off", ""):
        return ()
    try:
        return tuple(int(part) for part in text.split(","))
    except ValueError:
        raise UserError(
            f"--reminders {text!r}: give whole days after the invite, e.g. 3,7, or 'none'"
        ) from None


def parse_cohorts(values: list[str] | None, audience: tuple[Cohort, ...]) -> tuple[Cohort, ...]:
    """Return the cohorts named (a status alone means its bands in the survey's audience)."""
    from surveys import Cohort
    from surveys.cohorts import read_cohort

    if not values:
        return audience
    found: list[Cohort] = []
    for value in values:
        try:
            status, band = read_cohort(value)
        except ValueError as exc:
            raise UserError(f"--cohort {value!r}: {exc}") from None
        if band is not None:
            found.append(Cohort(status, band))
            continue
        matching = [c for c in audience if c.care_status == status]
        if not matching:
            raise UserError(
                f"--cohort {value!r}: use in-care or care-leaver, optionally with a band (in-care:11-15), "
                "that the survey is written for"
            )
        found.extend(matching)
    return tuple(dict.fromkeys(found))


# -- running ---------------------------------------------------------------------------------------
def in_database(step: Callable[[Any, Any], Awaitable[T]]) -> T:
    """Run ``step(session, settings)`` against the migrated database in one transaction."""
    from bot.cli._context import load_settings
    from bot.cli._context import run as run_async
    from feedback.db import CANNOT_CONNECT, Database
    from feedback.migrate import SchemaBehindError, ensure_current

    settings = load_settings(with_keys=False)

    async def go() -> T:
        db = Database(settings.resolved_database_url)
        try:
            await ensure_current(db)
            async with db.session() as session:
                return await step(session, settings)
        except SchemaBehindError as exc:
            raise UserError(str(exc)) from exc
        except CANNOT_CONNECT as exc:
            raise UserError(
                "cannot open the database; check HEARD_DATABASE_URL and run 'heard migrate'"
            ) from exc
        finally:
            await db.dispose()

    return run_async(go)


def _survey_arg(text: str) -> tuple[str, int | None]:
    survey_id, _, version = text.partition("@")
    if not version:
        return survey_id, None
    if not version.isdigit():
        raise UserError(f"--survey {text!r}: write the version as a number, e.g. promise-11-17@1")
    return survey_id, int(version)


def run_create(args: argparse.Namespace) -> int:
    """Create a round and print what it will do."""
    from datetime import UTC

    from bot.campaign_jobs import install_bank
    from feedback.campaigns import RoundInvalid, RoundPlan
    from feedback.rounds import create_by_hand
    from feedback.surveys_store import load_survey, survey_version_id
    from surveys.cohorts import ALL_COHORTS

    survey_id, version = _survey_arg(args.survey)
    invite = args.invite_file.read() if args.invite_file else args.invite_text
    now = datetime.now(UTC)
    opens, closes = parse_when(args.opens, "--opens"), parse_when(args.closes, "--closes")
    quiet = parse_window(args.quiet_hours, "--quiet-hours")
    school = parse_window(args.school_hours, "--school-hours", weekdays=True)
    reminders = parse_reminders(args.reminders)

    async def step(session: Any, settings: Any) -> SurveyRound:
        await install_bank(session, extra_dir=settings.surveys_dir, now=now)
        try:
            survey = await load_survey(session, await survey_version_id(session, survey_id, version))
        except LookupError as exc:
            raise UserError(str(exc)) from None
        audience = tuple(
            c for c in ALL_COHORTS
            if c.care_status in survey.audience.care_status and c.age_band in survey.audience.age_bands
        )  # fmt: skip
        plan = RoundPlan(
            name=args.name, survey_id=survey_id, survey_version=version,
            cohorts=parse_cohorts(args.cohort, audience), opens_at=opens, closes_at=closes,
            reminder_days=reminders, quiet_hours=quiet, school_hours=school, invite_text=invite,
        )  # fmt: skip
        try:
            return await create_by_hand(session, plan, now=now, actor="cli")
        except RoundInvalid as exc:
            raise UserError(str(exc)) from None

    created = in_database(step)
    print(f"created round {created.id}")
    _print_round(created, now)
    return 0


def _local(moment: datetime) -> str:
    from surveys.send_times import LONDON

    return moment.astimezone(LONDON).strftime("%Y-%m-%d %H:%M")


def _window_words(window: DailyWindow | None, weekdays: bool) -> str:
    if window is None:
        return "off"
    days = "" if len(window.days) == 7 else " " + ",".join(_DAYS[d] for d in sorted(window.days))
    return (
        f"{window.start:%H:%M}-{window.end:%H:%M}{days}"
        if weekdays
        else f"{window.start:%H:%M}-{window.end:%H:%M}"
    )


def _print_round(survey_round: SurveyRound, now: datetime) -> None:
    settings = survey_round.settings
    days = ", ".join(str(d) for d in settings.reminder_days) or "none"
    lines = [
        ("round", f"{survey_round.id}: {survey_round.name}"),
        ("survey", f"{survey_round.survey_id} v{survey_round.survey_version} ({survey_round.survey_title})"),
        ("cohorts", ", ".join(c.code for c in survey_round.cohorts)),
        ("opens", f"{_local(settings.opens_at)} UK time"),
        ("closes", f"{_local(settings.closes_at)} UK time"),
        ("state", survey_round.state(now)),
        ("reminders", f"days {days} after the invite" if settings.reminder_days else "none"),
        ("quiet hours", _window_words(settings.quiet_hours, False)),
        ("school hours", f"{_window_words(settings.school_hours, True)} (under-16s only)"),
        ("invite text", survey_round.invite_text or "Heard's default wording"),
    ]
    for label, value in lines:
        print(f"{label + ':':<14}{value}")


def _round_json(survey_round: SurveyRound, now: datetime) -> dict[str, Any]:
    settings = survey_round.settings
    return {
        "id": survey_round.id,
        "name": survey_round.name,
        "survey": survey_round.survey_id,
        "version": survey_round.survey_version,
        "cohorts": [c.code for c in survey_round.cohorts],
        "opens_at": settings.opens_at.isoformat(),
        "closes_at": settings.closes_at.isoformat(),
        "state": survey_round.state(now),
        "reminder_days": list(settings.reminder_days),
    }


def run_list(args: argparse.Namespace) -> int:
    """Print every round."""
    from datetime import UTC

    from feedback.campaigns import list_rounds

    now = datetime.now(UTC)

    async def step(session: Any, _settings: Any) -> list[SurveyRound]:
        return await list_rounds(session)

    rounds = in_database(step)
    if args.json:
        for survey_round in rounds:
            print(json.dumps(_round_json(survey_round, now), ensure_ascii=False))
        return 0
    if not rounds:
        print("no rounds yet; create one with 'heard campaign create --help'")
        return 0
    rows = [["ID", "STATE", "SURVEY", "OPENS", "CLOSES", "NAME"]] + [
        [str(r.id), r.state(now), f"{r.survey_id} v{r.survey_version}", _local(r.settings.opens_at),
         _local(r.settings.closes_at), r.name]
        for r in rounds
    ]  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0


def run_show(args: argparse.Namespace) -> int:
    """Print a round and its response rates, with small numbers suppressed."""
    from datetime import UTC

    from feedback.campaigns import get_round, response_counts

    now = datetime.now(UTC)

    async def step(session: Any, settings: Any) -> tuple[SurveyRound, Any, int]:
        try:
            survey_round = await get_round(session, args.round_id)
        except LookupError as exc:
            raise UserError(str(exc)) from None
        return survey_round, await response_counts(session, survey_round), settings.suppression_max

    survey_round, counts, threshold = in_database(step)
    _print_round(survey_round, now)
    print()
    for line in rate_lines(counts, threshold=threshold, round_id=survey_round.id):
        print(line)
    return 0


def rate_lines(counts: Any, *, threshold: int, round_id: int = 0) -> list[str]:
    """Return the response-rate table as text lines, protected with every other view of the round."""
    from feedback.round_rates import published_rates

    if not counts.by_cohort:
        return ["response rates: nobody has been invited yet"]
    _table, rows = published_rates(counts, threshold=threshold, round_id=round_id)

    def rate(value: int | None) -> str:
        return "-" if value is None else f"{value}%"

    lines = [["COHORT", "INVITED", "COMPLETED", "NOT FINISHED", "NOT STARTED", "COMPLETED %"]] + [
        [row.label, str(row.invited), str(row.completed), str(row.unfinished), str(row.not_started),
         rate(row.completed_rate)]
        for row in rows
    ]  # fmt: skip
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    text = ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in lines]
    text.append(
        f"c = 1 to {threshold}, or hidden so a small number cannot be worked out here, in a board "
        f"paper or in the portal; - = no rate where those who did or did not complete number 1 to "
        f"{threshold}, or fewer than 10 were invited"
    )
    return text


def run_close(args: argparse.Namespace) -> int:
    """Close a round now (the service settles unfinished responses within a minute)."""
    from datetime import UTC

    from feedback.rounds import close_by_hand

    now = datetime.now(UTC)

    async def step(session: Any, _settings: Any) -> tuple[SurveyRound, bool]:
        try:
            return await close_by_hand(session, args.round_id, now=now, actor="cli")
        except LookupError as exc:
            raise UserError(str(exc)) from None

    closed, closed_now = in_database(step)
    print(
        f"closed round {closed.id}: {closed.name}" if closed_now else f"round {closed.id} was already closed"
    )
    return 0
