"""`heard invite`: make invite codes for a cohort, and see how batches of them were used."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.cli._errors import UserError

STATUSES = {"in-care": "in_care", "care-leaver": "care_leaver"}
MAX_COUNT = 1000


def register(subparsers: Any) -> None:
    """Add `heard invite create|list`."""
    parser = subparsers.add_parser(
        "invite",
        help="make invite codes for young people to join",
        description=(
            "Make invite codes for one cohort (care status and age band). Each code is printed "
            "once with its link; only a keyed hash is stored, so keep the printout safe until "
            "you hand the codes out. Under-16 cohorts get web chat links (Telegram requires 16+)."
        ),
    )
    parser.set_defaults(func=lambda _args: _usage(parser))
    actions = parser.add_subparsers(title="actions", metavar="ACTION")

    create = actions.add_parser(
        "create",
        help="make codes and print one per line with its link",
        description=(
            "Print one line per code: the code (e.g. K7MX-Q2PD), a tab, and its link — the "
            "Telegram deep link when HEARD_TELEGRAM_BOT_USERNAME is set and the cohort is 16+, "
            "otherwise the web chat link on HEARD_PUBLIC_URL (or http://HEARD_HOST:HEARD_PORT)."
        ),
    )
    create.add_argument("--status", required=True, choices=sorted(STATUSES), help="care status")
    create.add_argument(
        "--age-band", required=True, choices=("8-10", "11-15", "16-17", "16-25"), help="age band"
    )
    create.add_argument("--count", type=int, default=1, help=f"how many codes (1-{MAX_COUNT}, default 1)")
    create.add_argument(
        "--expires-days", type=int, default=30, help="days until the codes expire (default 30)"
    )
    create.add_argument(
        "--max-uses", type=int, default=1, help="people who may join with each code (default 1)"
    )
    create.add_argument(
        "--batch", default=None, help="a label to find this batch by later, e.g. 'summer-event'"
    )
    create.set_defaults(func=run_create)

    listing = actions.add_parser(
        "list",
        help="list batches of codes and how many were used",
        description="List batches of invite codes (never the codes) with their use.",
    )
    listing.set_defaults(func=run_list)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _check(args: argparse.Namespace) -> tuple[str, str]:
    from surveys.cohorts import Cohort

    status = STATUSES[args.status]
    try:
        Cohort(status, args.age_band)  # type: ignore[arg-type]
    except ValueError as exc:
        hint = "16-25" if status == "care_leaver" else "8-10, 11-15 or 16-17"
        raise UserError(f"--age-band {args.age_band} is not used for {args.status}; use {hint}") from exc
    if not 1 <= args.count <= MAX_COUNT:
        raise UserError(f"--count must be from 1 to {MAX_COUNT}")
    if not 1 <= args.expires_days <= 365:
        raise UserError("--expires-days must be from 1 to 365")
    if not 1 <= args.max_uses <= 500:
        raise UserError("--max-uses must be from 1 to 500")
    if args.batch is not None and not 1 <= len(args.batch) <= 64:
        raise UserError("--batch must be 1 to 64 characters")
    return status, args.age_band


def invite_link(code: str, age_band: str, *, bot_username: str, base_url: str) -> str:
    """Return where a code is used: Telegram for 16+ when a bot is set up, else the web chat."""
    if bot_username and age_band in ("16-17", "16-25"):
        return f"https://t.me/{bot_username}?start={code}"
    return f"{base_url}/chat?code={code}"


def run_create(args: argparse.Namespace) -> int:
    """Store new invites and print each code with its link."""
    from datetime import UTC, datetime, timedelta

    from bot.cli._context import load_settings, open_database
    from bot.cli._context import run as run_async
    from feedback.crypto import Pseudonymiser
    from feedback.invites import create_invites, display_code

    status, band = _check(args)
    settings = load_settings()
    pseudonymiser = Pseudonymiser.from_setting(settings.pseudonym_key)
    now = datetime.now(UTC)
    expires = now + timedelta(days=args.expires_days)

    async def go() -> list[str]:
        async with open_database(settings) as db, db.session() as session:
            return await create_invites(
                session,
                pseudonymiser=pseudonymiser,
                care_status=status,
                age_band=band,
                count=args.count,
                expires_at=expires,
                max_uses=args.max_uses,
                batch=args.batch,
                now=now,
            )

    codes = run_async(go)
    base = settings.public_url or f"http://{settings.host}:{settings.port}"
    for code in codes:
        link = invite_link(code, band, bot_username=settings.telegram_bot_username, base_url=base)
        print(f"{display_code(code)}\t{link}")
    uses = "1 use" if args.max_uses == 1 else f"{args.max_uses} uses"
    print(
        f"Made {len(codes)} code(s) for {args.status} {band}, each for {uses}, valid until "
        f"{expires:%d %B %Y}. They are shown only now: Heard keeps just a keyed hash.",
        file=sys.stderr,
    )
    return 0


def run_list(args: argparse.Namespace) -> int:
    """Print invite batches with their use."""
    from bot.cli._context import load_settings, open_database
    from bot.cli._context import run as run_async
    from feedback.invites import InviteBatch, list_batches

    settings = load_settings()

    async def go() -> list[InviteBatch]:
        async with open_database(settings) as db, db.session() as session:
            return list(await list_batches(session))

    batches = run_async(go)
    if not batches:
        print("No invite codes yet. Make some with: heard invite create --status ... --age-band ...")
        return 0
    print(f"{'batch':<20} {'cohort':<20} {'made':<10} {'expires':<10} {'codes':>5} {'joined':>6}")
    for b in batches:
        expires = f"{b.expires_at:%Y-%m-%d}" if b.expires_at else "never"
        cohort = f"{b.care_status} {b.age_band}"
        batch = (b.batch or "-")[:20]
        print(f"{batch:<20} {cohort:<20} {b.created_on:<10} {expires:<10} {b.codes:>5} {b.uses:>6}")
    return 0
