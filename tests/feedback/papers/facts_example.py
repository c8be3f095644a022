"""A made-up quarter of facts, big enough for every section and with some small numbers in it."""

from __future__ import annotations

import random

from feedback.aggregate import CohortFilter, parse_period
from feedback.aggregate.facts import (
    ClosedIssue,
    Facts,
    IssueFact,
    ItemCounts,
    PromiseInfo,
    QuoteFact,
    RoundFacts,
    WellbeingQuestion,
)

THEMES = ["VOICE", "SW", "CARER", "PLACE", "FAMILY", "EDU", "HEALTH", "MONEY", "HOUSE", "LEAVE"]
SENTIMENTS = ["negative", "negative", "mixed", "neutral", "positive"]


def example_facts(seed: int = 7) -> Facts:
    rng = random.Random(seed)
    period = parse_period("2026-Q3")

    def issues(n: int, weights: list[int]) -> tuple[IssueFact, ...]:
        return tuple(IssueFact(tuple(dict.fromkeys(rng.choices(THEMES, weights, k=rng.randint(1, 2)))),
                               rng.choice(SENTIMENTS)) for _ in range(n))

    return Facts(
        period=period,
        previous=period.previous(),
        cohort=CohortFilter(),
        rounds=(RoundFacts(1, "Promise survey, summer 2026", "Our Promise to you", "promise",
                           {("in_care", "8-10"): (4, 2, 2), ("in_care", "11-15"): (120, 60, 51),
                            ("in_care", "16-17"): (48, 20, 15)}),
                RoundFacts(2, "Care Leaver Charter survey, summer 2026", "Our Charter", "charter",
                           {("care_leaver", "16-25"): (150, 52, 44)})),
        promises={
            "CIC-LISTEN": PromiseInfo("CIC-LISTEN", "We will listen to you.", "promise"),
            "CIC-SAFE": PromiseInfo("CIC-SAFE", "We will make sure you feel safe.", "promise"),
            "CIC-SOCIAL-WORKER": PromiseInfo("CIC-SOCIAL-WORKER", "You will have a social worker who stays.",
                                             "promise"),
            "CL-MONEY": PromiseInfo("CL-MONEY", "We will help you manage money.", "charter"),
            "CL-TINY": PromiseInfo("CL-TINY", "A commitment few answered.", "charter"),
        },
        items={"CIC-LISTEN": ItemCounts(130, 200, 70), "CIC-SAFE": ItemCounts(170, 200, 70),
               "CIC-SOCIAL-WORKER": ItemCounts(60, 200, 70), "CL-MONEY": ItemCounts(50, 90, 44),
               "CL-TINY": ItemCounts(3, 6, 4)},
        items_before={"CIC-LISTEN": (ItemCounts(100, 200, 70), "2026-Q1"),
                      "CIC-SOCIAL-WORKER": (ItemCounts(120, 200, 70), "2026-Q1")},
        wellbeing=(WellbeingQuestion("life", "How is life going for you at the moment?",
                                     (("1", "Really hard"), ("2", "Not great"), ("3", "OK"), ("4", "Good"),
                                      ("5", "Really good")),
                                     {"1": 3, "2": 8, "3": 20, "4": 30, "5": 14}, 75),),
        issues=issues(160, [8, 20, 6, 9, 5, 10, 12, 9, 6, 2]),
        issues_before=issues(120, [8, 10, 6, 9, 5, 10, 12, 2, 6, 2]),
        untagged=2,
        closed=tuple(ClosedIssue((rng.choice(THEMES),), rng.choice(["yes", "yes", "partly", "no", None]))
                     for _ in range(60)),
        alerts={"concern": 7, "urgent": 2},
        quotes=(QuoteFact(1, "My social worker changed three times this year.", "SW", "11-15"),
                QuoteFact(1, "A second sentence from the same thread.", "SW", "11-15"),
                QuoteFact(2, "I want to see my brother more.", "FAMILY", "8-10"),
                QuoteFact(3, "The leaving care grant was sorted fast.", "MONEY", "16-25")),
    )
