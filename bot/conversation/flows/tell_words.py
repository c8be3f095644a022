"""What Heard says in "tell us something", in one place so the wording can be reviewed together.

Written for the youngest reader (about age 9): short sentences, everyday
words, no jargon. The staff side calls these "issues"; a young person only
ever sees "messages", "the team" and a reference to quote.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from feedback.issues import IssueStatus

__all__ = [
    "END_LABEL",
    "REPLY_WITHIN",
    "added_while_choosing",
    "answer_sent",
    "answer_start",
    "cancelled",
    "close_ask",
    "close_kept",
    "closed",
    "contact_ask",
    "contact_check",
    "contact_shared",
    "draft_kept",
    "drafts_waiting",
    "expired",
    "helped_thanks",
    "my_messages",
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

REPLY_WITHIN = "a week"  # how soon the team aims to reply, said to young people as is


def _day(day: date) -> str:
    return f"{day.day} {day:%B}"


def _messages(count: int) -> str:
    return "1 message" if count == 1 else f"{count} messages"


def write_start() -> str:
    """Return the start of "tell us something": what to do, and that nothing goes until Done.

    The finishing button is "Done", not "Send": the web chat's message box has
    its own Send, and two Sends meaning different things confused people.
    """
    return (
        "You can tell us anything: what is good, what is not, or what you want to change.\n\n"
        "Type your message. You can write more than one. "
        "Nothing goes to the team until you tap Done."
    )


def draft_kept(count: int, *, risky: bool) -> str:
    """Return the answer to a message held as a draft."""
    if risky:
        return (
            f"I've kept this with your message ({_messages(count)} so far). "
            "When you're ready, tap Done so the team reads it too."
        )
    if count == 1:
        return "Got it. You can write more, or tap Done when you've finished."
    return f"Got it. That's {_messages(count)} so far. Write more, or tap Done when you've finished."


def drafts_waiting(count: int) -> str:
    """Return the reminder of messages written but not yet sent (after help, or on coming back)."""
    return f"You have {_messages(count)} waiting to go. Write more, or tap Done when you've finished."


def write_first() -> str:
    """Return the answer to Done with nothing written."""
    return "Please type your message first. Then tap Done."


def too_long(limit: int) -> str:
    """Return the answer to a message longer than one message in a thread may be."""
    return f"That message is too long for me. Please send it in shorter parts (up to {limit:,} letters each)."


def too_many(limit: int) -> str:
    """Return the answer when a draft already holds as many messages as one Done takes."""
    return (
        f"That's {limit} messages, which is as many as I can send in one go. "
        "I didn't keep the last one. Please tap Done now. You can add more after."
    )


def too_many_today() -> str:
    """Return the answer when someone has opened the day's most new threads: kind, and kept."""
    return (
        "You've sent us a lot today, thank you. I can't open another new one until tomorrow, "
        "but I've kept what you wrote: tap Done again tomorrow. You can still add to a message "
        "you've already sent from My messages.\n"
        "If you need to talk to someone now, call Childline free on 0800 1111. In an emergency, call 999."
    )


def topic_ask() -> str:
    """Return the question about what the message is about."""
    return "What is it mostly about? This helps the right person read it. You can skip this."


def added_while_choosing() -> str:
    """Return the answer to more typing while the topic question is open."""
    return "I've added that to your message too."


def raised(reference: str, council_name: str) -> str:
    """Return what happens next, with the reference to quote later."""
    return (
        f"Thank you. We've sent it. Your reference is {reference}.\n\n"
        f"What happens next:\n"
        f"• The participation team at {council_name} will read it. "
        "They won't see your name.\n"
        f"• They will try to reply within {REPLY_WITHIN}. Their reply will come here.\n"
        "• It is private, but not secret. If you or someone else might be in danger, "
        "our safety team will read it and may act to keep you safe.\n\n"
        'You can find it again under "My messages".'
    )


def cancelled() -> str:
    """Return the answer to Cancel: nothing was sent."""
    return "OK, I didn't send anything."


def answer_start(reference: str) -> str:
    """Return the start of an answer in an existing thread."""
    return (
        f"Type your answer to the team ({reference}). You can write more than one message. "
        "Tap Done when you've finished."
    )


def answer_sent(reference: str) -> str:
    """Return the thanks after an answer reached the thread."""
    return f"Sent. The team will read your answer ({reference}). Their reply will come here."


