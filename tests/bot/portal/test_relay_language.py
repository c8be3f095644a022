"""A staff reply reaches a young person in their own language: frame and buttons, not the staff's words."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.conversation.catalogue import say_in
from bot.portal.relay import outcome_message, reply_message, speaking_to
from feedback import issues
from feedback.crypto import Sealer
from feedback.db import Database
from feedback.issues import Written
from feedback.models import Participant, StaffUser
from feedback.staff import Role, StaffAccount
from tests.bot.conversation.languages import reads

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


async def test_a_reply_and_an_outcome_come_in_welsh_to_a_welsh_speaker(db: Database, sealer: Sealer) -> None:
    async with db.session() as session:
        person = Participant(
            pseudonym="p-cy", channel="web", care_status="in_care", age_band="11-15",
            chat_id_sealed=sealer.seal("cy-chat"), joined_on=date(2026, 11, 1), language="cy",
        )  # fmt: skip
        worker = StaffUser(username="ali", display_name="Ali", role="participation_worker", created_at=NOW)
        session.add_all([person, worker])
        await session.flush()
        staff = StaffAccount(int(worker.id or 0), "ali", "Ali", Role.PARTICIPATION_WORKER, True, None, None)
        raised = await issues.raise_issue(
            session, sealer=sealer, participant_id=int(person.id or 0), now=NOW, topic=None,
            messages=[Written("The bus to college is always late")],
        )  # fmt: skip
        target = await issues.staff_reply(
            session, reference=raised.reference, staff=staff, text="We have asked the bus company.", now=NOW
        )
    assert (target.language, target.easy_read) == ("cy", False)
    with speaking_to(target):
        reply = reply_message(target.reference, "We have asked the bus company.")
        told = outcome_message(target.reference, "The bus now waits.")
    assert (
        reads("cy", "relay.reply_participation", reply.text)
        and "We have asked the bus company." in reply.text
    )
    assert say_in("cy", "tell.answer") in {b.label for row in reply.buttons for b in row}
    assert reads("cy", "relay.outcome", told.text)
    assert say_in("cy", "tell.helped_yes") in {b.label for row in told.buttons for b in row}
    english = reply_message(
        target.reference, "We have asked the bus company."
    )  # outside: the English catalogue
    assert reads("en", "relay.reply_participation", english.text)
