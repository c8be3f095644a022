"""More word families and grammar classes: staged or numb harm, medicine as directed, a copied act.

Each table names a general class with examples written for it, not taken from any corpus batch.
"""

from __future__ import annotations

import pytest

from anonymiser.risk import RiskLevel, assess

URGENT = {
    "copy-a-character-tonight": "the girl in that show kills herself and i want to do the same tonight",
    "copy-a-friend-now": "my mate took his own life in the summer, i want to do what he did right now",
    "fgm-the-cutting-planned": "gran is taking me for the cutting next week so i am a proper girl",
    "recruiter-books-travel": (
        "a brother online says its my duty to fight for the cause, he bought me a ticket for next week"
    ),
    "made-to-do-it-with-men": "they are making me do it again with another older man tonight, i am 13",
    "hypo-no-sugar": "my dad is diabetic, he is sweating and shaking and we have run out of glucose tablets",
    "told-to-leave-tonight": "been kipping in the library, now the security said i cant stay here tonight",
}

ORDINARY = {
    "stage-stabbing": "in our school play i pretend to stab the king, so fun lol",
    "nosebleed-blood": "my nosebleed went everywhere in pe, blood all over my top, its stopped",
    "numb-limb": "sat on my foot for ages and now my leg is dead haha",
    "medicine-as-directed": "headache today, took two paracetamol like the packet says",
    "bonfire-at-the-park": "went to the fireworks at the park with my carers, was so good",
}


@pytest.mark.parametrize("text", URGENT.values(), ids=URGENT.keys())
def test_present_or_imminent_danger_in_these_families_is_urgent(text: str) -> None:
    assert assess(text).level is RiskLevel.URGENT


@pytest.mark.parametrize("text", ORDINARY.values(), ids=ORDINARY.keys())
def test_ordinary_use_in_these_families_raises_no_rule(text: str) -> None:
    risk = assess(text)
    assert risk.level is not RiskLevel.URGENT
    assert [e.rule for e in risk.evidence if e.rule != "learnt"] == []


def test_doing_the_same_needs_a_lethal_act_and_a_time() -> None:
    assert assess("she passed her driving test and i want to do the same next year").level is RiskLevel.NONE
    assert (
        assess("he kills himself at the end of the book, i want to do the same").level is not RiskLevel.URGENT
    )


def test_a_nosebleed_from_a_blow_still_reads_as_harm() -> None:
    assert assess("he punched me in the face tonight and my nose is bleeding").level is RiskLevel.URGENT


def test_a_recruiters_ticket_with_no_date_reaches_a_person_with_the_check() -> None:
    risk = assess(
        "someone keeps sending me videos about the brothers and says its my duty to go, he got me a ticket"
    )
    assert risk.level is RiskLevel.CONCERN
    assert risk.ask


CONCERN = {
    "fake-account-of-me": "some lads made a fake insta page using my pics and are posting rubbish",
    "no-point-of-anything": "i honestly do not see the point of anything at the moment",
    "baby-supplies-out": "mum is in bed again and we have run out of nappies for the baby",
    "off-school-caring": "ive been off school for two weeks looking after my little brothers",
}


@pytest.mark.parametrize("text", CONCERN.values(), ids=CONCERN.keys())
def test_these_worries_reach_a_person(text: str) -> None:
    assert assess(text).level is RiskLevel.CONCERN
