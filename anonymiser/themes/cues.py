"""What a sentence's shape says about its feeling: the lexicon clause by clause, contrasts and turns.

Real young people tell a story in one sentence: "it was hard at first but my
PA really helped" is mixed, "I used to hate school, now I love it" is a turn
for the better, and "I would like more say in my meetings" has no feeling
words at all. A bag of words cannot see that order, so the sentiment
classifier also reads a few numbers: the register lexicon's score overall,
of the best and worst clause and of the first and last clause, whether a
contrast ("but", "although") or a turn in time ("at first", "used to",
"now") joins them, and whether the text asks for something. The classifier
learns how much each counts; none of them decides on its own.
"""

from __future__ import annotations

import re

from anonymiser.themes.sentiment import CLAUSE_POLAR, SentimentLexicon, clauses
from anonymiser.themes.taxonomy import SENTIMENT_LABELS

_CONTRAST = re.compile(
    r"\b(but|though|tho|although|however|except|apart from|whereas|even if"
    r"|even though|yet|still)\b"
)
_TURN = re.compile(
    r"\b(at first|to begin with|in the beginning|used to|when i first|before|"
    r"until|eventually|in the end|finally|now|since then|these days|nowadays|"
    r"anymore|any more|getting better|got better|has changed|changed)\b"
)
_ASK = re.compile(
    r"\b(i wish|wish|would like|i want|we want|want more|need more|needs? to|"
    r"should|shouldnt|should not|please|more support|more help|it would be|"
    r"would have|could have|if only)\b|\?"
)
_FIRST_PERSON_FEELING = re.compile(r"\b(i feel|i felt|i was|im|i am|made me|makes me)\b")

CUE_NAMES = (
    "overall",
    "best clause",
    "worst clause",
    "first clause",
    "last clause",
    "both polarities",
    "share positive clauses",
    "share negative clauses",
    "contrast",
    "turn",
    "contrast with both",
    "turn with both",
    "last better than first",
    "last worse than first",
    "asks",
    "says how they feel",
    *(f"lexicon {label}" for label in SENTIMENT_LABELS),
)


def sentiment_cues(lexicon: SentimentLexicon, text: str) -> list[float]:
    """Return the cue values of one text, in the order of ``CUE_NAMES``."""
    prepared = lexicon.prepare(text)
    parts = clauses(prepared)
    scores = [lexicon.compound(clause) for clause in parts] or [0.0]
    # One clause is the whole text: its score is the overall score, so VADER runs once.
    overall = scores[0] if parts == [prepared.strip()] else lexicon.compound(prepared)
    best, worst = max(scores), min(scores)
    both = float(best >= CLAUSE_POLAR and worst <= -CLAUSE_POLAR)
    contrast = float(bool(_CONTRAST.search(prepared)))
    turn = float(bool(_TURN.search(prepared)))
    first, last = scores[0], scores[-1]
    reading = lexicon.reading_of(scores, prepared, overall)
    return [
        overall,
        best,
        worst,
        first,
        last,
        both,
        sum(s >= CLAUSE_POLAR for s in scores) / len(scores),
        sum(s <= -CLAUSE_POLAR for s in scores) / len(scores),
        contrast,
        turn,
        contrast * both,
        turn * both,
        float(last - first >= 2 * CLAUSE_POLAR),
        float(first - last >= 2 * CLAUSE_POLAR),
        float(bool(_ASK.search(prepared))),
        float(bool(_FIRST_PERSON_FEELING.search(prepared))),
        *(reading.strength if reading.label == label else 0.0 for label in SENTIMENT_LABELS),
    ]
