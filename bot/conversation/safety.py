"""The risk check every typed message gets first: signposting at once, and an alert for the team.

Both levels are recorded as alerts (the level tells a safeguarding lead how
fast to look), with the verdict's reasons so the lead can see why; the reply
comes in the same turn, before any flow runs, so help numbers are never
delayed by what the person was doing. A verdict may also say it is unsure
(``ask``): the conversation then asks "Are you safe right now?" rather than
guess (``bot.conversation.flows.safe``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Protocol

from bot.conversation import words
from bot.conversation.text import parse_command
from bot.conversation.turn import Turn
from bot.conversation.types import Reply
from feedback.alerts import record_alert
from feedback.invites import canonical_code

__all__ = ["RiskAssessor", "RiskVerdict", "asks", "default_assess", "own_words", "reasons_of", "signpost"]

log = logging.getLogger(__name__)


class RiskVerdict(Protocol):
    """What a risk check returns (``anonymiser.risk.Risk`` fits).

    ``reasons`` are readable lines (rule, tense, whose) for the safeguarding
    lead; ``ask`` marks a borderline verdict, where Heard should ask the young
    person rather than guess. Simpler verdicts without them are read with
    ``reasons_of`` and ``asks``: no reasons, never ask.
    """

    @property
    def level(self) -> str: ...

    @property
    def categories(self) -> Sequence[str]: ...

    @property
    def reasons(self) -> Sequence[str]: ...

    @property
    def ask(self) -> bool: ...


RiskAssessor = Callable[[str], RiskVerdict]


def reasons_of(verdict: object) -> tuple[str, ...]:
    """Return the verdict's readable reasons (none for a verdict that has no ``reasons``)."""
    return tuple(str(r) for r in getattr(verdict, "reasons", ()) or ())


def asks(verdict: object) -> bool:
    """Return True when the verdict is borderline and not urgent: ask "Are you safe right now?"."""
    return bool(getattr(verdict, "ask", False)) and str(getattr(verdict, "level", "none")) != "urgent"


def own_words(text: str) -> str:
    """Return what the risk check should read of ``text``: everything but an invite code.

    A code is random letters, not someone's words, and the detector reads
    shorthand: a code starting ``SH`` (or ``5H``) reads as "self-harm". A
    young person joining with ``/start SH9PWJNT``, or typing the code when
    asked, must not get a safeguarding message, nor the team an urgent
    alert. Only a single token that is a code is left out: after ``/start``
    (a deep link sends exactly that), or on its own if it has a digit or a
    dash, as almost every code does and words do not ("suffered" or "beat me
    up" would also fit the code alphabet, and are checked). A command with
    nothing after it ("/help") is a button typed: it has no words to check, and
    reading "/help" as a plea for help would raise an alert for opening help.
    """
    command = parse_command(text)
    if command is not None and not command.arg.strip():
        return ""  # a bare command ("/help", "/menu") is a button typed, not words of the person's own
    if command is not None:
        token, after_start = command.arg, command.name == "start"
    else:
        token, after_start = text.strip(), False
    if not token or any(c.isspace() for c in token) or canonical_code(token) is None:
        return text
    if after_start or any(c.isdigit() or c == "-" for c in token):
        return ""
    return text


def default_assess(text: str) -> RiskVerdict:
    """Return the shipped detector's verdict (``anonymiser.risk.assess``)."""
    from anonymiser.risk import assess

    return assess(text)


async def signpost(
    turn: Turn, verdict: RiskVerdict, text: str, *, on_alert: Callable[[str], None] | None = None
) -> list[Reply]:
    """Record an alert for a risky text and return the signposting reply; nothing for no risk."""
    level = str(verdict.level)
    if level not in ("concern", "urgent"):
        return []
    participant = turn.participant
    turn.risky = True
    if participant is None:
        # Help numbers for anyone, but no alert until someone has joined and consented: otherwise
        # anyone could fill the leads' queue with made-up identities (there is nobody to follow up).
        log.info("conversation.signposted", extra={"event": "conversation.signposted", "level": level})
    else:
        turn.alert_id = await record_alert(
            turn.session,
            sealer=turn.sealer,
            source="conversation",
            level=level,
            categories=[str(c) for c in verdict.categories],
            text=text,
            now=turn.now,
            participant_id=participant.id,
            group=True,  # repeats join the open alert: one identity cannot flood the queue
            reasons=reasons_of(verdict),
        )
        log.warning("conversation.alert", extra={"event": "conversation.alert", "level": level})
        if on_alert is not None:
            on_alert(level)
    link = words.childline_link()
    if level == "urgent":
        return [Reply(words.signpost_urgent(turn.config), link=link)]
    return [Reply(words.signpost_concern(turn.config), link=link)]