def thread_finished() -> str:
    """Return the answer to writing in a thread that is closed."""
    return "This conversation is closed, so you can't write in it any more. You can tell us something new."


def thread_moved_on(reference: str) -> str:
    """Return the answer when a thread closed while the young person was writing an answer."""
    return (
        f"The conversation {reference} was closed before you tapped Done, so your answer wasn't sent. "
        "Do you want to send it as something new? Tap Done. Or tap Cancel."
    )


def close_ask(reference: str) -> str:
    """Return the question before the young person closes their own thread."""
    return (
        f"Do you want to end this conversation ({reference})?\n"
        "The team won't be able to reply to it any more. You can always tell us something new."
    )


def closed(reference: str) -> str:
    """Return the answer after the young person closed their thread."""
    return f"OK, that conversation has ended ({reference}). Thank you for telling us."


def close_kept(reference: str) -> str:
    """Return the answer to "No, keep it open"."""
    return f"OK, {reference} is still open."


def contact_ask(reference: str) -> str:
    """Return the offer to talk to someone by name: what is passed on, and to whom."""
    return (
        "You can tell the team who you are, so someone can talk to you in person.\n\n"
        f"Only what you type next is passed on, and only to the team looking at {reference}. "
        "For example: your first name, and the best way to reach you.\n\n"
        "Type it now, or tap Cancel."
    )


def contact_check(contact: str) -> str:
    """Return what the young person typed, to check before it is passed on."""
    return f"You wrote:\n\n{contact}\n\nShall I pass this on to the team?"


def contact_shared(reference: str) -> str:
    """Return the answer after contact details were passed on."""
    return (
        f"Done. The team looking at {reference} can now see what you wrote, "
        "and someone will get in touch. Nobody else can see it."
    )


def helped_thanks(helped: str) -> str:
    """Return the thanks for saying whether what was done helped."""
    return {
        "yes": "Thank you! We're glad it helped.",
        "partly": "Thank you for telling us. We'll keep working on it.",
    }.get(helped, 'Thank you for being honest. If you want, tell us more: tap "Tell us something".')


def expired() -> str:
    """Return the answer to a button that is old, someone else's, or not for now."""
    return "Sorry, that button has expired."


def status_line(status: IssueStatus) -> str:
    """Return where a thread stands, in the young person's words."""
    return {
        IssueStatus.OPEN: "Sent. Waiting for the team to read it.",
        IssueStatus.REPLIED: "The team has replied.",
        IssueStatus.ANSWERED: "You answered. Waiting for the team.",
        IssueStatus.CLOSED: "Closed. The team told you what they did.",
        IssueStatus.WITHDRAWN: "You closed this.",
    }[status]


def short_status(status: IssueStatus) -> str:
    """Return where a thread stands in two or three words, for a button."""
    return {
        IssueStatus.OPEN: "sent",
        IssueStatus.REPLIED: "new reply",
        IssueStatus.ANSWERED: "waiting for the team",
        IssueStatus.CLOSED: "closed",
        IssueStatus.WITHDRAWN: "closed",
    }[status]


def my_messages() -> str:
    """Return the heading of the list of threads."""
    return "Here are the things you've told us, newest first. Tap one to see it again."


def thread_title(topic: str | None, started_on: date, status: IssueStatus) -> str:
    """Return a thread's name as a young person would say it: what about, when, where it stands."""
    about = f"About {topic.lower()}" if topic else "Something you told us"
    return f"{about}, {_day(started_on)} ({short_status(status)})"


def nothing_open() -> str:
    """Return the answer to "My messages" with nothing open."""
    return "You haven't told us anything yet."


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
    about = f"About {topic.lower()}" if topic else "Something you told us"
    lines = [f"{about}. You told us on {_day(started_on)}.", status_line(status), ""]
    for by_team, on, text in history:
        if by_team:
            lines.append(f"The team, {_day(on)}:\n{text or ''}")
        else:
            lines.append(f"You wrote to us, {_day(on)}.")
    if outcome:
        lines.append(f"What the team did:\n{outcome}")
    lines.append(f"\nYour reference, if you want to ask about it: {reference}")
    return "\n".join(lines)


def replies_waiting(count: int) -> str:
    """Return the note, on coming back, that the team has replied (its words are under My messages)."""
    things = "something you told us" if count == 1 else f"{count} things you told us"
    return f'The team has replied to {things}. Tap "My messages" to read it.'


END_LABEL = "End this conversation"  # not "Close this": it closes the thread, not the message
