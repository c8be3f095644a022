"""Word families and grammar that decide a danger word's meaning: who does it, when, and whether it is real.

Each table names a general class (an accident warning about a lift, costume blood, a typo put right,
a character in a book, a negative subject with its auxiliary, a week ago as the past) with examples
written for the class, not taken from any corpus batch.
"""

from __future__ import annotations

import pytest

from anonymiser.risk import RiskLevel, assess

URGENT = {
    "belt-got-out": "hes had a drink and got the belt out again, my little brother is crying upstairs",
    "came-at-with-a-cane": "my uncle came at me with the cane tonight cos i was late back",
    "child-on-its-own": "pretty sure the baby is on it's own next door, her mum left at lunch",
    "sleeping-out-freezing-with-a-laugh": "kipping in the bus shelter tonight haha its snowing, whatever",
    "papers-kept-with-a-threat": (
        "the boss keeps my passport and says if i leave he will tell the home office about me"
    ),
    "men-at-night": "my sister is at his flat now and loads of men come round at night, she is 15",
    "laugh-taken-back": "i want to kill myself lol i mean it this time",
    "laugh-taken-back-not-joking": "honestly want to die haha not joking",
}

ORDINARY = {
    "accident-warning-lift": "my coach reckons ill kill myself squatting that much but i got a PB",
    "accident-warning-scooter": "nan says im gonna break my neck on that scooter lol",
    "costume-blood": "going to the party as a vampire with fake blood all over my face",
    "dyeing-spelt-dying": "im dying my hair purple this weekend, can i claim for the dye",
    "typo-put-right": "the course is dying great haha i mean going. when does the next one start",
    "insect": "got stung by a wasp at work, hand is a bit swollen but fine now",
    "word-question": "is it 'stabbed' or 'stung' for a bee in english?",
    "character-in-a-book": (
        "in the book the man in it drinks poison at the end, i have an essay on it. can you help me with it"
    ),
    "help-with-a-task": "can u help me with my college application tonight",
    "film-recommendations": "watched a horror last night lol anyone got film recs that are less scary",
}

CONCERN = {
    "names-in-quotes": "girls in my form keep calling me 'foster kid' every single day",
    "address-posted": "someone posted my home address in the group chat and everyone saw it",
    "medicine-bought-online": "been ordering diazepam off some guy on telegram to help me sleep",
    "kept-off-school-to-care": "my sister is 13 and she keeps home from school to look after the kids",
    "out-of-school-for-months": "my little brother has not been to school since easter, mum says its fine",
    "little-sleep": "been sleeping about 3 hours a night for weeks, everything feels heavy",
    "crying-in-the-toilets": "keep crying in the toilets at college and i dont even know why",
    "a-week-ago": "he punched me last week at contact, i have not seen him since",
}


@pytest.mark.parametrize("text", URGENT.values(), ids=URGENT.keys())
def test_danger_present_or_imminent_is_urgent(text: str) -> None:
    risk = assess(text)
    assert risk.level is RiskLevel.URGENT
    assert risk.reasons  # an urgent verdict always says which rule and when


@pytest.mark.parametrize("text", ORDINARY.values(), ids=ORDINARY.keys())
def test_ordinary_use_of_danger_words_is_never_urgent(text: str) -> None:
    assert assess(text).level is RiskLevel.NONE


@pytest.mark.parametrize("text", CONCERN.values(), ids=CONCERN.keys())
def test_worries_told_in_passing_reach_a_person(text: str) -> None:
    assert assess(text).level is RiskLevel.CONCERN


def test_a_negative_subject_with_its_auxiliary_negates_the_harm() -> None:
    # "nobody's been hurt" reads "nobody is been hurt": the subject is still the negation.
    assert assess("he shouted at the door for ages but nobody's been hurt").level is not RiskLevel.URGENT
    never = assess("no one has ever hit me here")
    assert [e.rule for e in never.evidence if e.rule != "learnt"] == []
    # ...but only its own clause: a later "and he is hitting me" is still urgent.
    assert assess("nobody has come yet and he is still hitting me").level is RiskLevel.URGENT


def test_a_co_tenant_dealing_is_a_concern_and_a_takeover_is_urgent() -> None:
    assert assess("pretty sure my housemate is dealing from our flat").level is RiskLevel.CONCERN
    takeover = "some olders have moved into my flat and are dealing from it, cant get them out"
    assert assess(takeover).level is RiskLevel.URGENT
