"""The learnt safety net: it lifts what the rules under-rated, never lowers, and is built from dev only."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from anonymiser.risk import RiskDetector, RiskLevel, assess, default_detector, load_rule_book
from anonymiser.risk.learnt import WINDOW_WORDS, LearntModel, load_learnt_model, windows
from anonymiser.risk.rules import default_data_dir
from bench.risk.scoring import load_split

# Texts no rule matches (checked below), in words the rules never foresaw.
UNRULED_RISKS = [
    "the man next door keeps giving me money and wants me to come round on my own",
    "my mate gave me a bag to keep under my bed and said not to open it",
]


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(default_data_dir(), target)
    return target


@pytest.fixture(scope="module")
def rules_only() -> RiskDetector:
    book = load_rule_book()
    return RiskDetector(book=type(book)(book.rules, book.cues, book.replacements, book.vocabulary))


@pytest.mark.parametrize("text", UNRULED_RISKS)
def test_model_flags_what_no_rule_matched_and_names_a_category(text: str, rules_only: RiskDetector) -> None:
    assert rules_only.assess(text).level is RiskLevel.NONE
    risk = assess(text)
    assert risk.level is not RiskLevel.NONE
    assert risk.categories
    assert {(e.rule, e.reason) for e in risk.evidence} == {("learnt", "model")}
    assert all((e.start, e.end) == (0, len(text)) for e in risk.evidence)


def test_model_never_makes_urgent_it_asks_instead(rules_only: RiskDetector) -> None:
    # A safety-net concern the net would once have called urgent: it stays a concern with a
    # reason, and the conversation is asked to check ("Are you safe right now?").
    text = "i keep thinking about the bridge near my house"
    assert {e.rule for e in rules_only.assess(text).evidence} == {"ssh.danger_words"}
    risk = assess(text)
    assert risk.level is RiskLevel.CONCERN
    assert risk.ask
    assert risk.reasons


def test_urgent_always_rests_on_a_rule_with_its_reasons() -> None:
    for example in load_split("dev"):
        risk = assess(example.text)
        if risk.level is RiskLevel.URGENT:
            urgent = [e for e in risk.evidence if e.level is RiskLevel.URGENT]
            assert urgent, example.text
            assert all(e.rule != "learnt" for e in urgent), example.text
            assert risk.reasons, example.text


def test_a_specific_rules_concern_stays_a_concern() -> None:
    text = "im dating a guy who is 27"  # cse.older_partner: a considered concern
    risk = assess(text)
    assert risk.level is RiskLevel.CONCERN
    assert "learnt" not in {e.rule for e in risk.evidence}


@pytest.mark.parametrize(
    "text",
    [
        "i've turned vegan now and my carers are being really good about it",
        "my boyfriend brought me flowers yesterday",
        "went bowling with my friend on saturday it was sick",
        "my PA didn't ring on Thursday like she said",
        "staff walk into my bedroom without waiting",
        "he never calls me back",
        "My social worker keeps changing and never rings me back.",
        "my name is Jaz and I live on the Bellingham estate",
    ],
)
def test_false_alarms_reported_from_outside_stay_quiet(text: str) -> None:
    """Ordinary messages that an earlier version told to ring 999: no alert, no question."""
    risk = assess(text)
    assert risk.level is RiskLevel.NONE, risk
    assert not risk.ask


@pytest.mark.parametrize(
    "text",
    [
        "my arm wont stop bleeding",
        "cant stop the bleeding 3 towels now",
        "i took 20 paracetamol an hour ago and feel sick",
        "sat in the car with the engine running in the garage, windows up",
        "tied my belt round the curtain rail",
    ],
)
def test_emergencies_reported_from_outside_are_urgent_with_a_reason(text: str) -> None:
    risk = assess(text)
    assert risk.level is RiskLevel.URGENT, risk
    assert any("learnt" not in r for r in risk.reasons)


def test_plain_negated_harm_by_others_stays_none() -> None:
    assert assess("my carers never hit me").level is RiskLevel.NONE
    assert assess("nobody bullies me at my new school").level is RiskLevel.NONE


@pytest.mark.parametrize(
    ("text", "farewell"),
    [
        ("nobody touches me here, its fine", False),
        # A farewell said sideways with "tonight": urgent, but by the named concept, never by the net.
        ("no one will have to deal with me after tonight", True),
    ],
)
def test_after_a_negated_match_the_model_may_ask_for_a_look_but_never_urgently(
    text: str, farewell: bool
) -> None:
    risk = assess(text)
    assert all(e.level is RiskLevel.CONCERN for e in risk.evidence if e.rule == "learnt")
    assert (risk.level is RiskLevel.URGENT) == farewell, risk
    urgent_rules = {e.rule for e in risk.evidence if e.level is RiskLevel.URGENT}
    assert not farewell or urgent_rules == {"concept.veiled_farewell"}, risk.evidence


def test_model_never_raises_a_deliberately_lowered_match_to_urgent() -> None:
    for text in ["i used to cut when i was 12", "my friend self harms", "this maths homework kms 😂"]:
        risk = assess(text)
        assert risk.level is RiskLevel.CONCERN, text
        assert all(e.level is not RiskLevel.URGENT for e in risk.evidence), text


@pytest.mark.parametrize(
    "text",
    [
        "in the film the man next door keeps giving a girl money and wants her to come round on her own",
        "in the film a lad keeps going to the bridge at night to say goodbye",
    ],
)
def test_model_leaves_talk_about_films_and_news_alone(text: str) -> None:
    model = default_detector()._book.learnt
    assert model is not None
    assert "risk" in model.score(text).passed  # the model alone would flag it
    assert assess(text).level is RiskLevel.NONE


def test_without_the_model_only_rules_decide(data_copy: Path) -> None:
    (data_copy / "learnt.json").unlink()
    detector = RiskDetector(data_dir=data_copy)
    for text in UNRULED_RISKS:
        assert detector.assess(text).level is RiskLevel.NONE


def test_a_broken_model_file_fails_early(data_copy: Path) -> None:
    path = data_copy / "learnt.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["bias"] = data["bias"][:-1]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match=r"learnt\.json"):
        load_learnt_model(path)
    (data_copy / "learnt.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ValueError, match="not a learnt-model file"):
        RiskDetector(data_dir=data_copy)


def test_long_texts_are_scored_in_windows_so_one_bad_sentence_is_not_diluted() -> None:
    filler = "the placement is fine and college is ok and my carer is kind " * 20
    plain = filler + "he makes me do stuff i dont want when everyone is asleep"
    runs = windows(plain)
    assert len(runs) > 2 and max(len(r) for r in runs[1:]) == WINDOW_WORDS
    assert runs[-1][-1] == "asleep"
    model = default_detector()._book.learnt
    assert isinstance(model, LearntModel)
    assert model.score(plain).logits["risk"] > model.score(filler).logits["risk"]


def test_shipped_model_was_built_from_the_current_dev_split() -> None:
    """If this fails, run: .venv/bin/python bench/risk/train_model.py"""
    from bench.risk.train_model import HEADS, dev_fingerprint

    shipped = json.loads((default_data_dir() / "learnt.json").read_text(encoding="utf-8"))
    assert shipped["dev_sha256"] == dev_fingerprint()
    assert shipped["trained_on"].endswith("dev.jsonl")
    assert shipped["heads"] == list(HEADS)


def test_model_keeps_the_hot_path_fast() -> None:
    detector = default_detector()
    text = "my social worker keeps cancelling and i dont know whats happening with my flat"
    detector.assess(text)
    started = time.process_time()
    for _ in range(200):
        detector.assess(text)
    per_text_ms = (time.process_time() - started) * 1000 / 200
    assert per_text_ms < 10
