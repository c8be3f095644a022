"""The paper's sentences: "That the Board …", one per commitment, right units, empty says so."""

from __future__ import annotations

from feedback.papers import wording
from feedback.papers.content import PromiseRow, Table, ThemeRow, WellbeingRow


def _promise(code: str, share: int, rag: str, *, fell: bool = False, kind: str = "Promise") -> PromiseRow:
    return PromiseRow(
        code=code,
        promise=f"We will {code.lower()}.",
        kind=kind,
        share=share,
        base=40,
        previous=share + 15 if fell else share,
        previous_label="2026-Q1",
        trend="▼ down 15 points" if fell else "► about the same",
        hint="likely real change" if fell else None,
        rag=rag,  # type: ignore[arg-type]
        rag_label=rag,
    )


def _table(rows: list[str], cells: list[list[object]], columns: list[str], name: str = "t") -> Table:
    return Table(name=name, caption=name, rows=rows, columns=columns, cells=cells)  # type: ignore[arg-type]


THEMES = [ThemeRow(theme="Money", priority="Care leaver service", now=12, before=3, change="▲ up 9")]


def test_a_red_commitment_that_also_fell_gets_one_recommendation() -> None:
    promises = [_promise("LISTEN", 40, "red", fell=True), _promise("HOME", 80, "green", kind="Charter")]
    found = wording.recommendations(promises, THEMES, [])
    about = [r for r in found if "We will listen." in r]
    assert len(about) == 1 and "below the 50% line" in about[0] and "fell 15 points" in about[0]
    assert "(Children in Care Promise)" in about[0]
    assert all(r.startswith("That the Board ") for r in found)
    assert not any("may wish" in r for r in found)


def test_an_empty_paper_says_it_has_no_data() -> None:
    empty = [ThemeRow(theme="Money", priority="Care leaver service", now=0, before=0, change="► none")]
    priorities = _table(["Care leaver service", "Total"], [[0, 0], [0, 0]], ["Negative", "Total"])
    alerts = _table(["Urgent", "Total"], [[0], [0]], ["Alerts"])
    (only,) = wording.recommendations([], empty, [])
    assert "no findings" in only and "rated red" not in only
    points = wording.summary([], [], priorities, empty, {}, alerts)
    assert "no data" in points[0]


def test_small_and_unknown_numbers_read_as_sentences() -> None:
    assert wording.finding("Workforce", "c", "c", "– not shown (small numbers)", "2025-Q3", []) == (
        "A small number of issues were raised (shown as c)."
    )
    assert wording.finding("Workforce", 12, 3, "▲ new", "2026-Q2", []).startswith(
        "12 issues were raised (none in 2026-Q2)."
    )
    responses = [
        _table(
            ["Aged 11-15", "Total"],
            [["c", 3, 130, 140, "–"], ["c", 3, 130, 140, "–"]],
            ["Completed", "Started", "Not started", "Total", "Response rate"],
            name="Responses: Our promise to you, 2026-Q3, aged 8-10",
        )
    ]
    priorities = _table(["Workforce", "Total"], [[3, 20], [3, 20]], ["Negative", "Total"])
    alerts = _table(["Urgent", "Total"], [[0], ["c"]], ["Alerts"])
    helped = {"Said it helped": 40, "Said it partly helped": 10, "Said it did not help": 17, "Total": 81}
    wellbeing = [
        WellbeingRow(question="Do you have an adult you trust?", answer="Yes", share=62, base=40),
        WellbeingRow(question="Do you have an adult you trust?", answer="No", share=38, base=40),
    ]
    points = wording.summary(responses, [], priorities, THEMES, helped, alerts, wellbeing)
    text = " ".join(points)
    assert "c of 140" not in text and "140 young people were invited" in text
    assert "of the 67 issues where the young person told us" in text
    assert "Well-being: “Do you have an adult you trust?” Yes 62%, No 38%" in text


def test_the_glossary_does_not_count_the_check_in_questions() -> None:
    check_in = dict(wording.GLOSSARY)["Check-in"]
    assert not any(word in check_in for word in ("Three", "Four", "Five"))


def test_low_response_is_one_recommendation_per_survey() -> None:
    responses = [
        _table(
            ["Aged 8-10", "Aged 11-15", "Total"],
            [[2, 0, 8, 10, "20%"], [3, 0, 12, 15, "20%"], [5, 0, 20, 25, "20%"]],
            ["Completed", "Started", "Not started", "Total", "Response rate"],
            name="Responses: Check-in, 2026-Q2, aged 8-10, 11-15",
        )
    ]
    found = [r for r in wording.recommendations([], THEMES, responses) if "hear more" in r]
    assert found == [
        "That the Board agrees to consider how to hear more from young people who answered "
        "“Check-in, 2026-Q2, aged 8-10, 11-15” least: aged 8-10 (20%), aged 11-15 (20%)."
    ]
