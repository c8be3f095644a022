"""Urgency composed from parts: a danger concept, with now, soon or a plea for help, and its reasons.

Every text here is written for the test from the concept it names, not taken
from a test batch: the point is that wording nobody foresaw still composes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from anonymiser.risk import RiskDetector, RiskLevel, assess
from anonymiser.risk.rules import default_data_dir

URGENT, CONCERN, NONE = RiskLevel.URGENT, RiskLevel.CONCERN, RiskLevel.NONE


def _concepts(text: str, level: RiskLevel) -> set[str]:
    """Return the concept ids that gave the verdict's level for ``text``."""
    risk = assess(text)
    return {e.rule for e in risk.evidence if e.level is level and e.rule.startswith("concept.")}


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("necked a load of my mums sertraline like half an hour ago", "concept.overdose_taken"),
        ("downed a few of the co-codamol and my heart is going mental", "concept.overdose_symptoms"),
        ("drank some of the drain cleaner just now", "concept.poison_taken"),
        ("the cable is round the loft hatch now", "concept.ligature"),
        ("stood on the ledge of the tower block rn, looking down", "concept.at_height_or_track"),
        ("engine running in the garage, door down, getting sleepy", "concept.fumes"),
        ("my arm is pissing out blood", "concept.injury_severe"),
        ("stopped my insulin on purpose 3 days ago", "concept.stopped_vital_medicine"),
        ("his mates are coming for me tonight", "concept.threat_to_come"),
        ("my stepdad has got a machete out, help", "concept.weapon"),
        ("someone just put a lit rag through our letterbox", "concept.fire_set"),
        ("he is strangling my mum in the kitchen", "concept.violence_under_way"),
        ("they moved me to another city yesterday and tomorrow they move me again", "concept.moved_or_taken"),
        (
            "the boss keeps my passport and i sleep on the floor of the car wash",
            "concept.held_or_made_to_work",
        ),
        ("mums fella locked me out in the snow and im 9", "concept.locked_out_or_alone"),
        ("the landlord says if i dont sleep with him im out tonight", "concept.sexual_coercion"),
        ("sorry for everything. dont look for me", "concept.farewell_cluster"),
        ("my brain keeps saying me to jump and im starting to listen", "concept.commanded"),
        ("they said they will stab my sister if i snitch", "concept.threat_to_come"),
        # The misses reported from outside (the false alarms beside them are in test_risk_learnt.py).
        ("my leg will not stop bleeding", "concept.injury_severe"),
        ("in my car in the garage, engine on, doors shut", "concept.fumes"),
        ("took 30 amitriptyline just now", "concept.overdose_taken"),
    ],
)
def test_a_danger_concept_with_now_soon_or_help_is_urgent(text: str, concept: str) -> None:
    risk = assess(text)
    assert risk.level is URGENT, risk
    assert concept in _concepts(text, URGENT), risk.evidence


def test_every_urgent_concept_says_why_when_and_whose() -> None:
    risk = assess("took 14 naproxen about an hour ago")
    reason = next(r for r in risk.reasons if r.startswith("concept.overdose_taken"))
    assert "happening now or just happened" in reason and "about the writer" in reason


def test_a_plea_for_help_is_enough_time_beside_a_danger_concept() -> None:
    text = "he has a knife, what do i do"
    assert assess(text).level is URGENT
    assert any(e.tense == "help" for e in assess(text).evidence if e.rule == "concept.weapon")


def test_a_means_with_nothing_of_now_is_a_concern_and_asks() -> None:
    risk = assess("the charger cable is round the loft hatch")
    assert risk.level is CONCERN and risk.ask, risk  # when is unsaid: the conversation asks
    assert "concept.ligature" in {e.rule for e in risk.evidence}
    assert assess("the charger cable is round the loft hatch now").level is URGENT


@pytest.mark.parametrize("text", ["HELP", "help. please", "get me out of here"])
def test_a_bare_plea_for_help_is_never_silent_and_asks(text: str) -> None:
    risk = assess(text)
    assert risk.level is CONCERN and risk.ask, risk


@pytest.mark.parametrize("text", ["please help me with my cv", "omg help what do i wear tomorrow lol"])
def test_asking_for_help_with_ordinary_things_is_not_a_plea(text: str) -> None:
    assert assess(text).level is NONE


def test_someone_else_not_with_the_writer_and_not_now_is_not_urgent() -> None:
    risk = assess("my cousin took 20 paracetamol at a party once")
    assert risk.level is CONCERN, risk


@pytest.mark.parametrize(
    "text",
    [
        "took 16 paracetamol about an hour ago lol feel sick",
        "took loads of my meds earlier haha now im so dizzy",
        "cut myself and it wont stop bleeding lmao",
    ],
)
def test_a_laugh_never_silences_a_completed_act_or_an_injury(text: str) -> None:
    assert assess(text).level is URGENT


@pytest.mark.parametrize(
    "text",
    [
        "i took 2 paracetamol for my headache this morning",
        "chopping onions with the big knife right now for tea",
        "watched a film tonight where the lad ends up on the roof of the flats",
        "took 20 pills at a party last year, im doing loads better now",
        "my passport is with the home office for my claim",
        "working 12 hour shifts at my new job this week, so tired",
        "my foster mum is taking me to another city for my birthday tomorrow",
        "on the bridge now waiting for my mate to walk to college",
        "at the train station now, getting the train to my nans",
        "had a blood test today and nearly fainted lol",
        "sorry for everything i said yesterday, love you all",
        "my cousins are coming for me tomorrow to go shopping",
        "i have decided to go to college next year",
    ],
)
def test_ordinary_past_media_and_prescribed_use_are_never_urgent(text: str) -> None:
    assert assess(text).level is not URGENT, assess(text)


def test_a_bad_concept_file_fails_early_naming_the_concept(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "patterns").mkdir(parents=True)
    source = default_data_dir()
    for name in ("lexicon.yaml", "context.yaml"):
        (data / name).write_text((source / name).read_text())
    for pattern in (source / "patterns").glob("*.yaml"):
        (data / "patterns" / pattern.name).write_text(pattern.read_text())
    concepts = (source / "concepts.yaml").read_text()
    (data / "concepts.yaml").write_text(concepts.replace("when: soon", "when: later", 1))
    with pytest.raises(ValueError, match=r"concepts\.yaml concept .*: when is one of"):
        RiskDetector(data_dir=data)
