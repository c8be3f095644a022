"""Danger told as a situation rather than named by a word, through the detector's public API.

A safeguarding lead reads "he is in the front room" beside "he is not allowed
near us" as an emergency, though no single word says so. These tests hold the
general classes (a dangerous person here now, farewells said sideways, bodily
emergencies told as what is seen, harm dared online, a child left with the one
who hurt them) and the hyperbole and complaints that must stay calm. Every
example is written for this file.
"""

from __future__ import annotations

import pytest

from anonymiser.risk import RiskDetector
from anonymiser.risk.model import Risk, RiskLevel

URGENT, CONCERN = RiskLevel.URGENT, RiskLevel.CONCERN
_DETECTOR = RiskDetector()


def assess(text: str) -> Risk:
    return _DETECTOR.assess(text)


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        # A dangerous person here now: barred, armed, feared or an exploiter.
        ("my ex has a non molestation order but hes at the front door right now", "dangerous_person_here"),
        (
            "step dad isnt allowed near me since court. hes downstairs now shouting my name",
            "dangerous_person_here",
        ),
        ("a lad with a knife is in the stairwell of my block looking for me", "dangerous_person_here"),
        (
            "the man who trafficked me found the hostel. he is waiting outside in a black car",
            "dangerous_person_here",
        ),
        (
            "my uncle wants to take me back home to marry his friend and he is sat in the kitchen",
            "dangerous_person_here",
        ),
        # Farewells said sideways, with a word of now.
        ("i wont be needing my bus pass after tonight", "veiled_farewell"),
        ("after tonight i will not be a problem for anyone", "veiled_farewell"),
        ("nobody will need to worry about me after tonight", "veiled_farewell"),
        # A decision to die in slang, or as the only way left.
        ("about to unalive right now", "suicide_decided"),
        ("ending it feels like the only way out tonight", "suicide_decided"),
        ("thank you for everything. tell my sister sorry. tonight is the night", None),
        # Bodily emergencies told as what is seen.
        ("my flatmate took a load of something and i cant wake her up", None),
        ("my mate is coughing up blood after drinking bleach", None),
        ("im 30 weeks pregnant and bleeding heavily", "medical_emergency"),
        ("fell off my bike and the bone is sticking out of my arm", "injury_severe"),
        ("my wrist is bent the wrong way after i fell down the stairs", "injury_severe"),
        # Harm dared or coached online, a child left with the one who hurt them, a drunk adult in charge.
        ("doing a tiktok live and people keep daring me to burn myself", "harm_dared_online"),
        (
            "a girl on discord keeps asking if ive done it yet and how many tablets i have",
            "harm_dared_online",
        ),
        (
            "my toddler has a burn on his hand, i think my boyfriend did it and hes looking after him now",
            "child_hurt_left_with",
        ),
        ("my dad is so drunk and hes driving my little sister home now", "intoxicated_in_charge"),
        # Someone older getting into the bed stays urgent beside the little ones above.
        ("my stepbrother gets into my bed at night", None),
    ],
)
def test_danger_told_as_a_situation_is_urgent(text: str, concept: str | None) -> None:
    risk = assess(text)
    assert risk.level is URGENT, risk
    urgent_rules = {e.rule for e in risk.evidence if e.level is URGENT}
    assert concept is None or f"concept.{concept}" in urgent_rules, risk.evidence


@pytest.mark.parametrize(
    "text",
    [
        # Farewells said sideways with no time said.
        "wont be a burden to anyone much longer",
        "giving my xbox to my little brother, tell him i love him",
        # A danger concept (a weapon, a threat) with no time said.
        "my stepdad has a knife",
        "someone sent me a pic of my front door",
    ],
)
def test_danger_with_no_time_said_is_a_concern_that_asks(text: str) -> None:
    risk = assess(text)
    assert risk.level is CONCERN and risk.ask, risk
    assert any(e.rule.startswith("concept.") for e in risk.evidence), risk.evidence


@pytest.mark.parametrize(
    "text",
    [
        # Ordinary people outside or in the house.
        "my social worker is outside waiting in the car to take me to contact",
        "my boyfriend is outside waiting for me, were going cinema",
        "foster dad is in the front room watching the football with my brother",
        # Thanks and leaving for ordinary reasons.
        "moving into my own flat tomorrow, thanks for everything staff 😊",
        "can i get my bus pass sorted before i go to college",
        # Ordinary pregnancy and small knocks.
        "went to my 20 week scan today and the baby is healthy",
        "had a nosebleed in maths earlier lol",
        # Hyperbole and complaints about policy.
        "this maths test is so hard i literally want to die",
        "i thought i was gonna die lol that rollercoaster was insane",
        "why do we have to move out of care at 18 when other kids dont",
        "im going to kill it at the talent show tonight",
        # A little one in the bed after a bad dream; a pun on being homeless.
        "my baby brother climbs into my bed when theres thunder",
        "honestly im homeless for gift ideas this year lol",
    ],
)
def test_ordinary_life_hyperbole_and_complaints_are_not_urgent(text: str) -> None:
    assert assess(text).level is not URGENT, assess(text)


@pytest.mark.parametrize(
    "text",
    [
        "can you help me with my cv for the college course",
        "help me write a letter to my iro please",
        "Monday after college works. My PA knows where I live.",
        "my new foster carer knows where i live obviously lol, she picks me up",
        "wrote a letter to the judge about contact. done it now",
        "i wrote a letter to my mp, have i done it right?",
    ],
)
def test_asking_for_help_with_a_task_or_a_known_address_raises_nothing(text: str) -> None:
    assert assess(text).level is RiskLevel.NONE


@pytest.mark.parametrize(
    "text",
    [
        "my dad found out where i live and said hes coming for me tonight",
        "my ex knows my new address, he's not allowed contact and said he'll get me tomorrow",
        "left a note on my bed for my carers saying sorry. taking them all tonight",
    ],
)
def test_a_known_address_with_a_threat_is_urgent(text: str) -> None:
    assert assess(text).level is URGENT
