"""Database URLs as the CLI needs them: the SQLite file, and PostgreSQL's tools without the password."""

from __future__ import annotations

from feedback.db import client_url, sqlite_path


def test_the_postgresql_tools_get_no_password_on_their_command_line() -> None:
    plain, password = client_url("postgresql+asyncpg://heard:s3cr%40t@db.local:5433/heard?sslmode=require")
    assert plain == "postgresql://heard@db.local:5433/heard?sslmode=require"
    assert password == "s3cr@t", "it goes in PGPASSWORD instead"
    assert client_url("postgresql://postgres@127.0.0.1/h") == ("postgresql://postgres@127.0.0.1/h", None)


def test_a_sqlite_url_names_its_file_and_no_other_does() -> None:
    assert sqlite_path("sqlite:///var/heard.db") == "var/heard.db"
    assert sqlite_path("sqlite+aiosqlite:////srv/heard/heard.db") == "/srv/heard/heard.db"
    assert sqlite_path("sqlite://") == ""
    assert sqlite_path("postgresql://postgres@127.0.0.1/h") is None
