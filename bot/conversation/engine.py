"""The conversation engine: one inbound message in, the replies out, on any channel.

It routes each message to a small flow module (join, menu, my data,
settings, pause, forget, survey and "tell us something") through its
routing table (``routing``), answers help itself, and keeps the person's
place in the database, so a restart resumes every conversation. When the
risk check is unsure, or a reply is urgent, a safety question is asked
beside that place (``flows.safe``), and every screen with buttons offers
"Get help now". Each turn speaks from the catalogue of the person's language
and easy read choice (``catalogue.speaking``); someone not yet joined reads
English and chooses their language on the privacy card.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime

from aiohttp import web

from bot.appkeys import METRICS, PSEUDONYMISER, SEALER, SETTINGS
from bot.conversation import help as help_now
from bot.conversation import words
from bot.conversation.actions import Action, parse_action
from bot.conversation.catalogue import BASE, catalogue, locale_for, locales, speaking
from bot.conversation.flows import join, menu, safe
from bot.conversation.flows.tell_threads import replies_waiting
from bot.conversation.menu_card import menu_reply
from bot.conversation.routing import ACTION_FLOWS, COMMANDS, STATE_FLOWS, open_from_menu
from bot.conversation.safety import RiskAssessor, RiskVerdict, default_assess, own_words, signpost
from bot.conversation.state import ChatState
from bot.conversation.text import MAX_ASSESSED, MAX_TEXT, Command, clean_text, parse_command
from bot.conversation.turn import EngineConfig, Outcome, Turn
from bot.conversation.types import Inbound, InboundKind, Reply
from bot.metrics import Metrics
from bot.settings import Settings
from feedback.conversations import load_places, load_state, save_state
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Session
from feedback.participants import Member, find_member, mark_seen

__all__ = ["ConversationEngine"]

log = logging.getLogger(__name__)

_HELP = Action("menu", "help")
# ``session.info`` key for places read ahead by ``prepare``: pseudonym -> (participant, saved state).
_KNOWN = "heard.conversation.known"


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _locale(participant: Member | None, inbound: Inbound) -> str:
    """Return the catalogue to answer in: the member's choice; English until someone chooses on the card."""
    if participant is not None:
        return locale_for(participant.language, easy_read=participant.easy_read)
    return BASE


