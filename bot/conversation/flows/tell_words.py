"""What Heard says in "tell us something", read from the catalogue (``tell.*`` keys).

Written for the youngest reader (about age 9): short sentences, everyday
words, no jargon. The staff side calls these "issues"; a young person only
ever sees "messages", "the team" and a reference to quote.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.conversation.catalogue import say
from bot.conversation.turn import EngineConfig
from bot.conversation.words import help_short, short_date
from feedback.issues import IssueStatus

__all__ = [
    "added_while_choosing",
    "answer_label",
    "answer_sent",
    "answer_start",
    "cancelled",
    "close_ask",
    "close_kept",
    "close_no_label",
    "close_yes_label",
    "closed",
    "contact_ask",
    "contact_check",
    "contact_shared",
    "contact_yes_label",
    "draft_kept",
    "drafts_waiting",
    "end_label",
    "expired",
    "helped_labels",
    "helped_thanks",
    "my_messages",
    "named_label",
    "nothing_open",
    "raised",
    "replies_waiting",
    "short_status",
    "status_line",
    "thread_card",
    "thread_finished",
    "thread_moved_on",
    "thread_title",
    "too_long",
    "too_many",
    "too_many_today",
    "topic_ask",
    "write_first",
    "write_start",
]

_STATUS = {
    IssueStatus.OPEN: "open",
    IssueStatus.REPLIED: "replied",
    IssueStatus.ANSWERED: "answered",
    IssueStatus.CLOSED: "closed",
    IssueStatus.WITHDRAWN: "withdrawn",
}
_SHORT_STATUS = {**_STATUS, IssueStatus.WITHDRAWN: "closed"}


def _messages(count: int) -> str:
    return say("tell.one_message") if count == 1 else say("tell.many_messages", count=count)


def write_start() -> str:
    """Return the start of "tell us something": what to do, and that nothing goes until Done.

    The finishing button is "Done", not "Send": the web chat's message box has
    its own Send, and two Sends meaning different things confused people.
    """
    return say("tell.write_start")


def draft_kept(count: int, *, risky: bool) -> str:
    """Return the answer to a message held as a draft."""
    if risky:
        return say("tell.draft_kept_risky", messages=_messages(count))
    if count == 1:
        return say("tell.draft_kept_first")
    return say("tell.draft_kept_more", messages=_messages(count))


def drafts_waiting(count: int) -> str:
    """Return the reminder of messages written but not yet sent (after help, or on coming back)."""
    return say("tell.drafts_waiting", messages=_messages(count))


def write_first() -> str:
    """Return the answer to Done with nothing written."""
    return say("tell.write_first")


def too_long(limit: int) -> str:
    """Return the answer to a message longer than one message in a thread may be."""
    return say("error.too_long", limit=f"{limit:,}")


def too_many(limit: int) -> str:
    """Return the answer when a draft already holds as many messages as one Done takes."""
    return say("tell.too_many", limit=limit)


def too_many_today(config: EngineConfig) -> str:
    """Return the answer when someone has opened the day's most new threads: kind, and kept."""
    return f"{say('tell.too_many_today')}\n{help_short(config)}"


def topic_ask() -> str:
    """Return the question about what the message is about."""
    return say("tell.topic_ask")


def added_while_choosing() -> str:
    """Return the answer to more typing while the topic question is open."""
    return say("tell.added_while_choosing")


def raised(reference: str, council_name: str) -> str:
    """Return what happens next, with the reference to quote later."""
    return say("tell.raised", reference=reference, council=council_name)


def cancelled() -> str:
    """Return the answer to Cancel: nothing was sent."""
    return say("tell.cancelled")


def answer_start(reference: str) -> str:
    """Return the start of an answer in an existing thread."""
    return say("tell.answer_start", reference=reference)


def answer_sent(reference: str) -> str:
    """Return the thanks after an answer reached the thread."""
    return say("tell.answer_sent", reference=reference)


def thread_finished() -> str:
    """Return the answer to writing in a thread that is closed."""
    return say("tell.thread_finished")


def thread_moved_on(reference: str) -> str:
    """Return the answer when a thread closed while the young person was writing an answer."""
    return say("tell.thread_moved_on", reference=reference)


def close_ask(reference: str) -> str:
    """Return the question before the young person closes their own thread."""
    return say("tell.close_ask", reference=reference)


