"""Rendering replies for Telegram: long texts split readably, buttons last, links as URL buttons."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.conversation.types import Button, Link, Reply
from bot.telegram.callback_data import CallbackDataError
from bot.telegram.render import MAX_MESSAGE_UNITS, render, split_text


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_a_short_reply_is_one_message_with_its_keyboard() -> None:
    reply = Reply("Hi", buttons=((Button("OK", "consent:ok"), Button("No", "consent:no")),),
                  link=Link("Childline", "https://www.childline.org.uk"))  # fmt: skip
    [message] = render(reply)
    assert message.text == "Hi"
    assert message.keyboard is not None
    rows = message.keyboard.inline_keyboard
    assert [[b.callback_data for b in row] for row in rows[:1]] == [["consent:ok", "consent:no"]]
    assert rows[1][0].url == "https://www.childline.org.uk"


def test_a_long_reply_is_split_at_paragraphs_and_keeps_buttons_on_the_last_part() -> None:
    paragraphs = [f"Paragraph {i}. " + "word " * 300 for i in range(6)]
    reply = Reply("\n\n".join(paragraphs), buttons=((Button("Menu", "menu:show"),),))
    messages = render(reply)
    assert len(messages) > 1
    assert all(units(m.text) <= MAX_MESSAGE_UNITS for m in messages)
    assert [m.keyboard is not None for m in messages] == [False] * (len(messages) - 1) + [True]
    assert all(m.text.startswith("Paragraph") for m in messages)


def test_an_action_that_cannot_fit_a_button_is_refused() -> None:
    with pytest.raises(CallbackDataError):
        render(Reply("Hi", buttons=((Button("Too long", "x" * 65),),)))


def test_an_empty_text_still_makes_a_sendable_message() -> None:
    [message] = render(Reply("", buttons=((Button("OK", "menu:show"),),)))
    assert message.text.strip()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["a", "bb", " ", "\n", "🙂", "é", "\n\n"]), max_size=6000).map("".join))
def test_splitting_keeps_every_character_but_breaks_and_respects_the_limit(text: str) -> None:
    parts = split_text(text)
    assert all(units(p) <= MAX_MESSAGE_UNITS for p in parts)
    assert re.sub(r"\s", "", "".join(parts)) == re.sub(r"\s", "", text)