class ConversationEngine:
    """Turns what a young person sent into replies, with every write in the caller's session.

    Contract: ``handle`` writes (participants, state, alerts, join attempts,
    deletions) in the session it is given and never commits. The caller
    queues the returned replies in the outbox and marks its inbox item done
    in that same session, then commits once — so a message is either fully
    handled and answered, or not at all and will be handled again: nothing
    lost, nothing doubled. Nothing is stored for someone who has not yet
    pressed OK on the privacy card, apart from a count of failed codes; what
    they type is not risk-checked either (consent comes first), but help is
    one tap away on every reply.
    """

    def __init__(
        self,
        *,
        sealer: Sealer,
        pseudonymiser: Pseudonymiser,
        config: EngineConfig | None = None,
        assess: RiskAssessor = default_assess,
        clock: Callable[[], datetime] = _utc_now,
        metrics: Metrics | None = None,
    ) -> None:
        self.sealer = sealer
        self.pseudonymiser = pseudonymiser
        self.config = config or EngineConfig()
        self._assess = assess
        self._clock = clock
        self._metrics = metrics
        self._verdicts: dict[str, RiskVerdict] = {}  # checked ahead by ``assess_ahead``, used once
        for locale in locales():  # read every catalogue now: a broken file stops start-up, not a turn
            catalogue(locale)

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        sealer: Sealer,
        pseudonymiser: Pseudonymiser,
        metrics: Metrics | None = None,
    ) -> ConversationEngine:
        """Return an engine configured from ``settings``."""
        base = settings.public_url or f"http://{settings.host}:{settings.port}"
        config = EngineConfig(
            council_name=settings.council_name,
            out_of_hours_phone=settings.out_of_hours_phone,
            childline_phone=settings.childline_phone,
            samaritans_phone=settings.samaritans_phone,
            web_chat_url=f"{base}/chat",
            retention_days=settings.retention_days,
        )
        return cls(sealer=sealer, pseudonymiser=pseudonymiser, config=config, metrics=metrics)

    @classmethod
    def for_app(cls, app: web.Application) -> ConversationEngine:
        """Return an engine built from what the aiohttp application holds."""
        return cls.from_settings(
            app[SETTINGS], sealer=app[SEALER], pseudonymiser=app[PSEUDONYMISER], metrics=app.get(METRICS)
        )

    async def handle(self, session: Session, inbound: Inbound, *, now: datetime | None = None) -> list[Reply]:
        """Return the replies to ``inbound``, in order; writes go into ``session`` uncommitted."""
        now = now or self._clock()
        if inbound.kind is InboundKind.UNSUPPORTED:
            log.info("conversation.unsupported", extra={"event": "conversation.unsupported"})
            with speaking(_locale(None, inbound)):
                return help_now.offer_help_in_turn([Reply(words.unsupported())])
        participant, saved = await self._place(session, inbound.pseudonym)
        with speaking(_locale(participant, inbound)):
            return await self._handle(session, inbound, now, participant, saved)

    async def _handle(
        self,
        session: Session,
        inbound: Inbound,
        now: datetime,
        participant: Member | None,
        saved: str | None,
    ) -> list[Reply]:
        state = ChatState()
        if participant is not None:
            state = ChatState.from_json(saved)
        waiting, state = state.safety, replace(state, safety=None)  # flows never see a safety question
        if state.flow not in STATE_FLOWS:
            state = ChatState()
        turn = Turn(
            session=session,
            inbound=inbound,
            now=now,
            participant=participant,
            state=state,
            config=self.config,
            sealer=self.sealer,
            pseudonymiser=self.pseudonymiser,
            safety=waiting,
        )
        replies: list[Reply] = []
        if inbound.kind is InboundKind.CHOICE:
            outcome = await self._on_choice(turn)
        else:
            replies, outcome = await self._on_typed(turn, inbound.text)
        replies += outcome.replies
        await self._keep_place(turn, outcome, saved)
        with speaking(_locale(turn.participant, inbound)):  # a language chosen this turn labels the help
            return help_now.offer_help_in_turn(replies)

    async def _on_typed(self, turn: Turn, raw: str) -> tuple[list[Reply], Outcome]:
        """Return the signposting and the outcome for typed text; the risk check comes first."""
        text = clean_text(raw[: MAX_ASSESSED * 2])
        checked = own_words(text[:MAX_ASSESSED])
        verdict = self._verdicts.pop(checked, None) or self._assess(checked)
        if turn.participant is None:
            # Consent first: until OK on the privacy card nothing typed is kept or alerted (they have
            # not read that Heard is private, not secret). The check still runs, in memory only, so
            # a child who types that they are in danger before pressing OK sees the help numbers at
            # once; nothing of it is stored and no alert is raised (``signpost`` knows no one).
            signposting = await signpost(turn, verdict, text[:MAX_ASSESSED])
            return signposting, await self._before_consent(turn, text)
        turn.risk_level = str(verdict.level)
        answered = await safe.answer_in_words(turn, text[:MAX_ASSESSED], verdict, STATE_FLOWS)
        if answered is not None:  # the answer to a safety question: kept on that alert, not a new one
            return [], answered
        signposting = await signpost(turn, verdict, text[:MAX_ASSESSED], on_alert=self._count_alert)
        if len(text) > MAX_TEXT:
            outcome = Outcome([Reply(words.too_long(MAX_TEXT))])
        elif not text:
            outcome = self._idle(turn)
        else:
            outcome = await self._on_text(turn, text)
        return await safe.after_risk(turn, verdict, signposting, outcome)

    async def _before_consent(self, turn: Turn, text: str) -> Outcome:
        """Return the answer to typed text from someone who has not pressed OK: a code, or the card."""
        if len(text) > MAX_TEXT:
            return Outcome([Reply(words.too_long(MAX_TEXT))])
        if not text:
            return Outcome([Reply(words.need_code())])
        return await self._on_text(turn, text)

    def assess_ahead(self, inbounds: Iterable[Inbound]) -> None:
        """Risk-check the typed texts in ``inbounds`` now, for ``handle`` calls soon after.

        Optional, like ``prepare``: a worker calls it before opening its
        transaction, so the checks (the largest CPU cost of a turn) run while
        other writers can use the database. Each verdict is used once; the
        check is a pure function of the text, so a verdict is never stale.
        """
        if len(self._verdicts) > 4096:  # verdicts left by turns that never came; drop them
            self._verdicts.clear()
        for inbound in inbounds:
            if inbound.kind is InboundKind.TEXT:
                text = own_words(clean_text(inbound.text[: MAX_ASSESSED * 2])[:MAX_ASSESSED])
                self._verdicts[text] = self._assess(text)

    async def prepare(self, session: Session, inbounds: Iterable[Inbound]) -> None:
        """Read the places of everyone in ``inbounds`` at once, for ``handle`` calls in this session.

        Optional: ``handle`` reads what it needs itself. A worker handling many
        chats in one transaction calls this first, so the reads cost one query
        instead of two per message. Each place read ahead is used once, so a
        second message from the same person in the session reads afresh.
        """
        pseudonyms = {i.pseudonym for i in inbounds if i.kind is not InboundKind.UNSUPPORTED}
        places = await load_places(session, sealer=self.sealer, pseudonyms=pseudonyms)
        session.info[_KNOWN] = {p: places.get(p, (None, None)) for p in pseudonyms}

    async def reader(self, session: Session, inbound: Inbound) -> str:
        """Return the catalogue the sender of ``inbound`` reads (English for someone not yet joined)."""
        return _locale(await find_member(session, inbound.pseudonym), inbound)

    def gave_up(self, locale: str) -> Reply:
        """Return the sorry for a message not handled even after every retry, in ``locale``, with help."""
        with speaking(locale):
            return help_now.offer_help_in_turn([Reply(words.gave_up(self.config))])[0]

    async def _place(self, session: Session, pseudonym: str) -> tuple[Member | None, str | None]:
        """Return the participant with ``pseudonym`` (None if not joined) and their saved state."""
        known: dict[str, tuple[Member | None, str | None]] | None = session.info.get(_KNOWN)
        if known is not None and pseudonym in known:
            return known.pop(pseudonym)
        participant = await find_member(session, pseudonym)
        if participant is None:
            return participant, None
        return participant, await load_state(session, sealer=self.sealer, participant_id=participant.id)

    async def greet(self, session: Session, inbound: Inbound, *, now: datetime | None = None) -> list[Reply]:
        """Return what to show someone opening the chat with nothing waiting; writes nothing.

        Members get the menu (and the question they were on, if any); anyone
        else is told how to join.
        """
        participant = await find_member(session, inbound.pseudonym)
        with speaking(_locale(participant, inbound)):
            return await self._greet(session, inbound, now, participant)

    async def _greet(
        self, session: Session, inbound: Inbound, now: datetime | None, participant: Member | None
    ) -> list[Reply]:
        if participant is None:
            return help_now.offer_help_in_turn([Reply(words.need_code())])
        saved = await load_state(session, sealer=self.sealer, participant_id=participant.id)
        state = ChatState.from_json(saved)
        turn = Turn(
            session=session,
            inbound=inbound,
            now=now or self._clock(),
            participant=participant,
            state=replace(state, safety=None),
            config=self.config,
            sealer=self.sealer,
            pseudonymiser=self.pseudonymiser,
            safety=state.safety,
        )
        asking = safe.prompt(turn)
        if asking is not None:  # a safety question is waiting: that first, never the menu
            return [help_now.offer_help(asking)]
        news = await replies_waiting(turn)  # a reply shown before a reload is not lost: say where it is
        welcome = f"{words.welcome_back()}\n\n{news}" if news else words.welcome_back()
        replies = [menu_reply(turn, welcome)]
        flow = STATE_FLOWS.get(turn.state.flow)
        waiting = flow.prompt(turn) if flow is not None else None
        return [*replies, waiting] if waiting is not None else replies

    async def _on_text(self, turn: Turn, text: str) -> Outcome:
        command = parse_command(text)
        if command is not None:
            return await self._on_command(turn, command)
        if turn.participant is None:
            return await join.on_text(turn, text)
        flow = STATE_FLOWS.get(turn.state.flow, menu)
        outcome = await flow.on_text(turn, text)
        return outcome or await menu.on_text(turn, text)

    async def _on_command(self, turn: Turn, command: Command) -> Outcome:
        if command.name == "help":
            return self._help(turn)
        if command.name == "start":
            return await join.start(turn, command.arg)
        verb = COMMANDS.get(command.name)
        if verb is not None:
            outcome = await open_from_menu(turn, Action(menu.NAME, verb))
            if outcome is not None:
                return outcome
        if turn.participant is None:
            return Outcome([Reply(words.need_code())])
        return Outcome([menu_reply(turn, words.unknown_command())])

    async def _on_choice(self, turn: Turn) -> Outcome:
        action = parse_action(turn.inbound.text)
        if action == _HELP:
            return self._help(turn)
        if action is not None and action.flow == safe.NAME:
            answered = await safe.on_action(turn, action, STATE_FLOWS)
            if answered is not None:
                return answered
        else:
            turn.safety = None  # another button: they moved on from the safety question
        answer = ACTION_FLOWS.get(action.flow) if action is not None else None
        outcome = await answer(turn, action) if answer is not None and action is not None else None
        if outcome is not None:
            return outcome
        log.info("conversation.stale_action", extra={"event": "conversation.stale_action"})
        if turn.participant is None:
            return Outcome([Reply(words.expired_button(joined=False))])
        return Outcome([menu_reply(turn, words.expired_button(joined=True))], ChatState())

    def _help(self, turn: Turn) -> Outcome:
        """Return help, then the question the person was on, so their place is kept."""
        replies = list(help_now.show(turn).replies)
        if turn.participant is not None:
            flow = STATE_FLOWS.get(turn.state.flow)
            waiting = safe.prompt(turn) or (flow.prompt(turn) if flow is not None else None)
            if waiting is not None:
                replies.append(waiting)
        return Outcome(replies)

    def _idle(self, turn: Turn) -> Outcome:
        if turn.participant is None:
            return Outcome([Reply(words.need_code())])
        return Outcome([menu_reply(turn)])

    async def _keep_place(self, turn: Turn, outcome: Outcome, saved: str | None) -> None:
        participant = turn.participant
        if participant is None:
            return
        state_json = replace(outcome.state or turn.state, safety=turn.safety).to_json()
        if state_json != saved:
            await save_state(
                turn.session,
                sealer=self.sealer,
                participant_id=participant.id,
                state_json=state_json,
                now=turn.now,
            )
        await mark_seen(turn.session, participant, today=turn.now.astimezone(UTC).date())

    def _count_alert(self, level: str) -> None:
        if self._metrics is not None:
            self._metrics.risk_alerts.labels(level).inc()
