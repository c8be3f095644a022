"""Where an issue stands and what may happen next: a small pure state machine.

Both sides of a thread move it: the young person writes or closes, staff reply
or close with an outcome. Keeping the rules here, as plain values, means the
portal and the conversation agree on them and they can be tested exhaustively.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["IssueEvent", "IssueStatus", "TransitionRefused", "needs_staff", "next_status"]


class IssueStatus(StrEnum):
    """Where a thread stands."""

    OPEN = "open"  # raised, nobody has replied yet
    REPLIED = "replied"  # staff replied; waiting for the young person
    ANSWERED = "answered"  # the young person wrote back; waiting for staff
    CLOSED = "closed"  # staff closed it with an outcome ("you said, we did")
    WITHDRAWN = "withdrawn"  # the young person closed it

    @property
    def finished(self) -> bool:
        """Return True once nobody can write in the thread any more."""
        return self in (IssueStatus.CLOSED, IssueStatus.WITHDRAWN)

    @property
    def label(self) -> str:
        """Return the status as staff read it in the inbox."""
        return _LABELS[self]


_LABELS = {
    IssueStatus.OPEN: "New",
    IssueStatus.REPLIED: "Waiting for the young person",
    IssueStatus.ANSWERED: "They answered",
    IssueStatus.CLOSED: "Closed with an outcome",
    IssueStatus.WITHDRAWN: "Closed by the young person",
}


class IssueEvent(StrEnum):
    """Something that happens to a thread."""

    YOUNG_PERSON_WROTE = "young_person_wrote"
    STAFF_REPLIED = "staff_replied"
    STAFF_CLOSED = "staff_closed"
    YOUNG_PERSON_CLOSED = "young_person_closed"


class TransitionRefused(ValueError):
    """The event cannot happen to a thread in this status (for example a reply to a closed thread)."""

    def __init__(self, status: IssueStatus, event: IssueEvent) -> None:
        self.status = status
        self.event = event
        super().__init__(f"cannot {event.value.replace('_', ' ')} when the issue is {status.value}")


_OPEN_STATES = (IssueStatus.OPEN, IssueStatus.REPLIED, IssueStatus.ANSWERED)

_NEXT: dict[tuple[IssueStatus, IssueEvent], IssueStatus] = {}
for _state in _OPEN_STATES:
    _NEXT[_state, IssueEvent.STAFF_REPLIED] = IssueStatus.REPLIED
    _NEXT[_state, IssueEvent.STAFF_CLOSED] = IssueStatus.CLOSED
    _NEXT[_state, IssueEvent.YOUNG_PERSON_CLOSED] = IssueStatus.WITHDRAWN
# Writing more before anyone replied keeps it new; writing after a reply is an answer.
_NEXT[IssueStatus.OPEN, IssueEvent.YOUNG_PERSON_WROTE] = IssueStatus.OPEN
_NEXT[IssueStatus.REPLIED, IssueEvent.YOUNG_PERSON_WROTE] = IssueStatus.ANSWERED
_NEXT[IssueStatus.ANSWERED, IssueEvent.YOUNG_PERSON_WROTE] = IssueStatus.ANSWERED


def next_status(status: IssueStatus, event: IssueEvent) -> IssueStatus:
    """Return the status after ``event``, or raise ``TransitionRefused``."""
    try:
        return _NEXT[status, event]
    except KeyError:
        raise TransitionRefused(status, event) from None


def needs_staff(status: IssueStatus) -> bool:
    """Return True when the thread is waiting for staff to act."""
    return status in (IssueStatus.OPEN, IssueStatus.ANSWERED)
