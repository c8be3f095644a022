"""Joining: codes good and bad, nothing stored before OK, rate limits, under-16s kept off Telegram."""

from __future__ import annotations

from bot.conversation.cards import CONSENT_VERSION
from feedback.db import Database
from feedback.invites import JOIN_FAILURE_LIMIT, display_code
from feedback.models import Alert, ConversationState, Invite, JoinAttempt, Participant
from tests.bot.conversation.chatting import actions, count, join, said
from tests.conftest import db_url  # noqa: F401  (these run on SQLite and PostgreSQL)


async def test_good_code_shows_the_privacy_card_and_stores_nothing_until_ok(
    db: Database, chat, make_code
) -> None:
    code = await make_code("care_leaver", "16-25")
    you = chat("1001")
    card = await you.send(f"/start {code}")
    assert "Private, not secret" in said(card)
    assert f"consent:ok:{code}" in actions(card) and "consent:no" in actions(card)
    assert await count(db, Participant) == 0
    assert await count(db, ConversationState) == 0
    assert await count(db, JoinAttempt) == 0
    async with db.session() as session:
        invite = (await session.execute(Invite.__table__.select())).one()  # type: ignore[attr-defined]
    assert invite.uses == 0

    welcome = await you.press(f"consent:ok:{code}")
    assert "Welcome to Heard" in said(welcome)
    assert {"menu:survey", "menu:tell", "menu:help", "menu:mydata", "menu:pause", "menu:forget"} <= actions(
        welcome
    )
    async with db.session() as session:
        participant = (await session.execute(Participant.__table__.select())).one()  # type: ignore[attr-defined]
        invite = (await session.execute(Invite.__table__.select())).one()  # type: ignore[attr-defined]
    assert participant.pseudonym == you.pseudonym
    assert (participant.care_status, participant.age_band) == ("care_leaver", "16-25")
    assert participant.consent_version == CONSENT_VERSION
    assert participant.joined_on == participant.last_seen_on == you.clock().date()
    assert participant.consented_at.hour == 0 and participant.consented_at.minute == 0  # kept to the day
    assert participant.chat_id_sealed and "1001" not in participant.chat_id_sealed
    assert invite.uses == 1


async def test_code_typed_loosely_or_without_start_works(db: Database, chat, make_code) -> None:
    code = await make_code()
    loose = display_code(code).lower().replace("-", " ")
    card = await chat("1001").send(loose)
    assert f"consent:ok:{code}" in actions(card)


async def test_not_now_leaves_nothing_behind(db: Database, chat, make_code) -> None:
    code = await make_code()
    you = chat("1001")
    await you.send(f"/start {code}")
    replies = await you.press("consent:no")
    assert "haven't kept anything" in said(replies)
    assert await count(db, Participant) == 0
    assert await count(db, JoinAttempt) == 0


async def test_no_code_says_how_to_get_one(db: Database, chat) -> None:
    for text in ("/start", "hello"):
        replies = await chat("1001").send(text)
        assert "invite code" in said(replies) and "social worker" in said(replies)
    assert await count(db, JoinAttempt) == 0


async def test_bad_expired_and_used_up_codes_get_kind_different_answers(
    db: Database, chat, make_code, clock
) -> None:
    unknown = await chat("1").send("/start ABCD-EFGH")
    assert "didn't work" in said(unknown) and "social worker" in said(unknown)

    expired = await make_code(days=1)
    clock.advance(days=2)
    assert "run out" in said(await chat("2").send(f"/start {expired}"))

    used = await make_code(max_uses=1)
    await join(chat("3"), used)
    assert "already been used" in said(await chat("4").send(f"/start {used}"))
    assert await count(db, Participant) == 1


async def test_code_used_up_between_card_and_ok_is_refused_on_ok(db: Database, chat, make_code) -> None:
    code = await make_code(max_uses=1)
    first, second = chat("1"), chat("2")
    await first.send(f"/start {code}")
    await second.send(f"/start {code}")
    await first.press(f"consent:ok:{code}")
    late = await second.press(f"consent:ok:{code}")
    assert "already been used" in said(late)
    assert await count(db, Participant) == 1


