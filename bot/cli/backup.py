"""`heard backup` and `heard restore`: a consistent copy of the database, without the keys.

SQLite is copied with its online backup API, so a running service keeps
serving while the copy is taken and the copy is consistent. PostgreSQL is
dumped and restored with ``pg_dump``/``pg_restore`` (custom format). The keys
that open sealed data (``HEARD_SECRET_KEYS``, ``HEARD_PSEUDONYM_KEY``) are never
in a backup: keep them in your secret store, apart from the backups, so that
neither alone reveals anything.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

KEYS_APART = (
    "the keys are not in the backup: keep HEARD_SECRET_KEYS and HEARD_PSEUDONYM_KEY in your secret "
    "store, apart from it; without them its sealed data cannot be read"
)


def register(subparsers: Any) -> None:
    backup = subparsers.add_parser(
        "backup",
        help="copy the database to a file (SQLite online backup or pg_dump), keys left out",
        description="Write a consistent copy of the database to FILE while Heard keeps running. "
        + KEYS_APART,
    )
    backup.add_argument("file", type=Path, help="where to write the copy (mode 0600)")
    backup.set_defaults(func=run_backup)
    restore = subparsers.add_parser(
        "restore",
        help="replace the database with a backup (stop heard serve first)",
        description=(
            "Replace the database with a copy made by 'heard backup', then bring it up to date with "
            "'heard migrate'. Stop every 'heard serve' first."
        ),
    )
    restore.add_argument("file", type=Path, help="a file written by 'heard backup'")
    restore.set_defaults(func=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    from bot.cli._context import load_settings

    settings = load_settings(with_keys=False)
    url = settings.resolved_database_url
    target: Path = args.file
    if target.exists():
        from bot.cli._errors import UserError

        raise UserError(f"{target} exists; choose a new file name for each backup")
    if url.startswith("sqlite"):
        _sqlite_copy(_sqlite_path(url), target, check=False)
    else:
        _pg(["pg_dump", "--format=custom", "--no-owner", "--file", str(target)], url)
    target.chmod(0o600)
    print(f"backed up to {target}; {KEYS_APART}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from bot.cli._context import load_settings
    from bot.cli._errors import UserError

    settings = load_settings(with_keys=False)
    url = settings.resolved_database_url
    source: Path = args.file
    if not source.is_file():
        raise UserError(f"there is no backup at {source}")
    if url.startswith("sqlite"):
        _sqlite_copy(source, _sqlite_path(url), check=True)
    else:
        _pg(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", str(source)], url)
    print(f"restored from {source}; run 'heard migrate' before 'heard serve'")
    return 0


def _sqlite_path(url: str) -> Path:
    from feedback.db import sqlite_path

    return Path(sqlite_path(url) or "")


def _sqlite_copy(source: Path, target: Path, *, check: bool) -> None:
    """Copy one SQLite database onto another page by page (the online backup API)."""
    import sqlite3
    from contextlib import closing

    from bot.cli._errors import UserError

    if not source.exists():
        raise UserError(f"there is no database at {source}; run 'heard migrate' first")
    with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src:
        if check:
            try:
                src.execute("SELECT version_num FROM alembic_version").fetchone()
            except sqlite3.DatabaseError as exc:
                raise UserError(f"{source} is not a Heard backup") from exc
        target.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(target)) as dst:
            src.backup(dst)


def _pg(command: list[str], url: str) -> None:
    """Run a PostgreSQL client tool against ``url``; the password goes in the environment only."""
    import os
    import shutil
    import subprocess  # only for pg_dump and pg_restore, below  # nosec B404

    from bot.cli._errors import UserError
    from feedback.db import client_url

    if shutil.which(command[0]) is None:
        raise UserError(
            f"{command[0]} is not installed; install the PostgreSQL client tools of your server's "
            "version (Debian: postgresql-client) or see docs/operations.md"
        )
    plain, password = client_url(url)
    env = dict(os.environ)
    if password:
        env["PGPASSWORD"] = password
    dbname = ["--dbname", plain]
    # A fixed tool and the operator's own database URL: nothing here comes from users.
    result = subprocess.run(  # noqa: S603  # nosec B603
        [*command, *dbname], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["failed"])[-1]
        raise UserError(f"{command[0]} failed: {last}")
