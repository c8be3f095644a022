"""Words from Heard's data (statuses, levels, categories, themes, cohorts, dates) speak the portal's language.

Two kinds of check: every value ``feedback``, ``anonymiser`` and ``surveys``
can store has a name marked for the portal's catalogue (``bot.portal.names``),
so a new value without one fails here; and the pages show those names through
the catalogue, in English exactly as before and in a council's translation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import get_args

import pytest
from aiohttp import CookieJar
from aiohttp.test_utils import TestClient
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from anonymiser.risk.model import Category, RiskLevel
from anonymiser.themes.taxonomy import load_taxonomy
from bot.portal import names, words
from bot.portal.words import translations
from feedback.alerts import ALERT_LEVELS
from feedback.alerts import ALERT_SOURCES as STORED_SOURCES
from feedback.comments import SENTIMENTS
from feedback.crypto import Pseudonymiser, Sealer
from feedback.db import Database
from feedback.issues import HELPED_ANSWERS, IssueStatus
from feedback.staff import Passwords, Role
from surveys.campaign import RoundState
from surveys.cohorts import ALL_COHORTS, CARE_STATUSES
from tests.bot.portal.conftest import START, Clock, Seeded, build_app, portal_config, seed, sign_in, username
from tests.feedback.rounds import install_bank, make_round

ROOT = Path(__file__).resolve().parents[3]


def test_every_issue_status_risk_level_category_and_alert_source_has_a_name() -> None:
    assert {status.value: status.label for status in IssueStatus} == names.ISSUE_STATUSES
    assert set(names.RISK_LEVELS) == {level.value for level in RiskLevel} >= set(ALERT_LEVELS)
    assert {c.value: c.value.replace("_", " ") for c in Category} == names.CATEGORIES
    assert {source: source.replace("_", " ") for source in STORED_SOURCES} == names.ALERT_SOURCES


def test_every_round_state_feeling_and_helped_answer_has_a_name() -> None:
    assert {state: state for state in get_args(RoundState)} == names.ROUND_STATUSES
    assert {feeling: feeling for feeling in SENTIMENTS} == names.FEELINGS
    assert {answer: answer for answer in HELPED_ANSWERS} == names.HELPED


def _written(pattern: str, *places: str) -> set[str]:
    """Return every value the code in ``places`` (folders or files) writes in the form ``pattern``."""
    found: set[str] = set()
    for place in places:
        paths = [ROOT / place] if place.endswith(".py") else sorted((ROOT / place).rglob("*.py"))
        for path in paths:
            found |= set(re.findall(pattern, path.read_text(encoding="utf-8")))
    return found


def test_every_thread_author_and_paper_status_written_has_a_name() -> None:
    """Neither has a list of its own in ``feedback``, so the values the code writes are read from it."""
    authors = _written(r'\bauthor(?:: str)? ?= ?"(\w+)"', "feedback", "bot")
    assert authors and authors <= set(names.AUTHORS)
    statuses = _written(r'\bstatus="(\w+)"', "feedback/papers/draft.py", "feedback/papers/library.py")
    assert statuses and statuses <= set(names.PAPER_STATUSES)


def test_the_shipped_theme_names_and_every_cohort_are_named_as_before() -> None:
    assert sorted(names.THEME_NAMES) == sorted(theme.name for theme in load_taxonomy(None).themes)
    assert set(names.COHORTS) == set(names.INVITE_GROUPS) == set(CARE_STATUSES)
    for cohort in ALL_COHORTS:
        assert names.cohort_choice(cohort) == f"{cohort.label.capitalize()} ({cohort.code})"
        assert names.invite_group(cohort) == f"{cohort.care_status.replace('_', ' ')} {cohort.age_band}"


def test_dates_and_quarters_read_as_before_in_english() -> None:
    assert names.short_date(START.date()) == START.strftime("%d %b %Y") == "22 Nov 2026"
    assert names.period_words(10, 12, 2026) == "October to December 2026"


# A council's Welsh portal catalogue, as far as these pages need (test wording, not a reviewed translation).
WELSH = {
    "Waiting for us": "Yn aros amdanom ni",
    "New": "Newydd",
    "urgent": "brys",
    "suicide self harm": "hunanladdiad a hunan-niwed",
    "conversation": "sgwrs",
    "Family time & siblings": "Amser teulu a brodyr a chwiorydd",
    "scheduled": "wedi'i drefnu",
    "Children in care aged %(ages)s (%(code)s)": "Plant mewn gofal %(ages)s oed (%(code)s)",
    "in care %(ages)s": "mewn gofal %(ages)s",
    "Everyone: children in care and care leavers": "Pawb: plant mewn gofal a phobl sy'n gadael gofal",
    "%(first)s to %(last)s %(year)s": "%(first)s i %(last)s %(year)s",
    "October": "Hydref",
    "December": "Rhagfyr",
    "positive": "cadarnhaol",
    "Nov": "Tach",
    "Sign in": "Mewngofnodi",
}

# (who, page, what it shows in English, the same in Welsh)
PAGES = [
    (Role.PARTICIPATION_WORKER, "/staff/issues", ">Waiting for us<", ">Yn aros amdanom ni<"),
    (Role.PARTICIPATION_WORKER, "/staff/issues", '"status s-open">New<', '"status s-open">Newydd<'),
    (Role.PARTICIPATION_WORKER, "/staff/issues", ">urgent<", ">brys<"),
    (Role.PARTICIPATION_WORKER, "/staff/issues", ">Family time &amp; siblings<",
     ">Amser teulu a brodyr a chwiorydd<"),
    (Role.PARTICIPATION_WORKER, "/staff/issues/REF", "20 Nov 2026", "20 Tach 2026"),
    (Role.PARTICIPATION_WORKER, "/staff/dashboard", ">Family time &amp; siblings<",
     ">Amser teulu a brodyr a chwiorydd<"),
    (Role.PARTICIPATION_WORKER, "/staff/rounds", ">scheduled<", ">wedi&#39;i drefnu<"),
    (Role.PARTICIPATION_WORKER, "/staff/rounds", "Children in care aged 11-15 (in-care:11-15)",
     "Plant mewn gofal 11-15 oed (in-care:11-15)"),
    (Role.PARTICIPATION_WORKER, "/staff/invites", ">in care 11-15<", ">mewn gofal 11-15<"),
    (Role.PARTICIPATION_WORKER, "/staff/papers", ">Everyone: children in care and care leavers<",
     ">Pawb: plant mewn gofal a phobl sy&#39;n gadael gofal<"),
    (Role.PARTICIPATION_WORKER, "/staff/papers", "October to December 2026", "Hydref i Rhagfyr 2026"),
    (Role.PARTICIPATION_WORKER, "/staff/comments", ">positive<", ">cadarnhaol<"),
    (Role.SAFEGUARDING_LEAD, "/staff/alerts", ">URGENT<", ">BRYS<"),
    (Role.SAFEGUARDING_LEAD, "/staff/alerts", "suicide self harm ·", "hunanladdiad a hunan-niwed ·"),
    (Role.SAFEGUARDING_LEAD, "/staff/alerts/ALERT", "from conversation", "from sgwrs"),
]  # fmt: skip


@pytest.fixture
def welsh_portal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """English as shipped, and a council's Welsh portal catalogue beside it."""
    english = ROOT / "bot" / "locale" / "en" / "LC_MESSAGES" / "portal.po"
    (tmp_path / "en" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "en" / "LC_MESSAGES" / "portal.po").write_bytes(english.read_bytes())
    catalog = Catalog(locale="cy")
    for message, welsh in WELSH.items():
        catalog.add(message, welsh, flags=("python-format",) if "%(" in message else ())
    (tmp_path / "cy" / "LC_MESSAGES").mkdir(parents=True)
    with (tmp_path / "cy" / "LC_MESSAGES" / "portal.po").open("wb") as handle:
        write_po(handle, catalog)
    monkeypatch.setattr(words, "catalogue_dir", lambda: tmp_path)
    translations.cache_clear()
    yield tmp_path
    translations.cache_clear()


