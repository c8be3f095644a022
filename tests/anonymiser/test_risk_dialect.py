"""Regional English, simple English, emoji and algospeak reach the rules in their plain form.

Danger said in them is urgent; ordinary days said in them stay no risk. Two guards keep the
pattern files from undoing that.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from anonymiser.risk import RiskLevel, assess
from anonymiser.risk.normalise import Normaliser
from anonymiser.risk.rules import load_rule_book

RISK_DATA = Path(__file__).resolve().parents[2] / "anonymiser" / "risk" / "data"

URGENT = {
    "dialect-collapse": "me mams collapsed on the kitchen floor shes diabetic n wont answer me",
    "dialect-hiding": (
        "foster dads back from the pub smashin the place up me n the lil one locked in the bathroom pls"
    ),
    "dialect-threat": "me uncle says he'll beat the gay out of me, hes comin round wi his mates tonight",
    "emoji-bleeding": "🔪🩸😭 cant stop",
    "emoji-pills": "😔💊💊💊💊💊🥃 bye",
    "simple-english": "dad drunk. he smash things. he say he kill mum. me and sister under bed.",
    "missing": "climbed out me window at my foster placement, im at the train station. not goin back",
    "affairs-in-order": "no point anymore. sorting my stuff out so nobody has to after",
    "algospeak": "someone i met at a party grape'd me last night. i think im bleeding a bit down there",
    "means-set-out": (
        "ive got all my nans old tablets lined up on the side and im doing it tonight after her dad comes"
    ),
    "baby-home-alone": (
        "im at the bookies been here hours, the baby is at home asleep on her own, shes 4 months"
    ),
    "debt-bondage": (
        "he find me. he say i must work for him in car wash for my debt. tomorrow he come to take me"
    ),
    "coerced-meeting": (
        "met a guy on fortnite, bought me vbucks, says i have to meet him saturday or hell tell my carers"
    ),
}

ORDINARY = {
    "dialect-mock": "smashed me maths mock!! teacher nearly fainted",
    "dialect-shift": "finished me last night shift absolutely dead on me feet",
    "dialect-dead-as-very": "staff are dead supportive, helped me wi bath time",
    "dialect-work": "chippy job is mint but boss works me to death on fridays haha",
    "inhaler": "my inhaler ran out n the chemist was shut but my carer got me an emergency one, sorted now",
    "spiders": "i run away from the spiders in my room every night 😂 can someone come n get rid",
    "pharmacy": (
        "I am a care experienced student on placement in a hospital pharmacy so I count out tablets all day"
    ),
}


@pytest.fixture(scope="module")
def normaliser() -> Normaliser:
    book = load_rule_book()
    return Normaliser(book.replacements, book.vocabulary)


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("me mam collapsed", "my mam collapsed"),
        ("divvent kna where i am", "do not know where i am"),
        ("sat wi me ex", "sat with my ex"),
        ("he hit me hard", "he hit me hard"),  # "me" as the one hit stays "me"
        ("he sent me money", "he sent me money"),  # what one is given is not "my"
        ("hit me last week", "hit me last week"),
    ],
)
def test_northern_me_and_spellings_reach_their_plain_form(
    normaliser: Normaliser, typed: str, plain: str
) -> None:
    normal = normaliser.normalise(typed)
    assert normal.text == plain
    start = normal.text.index(plain.split()[-1])
    assert normal.original_span(start, len(normal.text)) == (typed.index(typed.split()[-1]), len(typed))


@pytest.mark.parametrize("text", URGENT.values(), ids=URGENT.keys())
def test_danger_told_this_way_is_urgent(text: str) -> None:
    risk = assess(text)
    assert risk.level is RiskLevel.URGENT
    # the evidence points into the typed text, emoji and dialect included
    assert all(0 <= e.start < e.end <= len(text) for e in risk.evidence)


@pytest.mark.parametrize("text", ORDINARY.values(), ids=ORDINARY.keys())
def test_an_ordinary_day_told_this_way_is_no_risk(text: str) -> None:
    assert assess(text).level is RiskLevel.NONE


def test_no_pattern_spells_its_own_word_boundary() -> None:
    """Patterns are wrapped in letter boundaries when compiled; their own "(?:^|[^a-z])" never matches then.

    A with-list written that way ("(?:^|[^a-z])(?:bye|no point)(?:[^a-z]|$)") silently never fired.
    """
    offending = [
        f"{path.name}:{number}"
        for path in sorted(RISK_DATA.rglob("*.yaml"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if "(?:^|[^a-z])" in line or "(?:[^a-z]|$)" in line
    ]
    assert offending == []


def test_no_pattern_spells_a_dropped_g() -> None:
    """Words the patterns spell stay as typed: "bleedin" in a pattern would stop "bleedin" → "bleeding".

    Chat drops the g ("goin", "screamin"); the normal form adds it back unless the word is one the
    patterns themselves use, so a pattern must spell only the full form.
    """
    words = set(load_rule_book().vocabulary)
    real = {"bin", "gin", "in", "min", "pin", "shin", "skin", "spin", "thin", "win", "tin", "sin", "kin"}
    assert sorted(w for w in words if w.endswith("in") and w + "g" in words and w not in real) == []
