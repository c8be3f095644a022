"""Spelling by sound, figures told with a skull or a game, songs and plays; and the danger behind them.

"fink", "nuffink" and "brover" are read as the words they stand for. A skull beside "going to die",
losing at a game, a character's fate in a play, a line of a song and a burn from hair tools are no
risk; an urge held off with ice or "i would not do anything" is a concern. A hand held to a hot tool
on purpose, voices saying one must jump, a friend's stated intent tonight and then silence, being
driven by strangers to "work", a hidden means with a plan and sex asked as payment are urgent.
"""

from __future__ import annotations

import pytest

from anonymiser.risk import RiskLevel, assess

URGENT = {
    "sound-spelled-overdose": "i fink i swallowed too meny of my pils, room is spinning",
    "hot-tool-on-purpose": "held my arm against the iron on purpose, gonna do it again tonight",
    "voices-must-jump": "the voices keep saying i have to jump off the flats",
    "friend-intent-silent": "my best mate said he is going to end it tonight and his phone is off now",
    "driven-to-work": "in a van with some men i dont know heading to derby, they said i will be 'grafting'",
    "hidden-means-plan": "stashed some razors under my mattress, gonna use them when everyone is asleep",
    "paid-in-other-ways": "my landlord says i can pay him in other ways this month, hes coming round later",
    "edge-not-here": "sat on the roof of the car park. dont want to be alive anymore",
    "beat-it-out": "my uncle found out im gay and says he will beat it out of me when i get home tonight",
}

CONCERN = {
    "ice-held": "got the urge to cut but i am holding ice cubes till it goes",
    "would-not-act": "feel like everyone would be happier without me. i wouldnt do anything though",
}

ORDINARY = {
    "skull-bedtime": "if i have to do one more revision session i am literally going to die 💀",
    "skull-then-dead": "that mock wrecked me 💀 i am dead",
    "lost-at-game": "we got absolutely smashed in the pool league final lol",
    "play-part": "i got the role of the soldier who gets shot in the christmas play",
    "song-question": "which band sang 'i want to break free' my carer keeps humming it",
    "hair-tool-burn": "burnt my finger on my straighteners doing my hair 🤦 its fine",
    "jailed-relative": "my uncle got sent down for burglary, visiting him in a few weeks",
    "nothing-by-sound": "nuffink much going on, can i have a lift to football wiv my brover",
}


@pytest.mark.parametrize("text", URGENT.values(), ids=URGENT.keys())
def test_danger_behind_odd_spelling_and_other_voices_is_urgent(text: str) -> None:
    assert assess(text).level is RiskLevel.URGENT


@pytest.mark.parametrize("text", CONCERN.values(), ids=CONCERN.keys())
def test_urges_coped_with_are_a_concern(text: str) -> None:
    assert assess(text).level is RiskLevel.CONCERN


@pytest.mark.parametrize("text", ORDINARY.values(), ids=ORDINARY.keys())
def test_figures_games_plays_and_songs_are_no_risk(text: str) -> None:
    assert assess(text).level is RiskLevel.NONE


def test_pulling_ones_own_hair_is_a_concern_but_being_dragged_by_it_is_urgent() -> None:
    assert assess("i keep pulling my hair out when exams stress me").level is RiskLevel.CONCERN
    assert assess("he pulled me by my hair down the stairs").level is RiskLevel.URGENT


def test_a_hair_tool_burn_on_purpose_is_no_mishap() -> None:
    assert assess("burnt my wrist with my straighteners on purpose").level is RiskLevel.URGENT
