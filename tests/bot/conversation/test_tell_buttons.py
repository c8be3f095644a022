"""Tell us something's buttons: out of place or forged ones change nothing, and all fit Telegram's limit.

SQLite only: the storage these touch is covered on both databases by test_tell and test_tell_threads.
"""

from __future__ import annotations

import pytest

from bot.conversation.actions import MAX_ACTION_BYTES, parse_action
from bot.conversation.collecting import CollectingChannel
from feedback.db import Database
from feedback.models import Issue
from tests.bot.conversation.chatting import actions, count, join, said


@pytest.fixture
async def member(chat, make_code) -> CollectingChannel:
    you = chat("1001")
    await join(you, await make_code("in_care", "16-17"))
    return you


@pytest.mark.parametrize(
    "forged",
    [
        "tell:send",
        "tell:skip",
        "tell:cancel",
        "tell:topic:CARER",
        "tell:topic:NOPE",
        "tell:share_yes:H-AAAAAA",
        "tell:answer:H-AAAAAA",
        "tell:helped_maybe:H-AAAAAA",
        "tell:open",
        "tell:answer",
    ],
)
async def test_buttons_out_of_place_change_nothing(
    member: CollectingChannel, db: Database, forged: str
) -> None:
    replies = await member.press(forged)
    assert "button has expired" in said(replies) and "menu:tell" in actions(replies)
    assert await count(db, Issue) == 0


async def test_every_button_on_the_way_fits_callback_data_and_parses(member: CollectingChannel) -> None:
    seen: set[str] = set()
    seen |= actions(await member.press("menu:tell"))
    seen |= actions(await member.send("the wifi in my placement keeps dropping"))
    seen |= actions(await member.press("tell:send"))
    done = await member.press("tell:topic:PLACE")
    seen |= actions(done)
    reference = next(word.rstrip(".") for word in said(done).split() if word.startswith("H-"))
    seen |= actions(await member.press("menu:issues"))
    seen |= actions(await member.press(f"tell:open:{reference}"))
    seen |= actions(await member.press(f"tell:named:{reference}"))
    seen |= actions(await member.send("Jo, 07700 900456"))
    seen |= actions(await member.press(f"tell:close:{reference}"))
    assert {"tell:send", f"tell:close_yes:{reference}", f"tell:share_yes:{reference}"} <= seen
    for action in seen:
        assert len(action.encode()) <= MAX_ACTION_BYTES and parse_action(action) is not None
