"""The privacy cards say the four things they must, in words a nine-year-old can read."""

from __future__ import annotations

import pytest

from bot.conversation.cards import privacy_card
from bot.conversation.flows.mydata import describe
from bot.conversation.turn import EngineConfig
from bot.conversation.words import forget_ask, help_text, need_code, signpost_urgent

COHORTS = [("in_care", "8-10"), ("in_care", "11-15"), ("in_care", "16-17"), ("care_leaver", "16-25")]
COUNCIL = "Northshire Council"


@pytest.mark.parametrize(("status", "band"), COHORTS)
def test_every_card_says_what_is_kept_who_sees_it_not_secret_and_how_to_delete(
    status: str, band: str
) -> None:
    card = privacy_card(status, band, council=COUNCIL, retention_days=90).lower()
    assert "what we keep" in card and "name" in card
    assert "who sees it" in card and COUNCIL.lower() in card
    assert "not secret" in card or "not a secret" in card
    assert "forget me" in card and "delete" in card
    assert "tap ok" in card
    assert band.replace("-", " to ") in card


@pytest.mark.parametrize("band", ["8-10", "11-15"])
def test_younger_cards_read_at_about_age_nine(band: str) -> None:
    textstat = pytest.importorskip("textstat", reason="textstat (a dev dependency) checks reading age")
    card = privacy_card("in_care", band, council=COUNCIL, retention_days=90)
    # Flesch-Kincaid grade 4 is a reading age of about 9 (UK Year 5).
    assert textstat.flesch_kincaid_grade(card) <= 4.0
    assert textstat.flesch_reading_ease(card) >= 80


def test_older_cards_stay_plain() -> None:
    textstat = pytest.importorskip("textstat", reason="textstat (a dev dependency) checks reading age")
    card = privacy_card("care_leaver", "16-25", council=COUNCIL, retention_days=90)
    assert textstat.flesch_kincaid_grade(card) <= 7.0
    assert "90 days" in card


def test_messages_everyone_sees_are_easy_to_read() -> None:
    textstat = pytest.importorskip("textstat", reason="textstat (a dev dependency) checks reading age")
    config = EngineConfig(council_name=COUNCIL, out_of_hours_phone="01632 960 999")
    for text in (help_text(config), need_code(), forget_ask(), signpost_urgent(config)):
        assert textstat.flesch_kincaid_grade(text) <= 6.0, text


def test_my_data_lists_every_stored_field() -> None:
    from datetime import date

    from feedback.participants import ParticipantRecord

    record = ParticipantRecord(
        care_status="care_leaver",
        age_band="16-25",
        channel="web",
        joined_on=date(2026, 1, 5),
        consent_version="2026-11",
        consented_on=date(2026, 1, 5),
        last_seen_on=date(2026, 2, 1),
        paused=True,
        language="cy",
        easy_read=True,
        responses=2,
        issues=3,
        alerts=1,
    )
    text = describe(record)
    for expected in (
        "care leaver, age 16 to 25",
        "5 January 2026",
        "the web chat",
        "version 2026-11",
        "1 February 2026",
        "paused",
        "Cymraeg, easy read",  # a language is named in its own words
        "answered: 2",
        "told us: 3",
        "asked to read: 1",
    ):
        assert expected in text
    # Every stored column is shown (the pseudonym and sealed chat id are described in words).
    from feedback.models import Participant

    shown = set(ParticipantRecord.__dataclass_fields__) | {"consented_at"}
    described = {"id", "pseudonym", "chat_id_sealed"}
    assert set(Participant.__table__.columns.keys()) - described <= shown  # type: ignore[attr-defined]
    assert "locked code" in text and "never ask for your name" in text
    assert "If you typed them in a message, they are in those locked words" in text  # the truth
    assert "don't know your" not in text


def test_the_safety_questions_and_their_answers_are_easy_to_read() -> None:
    textstat = pytest.importorskip("textstat", reason="textstat (a dev dependency) checks reading age")
    from bot.conversation.flows import safe_words as say

    config = EngineConfig(council_name=COUNCIL, out_of_hours_phone="01632 960 999")
    texts = (
        say.check_question(),
        say.glad_ok(),
        say.heard_words(),
        say.contact_question(config, asked_for_help=True),
        say.contact_question(config, asked_for_help=False),
        say.contact_yes(config),
        say.contact_no(),
    )
    for text in texts:
        assert textstat.flesch_kincaid_grade(text) <= 6.0, text
        assert "fine" not in text.casefold()  # Heard cannot know that; it never says so
