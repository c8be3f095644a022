"""Jokes with clear cues, tempers, hangovers and healed knocks; and the danger they must never hide.

A laugh beside an everyday trigger (a form, a rota, a hangover, a dare) lowers a death word; a
means, a time or "i mean it" never is a joke. A plan with a means, a vehicle driven at a wall, hands
on the throat, a counted overdose taken on purpose and chest pain after a stimulant are urgent.
"""

from __future__ import annotations

import pytest

from anonymiser.risk import RiskLevel, assess

URGENT = {
    "plan-and-place": "i have a plan now. the bridge over the canal, after everyone is asleep",
    "plan-and-track": "worked out my plan, the trains pass through the crossing near me at 11",
    "vehicle-wall": "got my brothers keys, going to drive the car into a tree later, had enough",
    "throat-now": "my boyfriend just held me by the throat against the fridge",
    "hands-neck": "he had his hands round my neck earlier and says hes not finished",
    "counted-on-purpose": "swallowed 16 of my sertraline an hour ago, did it on purpose",
    "heart-after-stimulant": "chest is crushing and my jaw has gone tingly after a load of mdma",
    "joke-with-means": "haha the rota again kms tonight i mean it i have the pills",
    "hangover-with-time": "so hungover i could die tonight i mean it",
    "fit-seizure": "had a fit on the bus and hit my head, still dizzy",
}

NOT_URGENT = {
    "admin-kms": "lol they want me to redo the housing form again kms",
    "passive-thought": "i think about not waking up most nights",
    "past-weekday": "blacked out last friday at a house party",
    "coped-thought": "some days i think nobody would miss me. i will not do anything, i just think it",
    "fear-after-past-attack": "got beaten up in town last month and i am still nervous on the bus",
}

ORDINARY = {
    "hangover": "so hungover i want to die, never drinking again",
    "dare-survived": "thought i was going to die on the big dipper, survived, 10/10",
    "temper-fit": "mum had a fit about the state of the kitchen",
    "gym-dead": "leg day at the gym and i am actually dead, cannot climb the stairs",
    "dead-as-very": "my cousin is dead jealous of my trainers",
    "doc-session": "watched a doc about knife crime with my keyworker, can we do more",
    "healed-break": "broke my ankle skateboarding, cast comes off next week",
    "league-dislocated": "dislocated my thumb at sunday league, physio popped it back in",
    "plan-for-weekend": "i have a plan for the weekend, cinema at 7",
}


@pytest.mark.parametrize("text", URGENT.values(), ids=URGENT.keys())
def test_danger_is_urgent_even_beside_a_laugh(text: str) -> None:
    assert assess(text).level is RiskLevel.URGENT


@pytest.mark.parametrize("text", NOT_URGENT.values(), ids=NOT_URGENT.keys())
def test_jokes_thoughts_and_past_are_a_concern_not_urgent(text: str) -> None:
    assert assess(text).level is RiskLevel.CONCERN


@pytest.mark.parametrize("text", ORDINARY.values(), ids=ORDINARY.keys())
def test_figures_of_speech_and_healed_knocks_are_no_risk(text: str) -> None:
    assert assess(text).level is RiskLevel.NONE


def test_a_still_that_tells_a_lasting_fear_keeps_the_act_in_the_past() -> None:
    assert assess("he battered me last week and hes still coming round every night").level is RiskLevel.URGENT


def test_a_safety_plan_is_no_plan_to_die() -> None:
    risk = assess("made a safety plan with my worker, the bridge is on my list of places to avoid")
    assert risk.level is not RiskLevel.URGENT
