"""A made-up quarter of facts by cohort and month, big enough for every section, with small numbers in it."""

from __future__ import annotations

import random

from feedback.aggregate import parse_period
from feedback.aggregate.facts import (
    COHORTS,
    ClosedIssue,
    CouncilFacts,
    IssueFact,
    ItemCounts,
    MonthFacts,
    PromiseInfo,
    QuoteFact,
    RoundFacts,
    WellbeingQuestion,
)

THEMES = ["VOICE", "SW", "CARER", "PLACE", "FAMILY", "EDU", "HEALTH", "MONEY", "HOUSE", "LEAVE"]
SENTIMENTS = ["negative", "negative", "mixed", "neutral", "positive"]
IN_CARE = [c for c in COHORTS if c[0] == "in_care"]
LEAVERS = [("care_leaver", "16-25")]
LIFE = (
    "life",
    "How is life going for you at the moment?",
    (("1", "Really hard"), ("2", "Not great"), ("3", "OK"), ("4", "Good"), ("5", "Really good")),
)


def _items(total: dict[str, ItemCounts], shares: dict[tuple[str, str], float]) -> dict:
    """Split each commitment's answers between cohorts (in proportion), keeping the totals exact."""
    cohorts = list(shares)
    found: dict[tuple[str, str], dict[str, ItemCounts]] = {c: {} for c in cohorts}
    for code, n in total.items():
        left = [n.positive, n.answers, n.respondents]
        for i, cohort in enumerate(cohorts):
            last = i == len(cohorts) - 1
            part = (
                [v if last else int(v * shares[cohort]) for v in left]
                if last
                else [int(v * shares[cohort]) for v in (n.positive, n.answers, n.respondents)]
            )
            part[0] = min(part[0], part[1])
            part[2] = min(part[2], part[1])
            found[cohort][code] = ItemCounts(*part, questions=n.questions)
            left = [a - b for a, b in zip(left, part, strict=True)]
    return found


def example_facts(seed: int = 7) -> CouncilFacts:
    rng = random.Random(seed)
    period = parse_period("2026-Q3")
    previous = period.previous()

    def issues(n: int, weights: list[int]) -> list[IssueFact]:
        return [
            IssueFact(
                tuple(dict.fromkeys(rng.choices(THEMES, weights, k=rng.randint(1, 2)))),
                rng.choice(SENTIMENTS),
            )
            for _ in range(n)
        ]

    def months(p: object, count: int, weights: list[int]) -> dict:
        found: dict = {}
        for issue in issues(count, weights):
            cohort = rng.choice([*IN_CARE, *LEAVERS, *LEAVERS])
            month = rng.choice(p.months()).label  # type: ignore[attr-defined]
            found.setdefault((cohort, month), []).append(issue)
        return found

    now = months(period, 160, [8, 20, 6, 9, 5, 10, 12, 9, 6, 2])
    before = months(previous, 120, [8, 10, 6, 9, 5, 10, 12, 2, 6, 2])
    facts: dict = {}
    for key, found in {**before, **now}.items():
        facts[key] = MonthFacts(issues=tuple(found))
    # Closed issues, alerts, check-ins and quotes in July, per cohort.
    for cohort in [*IN_CARE, *LEAVERS]:
        key = (cohort, "2026-07")
        month = facts.get(key, MonthFacts())
        closed = tuple(
            ClosedIssue((rng.choice(THEMES),), rng.choice(["yes", "yes", "partly", "no", None]))
            for _ in range(15)
        )
        life = {
            "1": rng.randint(0, 2),
            "2": rng.randint(1, 4),
            "3": rng.randint(4, 8),
            "4": rng.randint(6, 10),
            "5": rng.randint(2, 6),
        }
        facts[key] = MonthFacts(
            issues=month.issues,
            closed=closed,
            alerts={"concern": 2 + cohort[1].count("1"), "urgent": 1 if cohort in LEAVERS else 0},
            wellbeing=(WellbeingQuestion(LIFE[0], LIFE[1], LIFE[2], life, sum(life.values())),),
        )
    facts[(("in_care", "11-15"), "2026-08")] = MonthFacts(
        issues=facts.get((("in_care", "11-15"), "2026-08"), MonthFacts()).issues,
        quotes=(
            QuoteFact(1, "My social worker changed three times this year.", "SW", "11-15"),
            QuoteFact(1, "A second sentence from the same thread.", "SW", "11-15"),
            QuoteFact(2, "I want to see my brother more.", "FAMILY", "8-10"),
        ),
    )
    facts[(("care_leaver", "16-25"), "2026-09")] = MonthFacts(
        issues=facts.get((("care_leaver", "16-25"), "2026-09"), MonthFacts()).issues,
        quotes=(QuoteFact(3, "The leaving care grant was sorted fast.", "MONEY", "16-25"),),
    )
    promise_round = RoundFacts(
        1,
        "Promise survey, summer 2026",
        "Our Promise to you",
        "promise",
        {
            ("in_care", "8-10"): (4, 2, 2),
            ("in_care", "11-15"): (120, 60, 51),
            ("in_care", "16-17"): (48, 20, 15),
        },
        _items(
            {
                "CIC-LISTEN": ItemCounts(130, 200, 70),
                "CIC-SAFE": ItemCounts(170, 200, 70),
                "CIC-SOCIAL-WORKER": ItemCounts(60, 200, 70),
            },
            {("in_care", "11-15"): 0.75, ("in_care", "16-17"): 0.25},
        ),
    )
    charter_round = RoundFacts(
        2,
        "Care Leaver Charter survey, summer 2026",
        "Our Charter",
        "charter",
        {("care_leaver", "16-25"): (150, 52, 44)},
        {("care_leaver", "16-25"): {"CL-MONEY": ItemCounts(50, 90, 44), "CL-TINY": ItemCounts(3, 6, 4)}},
    )
    earlier = RoundFacts(
        0,
        "Promise survey, spring 2026",
        "Our Promise to you",
        "promise",
        {("in_care", "11-15"): (150, 80, 70)},
        {
            ("in_care", "11-15"): {
                "CIC-LISTEN": ItemCounts(100, 200, 70),
                "CIC-SOCIAL-WORKER": ItemCounts(120, 200, 70),
            }
        },
    )
    return CouncilFacts(
        period=period,
        previous=previous,
        months=facts,
        rounds=(promise_round, charter_round),
        rounds_before=((earlier, "2026-Q1"),),
        promises={
            "CIC-LISTEN": PromiseInfo("CIC-LISTEN", "We will listen to you.", "promise"),
            "CIC-SAFE": PromiseInfo("CIC-SAFE", "We will make sure you feel safe.", "promise"),
            "CIC-SOCIAL-WORKER": PromiseInfo(
                "CIC-SOCIAL-WORKER", "You will have a social worker who stays.", "promise"
            ),
            "CL-MONEY": PromiseInfo("CL-MONEY", "We will help you manage money.", "charter"),
            "CL-TINY": PromiseInfo("CL-TINY", "A commitment few answered.", "charter"),
        },
    )
