"""A row of percentages of one base: one blank among exact shares is 100 % minus the rest."""

from __future__ import annotations

from feedback.disclosure.linked import Count, Share, protect


def _form(*atoms: str) -> tuple[tuple[str, int], ...]:
    return tuple((a, 1) for a in atoms)


def test_one_withheld_share_withholds_the_rest_of_its_row() -> None:
    # 40 answers: 3 said yes (small), 20 no, 17 not sure. The base is published.
    truth = {"yes": 3, "no": 20, "unsure": 17}
    base = _form("yes", "no", "unsure")
    shares = [Share(_form(code), base) for code in truth]
    release = protect([Count(base)], shares, truth=truth)
    assert release.counts[base] == 40
    shown = {key[0][0][0]: release.share(*key) for key in release.shares}
    assert shown == {"yes": None, "no": None, "unsure": None}


def test_a_row_with_no_small_answer_is_shown_whole() -> None:
    truth = {"yes": 12, "no": 20, "unsure": 17}
    base = _form("yes", "no", "unsure")
    release = protect([Count(base)], [Share(_form(code), base) for code in truth], truth=truth)
    shown = {key[0][0][0]: release.share(*key) for key in release.shares}
    assert shown == {"yes": 24, "no": 41, "unsure": 35}
