"""Shared, expensive fixtures for the theme tagger tests: loaded once per session."""

from __future__ import annotations

import pytest

from anonymiser.themes import Taxonomy, ThemeTagger, load_taxonomy


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


@pytest.fixture(scope="session")
def tagger(taxonomy: Taxonomy) -> ThemeTagger:
    return ThemeTagger.load(taxonomy=taxonomy)
