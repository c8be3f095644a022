"""Stripping raw updates: only ids, text or action, and the kind of anything else survive."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.conversation.types import InboundKind, inbound_from_json, inbound_to_json
from bot.telegram.callback_data import CallbackDataError, decode_action, encode_action
from bot.telegram.updates import (
    MAX_TEXT_CHARS,
    MalformedUpdateError,
    UpdateKind,
    strip,
    to_inbound,
)
from feedback.crypto import Pseudonymiser, generate_pseudonym_key
from tests.fakes.updates import UpdateFactory


def test_text_keeps_ids_and_words_and_nothing_else() -> None:
    update = strip(UpdateFactory().text(7, "hello"))
    assert update is not None
    assert (update.user_id, update.chat_id, update.kind, update.text) == (7, 7, UpdateKind.TEXT, "hello")
    assert "Jordan" not in repr(update) and "jordan_w" not in repr(update)


def test_what_intake_stores_keeps_the_words_and_the_pseudonym_and_reads_back_the_same(
    pseudonymiser: Pseudonymiser,
) -> None:
    update = strip(UpdateFactory().text(7, "hello"))
    assert update is not None
    inbound = to_inbound(update, pseudonymiser)
    assert inbound is not None
    payload = inbound_to_json(inbound)
    for leaked in ("Jordan", "Whitfield", "jordan_w", "language", "date"):
        assert leaked not in payload
    assert inbound_from_json(payload) == inbound


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda u: u.location(3, 51.5, -0.12), "location"),
        (lambda u: u.contact(3, "+447700900123"), "contact"),
        (lambda u: u.sticker(3), "sticker"),
        (lambda u: u.photo(3, "a caption with my address"), "photo"),
    ],
)
def test_other_content_is_reduced_to_its_kind(make, kind: str, pseudonymiser: Pseudonymiser) -> None:  # type: ignore[no-untyped-def]
    update = strip(make(UpdateFactory()))
    assert update is not None
    assert (update.kind, update.unsupported, update.text) == (UpdateKind.UNSUPPORTED, kind, "")
    inbound = to_inbound(update, pseudonymiser)
    assert inbound is not None
    payload = inbound_to_json(inbound)
    assert "51.5" not in payload and "7700900123" not in payload and "caption" not in payload


def test_groups_bots_and_unasked_update_types_are_ignored() -> None:
    updates = UpdateFactory()
    assert strip(updates.group_text(1, -5, "hi")) is None
    from_bot = updates.text(2, "hi")
    from_bot["message"]["from"]["is_bot"] = True
    assert strip(from_bot) is None
    assert strip({"update_id": 9, "edited_message": {"text": "x"}}) is None


@pytest.mark.parametrize("raw", [{}, {"update_id": "1"}, {"update_id": True}, {"update_id": None}])
def test_an_update_needs_an_integer_id(raw: dict[str, object]) -> None:
    with pytest.raises(MalformedUpdateError):
        strip(raw)


def test_commands_addressed_by_bot_name_are_plain_commands() -> None:
    update = strip(UpdateFactory().text(1, "/start@HeardTestBot ABCD1234"))
    assert update is not None and update.text == "/start ABCD1234"


def test_odd_and_over_long_text_is_made_safe_to_store(pseudonymiser: Pseudonymiser) -> None:
    update = strip(UpdateFactory().text(1, "a\ud800b\x00c" + "z" * 10_000))
    assert update is not None
    assert update.text.startswith("a?bc")
    assert len(update.text) == MAX_TEXT_CHARS
    inbound = to_inbound(update, pseudonymiser)
    assert inbound is not None
    inbound_to_json(inbound).encode("utf-8")  # no lone surrogates left


def test_button_presses_carry_only_well_formed_action_codes() -> None:
    updates = UpdateFactory()
    good = strip(updates.choice(4, "consent:ok:ABCD1234"))
    bad = strip(updates.choice(4, "x" * 65))
    assert good is not None and (good.kind, good.text) == (UpdateKind.CHOICE, "consent:ok:ABCD1234")
    assert bad is not None and (bad.kind, bad.text) == (UpdateKind.BAD_CHOICE, "")
    stored = to_inbound(good, Pseudonymiser.from_setting(generate_pseudonym_key()))
    assert stored is not None and "cq" not in inbound_to_json(stored)  # answered, never stored


def test_inbound_is_pseudonymous(pseudonymiser: Pseudonymiser) -> None:
    update = strip(UpdateFactory().choice(99, "menu:help"))
    assert update is not None
    inbound = to_inbound(update, pseudonymiser)
    assert inbound is not None
    assert inbound.kind is InboundKind.CHOICE and inbound.text == "menu:help"
    assert inbound.pseudonym == pseudonymiser.pseudonym("telegram", "99") != "99"
    assert inbound.address == "99"


@given(st.text(max_size=80))
def test_decode_accepts_exactly_what_encode_would_send(data: str) -> None:
    try:
        encoded = encode_action(data)
    except CallbackDataError:
        assert decode_action(data) is None
    else:
        assert decode_action(encoded) == data
        assert len(encoded.encode()) <= 64


@given(st.one_of(st.none(), st.integers(), st.binary(), st.lists(st.text())))
def test_decode_never_crashes_on_non_strings(data: object) -> None:
    assert decode_action(data) is None
