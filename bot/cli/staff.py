"""`heard staff`: create, list, disable and enable staff accounts; reset passwords and second factors.

``second-factor-reset`` is how an admin who lost their phone gets back in (no
one else may be able to reset it in the portal); ``sign-out`` ends every
session of an account at once, for example when a laptop is lost.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from bot.cli._errors import UserError

T = TypeVar("T")
ROLES = ("participation-worker", "safeguarding-lead", "board-viewer", "admin")


def register(subparsers: Any) -> None:
    """Add `heard staff add|list|disable|enable|password|second-factor-reset|sign-out`."""
    parser = subparsers.add_parser(
        "staff",
        help="manage staff portal accounts (the first admin is made here)",
        description=(
            "Manage accounts for the staff portal at /staff. Roles: participation-worker "
            "(rounds, invites, anonymised issues), safeguarding-lead (alerts, raw flagged text), "
            "board-viewer (published papers and dashboards), admin (accounts, settings, audit log). "
            "Every change is written to the audit log."
        ),
    )
    parser.set_defaults(func=lambda _args: _usage(parser))
    actions = parser.add_subparsers(title="actions", metavar="ACTION")

    add = actions.add_parser(
        "add",
        help="create an account",
        description="Create an account. The password is asked for twice, or read from stdin "
        "with --password-stdin (one line, for scripts).",
    )
    add.add_argument("username", help="sign-in name, e.g. a work email address")
    add.add_argument("--role", required=True, choices=ROLES, help="what the account may do")
    add.add_argument("--name", default=None, help="display name shown to colleagues")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    add.set_defaults(func=run_add)

    listing = actions.add_parser("list", help="list accounts", description="List every account.")
    listing.set_defaults(func=run_list)

    for name, verb in (("disable", "Disable"), ("enable", "Re-enable (and unlock)")):
        action = actions.add_parser(
            name,
            help=f"{verb.lower()} an account",
            description=f"{verb} an account. Disabling ends its sessions at their next request.",
        )
        action.add_argument("username")
        action.set_defaults(func=run_disable if name == "disable" else run_enable)

    password = actions.add_parser(
        "password",
        help="set a new password (also unlocks)",
        description="Set a new password for an account and clear any lock-out.",
    )
    password.add_argument("username")
    password.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    password.set_defaults(func=run_password)

    reset = actions.add_parser(
        "second-factor-reset",
        help="remove an account's authenticator (a lost phone)",
        description="Remove an account's second factor; they set up a new one at their next sign-in. "
        "Every session of the account ends.",
    )
    reset.add_argument("username")
    reset.set_defaults(func=run_second_factor_reset)

    sign_out = actions.add_parser(
        "sign-out",
        help="end every session of an account",
        description="Sign an account out everywhere, at once (for example when a laptop is lost).",
    )
    sign_out.add_argument("username")
    sign_out.set_defaults(func=run_sign_out)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise UserError("no password on stdin; pipe one line, e.g. printf '%s\\n' \"$PW\" | heard ...")
        return line
    if not sys.stdin.isatty():
        raise UserError("no terminal to ask for a password; use --password-stdin")
    import getpass

    first = getpass.getpass("Password (12 to 128 characters, not a common one): ")
    if getpass.getpass("Same password again: ") != first:
        raise UserError("the two passwords differ; run the command again")
    return first


def _role(value: str) -> Any:
    from feedback.staff import Role

    return Role(value.replace("-", "_"))


def _in_database(step: Callable[[Any], Awaitable[T]]) -> T:
    """Run ``step(session)`` against the configured, migrated database in one transaction."""

    from bot.cli._context import load_settings, open_database
    from bot.cli._context import run as run_async
    from feedback.staff import AccountProblem

    settings = load_settings(with_keys=False)

    async def go() -> T:
        try:
            async with open_database(settings) as db, db.session() as session:
                return await step(session)
        except AccountProblem as exc:
            raise UserError(str(exc)) from exc

    return run_async(go)


def _change(action: str, username: str, **changes: Any) -> int:
    """Run one account change with its audit entry in the same transaction."""
    from datetime import UTC, datetime

    from feedback import audit, staff

    now = datetime.now(UTC)
    passwords = staff.Passwords() if "password" in changes else None

    async def step(session: Any) -> staff.StaffAccount:
        if action == "staff.added":
            assert passwords is not None
            account = await staff.add_staff(
                session,
                username=username,
                role=changes["role"],
                password=changes["password"],
                passwords=passwords,
                now=now,
                display_name=changes.get("name"),
            )
        elif action == "staff.password_set":
            assert passwords is not None
            account = await staff.set_password(
                session, username=username, password=changes["password"], passwords=passwords, now=now
            )
        elif action in ("staff.second_factor_reset", "staff.signed_out_everywhere"):
            found = await staff.find_staff(session, username)
            if found is None:
                raise staff.AccountProblem(f"there is no account called {username.strip().lower()!r}")
            if action == "staff.second_factor_reset":
                from feedback.second_factor import forget_second_factor

                await forget_second_factor(session, staff_id=found.id)
            else:
                await staff.end_sessions(session, staff_id=found.id)
            account = found
        else:
            account = await staff.set_active(session, username=username, active=action == "staff.enabled")
        detail = {"role": account.role.value} if action == "staff.added" else None
        await audit.record(
            session,
            actor="cli",
            action=action,
            now=now,
            target_type="staff",
            target_id=account.id,
            detail=detail,
        )
        return account

    account = _in_database(step)
    what = {
        "staff.added": "created",
        "staff.password_set": "password set for",
        "staff.enabled": "enabled",
        "staff.disabled": "disabled",
        "staff.second_factor_reset": "second factor reset for",
        "staff.signed_out_everywhere": "signed out everywhere:",
    }[action]
    print(f"{what} {account.username} ({account.role.label})")
    return 0


def run_add(args: argparse.Namespace) -> int:
    """Create an account."""
    from feedback.staff import AccountProblem, normalise_username

    try:
        normalise_username(args.username)
    except AccountProblem as exc:
        raise UserError(str(exc)) from exc
    password = _read_password(args.password_stdin)
    return _change("staff.added", args.username, role=_role(args.role), password=password, name=args.name)


def run_password(args: argparse.Namespace) -> int:
    """Set a new password."""
    return _change("staff.password_set", args.username, password=_read_password(args.password_stdin))


def run_second_factor_reset(args: argparse.Namespace) -> int:
    """Remove an account's second factor."""
    return _change("staff.second_factor_reset", args.username)


def run_sign_out(args: argparse.Namespace) -> int:
    """End every session of an account."""
    return _change("staff.signed_out_everywhere", args.username)


def run_disable(args: argparse.Namespace) -> int:
    """Disable an account."""
    return _change("staff.disabled", args.username)


def run_enable(args: argparse.Namespace) -> int:
    """Re-enable an account."""
    return _change("staff.enabled", args.username)


def run_list(_args: argparse.Namespace) -> int:
    """Print one line per account."""
    from datetime import UTC, datetime

    from feedback import staff

    now = datetime.now(UTC)
    accounts = _in_database(staff.list_staff)
    if not accounts:
        print("no accounts yet; create the first admin with: heard staff add NAME --role admin")
        return 0
    for account in accounts:
        state = "active" if account.active else "disabled"
        if account.active and account.locked_until and account.locked_until > now:
            state = "locked"
        last = account.last_login_at.strftime("%Y-%m-%d") if account.last_login_at else "never"
        factor = "2fa" if account.second_factor else "-"
        print(f"{account.username:<32} {account.role.value:<22} {state:<9} {factor:<4} last sign-in {last}")
    return 0