async def test_forged_ok_with_a_made_up_code_joins_nobody_and_counts_as_a_failure(db: Database, chat) -> None:
    replies = await chat("1").press("consent:ok:ABCDEFGH")
    assert "didn't work" in said(replies)
    assert await count(db, Participant) == 0
    assert await count(db, JoinAttempt) == 1


async def test_repeated_wrong_codes_are_slowed_down_then_allowed_again(
    db: Database, chat, make_code, clock
) -> None:
    good = await make_code()
    you = chat("1001")
    for n in range(JOIN_FAILURE_LIMIT):
        assert "didn't work" in said(await you.send(f"/start WRONG{n:03d}"))
    blocked = await you.send(f"/start {good}")
    assert "wait 15 minutes" in said(blocked)
    assert not any(a.startswith("consent:ok") for a in actions(blocked))
    assert "wait 15 minutes" in said(await you.press(f"consent:ok:{good}"))
    other = await chat("2002").send(f"/start {good}")  # someone else is not blocked
    assert f"consent:ok:{good}" in actions(other)
    clock.advance(minutes=16)
    await join(you, good)
    assert await count(db, Participant) == 1
    assert await count(db, JoinAttempt) == 0  # joining clears the count


async def test_under_16_code_on_telegram_points_to_the_web_chat_and_joins_nobody(
    db: Database, chat, make_code
) -> None:
    code = await make_code("in_care", "11-15")
    replies = await chat("1001", "telegram").send(f"/start {code}")
    assert "under 16" in said(replies)
    [reply] = replies
    assert reply.link is not None and reply.link.url == f"https://heard.example.org/chat?code={code}"
    assert not any(a.startswith("consent:ok") for a in actions(replies))
    forged = await chat("1001", "telegram").press(f"consent:ok:{code}")
    assert "under 16" in said(forged)
    assert await count(db, Participant) == 0
    assert await count(db, JoinAttempt) == 0

    web = await join(chat("browser-token", "web"), code)
    assert "Welcome" in said(web)
    assert await count(db, Participant, channel="web", age_band="11-15") == 1


async def test_someone_already_joined_is_shown_the_menu_not_a_card(db: Database, chat, make_code) -> None:
    you = chat("1001")
    await join(you, await make_code())
    again = await you.send(f"/start {await make_code()}")
    assert "already joined" in said(again) and "menu:mydata" in actions(again)
    assert await count(db, Participant) == 1


async def test_words_typed_before_ok_are_not_kept_or_alerted_but_danger_still_gets_help(
    db: Database, chat, make_code
) -> None:
    """Consent first: nothing typed before OK is kept or alerted, and the card's buttons still
    work; a child who says they are in danger still sees the help numbers at once."""
    code = await make_code()
    you = chat("1001")
    await you.send(f"/start {code}")
    replies = await you.send("I want to kill myself tonight, my number is 07700 900123")
    assert "999" in said(replies) and "116 123" in said(replies)  # urgent signposting first
    assert "Please read the message about privacy first, then tap OK" in said(replies)
    assert "menu:help" in actions(replies)
    ordinary = await you.send("hiya what is this")
    assert said(ordinary).startswith("Please read the message about privacy first, then tap OK")
    assert "999" not in said(ordinary)
    for model in (Participant, ConversationState, JoinAttempt, Alert):
        assert await count(db, model) == 0
    assert "Welcome to Heard" in said(await you.press(f"consent:ok:{code}"))  # the card's OK still works


async def test_a_channel_that_remembers_the_card_shows_it_again_under_the_note(
    db: Database, engine, make_code, clock
) -> None:
    from bot.conversation import Inbound, InboundKind

    code = await make_code()
    inbound = Inbound("web", "p-web", InboundKind.TEXT, text="hi can i just talk", card_code=code)
    async with db.session() as session:
        replies = await engine.handle(session, inbound, now=clock())
    assert said(replies).startswith("Please read this first, then tap OK.")
    assert "Private, not secret" in said(replies)
    assert {f"consent:ok:{code}", "consent:no", "menu:help"} <= actions(replies)
    assert await count(db, Alert) == 0 and await count(db, Participant) == 0
