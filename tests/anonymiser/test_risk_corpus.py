"""The labelled corpus: the safeguarding targets hold on dev; held-out stays in budget and above its floor."""

from __future__ import annotations

from anonymiser.risk import assess
from bench.risk.scoring import (
    SPLITS,
    TARGET_FALSE_ALARM_RATE,
    Judged,
    Scores,
    load_split,
    score,
)

# The held-out split ends with the last blind batch, kept as scored on its first look (see
# bench/RESULTS.md): it misses the urgent targets, and these floors stop it getting worse.
HELDOUT_FLOOR = {"urgent_recall": 0.94, "any_risk_recall": 0.95, "urgent_judged_none": 10}


def _scores(split: str) -> Scores:
    judged = []
    for example in load_split(split):
        risk = assess(example.text)
        judged.append(Judged(example, risk.level.value, tuple(c.value for c in risk.categories)))
    return score(judged)


def test_targets_hold_on_dev() -> None:
    scores = _scores("dev")
    wrong = [f"{j.example.level}->{j.level}: {j.example.text}" for j in scores.misses]
    assert scores.failed_targets() == [], "\n".join(wrong)


def test_heldout_keeps_false_alarms_in_budget_and_recall_above_its_floor() -> None:
    scores = _scores("heldout")
    assert scores.false_alarm_rate <= TARGET_FALSE_ALARM_RATE
    assert scores.urgent_recall >= HELDOUT_FLOOR["urgent_recall"]
    assert scores.any_risk_recall >= HELDOUT_FLOOR["any_risk_recall"]
    assert scores.urgent_judged_none <= HELDOUT_FLOOR["urgent_judged_none"]


def test_corpus_is_big_and_balanced_enough_to_mean_something() -> None:
    examples = [e for split in SPLITS for e in load_split(split)]
    assert len(examples) >= 300
    for split in SPLITS:
        part = load_split(split)
        levels = {e.level for e in part}
        kinds = {e.kind for e in part}
        assert levels == {"urgent", "concern", "none"}
        assert kinds == {"disclosure", "ordinary", "hard_negative"}
    categories = {c for e in examples for c in e.categories}
    assert len(categories) == 12


def test_splits_do_not_share_texts() -> None:
    dev = {e.text for e in load_split("dev")}
    heldout = {e.text for e in load_split("heldout")}
    assert dev.isdisjoint(heldout)
