"""Alembic environment: runs on a connection handed in by ``feedback.migrate``."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import feedback.models  # noqa: F401  (registers every table on the metadata)

target_metadata = SQLModel.metadata
config = context.config


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through 'heard migrate', which supplies the connection")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline SQL generation is not supported; run 'heard migrate'")
run_migrations_online()
