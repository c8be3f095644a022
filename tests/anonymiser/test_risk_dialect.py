"""Regional English reaches the rules in its plain form, and ordinary regional chat stays ordinary."""

from __future__ import annotations

import pytest

from anonymiser.risk import RiskLevel, assess
from anonymiser.risk.normalise import Normaliser
from anonymiser.risk.rules import load_rule_book


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


@pytest.mark.parametrize(
    "text",
    [
        "me mams collapsed on the kitchen floor shes diabetic n wont answer me",
        "foster dads back from the pub smashin the place up me n the lil one locked in the bathroom pls",
        "me uncle says he'll beat the gay out of me, hes comin round wi his mates tonight",
    ],
)
def test_danger_in_dialect_is_urgent(text: str) -> None:
    assert assess(text).level is RiskLevel.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "smashed me maths mock!! teacher nearly fainted",
        "finished me last night shift absolutely dead on me feet",
        "staff are dead supportive, helped me wi bath time",
        "chippy job is mint but boss works me to death on fridays haha",
    ],
)
def test_ordinary_dialect_is_no_risk(text: str) -> None:
    assert assess(text).level is RiskLevel.NONE


@pytest.mark.parametrize(
    "text", ["\U0001f52a\U0001fa78\U0001f62d cant stop", "\U0001f614" + "\U0001f48a" * 5 + "\U0001f943 bye"]
)
def test_danger_told_in_emoji_is_urgent(text: str) -> None:
    risk = assess(text)
    assert risk.level is RiskLevel.URGENT
    assert all(
        0 <= e.start < e.end <= len(text) for e in risk.evidence
    )  # evidence points into the typed text


@pytest.mark.parametrize(
    "text",
    [
        "dad drunk. he smash things. he say he kill mum. me and sister under bed.",  # very simple English
        "climbed out me window at my foster placement, im at the train station. not goin back",
    ],
)
def test_danger_in_plain_or_simple_english_is_urgent(text: str) -> None:
    assert assess(text).level is RiskLevel.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "my inhaler ran out n the chemist was shut but my carer got me an emergency one, sorted now",
        "i run away from the spiders in my room every night 😂 can someone come n get rid",
        "I am a care experienced student on placement in a hospital pharmacy so I count out tablets all day",
    ],
)
def test_ordinary_days_are_no_risk(text: str) -> None:
    assert assess(text).level is RiskLevel.NONE


def test_no_pattern_spells_its_own_word_boundary() -> None:
    """Patterns are wrapped in letter boundaries when compiled; their own "(?:^|[^a-z])" never matches then.

    A with-list written that way ("(?:^|[^a-z])(?:bye|no point)(?:[^a-z]|$)") silently never fired.
    """
    from pathlib import Path

    data = Path(__file__).resolve().parents[2] / "anonymiser" / "risk" / "data"
    offending = [
        f"{path.name}:{number}"
        for path in sorted(data.rglob("*.yaml"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if "(?:^|[^a-z])" in line or "(?:[^a-z]|$)" in line
    ]
    assert offending == []


def test_a_goodbye_with_affairs_put_in_order_is_urgent() -> None:
    assert assess("no point anymore. sorting my stuff out so nobody has to after").level is RiskLevel.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "someone i met at a party grape'd me last night. i think im bleeding a bit down there",  # algospeak
        "ive got all my nans old tablets lined up on the side and im doing it tonight after her dad comes",
        "im at the bookies been here hours, the baby is at home asleep on her own, shes 4 months",
        "he find me. he say i must work for him in car wash for my debt. tomorrow he come to take me",
        "met a guy on fortnite, bought me vbucks, says i have to meet him saturday or hell tell my carers",
    ],
)
def test_danger_told_last_or_in_algospeak_is_urgent(text: str) -> None:
    assert assess(text).level is RiskLevel.URGENT


def test_no_pattern_spells_a_dropped_g() -> None:
    """Words the patterns spell stay as typed: "bleedin" in a pattern would stop "bleedin" → "bleeding".

    Chat drops the g ("goin", "screamin"); the normal form adds it back unless the word is one the
    patterns themselves use, so a pattern must spell only the full form.
    """
    from anonymiser.risk.rules import load_rule_book

    words = set(load_rule_book().vocabulary)
    real = {"bin", "gin", "in", "min", "pin", "shin", "skin", "spin", "thin", "win", "tin", "sin", "kin"}
    assert sorted(w for w in words if w.endswith("in") and w + "g" in words and w not in real) == []
