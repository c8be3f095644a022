"""Names and places from the world's lists: found in chat, and everyday words still kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from anonymiser import Anonymiser, Label
from anonymiser.lexicon import load_lexicon


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("me and habibullah got new phones", "habibullah"),
        ("my key worker said tsegay can come too", "tsegay"),
        ("hiya its comfort, can someone ring me", "comfort"),
        ("patience here, i need my pathway plan", "patience"),
        ("gift said the hostel is cold", "gift"),
        ("yo its big ty, wheres my bus pass", "big ty"),
        ("they write yonas or yonass on my letters", "yonass"),
        ("precious my foster sister is 12", "precious"),
        ("kayla, can you ring me back", "kayla"),
    ],
)
def test_names_from_the_world_are_found(pii: Anonymiser, text: str, name: str) -> None:
    redaction = pii.anonymise(text)
    start = text.index(name)
    assert any(s.start <= start and s.end >= start + len(name) for s in redaction.spans), redaction.text


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("we lived in kandahar before", "kandahar"),
        ("my cousin is in mosul", "mosul"),
        ("i got moved to clacton", "clacton"),
        ("placed in hope, its tiny", "hope"),
        ("our address is 9 mill rd, sale", "sale"),
    ],
)
def test_places_from_the_gazetteer_are_found(pii: Anonymiser, text: str, place: str) -> None:
    redaction = pii.anonymise(text)
    start = text.index(place)
    spans = [s for s in redaction.spans if s.start <= start and s.end >= start + len(place)]
    assert spans and spans[0].label is Label.LOCATION, redaction.text


# Everyday words that are also names or places in some list: kept unless a cue says otherwise.
KEPT = [
    "hope you're ok",
    "will do",
    "the king's speech was on",
    "i need more patience with my brother",
    "storm coming tonight so we stayed in",
    "can i get help with my reading",
    "its sunny all week",
    "we play in the street",
    "it was a gift from my nan",
    "i have faith in her",
    "there is no peace at the home",
    "i will chase it up with my pa",
    "the sale was on at primark",
    "i want justice for what happened",
    "one or two of the staff are nice",
    "i rang nine nine nine",
    "i was at school at 9",
    "my upn is on the letter",
    "hope, you know what i mean",
    "i need an interpreter who speaks tigrinya or amharic",
    "the eritrean and sudanese lads at the hostel are sound",
    "we had kurdish food and vietnamese food",
    "well, can i go out tonight",
]


@pytest.mark.parametrize("text", KEPT)
def test_everyday_words_are_kept(pii: Anonymiser, text: str) -> None:
    redaction = pii.anonymise(text)
    assert redaction.text == text, [text[s.start : s.end] for s in redaction.spans]


def test_council_lists_still_win_over_the_world_lists(tmp_path: Path) -> None:
    (tmp_path / "allow.txt").write_text("habibullah\nkandahar\n")
    (tmp_path / "deny_people.txt").write_text("storm\n")
    lexicon = load_lexicon(tmp_path)
    assert not lexicon.is_first_name("habibullah")
    assert "kandahar" not in lexicon.gazetteer
    assert lexicon.is_first_name("storm")


def test_council_allow_list_keeps_a_world_name(tmp_path: Path) -> None:
    from anonymiser import build_anonymiser
    from anonymiser.engine import AnonymiserSettings

    (tmp_path / "allow.txt").write_text("kandahar\n")
    (tmp_path / "deny_people.txt").write_text("sunny\n")
    engine = build_anonymiser(AnonymiserSettings(council_dir=str(tmp_path)))
    assert engine.anonymise("we lived in kandahar").text == "we lived in kandahar"
    assert engine.anonymise("its sunny all week").text == "its [NAME_1] all week"