def closed(reference: str) -> str:
    """Return the answer after the young person closed their thread."""
    return say("tell.closed", reference=reference)


def close_kept(reference: str) -> str:
    """Return the answer to "No, keep it open"."""
    return say("tell.close_kept", reference=reference)


def close_yes_label() -> str:
    """Return the label of the button that confirms ending a thread."""
    return say("tell.close_yes")


def close_no_label() -> str:
    """Return the label of the button that keeps a thread open."""
    return say("tell.close_no")


def contact_ask(reference: str) -> str:
    """Return the offer to talk to someone by name: what is passed on, and to whom."""
    return say("tell.contact_ask", reference=reference)


def contact_check(contact: str) -> str:
    """Return what the young person typed, to check before it is passed on."""
    return say("tell.contact_check", contact=contact)


def contact_yes_label() -> str:
    """Return the label of the button that passes contact details on."""
    return say("tell.contact_yes")


def contact_shared(reference: str) -> str:
    """Return the answer after contact details were passed on."""
    return say("tell.contact_shared", reference=reference)


def helped_labels() -> tuple[str, str, str]:
    """Return the "did it help?" labels: yes, partly, no (one set, wherever it is asked)."""
    return say("tell.helped_yes"), say("tell.helped_partly"), say("tell.helped_no")


def helped_thanks(helped: str) -> str:
    """Return the thanks for saying whether what was done helped."""
    return say(
        {"yes": "tell.helped_thanks_yes", "partly": "tell.helped_thanks_partly"}.get(
            helped, "tell.helped_thanks_no"
        )
    )


def expired() -> str:
    """Return the answer to a button that is old, someone else's, or not for now."""
    return say("error.expired_button")


def status_line(status: IssueStatus) -> str:
    """Return where a thread stands, in the young person's words."""
    return say(f"tell.status.{_STATUS[status]}")


def short_status(status: IssueStatus) -> str:
    """Return where a thread stands in two or three words, for a button."""
    return say(f"tell.short_status.{_SHORT_STATUS[status]}")


def my_messages() -> str:
    """Return the heading of the list of threads."""
    return say("tell.my_messages")


def _about(topic: str | None) -> str:
    return say("tell.about", topic=topic.lower()) if topic else say("tell.about_nothing")


def thread_title(topic: str | None, started_on: date, status: IssueStatus) -> str:
    """Return a thread's name as a young person would say it: what about, when, where it stands."""
    return say(
        "tell.thread_title", about=_about(topic), day=short_date(started_on), status=short_status(status)
    )


def nothing_open() -> str:
    """Return the answer to "My messages" with nothing open."""
    return say("tell.nothing_open")


def thread_card(
    reference: str,
    status: IssueStatus,
    *,
    topic: str | None,
    started_on: date,
    history: Sequence[tuple[bool, date, str | None]],
    outcome: str | None,
) -> str:
    """Return one thread as the young person reads it again: what about, each message, where it stands.

    ``history`` holds (from the team, day, the team's words) in order; the
    young person's own messages show only that they wrote, and when.
    """
    lines = [
        say("tell.card_opening", about=_about(topic), day=short_date(started_on)),
        status_line(status),
        "",
    ]
    for by_team, on, text in history:
        if by_team:
            lines.append(say("tell.card_team", day=short_date(on), text=text or ""))
        else:
            lines.append(say("tell.card_you", day=short_date(on)))
    if outcome:
        lines.append(say("tell.card_outcome", outcome=outcome))
    lines.append("\n" + say("tell.card_reference", reference=reference))
    return "\n".join(lines)


def replies_waiting(count: int) -> str:
    """Return the note, on coming back, that the team has replied (its words are under My messages)."""
    if count == 1:
        return say("tell.replies_waiting_one")
    return say("tell.replies_waiting_many", count=count)


def answer_label(*, replied: bool) -> str:
    """Return the label of the button that writes in a thread: "Answer" after a reply, else "Add more"."""
    return say("tell.answer" if replied else "tell.add_more")


def end_label() -> str:
    """Return "End this conversation": not "Close this", since it closes the thread, not the message."""
    return say("tell.end")


def named_label() -> str:
    """Return the label of the button that offers to talk to someone by name."""
    return say("tell.named")
