"""What must survive redaction: roles, services, everyday words that are also names, school years."""

from __future__ import annotations

import pytest

from anonymiser import Anonymiser, Label

KEPT = [
    "my social worker never rings me back",
    "my foster carer is lovely and my mum is not",
    "my PA helped me with my flat and my IRO listened",
    "my keyworker and the staff are ok",
    "childline and the samaritans helped when camhs didnt",
    "NSPCC came to school and Barnardo's run a group",
    "coram voice got me an advocate",
    "i rang 0800 1111 last night",
    "i will tell them tomorrow",
    "i hope it gets better",
    "mark my words nothing changes",
    "the grace period is over",
    "i may move out",
    "i got a bill for my phone",
    "the rose garden at the home",
    "sue them lol",
    "pat on the back for staff",
    "jack up the heating please",
    "i am in year 10 and my brother is in year 7",
    "i go to school and college",
    "i want to go to uni",
    "we went to the shop",
    "i live in a flat",
    "my old school was better",
    "i feel like no one listens to young people",
    "the hull of the boat was cracked",
    "i was reading a book",
]


@pytest.mark.parametrize("text", KEPT)
def test_text_is_kept_whole(pii: Anonymiser, text: str) -> None:
    redaction = pii.anonymise(text)
    assert redaction.text == text, [text[s.start : s.end] for s in redaction.spans]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("grace said shes leaving", "grace"),
        ("me and will went to town", "will"),
        ("my pa sue is the best", "sue"),
        ("jack keeps taking my stuff", "jack"),
        ("i told rose everything", "rose"),
        ("call bill he knows", "bill"),
    ],
)
def test_everyday_words_are_names_in_name_contexts(pii: Anonymiser, text: str, name: str) -> None:
    redaction = pii.anonymise(text)
    assert name not in redaction.text.split()
    assert [s.label for s in redaction.spans] == [Label.PERSON]


def test_allow_list_is_configurable(pii: Anonymiser, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from anonymiser import build_anonymiser
    from anonymiser.engine import AnonymiserSettings

    (tmp_path / "allow.txt").write_text("zephyr project\n")
    text = "the Zephyr Project helped me"
    council = build_anonymiser(AnonymiserSettings(council_dir=str(tmp_path)))
    assert council.anonymise(text).text == text
