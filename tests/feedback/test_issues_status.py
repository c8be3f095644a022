"""The issue state machine: each status and event pair moves as the workflow promises or is refused."""

from __future__ import annotations

import pytest

from feedback.issues import IssueEvent, IssueStatus, TransitionRefused, needs_staff, next_status

S, E = IssueStatus, IssueEvent


@pytest.mark.parametrize(
    ("status", "event", "expected"),
    [
        (S.OPEN, E.YOUNG_PERSON_WROTE, S.OPEN),
        (S.OPEN, E.STAFF_REPLIED, S.REPLIED),
        (S.REPLIED, E.YOUNG_PERSON_WROTE, S.ANSWERED),
        (S.ANSWERED, E.YOUNG_PERSON_WROTE, S.ANSWERED),
        (S.ANSWERED, E.STAFF_REPLIED, S.REPLIED),
        (S.REPLIED, E.STAFF_REPLIED, S.REPLIED),
        (S.OPEN, E.STAFF_CLOSED, S.CLOSED),
        (S.ANSWERED, E.STAFF_CLOSED, S.CLOSED),
        (S.REPLIED, E.YOUNG_PERSON_CLOSED, S.WITHDRAWN),
    ],
)
def test_moves(status: IssueStatus, event: IssueEvent, expected: IssueStatus) -> None:
    assert next_status(status, event) is expected


@pytest.mark.parametrize("status", [S.CLOSED, S.WITHDRAWN])
@pytest.mark.parametrize("event", list(IssueEvent))
def test_a_finished_thread_refuses_everything(status: IssueStatus, event: IssueEvent) -> None:
    with pytest.raises(TransitionRefused) as refused:
        next_status(status, event)
    assert refused.value.status is status and refused.value.event is event


@pytest.mark.parametrize("status", [s for s in IssueStatus if not s.finished])
@pytest.mark.parametrize("event", list(IssueEvent))
def test_every_unfinished_status_accepts_every_event(status: IssueStatus, event: IssueEvent) -> None:
    assert next_status(status, event) in IssueStatus


def test_staff_are_waited_on_only_when_the_young_person_spoke_last() -> None:
    assert {s for s in IssueStatus if needs_staff(s)} == {S.OPEN, S.ANSWERED}
