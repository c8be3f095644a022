"""A quote names its age group only where that group's count for the quote's theme is published."""

from __future__ import annotations

from datetime import date

from anonymiser.themes.taxonomy import load_taxonomy
from feedback.aggregate import parse_period
from feedback.aggregate.facts import CouncilFacts, IssueFact, MonthFacts, QuoteFact
from feedback.papers.build import build_content

TAXONOMY = load_taxonomy()
Q3 = parse_period("2026-Q3")


def test_the_age_band_is_left_off_where_that_bands_count_is_hidden() -> None:
    first = next(iter(TAXONOMY))
    other = next(t for t in TAXONOMY if t.corporate_parenting_priority != first.corporate_parenting_priority)
    many = tuple(IssueFact((first.code,), "negative") for _ in range(20))
    few = tuple(IssueFact((other.code,), "negative") for _ in range(2))
    months = {
        (("in_care", "11-15"), "2026-07"): MonthFacts(
            issues=many, quotes=(QuoteFact(1, "They listened to me this time.", first.code, "11-15"),)
        ),
        (("in_care", "8-10"), "2026-07"): MonthFacts(
            issues=few, quotes=(QuoteFact(2, "Nobody told me anything.", other.code, "8-10"),)
        ),
    }
    facts = CouncilFacts(period=Q3, previous=Q3.previous(), months=months)
    content = build_content(facts, TAXONOMY, council="Test", generated_on=date(2026, 10, 20))
    bands = {q.text: q.age_band for f in content.findings for q in f.quotes}
    # 20 issues from young people aged 11-15 mention the first theme (published); 2 aged 8-10 the
    # other (shown as c), so that quote does not say how old its author is.
    assert bands == {"They listened to me this time.": "11-15", "Nobody told me anything.": None}