@pytest.mark.parametrize("language", ["en", "cy"])
async def test_pages_name_data_values_in_the_portal_s_language(
    aiohttp_client,  # type: ignore[no-untyped-def]
    db: Database,
    sealer: Sealer,
    pseudonymiser: Pseudonymiser,
    cheap_passwords: Passwords,
    clock: Clock,
    welsh_portal: Path,
    language: str,
) -> None:
    seeded: Seeded = await seed(db, sealer, pseudonymiser, cheap_passwords)
    await install_bank(db, START)
    await make_round(db, START, opens_at=START + timedelta(days=9), closes_at=START + timedelta(days=30))
    app = build_app(db, sealer, pseudonymiser, portal_config(cheap_passwords, clock, language=language))
    signed_in: dict[Role, TestClient] = {}
    signin = await (await (await aiohttp_client(app)).get("/staff/login")).text()
    assert (">Mewngofnodi</button>" if language == "cy" else ">Sign in</button>") in signin
    for role, path, english, welsh in PAGES:
        if role not in signed_in:
            signed_in[role] = await aiohttp_client(app, cookie_jar=CookieJar(unsafe=True))
            await sign_in(signed_in[role], username(role))
        path = path.replace("REF", seeded.reference).replace("ALERT", str(seeded.alert_id))
        response = await signed_in[role].get(path)
        page = await response.text()
        assert response.status == 200, path
        shown, not_shown = (welsh, english) if language == "cy" else (english, welsh)
        assert shown in page, (path, shown)
        assert not_shown not in page, (path, not_shown)
