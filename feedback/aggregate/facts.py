"""What the board paper is built from: plain counts read from the database, nothing identifying.

These are raw (unsuppressed) numbers. They never leave Heard as they are:
:mod:`feedback.aggregate.tables` turns them into tables and
:mod:`feedback.disclosure` decides what may be shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from feedback.aggregate.period import Period
from surveys.cohorts import ALL_COHORTS, read_cohort

__all__ = [
    "COHORTS",
    "ActionFact",
    "ClosedIssue",
    "Cohort",
    "CohortFilter",
    "CommentFact",
    "CouncilFacts",
    "Facts",
    "IssueFact",
    "ItemCounts",
    "MonthFacts",
    "PromiseInfo",
    "QuoteFact",
    "RoundFacts",
    "WellbeingQuestion",
    "cohort_label",
]

# Every cohort Heard keeps, in the order a board reads them.
COHORTS: tuple[tuple[str, str], ...] = tuple((c.care_status, c.age_band) for c in ALL_COHORTS)
Cohort = tuple[str, str]  # (care status, age band)
_STATUS_WORDS = {"in_care": "Children in care", "care_leaver": "Care leavers"}


def cohort_label(care_status: str, age_band: str | None = None) -> str:
    """Return a cohort as a board reads it, e.g. ``Children in care aged 11-15``."""
    words = _STATUS_WORDS.get(care_status, care_status)
    return f"{words} aged {age_band}" if age_band else words


@dataclass(frozen=True)
class CohortFilter:
    """Which young people a paper is about: everyone, one care status, or one cohort."""

    care_status: str | None = None
    age_band: str | None = None

    @classmethod
    def parse(cls, text: str | None) -> CohortFilter:
        """Return the filter for ``in-care``, ``care-leaver`` or ``in-care:11-15`` (None: everyone).

        Read by ``surveys.cohorts.read_cohort``, so stored keys (``in_care:11-15``) read the same.
        """
        if not text:
            return cls()
        try:
            status, band = read_cohort(text)
        except ValueError as exc:
            raise ValueError(f"cohort {text.strip()!r}: {exc}") from None
        return cls(status, band)

    @property
    def everyone(self) -> bool:
        """Return True when the paper covers every cohort."""
        return self.care_status is None

    @property
    def key(self) -> str | None:
        """Return the filter as stored with a paper (``in_care:11-15``), None for everyone."""
        if self.care_status is None:
            return None
        return f"{self.care_status}:{self.age_band}" if self.age_band else self.care_status

    @property
    def label(self) -> str:
        """Return who the paper covers, in words."""
        if self.care_status is None:
            return "Children in care and care leavers"
        return cohort_label(self.care_status, self.age_band)

    def cohorts(self) -> tuple[tuple[str, str], ...]:
        """Return the cohorts the filter lets through."""
        return tuple(c for c in COHORTS if self.matches(*c))

    def matches(self, care_status: str, age_band: str) -> bool:
        """Return True when a cohort belongs to the filter."""
        if self.care_status is not None and care_status != self.care_status:
            return False
        return self.age_band is None or age_band == self.age_band


@dataclass(frozen=True)
class RoundFacts:
    """One survey round: invited, started and completed per cohort."""

    campaign_id: int
    name: str
    survey_title: str
    purpose: str
    counts: Mapping[tuple[str, str], tuple[int, int, int]]
    items: Mapping[tuple[str, str], Mapping[str, ItemCounts]] = field(default_factory=dict)


@dataclass(frozen=True)
class PromiseInfo:
    """A Promise or Charter commitment as the council wrote it."""

    code: str
    promise: str
    purpose: str  # promise | charter


@dataclass(frozen=True)
class ItemCounts:
    """Answers about one commitment in one window: positive, all, and how many young people."""

    positive: int
    answers: int
    respondents: int
    questions: int = 1  # how many questions measure it (each person answers at most this many)


@dataclass(frozen=True)
class WellbeingQuestion:
    """A closed check-in question with the number choosing each answer."""

    question_id: str
    text: str
    options: tuple[tuple[str, str], ...]  # (answer code, label)
    counts: Mapping[str, int]
    answers: int
    multiple: bool = False  # True when one answer may choose several options


@dataclass(frozen=True)
class IssueFact:
    """One issue raised: its themes (first is the main one) and the overall feeling."""

    themes: tuple[str, ...]
    sentiment: str | None


@dataclass(frozen=True)
class ClosedIssue:
    """One issue closed with an outcome, and whether the young person said it helped."""

    themes: tuple[str, ...]
    helped: str | None  # yes | partly | no | None (not answered)


@dataclass(frozen=True)
class CommentFact:
    """One anonymised survey comment: its themes (first is the main one) and its feeling."""

    themes: tuple[str, ...]
    sentiment: str | None


@dataclass(frozen=True)
class ActionFact:
    """A "you said, we did" example: a survey comment a worker linked to the outcome that answers it.

    ``said`` is the comment's approved quote (None when none was approved:
    the paper then names the theme instead of quoting unapproved words).
    """

    said: str | None
    theme: str | None
    outcome: str


@dataclass(frozen=True)
class QuoteFact:
    """An approved, already-redacted sentence with its theme and age band.

    ``issue_id`` is the thread's id for an issue quote and the answer's id for
    a survey comment's (``source`` says which), so one of each is kept.
    """

    issue_id: int
    text: str
    theme: str | None
    age_band: str | None
    source: str = "issue"  # issue | survey


@dataclass(frozen=True)
class Facts:
    """Everything read for one paper: this period, and what it is compared with."""

    period: Period
    previous: Period
    cohort: CohortFilter
    rounds: tuple[RoundFacts, ...] = ()
    promises: Mapping[str, PromiseInfo] = field(default_factory=dict)
    items: Mapping[str, ItemCounts] = field(default_factory=dict)
    items_before: Mapping[str, tuple[ItemCounts, str]] = field(default_factory=dict)
    wellbeing: tuple[WellbeingQuestion, ...] = ()
    issues: tuple[IssueFact, ...] = ()
    issues_before: tuple[IssueFact, ...] = ()
    untagged: int = 0
    closed: tuple[ClosedIssue, ...] = ()
    alerts: Mapping[str, int] = field(default_factory=dict)
    quotes: tuple[QuoteFact, ...] = ()


@dataclass(frozen=True)
class MonthFacts:
    """What one cohort did in one calendar month: the finest counts a paper is built from."""

    issues: tuple[IssueFact, ...] = ()
    untagged: int = 0
    closed: tuple[ClosedIssue, ...] = ()
    alerts: Mapping[str, int] = field(default_factory=dict)
    wellbeing: tuple[WellbeingQuestion, ...] = ()
    quotes: tuple[QuoteFact, ...] = ()
    comments: tuple[CommentFact, ...] = ()  # survey comments, by the day the response began
    actions: tuple[ActionFact, ...] = ()  # by the month the linked issue was closed


@dataclass(frozen=True)
class CouncilFacts:
    """Everything every paper for a period needs, by cohort and month, so they can be protected together.

    ``rounds`` closed in the period; ``rounds_before`` are earlier rounds (newest
    first, with the label of the period they closed in) where a commitment's
    previous result is looked up.
    """

    period: Period
    previous: Period
    months: Mapping[tuple[Cohort, str], MonthFacts] = field(default_factory=dict)
    rounds: tuple[RoundFacts, ...] = ()
    rounds_before: tuple[tuple[RoundFacts, str], ...] = ()
    promises: Mapping[str, PromiseInfo] = field(default_factory=dict)
    note: str | None = None  # e.g. that the period is not over yet
    rounds_other: tuple[RoundFacts, ...] = ()  # read only because earlier releases showed them

    def month(self, cohort: Cohort, label: str) -> MonthFacts:
        """Return one cohort's month (empty when nothing happened)."""
        return self.months.get((cohort, label), MonthFacts())
