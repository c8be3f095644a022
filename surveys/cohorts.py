"""Care status, age bands and the cohorts they make: the only attributes Heard keeps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast, get_args

CareStatus = Literal["in_care", "care_leaver"]
AgeBand = Literal["8-10", "11-15", "16-17", "16-25"]

CARE_STATUSES: tuple[CareStatus, ...] = get_args(CareStatus)
AGE_BANDS: tuple[AgeBand, ...] = get_args(AgeBand)

# Children in care are banded 8-10, 11-15 and 16-17; care leavers are one band, 16-25.
BANDS_FOR_STATUS: dict[CareStatus, tuple[AgeBand, ...]] = {
    "in_care": ("8-10", "11-15", "16-17"),
    "care_leaver": ("16-25",),
}

# Bands whose members may be under 16, so school-hours rules apply to them.
UNDER_16_BANDS: frozenset[AgeBand] = frozenset({"8-10", "11-15"})


@dataclass(frozen=True, order=True)
class Cohort:
    """A care status and an age band, for example children in care aged 11-15."""

    care_status: CareStatus
    age_band: AgeBand

    def __post_init__(self) -> None:
        if self.care_status not in BANDS_FOR_STATUS:
            raise ValueError(
                f"unknown care status {cohort_code(self.care_status)!r}; use in-care or care-leaver"
            )
        if self.age_band not in BANDS_FOR_STATUS[self.care_status]:
            allowed = ", ".join(BANDS_FOR_STATUS[self.care_status])
            raise ValueError(
                f"age band {self.age_band!r} is not used for {cohort_code(self.care_status)}; "
                f"use one of {allowed}"
            )

    @property
    def under_16(self) -> bool:
        """True when members may be under 16 (so no messages in school hours)."""
        return self.age_band in UNDER_16_BANDS

    def __str__(self) -> str:
        return f"{self.care_status} {self.age_band}"

    @property
    def code(self) -> str:
        """Return the cohort as people type and read it in commands and files: ``in-care:11-15``."""
        return cohort_code(self.care_status, self.age_band)

    @property
    def label(self) -> str:
        """Return the cohort in staff's words, for pages and messages: "children in care aged 11-15"."""
        who = "children in care" if self.care_status == "in_care" else "care leavers"
        return f"{who} aged {self.age_band}"


ALL_COHORTS: tuple[Cohort, ...] = tuple(
    Cohort(status, band) for status in CARE_STATUSES for band in BANDS_FOR_STATUS[status]
)


def cohort_code(care_status: str, age_band: str | None = None) -> str:
    """Return the one spelling of a cohort for commands, the portal and files: ``in-care:11-15``.

    Stored values keep their underscores (``in_care``); people only ever see
    hyphens, as in ``heard invite create --status in-care``.
    """
    status = care_status.replace("_", "-")
    return f"{status}:{age_band}" if age_band else status


def read_cohort_code(text: str) -> str:
    """Return a typed cohort in its stored form: ``in-care:11-15``, ``in_care:11-15`` -> ``in_care:11-15``.

    Older spellings keep working, so scripts written for them do not break.
    """
    status, colon, band = text.strip().partition(":")
    return f"{status.strip().lower().replace('-', '_').replace(' ', '_')}{colon}{band.strip()}"


def read_cohort(text: str) -> tuple[CareStatus, AgeBand | None]:
    """Return the care status and age band (None: every band) in a typed or stored cohort, checked.

    The one reading of a cohort key, for commands, the portal's forms and
    stored keys alike: ``in-care:11-15``, ``in_care:11-15`` and ``care-leaver``
    all read. A ValueError says what to write instead, in the spelling people see.
    """
    status, _, band = read_cohort_code(text).partition(":")
    if status not in BANDS_FOR_STATUS:
        raise ValueError(f"unknown care status {cohort_code(status)!r}; use in-care or care-leaver")
    care_status = cast(CareStatus, status)  # checked just above
    if not band:
        return care_status, None
    return care_status, Cohort(care_status, cast(AgeBand, band)).age_band  # the Cohort checks the band


def parse_cohort(text: str) -> Cohort:
    """Return the one cohort in ``text`` (``in-care:11-15``); ValueError if it is not one, or has no band."""
    status, band = read_cohort(text)
    if band is None:
        example = cohort_code(status, BANDS_FOR_STATUS[status][0])
        raise ValueError(f"{cohort_code(status)!r} needs an age band, for example {example}")
    return Cohort(status, band)
