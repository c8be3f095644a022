"""PII fixtures: one anonymiser per test session (loading spaCy takes seconds)."""

from __future__ import annotations

import pytest

from anonymiser import Anonymiser, load_anonymiser


@pytest.fixture(scope="session")
def pii() -> Anonymiser:
    """Return the default anonymiser (shipped configuration, auto-selected spaCy model)."""
    return load_anonymiser()
