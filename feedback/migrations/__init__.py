"""Alembic migrations; Alembic owns the schema."""
