"""Odd input never breaks the chat: non-text, over-long text, strange Unicode, restarts."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.conversation import ConversationEngine
from bot.conversation.collecting import CollectingChannel
from bot.conversation.text import MAX_TEXT, clean_text, parse_command
from feedback.db import Database
from feedback.models import Alert, ConversationState, JoinAttempt, OutboxItem, Participant
from tests.bot.conversation.chatting import actions, count, join, said
from tests.bot.conversation.conftest import CONFIG


@pytest.mark.parametrize("kind", ["sticker", "photo", "voice", "document", "location", "contact"])
async def test_non_text_gets_a_friendly_answer_and_nothing_is_stored(db: Database, chat, kind: str) -> None:
    replies = await chat("1001").send_unsupported(kind)
    assert "only read text" in said(replies)
    for model in (Participant, ConversationState, JoinAttempt, Alert, OutboxItem):
        assert await count(db, model) == 0


async def test_over_long_text_is_refused_kindly(db: Database, chat, make_code) -> None:
    you = chat("1001")
    await join(you, await make_code())
    replies = await you.send("a" * (MAX_TEXT + 1))
    assert "too long" in said(replies)
    assert await count(db, Participant) == 1


@pytest.mark.parametrize(
    "weird",
    [
        "\u202eevil\u202c",  # right-to-left override
        "z\u0351\u0352\u0353\u0354\u0355\u0356\u0357\u0358\u0359" * 50,  # combining-mark soup
        "👨‍👩‍👧 🏳️‍🌈 😀",
        "\ud800 lone surrogate",
        "\x00\x07\x1b[31m",
        "\u200b\u200c\u200d\ufeff",
        "مرحبا שלום 你好",
        "/start\u200b",
    ],
)
async def test_odd_unicode_is_answered_not_crashed_on(db: Database, chat, make_code, weird: str) -> None:
    you = chat("1001")
    await join(you, await make_code())
    replies = await you.send(weird)
    assert replies and all(r.text for r in replies)


def test_clean_text_tidies_without_losing_words() -> None:
    assert clean_text("e\u0301cole") == "\u00e9cole"  # NFC
    assert clean_text("kill\u200bmyself") == "killmyself"  # zero-width can't hide words
    assert clean_text("a\u202eb\u202cc") == "abc"
    assert clean_text("tab\there\r\nnew\n\n\n\nline ") == "tab here\nnew\n\nline"
    assert clean_text("😀 ok") == "😀 ok"
    assert clean_text("a" + "\u0301" * 10) == "\u00e1" + "\u0301" * 3  # composed, then capped


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(alphabet=st.characters(codec=None), max_size=300))
def test_clean_text_never_fails_and_leaves_no_controls(raw: str) -> None:
    import unicodedata

    cleaned = clean_text(raw)
    cleaned.encode("utf-8")  # no lone surrogates left
    assert all(ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs") for ch in cleaned)
    assert cleaned == unicodedata.normalize("NFC", cleaned)


def test_commands_are_read_with_or_without_the_bot_name() -> None:
    assert parse_command("/start@HeardBot K7MX-Q2PD") == parse_command("/start K7MX-Q2PD")
    command = parse_command("/START  K7MX-Q2PD ")
    assert command is not None and (command.name, command.arg) == ("start", "K7MX-Q2PD")
    assert parse_command("not /a command") is None


async def test_a_new_engine_on_the_same_database_resumes_the_conversation(
    db: Database, chat, make_code, sealer, pseudonymiser, clock
) -> None:
    you = chat("1001")
    await join(you, await make_code())
    asked = await you.press("menu:forget")
    assert "forget:yes" in actions(asked)

    restarted = ConversationEngine(sealer=sealer, pseudonymiser=pseudonymiser, config=CONFIG, clock=clock)
    again = CollectingChannel(restarted, db, user_id="1001", clock=clock)
    assert "forgotten you" in said(await again.press("forget:yes"))
    assert await count(db, Participant) == 0


async def test_state_is_sealed_at_rest(db: Database, chat, make_code, sealer) -> None:
    you = chat("1001")
    await join(you, await make_code())
    await you.press("menu:forget")
    from sqlalchemy import select

    async with db.session() as session:
        stored = (await session.execute(select(ConversationState.state_sealed))).scalar_one()
    assert "forget" not in stored
    assert '"flow":"forget"' in sealer.open(stored)
