"""Welsh words, emoji-only farewells, formal letters, medical emergencies, and ordinary knocks.

Danger told in these registers is urgent; a game, a farm animal, a sports injury or a chore told
with danger words stays no risk.
"""

from __future__ import annotations

import pytest

from anonymiser.risk import RiskLevel, assess

URGENT = {
    "welsh-not-live": "dwi ddim eisiau byw, taking everything in the cupboard tonight",
    "welsh-want-die": "dwi isio marw, im on the bridge now",
    "emoji-grave": "💊💊💊💊🍷 🪦",
    "marks-sent-back": (
        "my little sister came back from her dads with cigarette burns on her arm and they are "
        "sending her back there on saturday"
    ),
    "seizure-minutes": "my cousin is having a seizure and its been over 7 minutes now, we are in the park",
    "bleeding-deep": "used the blade again, blood everywhere and i cant get it to stop",
    "aid-taken": "staff took my crutches away and left me upstairs on my own since last night",
    "struck-formal": "I wish to report that my stepfather struck me with a coat hanger this afternoon.",
    "attack-planned": (
        "my mates r planning something at the synagogue this saturday, showed me pics of the petrol"
    ),
}

ORDINARY = {
    "game-first": "airsoft on sunday was mint, got hit loads, bruises all up my legs lol",
    "farm-animal": "the pony bucked me off in the field, bit sore but riding again tmrw",
    "stable-kick": "mucking out the cows n one of them booted me, just a graze",
    "sports-break": "cracked my wrist at hockey v the grammar school, in a cast now but fine",
    "chore-hyperbole": "gonna die if i have to write one more essay this term 😩",
    "chore-threat": "nan says ill get killed if i leave my plates on the floor again lol",
    "cookery-knife": "chef showed us knife skills, nicked my thumb dicing onions but the stew was lush",
    "film-it": "we are filming a dance for the church talent show on sunday, my mate will film it",
}


@pytest.mark.parametrize("text", URGENT.values(), ids=URGENT.keys())
def test_danger_in_these_registers_is_urgent(text: str) -> None:
    assert assess(text).level is RiskLevel.URGENT


@pytest.mark.parametrize("text", ORDINARY.values(), ids=ORDINARY.keys())
def test_ordinary_knocks_and_chores_are_no_risk(text: str) -> None:
    assert assess(text).level is RiskLevel.NONE


def test_one_more_night_of_life_is_not_a_chore() -> None:
    """'Die if i do one more' is a joke about a task, never about another night or day of living."""
    assert assess("i will die if i have to spend one more night in this house").level is not RiskLevel.NONE


def test_a_bruise_from_a_match_is_not_sent_back_danger() -> None:
    text = "came home from rugby with bruises on his legs, goes back to training tomorrow"
    assert assess(text).level is not RiskLevel.URGENT


def test_a_welsh_word_reads_as_english_but_keeps_its_place() -> None:
    result = assess("dwi isio marw")
    assert result.level is RiskLevel.URGENT
    assert any("marw" in "dwi isio marw"[e.start : e.end] for e in result.evidence)
