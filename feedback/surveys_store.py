"""Installed surveys: survey files copied into the database, one immutable row per version.

A round points at a ``SurveyVersion`` row, and answers are read back against
it for years, so a version is never edited in place. Installing is
idempotent: the same content again changes nothing, a new version is added
beside the old ones, and a file whose content changed without its
``version:`` being raised is refused with a message saying how to fix it.
Several replicas may install at the same moment; unique constraints and
``ON CONFLICT DO NOTHING`` make that harmless.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from feedback.db import insert_for
from feedback.models import Campaign, SurveyRecord, SurveyVersion, table_of
from surveys import Survey, fingerprint

__all__ = [
    "Installation",
    "InstalledSurvey",
    "InstalledVersion",
    "install_surveys",
    "installed_languages",
    "installed_surveys",
    "installed_versions",
    "load_survey",
    "survey_label",
    "survey_version_id",
]

Outcome = Literal["installed", "unchanged", "refused"]

_survey = table_of(SurveyRecord)
_version = table_of(SurveyVersion)
_campaign = table_of(Campaign)

# Versions never change, so a parsed definition can be kept for as long as the
# process runs; keyed by content hash, never by row id (ids differ between databases).
_parsed: dict[str, Survey] = {}


@dataclass(frozen=True)
class Installation:
    """What happened to one survey file: installed, already there, or refused (and why)."""

    survey_id: str
    version: int
    outcome: Outcome
    message: str = ""


@dataclass(frozen=True)
class InstalledSurvey:
    """One installed survey version, as listed to staff."""

    version_id: int
    survey_id: str
    version: int
    title: str
    content_hash: str


@dataclass(frozen=True)
class InstalledVersion:
    """One installed survey version with when it was installed and how many rounds use it."""

    survey_id: str
    version: int
    title: str
    installed_at: datetime | None
    rounds: int


async def _survey_row_id(session: AsyncSession, survey: Survey, now: datetime) -> int:
    insert = insert_for(session)
    await session.execute(
        insert(_survey)
        .values(slug=survey.id, title=survey.title[:200], created_at=now)
        .on_conflict_do_nothing(index_elements=["slug"])
    )
    found = await session.execute(select(_survey.c.id).where(_survey.c.slug == survey.id))
    return int(found.scalar_one())


async def _install_one(session: AsyncSession, survey: Survey, now: datetime) -> Installation:
    content_hash = fingerprint(survey)
    row_id = await _survey_row_id(session, survey, now)
    insert = insert_for(session)
    added = await session.execute(
        insert(_version)
        .values(
            survey_id=row_id,
            version=survey.version,
            content_hash=content_hash,
            definition_json=survey.model_dump_json(),
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["survey_id", "version"])
        .returning(_version.c.id)
    )
    if added.first() is not None:
        return Installation(survey.id, survey.version, "installed")
    stored = await session.execute(
        select(_version.c.content_hash).where(
            _version.c.survey_id == row_id, _version.c.version == survey.version
        )
    )
    stored_hash = stored.scalar_one()
    if stored_hash != content_hash:
        return Installation(
            survey.id,
            survey.version,
            "refused",
            f"survey {survey.id!r} version {survey.version} is already installed with different "
            f"content; raise 'version:' to {survey.version + 1} for any change (a survey in use "
            "is never edited in place)",
        )
    return Installation(survey.id, survey.version, "unchanged")


async def install_surveys(
    session: AsyncSession, surveys: Iterable[Survey], *, now: datetime
) -> list[Installation]:
    """Install each survey version not yet in the database; return what happened to each.

    Nothing is ever overwritten: a changed definition under an installed
    version number is refused, and the installed one stays in use.
    """
    return [await _install_one(session, survey, now) for survey in surveys]


async def installed_surveys(session: AsyncSession) -> list[InstalledSurvey]:
    """Return every installed survey version, by survey id then version."""
    rows = await session.execute(
        select(_version.c.id, _survey.c.slug, _version.c.version, _survey.c.title, _version.c.content_hash)
        .select_from(_version.join(_survey))
        .order_by(_survey.c.slug, _version.c.version)
    )
    return [InstalledSurvey(int(i), str(s), int(v), str(t), str(h)) for i, s, v, t, h in rows.all()]


async def installed_versions(session: AsyncSession) -> list[InstalledVersion]:
    """Return every installed survey version with its install time and round count, by survey then version.

    A version no round uses can be left alone safely; one that a round uses
    is what that round's answers are read against, so staff need to see both.
    """
    rounds = func.count(_campaign.c.id)
    rows = await session.execute(
        select(_survey.c.slug, _version.c.version, _survey.c.title, _version.c.created_at, rounds)
        .select_from(
            _version.join(_survey).outerjoin(_campaign, _campaign.c.survey_version_id == _version.c.id)
        )
        .group_by(_version.c.id, _survey.c.slug, _version.c.version, _survey.c.title, _version.c.created_at)
        .order_by(_survey.c.slug, _version.c.version)
    )
    return [InstalledVersion(str(s), int(v), str(t), at, int(n)) for s, v, t, at, n in rows.all()]


async def installed_languages(session: AsyncSession) -> frozenset[str]:
    """Return every language some installed survey version can be taken in.

    Definitions are parsed once per process (by content hash), so asking
    again only reads the short list of hashes.
    """
    rows = (await session.execute(select(_version.c.id, _version.c.content_hash))).all()
    languages: set[str] = set()
    for version_id, content_hash in rows:
        survey = _parsed.get(content_hash) or await load_survey(session, int(version_id))
        languages.update(survey.languages)
    return frozenset(languages)


async def survey_version_id(session: AsyncSession, survey_id: str, version: int | None = None) -> int:
    """Return the row id of an installed survey version (the newest unless one is asked for).

    Raises LookupError with a message naming what is installed.
    """
    query = (
        select(_version.c.id, _version.c.version)
        .select_from(_version.join(_survey))
        .where(_survey.c.slug == survey_id)
        .order_by(_version.c.version.desc())
    )
    rows = (await session.execute(query)).all()
    if not rows:
        raise LookupError(f"no survey {survey_id!r} is installed; see 'heard survey list'")
    if version is None:
        return int(rows[0][0])
    for row_id, number in rows:
        if number == version:
            return int(row_id)
    have = ", ".join(str(n) for _, n in sorted(rows, key=lambda r: r[1]))
    raise LookupError(f"survey {survey_id!r} has no version {version}; installed: {have}")


async def load_survey(session: AsyncSession, version_id: int) -> Survey:
    """Return the definition of an installed survey version; LookupError if there is none."""
    row = (
        await session.execute(
            select(_version.c.content_hash, _version.c.definition_json).where(_version.c.id == version_id)
        )
    ).one_or_none()
    if row is None:
        raise LookupError(f"no survey version with id {version_id}")
    content_hash, definition = row
    survey = _parsed.get(content_hash)
    if survey is None:
        survey = _parsed[content_hash] = Survey.model_validate_json(definition)
    return survey


_BANDS = {"8-10": "8–10", "11-15": "11–15", "16-17": "16–17", "16-25": "16–25"}


def survey_label(survey: Survey) -> str:
    """Return the survey's title with its age bands, so two surveys titled alike never read the same.

    "Our Promise to you" (11–17) and "Our promise to you" (8–10) differ only
    by a capital letter; staff pick between them and read them in papers.
    """
    bands = [_BANDS.get(band, band) for band in survey.audience.age_bands]
    if not bands or all(band in survey.title for band in bands):
        return survey.title
    return f"{survey.title} ({', '.join(bands)})"
