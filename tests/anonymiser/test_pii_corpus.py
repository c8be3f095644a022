"""The shipped PII corpora are exact, and the anonymiser still meets its targets on them."""

from __future__ import annotations

import pytest

from anonymiser import Anonymiser
from bench.anonymiser.corpus import (
    ALL_PARTS,
    DATA,
    LABELS,
    PARTS,
    GoldSpan,
    load_part,
    parse_markup,
    read_markup,
    to_json,
)
from bench.anonymiser.metrics import score


def test_markup_parser_gives_exact_offsets() -> None:
    example = parse_markup("[[PERSON:karen]] said ring [[CONTACT:07700 900123]]")
    assert example.text == "karen said ring 07700 900123"
    assert [(example.text[s.start : s.end], s.label) for s in example.spans] == [
        ("karen", "PERSON"),
        ("07700 900123", "CONTACT"),
    ]
    with pytest.raises(ValueError):
        parse_markup("[[PLANET:mars]]")


def test_markup_carries_must_stay_words_and_unscored_stretches() -> None:
    example = parse_markup("my {{sw}} [[PERSON:jo]] is from <<iran>>")
    assert example.text == "my sw jo is from iran"
    assert [example.text[a:b] for a, b in example.keep] == ["sw"]
    assert [example.text[a:b] for a, b in example.ignore] == ["iran"]
    scores = score([example], [[GoldSpan(3, 5, "PERSON"), GoldSpan(17, 21, "LOCATION")]])
    assert scores.keep_redacted == 1 and scores.keep_words == 1
    assert scores.overall.predicted == 1  # the country counts neither way


def test_blind_batches_convert_tags_to_contract_labels() -> None:
    from bench.anonymiser.import_blind import to_markup

    line = to_markup("its [[ama|NAME]] from [[accra|TOWN]] in ghana, my {{pa}} said", ["ghana"])
    assert line == "its [[PERSON:ama]] from [[LOCATION:accra]] in <<ghana>>, my {{pa}} said"


@pytest.mark.parametrize("part", ALL_PARTS)
def test_jsonl_is_generated_from_the_markup(part: str) -> None:
    examples = read_markup(DATA / f"{part}.txt")
    stored = (DATA / f"{part}.jsonl").read_text("utf-8").splitlines()
    assert stored == [to_json(e) for e in examples], "run: python -m bench.anonymiser.corpus"
    for e in examples:
        for s in e.spans:
            assert s.label in LABELS
            assert e.text[s.start : s.end].strip() == e.text[s.start : s.end] != ""


def test_corpus_is_big_enough_with_hard_negatives() -> None:
    examples = [e for p in PARTS for e in load_part(p)]
    assert len(examples) >= 400
    assert sum(1 for e in examples if not e.spans) >= 100
    assert {s.label for e in examples for s in e.spans} == LABELS


def test_metrics_count_misses_false_alarms_and_leaks() -> None:
    example = parse_markup("[[PERSON:karen]] and [[LOCATION:leeds]]")
    scores = score([example], [[GoldSpan(0, 5, "PERSON"), GoldSpan(6, 9, "ORG")]])
    assert scores.overall.found == 1 and scores.overall.gold == 2
    assert scores.overall.correct == 1 and scores.overall.predicted == 2
    assert scores.overall.leaked_chars == len("leeds")


# The benchmark targets, held on both parts: recall >= 0.95 overall and >= 0.90 for
# every label, precision >= 0.85 and at most 3 % of gold letters and digits left
# in the clear (see bench/RESULTS.md for the latest numbers).
TARGETS = {part: (0.95, 0.90, 0.85, 0.03) for part in PARTS}


@pytest.mark.parametrize("part", PARTS)
def test_targets_hold_on_corpus(pii: Anonymiser, part: str) -> None:
    overall_recall, label_recall, precision, leak = TARGETS[part]
    examples = load_part(part)
    redactions = pii.anonymise_batch([e.text for e in examples])
    predicted = [[GoldSpan(s.start, s.end, s.label.value) for s in r.spans] for r in redactions]
    scores = score(examples, predicted)
    recall, prec, leaked = scores.overall.recall, scores.overall.precision, scores.overall.leak_rate
    assert recall >= overall_recall, f"recall {recall:.3f}; see python -m bench.anonymiser.run"
    assert prec >= precision, f"precision {prec:.3f}"
    assert leaked <= leak, f"leak rate {leaked:.3f}"
    low = {label: round(s.recall, 3) for label, s in scores.by_label.items() if s.recall < label_recall}
    assert not low, f"labels under {label_recall}: {low}"
