"""Spans of personal information found in a text, and how overlapping finds are settled."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Label(StrEnum):
    """The coarse labels of the JSON Lines contract (ARCHITECTURE.md)."""

    PERSON = "PERSON"
    LOCATION = "LOCATION"
    CONTACT = "CONTACT"
    ID = "ID"
    DATE = "DATE"
    ORG = "ORG"


class Entity(StrEnum):
    """Fine-grained kinds of personal information; each belongs to one contract label."""

    PERSON = "PERSON"
    PLACE = "PLACE"
    ADDRESS = "ADDRESS"
    POSTCODE = "POSTCODE"
    PHONE = "PHONE"
    EMAIL = "EMAIL"
    HANDLE = "HANDLE"
    URL = "URL"
    NHS_NUMBER = "NHS_NUMBER"
    NI_NUMBER = "NI_NUMBER"
    ID = "ID"
    DATE = "DATE"
    SCHOOL = "SCHOOL"
    CARE_HOME = "CARE_HOME"
    ORG = "ORG"

    @property
    def label(self) -> Label:
        """Return the contract label this kind is reported under."""
        return _LABEL_OF[self]


_LABEL_OF: dict[Entity, Label] = {
    Entity.PERSON: Label.PERSON,
    Entity.PLACE: Label.LOCATION,
    Entity.ADDRESS: Label.LOCATION,
    Entity.POSTCODE: Label.LOCATION,
    Entity.PHONE: Label.CONTACT,
    Entity.EMAIL: Label.CONTACT,
    Entity.HANDLE: Label.CONTACT,
    Entity.URL: Label.CONTACT,
    Entity.NHS_NUMBER: Label.ID,
    Entity.NI_NUMBER: Label.ID,
    Entity.ID: Label.ID,
    Entity.DATE: Label.DATE,
    Entity.SCHOOL: Label.ORG,
    Entity.CARE_HOME: Label.ORG,
    Entity.ORG: Label.ORG,
}


@dataclass(frozen=True, order=True)
class Span:
    """One piece of personal information: ``text[start:end]`` is of kind ``entity``.

    The span never holds the text itself, so a span can be logged or stored
    without carrying what the young person wrote.
    """

    start: int
    end: int
    entity: Entity
    score: float = 1.0
    recognizer: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"a span needs 0 <= start < end, got {self.start}..{self.end}")

    @property
    def label(self) -> Label:
        """Return the contract label (PERSON, LOCATION, CONTACT, ID, DATE, ORG)."""
        return self.entity.label

    def overlaps(self, other: Span) -> bool:
        """Return whether the two spans share at least one character."""
        return self.start < other.end and other.start < self.end


def _rank(span: Span) -> tuple[float, int, int, str, str]:
    # Highest score first, then the longest, then the earliest; the names only
    # break exact ties so the result never depends on recognizer order.
    return (-span.score, -(span.end - span.start), span.start, span.entity.value, span.recognizer)


def resolve_overlaps(spans: Iterable[Span]) -> list[Span]:
    """Return non-overlapping spans in text order, deterministically.

    Overlapping finds are grouped; each group becomes one span of the best
    find's kind (highest score, then longest) stretched over the whole group,
    so that no character any recognizer flagged is left in the clear.
    """
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    groups: list[list[Span]] = []
    group_end = -1
    for span in ordered:
        if groups and span.start < group_end:
            groups[-1].append(span)
            group_end = max(group_end, span.end)
        else:
            groups.append([span])
            group_end = span.end
    resolved: list[Span] = []
    for group in groups:
        best = min(group, key=_rank)
        start = min(s.start for s in group)
        end = max(s.end for s in group)
        resolved.append(Span(start, end, best.entity, best.score, best.recognizer))
    return resolved
