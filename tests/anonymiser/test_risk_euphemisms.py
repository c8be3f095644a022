"""Disclosures said sideways: death euphemisms, everyday instruments, line slang, night visits.

Every example here is worded differently from the labelled corpus, so these
check that the concept lexicons generalise rather than recall the corpus.
"""

from __future__ import annotations

import pytest

from anonymiser.risk import Category, RiskLevel, assess


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("been running a pencil sharpener blade along my arm in my room", Category.SUICIDE_SELF_HARM),
        ("scratched my wrist with a compass at break again", Category.SUICIDE_SELF_HARM),
        ("i need to go and be with my brother in heaven", Category.SUICIDE_SELF_HARM),
        ("ive worked out how i will do it and when", Category.SUICIDE_SELF_HARM),
        ("i dont think ill be around past the weekend", Category.SUICIDE_SELF_HARM),
        ("writing my goodbye notes tonight", Category.SUICIDE_SELF_HARM),
        ("ive got a stash of tablets hidden in my wardrobe", Category.SUICIDE_SELF_HARM),
        ("they got me running their line up in norfolk", Category.CRIMINAL_EXPLOITATION),
        ("we owe them money now so im stuck doing drops", Category.CRIMINAL_EXPLOITATION),
        ("a man keeps crawling into my bed at night at the house", Category.SEXUAL_EXPLOITATION),
        ("a lad online made me go on cam and now he wont stop", Category.SEXUAL_EXPLOITATION),
        ("ive been kipping in the stairwell at my mates block", Category.HOMELESSNESS),
    ],
)
def test_sideways_disclosures_are_urgent(text: str, category: Category) -> None:
    risk = assess(text)
    assert risk.level is RiskLevel.URGENT
    assert category in risk.categories


@pytest.mark.parametrize(
    "text",
    [
        "we used a compass and protractor in maths today",
        "granny is in heaven now and we light a candle for her at christmas",
        "my pa helped me plan a way out of my overdraft",
        "there was a massive line for the toilets at the festival",
        "went to the countryside with my carers for a week, loved it",
        "my last day at college, thanks for all the help",
        "i get under my duvet and read till late",
    ],
)
def test_the_same_words_in_ordinary_life_are_not_urgent(text: str) -> None:
    assert assess(text).level is not RiskLevel.URGENT
