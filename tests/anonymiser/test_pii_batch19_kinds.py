"""Kinds of personal data (and of ordinary words) that batch 19 showed, as general classes."""

from __future__ import annotations

import pytest

from anonymiser import Anonymiser
from tests.anonymiser.pieces import hidden, redacted, touched


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        # A baby named with an everyday word, after "baby" and before a birth or a small child's age.
        ("our baby harbour is 6 weeks old and feeds all night", "harbour"),
        ("baby summit born tuesday at 3am", "summit"),
        ("my baby meadow dob is on the form", "meadow"),
        ("baby prince-valour dob 4 may 24", "prince-valour"),
        # A name that is also a word, opening a sentence with a toddler's age.
        ("hope is 3 now and talks loads", "hope"),
        # A full postcode typed with a space inside its outward code.
        ("send it to 5 kiln rd m 14 7xp please", "m 14 7xp"),
        # A day with an ordinal ending in a date of figures.
        ("dob 2nd/11/08 thats me", "2nd/11/08"),
        # A GP surgery, a justice centre and a maternity unit after their town.
        (
            "i have to go to exeter civil and family justice centre in may",
            "exeter civil and family justice centre",
        ),
        ("she is in the maternity unit at york maternity unit", "york maternity unit"),
    ],
)
def test_found(pii: Anonymiser, text: str, piece: str) -> None:
    assert hidden(pii, text, piece), redacted(pii, text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # Things a baby has, and who the baby is, stay.
        ("my baby monitor is broken again", "monitor"),
        ("my baby brother is 9 months", "brother"),
        ("the baby group is on monday", "group"),
        ("baby shower was great", "shower"),
        # An everyday word opening a sentence with a number that is no small child's age.
        ("school is 2 miles away", "school"),
    ],
)
def test_kept(pii: Anonymiser, text: str, word: str) -> None:
    assert not touched(pii, text, word), redacted(pii, text)
