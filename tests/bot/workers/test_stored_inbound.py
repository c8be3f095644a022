"""Reading stored updates back: one form for every channel, and the form older versions wrote."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bot.conversation.types import Inbound, InboundKind, inbound_to_json
from bot.workers.stored_inbound import UnreadableUpdateError, open_inbound
from feedback.crypto import Pseudonymiser, Sealer
from feedback.inbox import StoredUpdate


def _row(sealer: Sealer, payload: str, channel: str = "telegram") -> StoredUpdate:
    now = datetime.now(UTC)
    return StoredUpdate(
        id=1, channel=channel, update_id=9, chat_key="k", payload_sealed=sealer.seal(payload),
        status="processing", attempts=1, error=None, received_at=now, claimed_at=now,
        processed_at=None, claimed_by=None,
    )  # fmt: skip


@pytest.mark.parametrize(
    "inbound",
    [
        Inbound("telegram", "p1", InboundKind.TEXT, text="i'm ok thanks 🙂", address="42"),
        Inbound("telegram", "p2", InboundKind.CHOICE, text="menu:help", address="43"),
        Inbound("telegram", "p3", InboundKind.UNSUPPORTED, unsupported="sticker", address="44"),
        Inbound("web", "p4", InboundKind.TEXT, text="hello"),
    ],
)
def test_what_intake_stored_reads_back_unchanged(
    sealer: Sealer, pseudonymiser: Pseudonymiser, inbound: Inbound
) -> None:
    assert open_inbound(sealer, pseudonymiser, _row(sealer, inbound_to_json(inbound))) == inbound


def test_a_telegram_update_stored_by_an_older_version_is_still_answered(
    sealer: Sealer, pseudonymiser: Pseudonymiser
) -> None:
    legacy = json.dumps({"u": 7, "c": 8, "k": "text", "t": "still waiting from before the upgrade"})
    inbound = open_inbound(sealer, pseudonymiser, _row(sealer, legacy))
    assert inbound == Inbound(
        "telegram",
        pseudonymiser.pseudonym("telegram", "7"),
        InboundKind.TEXT,
        text="still waiting from before the upgrade",
        address="8",
    )


@pytest.mark.parametrize(
    ("payload", "channel"),
    [
        ("{}", "telegram"),
        ("[1, 2]", "telegram"),
        ('{"u": 7, "c": 8, "k": "bad_choice"}', "telegram"),  # never stored by any version
        ('{"u": 7, "c": 8, "k": "text", "t": "hi"}', "web"),  # the old form was Telegram's only
        ('{"v": 2, "ch": "telegram", "p": "x", "k": "text"}', "telegram"),
        ("not json", "telegram"),
    ],
)
def test_a_row_in_no_known_form_is_refused_not_guessed(
    sealer: Sealer, pseudonymiser: Pseudonymiser, payload: str, channel: str
) -> None:
    with pytest.raises(UnreadableUpdateError):
        open_inbound(sealer, pseudonymiser, _row(sealer, payload, channel))
