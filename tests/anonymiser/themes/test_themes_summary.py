"""Board-paper counts: per theme, priority and domain, change on the last period, sentiment split."""

from __future__ import annotations

from datetime import date

from anonymiser.themes import TaggedRecord, Taxonomy, quarter, summarise
from anonymiser.themes.taxonomy import parse_taxonomy


def _taxonomy() -> Taxonomy:
    def theme(code: str, priority: str, domain: str) -> dict[str, str]:
        return {
            "code": code,
            "name": code.title(),
            "definition": "d",
            "corporate_parenting_priority": priority,
            "wellbeing_domain": domain,
        }

    return parse_taxonomy(
        {
            "themes": [
                theme("SW", "Workforce", "Relationships"),
                theme("PLACE", "Placements", "Recovery/Relationships"),
                theme("SAFE", "Placements", "Recovery"),
                theme("MONEY", "Care leavers", "Resilience"),
            ],
            "priorities": ["Workforce", "Placements", "Care leavers", "Education"],
        }
    )


RECORDS = [
    TaggedRecord("2026-Q3", ("SW",), "negative", "in care 11-15"),
    TaggedRecord("2026-Q3", ("SW", "PLACE"), "mixed", "care leaver"),
    TaggedRecord("2026-Q4", ("SW",), "negative", "in care 11-15"),
    TaggedRecord("2026-Q4", ("SW", "PLACE"), "negative", "in care 11-15"),
    TaggedRecord("2026-Q4", ("PLACE", "SAFE"), "positive", "care leaver"),
    TaggedRecord("2026-Q4", ("SW",), "positive", "care leaver"),
    TaggedRecord("2026-Q4", (), "neutral", "care leaver"),
    TaggedRecord("2026-Q4", ("OLDCODE",), "negative", None),
]


def _by_key(counts: tuple) -> dict:  # type: ignore[type-arg]
    return {c.key: (c.count, c.previous, c.change) for c in counts}


def test_theme_counts_and_change_against_previous_period() -> None:
    summary = summarise(RECORDS, _taxonomy(), "2026-Q4", previous_period="2026-Q3")
    assert summary.texts == 6 and summary.previous_texts == 2
    assert _by_key(summary.themes) == {
        "SW": (3, 2, 1),
        "PLACE": (2, 1, 1),
        "SAFE": (1, 0, 1),
        "MONEY": (0, 0, 0),
    }
    assert [c.key for c in summary.themes] == ["SW", "PLACE", "SAFE", "MONEY"]


def test_a_text_counts_once_per_priority_and_in_each_of_its_domains() -> None:
    summary = summarise(RECORDS, _taxonomy(), "2026-Q4", previous_period="2026-Q3")
    # "PLACE + SAFE" is one text under Placements, not two.
    assert _by_key(summary.priorities) == {
        "Workforce": (3, 2, 1),
        "Placements": (2, 1, 1),
        "Care leavers": (0, 0, 0),
        "Education": (0, 0, 0),
    }
    # PLACE is in Recovery and Relationships, so "SW + PLACE" counts once in Relationships.
    assert _by_key(summary.domains) == {
        "Relationships": (4, 2, 2),
        "Recovery": (2, 1, 1),
        "Resilience": (0, 0, 0),
    }


def test_sentiment_split_per_theme_and_overall() -> None:
    summary = summarise(RECORDS, _taxonomy(), "2026-Q4")
    assert summary.sentiment_by_theme["SW"] == {"positive": 1, "negative": 2, "mixed": 0, "neutral": 0}
    assert summary.sentiment_by_theme["MONEY"] == {"positive": 0, "negative": 0, "mixed": 0, "neutral": 0}
    assert summary.sentiment == {"positive": 2, "negative": 3, "mixed": 0, "neutral": 1}


def test_without_previous_period_there_is_no_change() -> None:
    summary = summarise(RECORDS, _taxonomy(), "2026-Q4")
    assert summary.previous_texts is None
    assert all(c.previous is None and c.change is None for c in summary.themes)


def test_cohort_filter_and_unknown_codes_are_reported() -> None:
    summary = summarise(RECORDS, _taxonomy(), "2026-Q4", "2026-Q3", cohort="care leaver")
    assert summary.texts == 3 and summary.previous_texts == 1
    assert _by_key(summary.themes)["SW"] == (1, 1, 0)
    assert summary.unknown_codes == ()
    assert summarise(RECORDS, _taxonomy(), "2026-Q4").unknown_codes == ("OLDCODE",)


def test_quarter_keys() -> None:
    assert quarter(date(2026, 11, 22)) == "2026-Q4"
    assert quarter(date(2027, 1, 1)) == "2027-Q1"
    assert quarter(date(2026, 6, 30)) == "2026-Q2"
