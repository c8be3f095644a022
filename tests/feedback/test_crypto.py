"""Sealing and pseudonyms."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedback.crypto import (
    Pseudonymiser,
    Sealer,
    UnsealableError,
    WeakKeyError,
    generate_fernet_key,
    generate_pseudonym_key,
)


@given(st.text(max_size=500))
def test_seal_then_open_returns_the_text(text: str) -> None:
    sealer = Sealer([generate_fernet_key()])
    token = sealer.seal(text)
    assert sealer.open(token) == text
    if len(text) >= 4:
        assert text not in token


def test_first_key_encrypts_and_every_key_decrypts() -> None:
    old, new = generate_fernet_key(), generate_fernet_key()
    token_old = Sealer([old]).seal("marker")
    both = Sealer([new, old])
    assert both.open(token_old) == "marker"
    assert not both.is_current(token_old)
    assert both.is_current(both.seal("x"))
    rotated = both.reseal(token_old)
    assert Sealer([new]).open(rotated) == "marker"
    with pytest.raises(UnsealableError):
        Sealer([new]).open(token_old)


@pytest.mark.parametrize("bad", ["", "short", "A" * 44, "not base64 at all!!"])
def test_weak_or_malformed_fernet_keys_are_refused(bad: str) -> None:
    with pytest.raises(WeakKeyError):
        Sealer([bad])


def test_pseudonyms_are_stable_per_key_and_differ_across_keys_and_channels() -> None:
    a = Pseudonymiser.from_setting(generate_pseudonym_key())
    b = Pseudonymiser.from_setting(generate_pseudonym_key())
    assert a.pseudonym("telegram", 123456789) == a.pseudonym("telegram", "123456789")
    assert a.pseudonym("telegram", 123456789) != b.pseudonym("telegram", 123456789)
    assert a.pseudonym("telegram", 1) != a.pseudonym("web", 1)
    assert "123456789" not in a.pseudonym("telegram", 123456789)
    assert len(a.pseudonym("telegram", 1)) == 64


@pytest.mark.parametrize("bad", ["", "tooshort", "x" * 40])
def test_weak_pseudonym_keys_are_refused(bad: str) -> None:
    with pytest.raises(WeakKeyError):
        Pseudonymiser.from_setting(bad)
