"""Fixtures shared by every test package: settings, keys and fresh databases on SQLite and PostgreSQL.

PostgreSQL tests read ``HEARD_TEST_DATABASE_URL`` (a server URL whose user may
create databases). Each test gets a database of its own, dropped afterwards.
Without the variable the PostgreSQL half skips with a reason.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from feedback.crypto import Pseudonymiser, Sealer, generate_fernet_key, generate_pseudonym_key
from feedback.db import Database
from feedback.migrate import upgrade

PG_ENV = "HEARD_TEST_DATABASE_URL"
PG_SKIP_REASON = (
    f"{PG_ENV} is not set: PostgreSQL tests need a server "
    "(CI sets it; e.g. postgresql://postgres@127.0.0.1:5432/test)"
)

_pg_counts = {"passed": 0, "failed": 0, "skipped": 0}


def _admin_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def _admin_execute(sql: str) -> None:
    """Run one statement on the admin database (sync; from fixtures, threads or subprocess set-up)."""
    import asyncio

    import asyncpg

    admin = make_url(_admin_url() or "")

    async def go() -> None:
        conn = await asyncpg.connect(
            host=admin.host,
            port=admin.port or 5432,
            user=admin.username,
            password=admin.password,
            database=admin.database or "postgres",
        )
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(go()) if not _loop_running() else _run_in_thread(go)


def create_pg_database(template: str | None = None, url: str | None = None) -> str:
    """Create a PostgreSQL database (empty, or a copy of ``template``) and return its URL."""
    admin = make_url(_admin_url() or "")
    name = make_url(url).database if url else f"heard_t_{uuid.uuid4().hex[:12]}"
    suffix = f' TEMPLATE "{template}"' if template else ""
    _admin_execute(f'CREATE DATABASE "{name}"{suffix}')
    return admin.set(database=name).render_as_string(hide_password=False)


def drop_pg_database(url: str) -> None:
    """Drop a database made by ``create_pg_database``."""
    _admin_execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


def _loop_running() -> bool:
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _run_in_thread(factory) -> None:  # type: ignore[no-untyped-def]
    import asyncio
    import threading

    errors: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(factory())
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL on SQLite and (when configured) PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'heard.db'}"
        return
    if not _admin_url():
        pytest.skip(PG_SKIP_REASON)
    url = create_pg_database()
    try:
        yield url
    finally:
        drop_pg_database(url)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database URL, for tests that only make sense there."""
    if not _admin_url():
        pytest.skip(PG_SKIP_REASON)
    url = create_pg_database()
    try:
        yield url
    finally:
        drop_pg_database(url)


@pytest.fixture(scope="session")
def _migrated_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Migrate once per run; each test's database is a copy (much faster than migrating each time)."""
    import asyncio

    templates: dict[str, str] = {}
    sqlite_path = tmp_path_factory.mktemp("template") / "heard.db"

    async def migrate(url: str) -> None:
        database = Database(url)
        try:
            await upgrade(database)
        finally:
            await database.dispose()

    asyncio.run(migrate(f"sqlite:///{sqlite_path}"))
    templates["sqlite"] = str(sqlite_path)
    if _admin_url():
        url = create_pg_database()
        asyncio.run(migrate(url))
        templates["postgres"] = url
    try:
        yield templates
    finally:
        if "postgres" in templates:
            drop_pg_database(templates["postgres"])


@pytest.fixture
async def db(
    request: pytest.FixtureRequest, db_url: str, _migrated_templates: dict[str, str]
) -> AsyncIterator[Database]:
    """A migrated database on each backend, copied from a template migrated once per run."""
    import shutil

    if db_url.startswith("sqlite"):
        shutil.copyfile(_migrated_templates["sqlite"], db_url.removeprefix("sqlite:///"))
        database = Database(db_url)
    else:
        database = Database(db_url)
        await database.dispose()
        drop_pg_database(db_url)
        template = make_url(_migrated_templates["postgres"]).database
        create_pg_database(template=template, url=db_url)
        database = Database(db_url)
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture
def sealer() -> Sealer:
    return Sealer([generate_fernet_key()])


@pytest.fixture
def pseudonymiser() -> Pseudonymiser:
    return Pseudonymiser.from_setting(generate_pseudonym_key())


@pytest.fixture
def heard_env(tmp_path: Path) -> dict[str, str]:
    """Environment for running ``heard`` as a subprocess against a private data dir."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEARD_")}
    env["HEARD_DATA_DIR"] = str(tmp_path / "var")
    return env


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if "postgres" not in report.keywords:
        return
    if report.when == "call":
        _pg_counts["passed" if report.passed else "failed"] += 1
    elif report.when == "setup" and report.outcome in ("skipped", "failed"):
        _pg_counts["skipped" if report.skipped else "failed"] += 1


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    total = sum(_pg_counts.values())
    terminalreporter.write_line(
        f"PostgreSQL tests: {_pg_counts['passed']} ran and passed, {_pg_counts['failed']} failed, "
        f"{_pg_counts['skipped']} skipped (of {total})" + ("" if _admin_url() else f" — {PG_SKIP_REASON}")
    )
