"""Reading ahead for a batch: the same answers as one by one, in fewer queries, never stale."""

from __future__ import annotations

from sqlalchemy import event

from bot.conversation import ConversationEngine
from bot.conversation.types import Inbound, InboundKind
from feedback.db import Database
from tests.bot.conversation.chatting import actions, join, said


def _text(chat, text: str) -> Inbound:  # type: ignore[no-untyped-def]
    return Inbound(chat.channel, chat.pseudonym, InboundKind.TEXT, text=text, address=chat.user_id)


def _choice(chat, action: str) -> Inbound:  # type: ignore[no-untyped-def]
    return Inbound(chat.channel, chat.pseudonym, InboundKind.CHOICE, text=action, address=chat.user_id)


class Statements:
    """Counts SELECTs on a database while in use."""

    def __init__(self, db: Database) -> None:
        self.selects = 0
        self.engine = db.engine.sync_engine

    def _count(self, *args: object) -> None:
        if str(args[2]).lstrip().upper().startswith("SELECT"):
            self.selects += 1

    def __enter__(self) -> Statements:
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)


async def test_a_prepared_batch_answers_as_one_by_one_would_with_one_read(
    engine: ConversationEngine, db: Database, chat, make_code, clock
) -> None:
    members = [chat(str(2000 + n)) for n in range(4)]
    for member in members:
        await join(member, await make_code("in_care", "16-17"))
    stranger = chat("3999")
    inbounds = [_text(m, "hello there") for m in members] + [_text(stranger, "hello there")]
    one_by_one = [await m.send("hello there") for m in members] + [await stranger.send("hello there")]
    with Statements(db) as counted:
        async with db.session() as session:
            await engine.prepare(session, inbounds)
            batch = [await engine.handle(session, i, now=clock.now) for i in inbounds]
    assert [said(r) for r in batch] == [said(r) for r in one_by_one]
    assert counted.selects == 1  # everyone's participant and place, in one query


async def test_a_second_message_from_the_same_person_in_a_batch_sees_the_first_ones_change(
    engine: ConversationEngine, db: Database, chat, make_code, clock
) -> None:
    member = chat("4001")
    await join(member, await make_code("in_care", "16-17"))
    inbounds = [_choice(member, "menu:forget"), _choice(member, "forget:no")]
    async with db.session() as session:
        await engine.prepare(session, inbounds)
        asked = await engine.handle(session, inbounds[0], now=clock.now)
        kept = await engine.handle(session, inbounds[1], now=clock.now)
    assert {"forget:yes", "forget:no"} <= actions(asked)
    assert "nothing has been deleted" in said(kept)  # not "that button doesn't work any more"


async def test_a_language_chosen_in_a_batch_speaks_in_the_next_message_of_the_same_batch(
    engine: ConversationEngine, db: Database, chat, make_code, clock
) -> None:
    from bot.conversation.catalogue import say_in

    member = chat("4002")
    await join(member, await make_code("in_care", "16-17"))
    await member.send("hello")  # the member's row has been read in earlier sessions too
    inbounds = [_choice(member, "settings:lang:cy"), _text(member, "/mydata")]
    async with db.session() as session:
        await engine.prepare(session, inbounds)
        await engine.handle(session, inbounds[0], now=clock.now)
        mine = await engine.handle(session, inbounds[1], now=clock.now)
    assert say_in("cy", "mydata.language", language="Cymraeg") in said(mine)


async def test_texts_checked_ahead_are_not_checked_again_and_give_the_same_signposting(
    sealer, pseudonymiser, db: Database, clock, make_code
) -> None:
    from anonymiser.risk import assess
    from bot.conversation.collecting import CollectingChannel
    from tests.bot.conversation.chatting import join

    checked: list[str] = []

    def counting(text: str):  # type: ignore[no-untyped-def]
        checked.append(text)
        return assess(text)

    engine = ConversationEngine(sealer=sealer, pseudonymiser=pseudonymiser, clock=clock, assess=counting)
    you = CollectingChannel(engine, db, user_id="5001")
    await join(you, await make_code())
    checked.clear()  # joining typed a code (checked in memory, never kept)
    urgent = "i want to kill myself tonight"
    engine.assess_ahead([_text(you, urgent), _text(you, "hello")])
    assert checked == [urgent, "hello"]
    replies = await you.send(urgent)
    assert checked == [urgent, "hello"]  # used the verdict from ahead
    assert "0800 1111" in said(replies) and "999" in said(replies)
    await you.send(urgent)
    assert checked == [urgent, "hello", urgent]  # each verdict is used once
