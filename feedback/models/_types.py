"""Column types shared by every table."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar, cast

from sqlalchemy import DateTime, Table, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import configure_mappers
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

M = TypeVar("M", bound=SQLModel)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as naive UTC and gives them back aware.

    SQLite keeps no time zone, PostgreSQL's ``timestamp`` neither; storing UTC
    everywhere keeps comparisons identical on both.
    """

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; pass an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def utc_field(*, nullable: bool = False, index: bool = False) -> Any:
    """Return a SQLModel field for an aware UTC timestamp."""
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable, index=index)


def sealed_field(*, nullable: bool = True) -> Any:
    """Return a SQLModel field holding a sealed (encrypted) token.

    The ``sealed`` flag in the column info lets key rotation find every such
    column without a hand-kept list.
    """
    return Field(default=None, sa_type=Text, nullable=nullable, sa_column_kwargs={"info": {"sealed": True}})


def text_field(*, nullable: bool = True) -> Any:
    """Return a SQLModel field for unbounded text."""
    return Field(default=None, sa_type=Text, nullable=nullable)


def table_of(model: type[SQLModel]) -> Table:
    """Return the Core table behind a SQLModel class, for typed bulk statements."""
    return SQLModel.metadata.tables[str(model.__tablename__)]


def snapshot(model: type[M], row: Mapping[Any, Any]) -> M:
    """Return a read-only copy of a row a Core statement returned (``RETURNING *``).

    The database has already typed every value, so validating them again (as
    ``model_validate`` does, about ten times the cost) buys nothing on paths
    that claim rows by the hundred. The copy is not attached to any session:
    setting an attribute on it raises, so it cannot be mistaken for a row
    that is written back.
    """
    configure_mappers()  # instrumented attributes read the copy only once mappers are set up
    return cast(M, model.model_construct(**row))
