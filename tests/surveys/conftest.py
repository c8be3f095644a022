"""Fixtures for the surveys tests: the shipped bank and a survey using every question kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from surveys.bank import Bank, load_bank
from surveys.definition import Survey
from surveys.validate import survey_from_bytes

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def every_kind() -> Survey:
    path = DATA / "every-kind.yaml"
    return survey_from_bytes(path.read_bytes(), str(path))


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank()
