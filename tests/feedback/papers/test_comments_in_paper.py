"""Survey comments reach the paper: their themes under the same disclosure control, quotes beside issues."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from anonymiser.themes.taxonomy import load_taxonomy
from feedback.aggregate.facts import ActionFact, CommentFact, MonthFacts, QuoteFact
from feedback.papers import PaperContent, build_content, render_paper
from tests.feedback.papers.facts_example import example_facts

K = 5
SAID_TWICE = "I want to see my brother more."


@pytest.fixture(scope="module")
def content() -> PaperContent:
    facts = example_facts()
    months = dict(facts.months)
    # Twelve comments about school from 11-15s, three about money from care leavers (a small count).
    key = (("in_care", "11-15"), "2026-08")
    month = months.get(key, MonthFacts())
    months[key] = replace(
        month,
        comments=tuple(CommentFact(("EDU",), "negative") for _ in range(12)),
        actions=(
            ActionFact(
                "Nobody helps me with homework at my placement.", "EDU", "Homework club opened in May."
            ),
            ActionFact(None, "EDU", "Tutors now visit placements."),
        ),
        quotes=(
            *month.quotes,
            QuoteFact(41, "Nobody helps me with homework at my placement.", "EDU", "11-15", source="survey"),
            QuoteFact(42, SAID_TWICE, "FAMILY", "11-15", source="survey"),  # the same words as an issue's
        ),
    )
    key = (("care_leaver", "16-25"), "2026-09")
    month = months.get(key, MonthFacts())
    months[key] = replace(month, comments=tuple(CommentFact(("MONEY",), "negative") for _ in range(3)))
    return build_content(
        replace(facts, months=months),
        load_taxonomy(),
        council="Northshire County Council",
        generated_on=date(2026, 10, 20),
        suppression_max=K,
    )


@pytest.fixture(scope="module")
def files(content: PaperContent) -> dict[str, bytes]:
    return render_paper(content, ("html", "docx", "csv"))


def test_comment_themes_are_counted_and_small_ones_hidden(content: PaperContent) -> None:
    shown = {t.theme: t.now for t in content.comment_themes}
    assert shown["Education & school"] == 12
    assert shown["Money & financial support"] == "c"
    assert {t.source for t in content.comment_themes} == {"Survey comments"}
    assert not [t.now for t in content.comment_themes if isinstance(t.now, int) and 1 <= t.now <= K]


def test_quotes_come_from_both_sources_without_repeats(content: PaperContent) -> None:
    quotes = [(q.text, q.source) for f in content.findings for q in f.quotes]
    assert ("Nobody helps me with homework at my placement.", "survey comment") in quotes
    assert [text for text, _ in quotes].count(SAID_TWICE) == 1
    assert {source for _, source in quotes} == {"issue", "survey comment"}


def test_every_format_shows_the_comments_and_their_source(files: dict[str, bytes]) -> None:
    html = files["html"].decode("utf-8")
    assert "Survey comments mentioning each theme" in html and "from a survey comment" in html
    doc = Document(io.BytesIO(files["docx"]))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Survey comments mentioning each theme" in text and "from a survey comment" in text
    bundle = zipfile.ZipFile(io.BytesIO(files["csv"]))
    themes = next(n for n in bundle.namelist() if n.endswith("themes.csv"))
    rows = list(csv.DictReader(io.StringIO(bundle.read(themes).decode("utf-8-sig"))))
    assert {r["source"] for r in rows} == {"Issues", "Survey comments"}
    quotes = next(n for n in bundle.namelist() if n.endswith("quotes.csv"))
    rows = list(csv.DictReader(io.StringIO(bundle.read(quotes).decode("utf-8-sig"))))
    assert {r["source"] for r in rows} == {"issue", "survey comment"}
    codebook = list(csv.reader(io.StringIO(bundle.read("codebook.csv").decode("utf-8-sig"))))
    named = {row[0] for row in codebook[1:]} - {"*", "README"}
    assert named <= set(bundle.namelist()), "the codebook names the files as they are in the bundle"
    assert quotes in named


def test_theme_counts_in_a_finding_stay_within_its_priority(content: PaperContent) -> None:
    totals = dict(zip(content.priorities.rows, content.priorities.cells, strict=True))
    column = content.priorities.columns.index("Total")
    for finding in content.findings:
        total = totals.get(finding.priority, [0] * (column + 1))[column]
        counts = [int(n) for n in re.findall(r"\((\d+)\)", finding.text.partition("Most mentioned:")[2])]
        if isinstance(total, int):
            assert all(n <= total for n in counts), finding.text


def test_well_being_has_a_trend_and_surveys_carry_their_age_bands(content: PaperContent) -> None:
    assert content.wellbeing and all(w.trend for w in content.wellbeing)
    assert all(", aged " in t.name for t in content.responses)
    assert len({t.name for t in content.responses}) == len(content.responses)


def test_the_committee_report_shape(content: PaperContent, files: dict[str, bytes]) -> None:
    assert content.cover.status == "For decision"  # it asks the Board to agree something
    assert [e.said for e in content.examples] == [
        "“Nobody helps me with homework at my placement.”",
        "Young people wrote about education & school.",  # unapproved words are never quoted
    ]
    assert [title for title, _ in content.implications] == ["Financial", "Legal", "Equality", "Safeguarding"]
    assert content.background_papers
    doc = Document(io.BytesIO(files["docx"]))
    texts = [p.text for p in doc.paragraphs]
    assert any(t.startswith("2.1\tThat the Board ") for t in texts)
    assert any(t.startswith("8.1\tYou said: ") and "Homework club opened in May." in t for t in texts)
    assert any("[Officer to complete" in t for t in texts), "implications are left for the officer in Word"
    cover = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert [row[0] for row in cover][:6] == [
        "Meeting",
        "Date",
        "Agenda item",
        "Report of",
        "Contact",
        "Status",
    ]
    html = files["html"].decode("utf-8")
    assert '<span class="para-no">2.1</span> That the Board' in html


def test_the_docx_takes_a_council_template_s_styles(content: PaperContent, tmp_path: Path) -> None:
    council = Document()
    council.styles["Heading 1"].font.name = "Council Sans"
    council.add_paragraph("Northshire County Council letterhead")
    template = tmp_path / "council.docx"
    council.save(str(template))
    doc = Document(io.BytesIO(render_paper(content, ("docx",), docx_template=template)["docx"]))
    assert doc.paragraphs[0].text == "Northshire County Council letterhead"
    assert doc.styles["Heading 1"].font.name == "Council Sans"
    assert any(p.style.name == "Heading 1" and p.text == "2. Recommendations" for p in doc.paragraphs)


def test_the_chart_is_vector_largest_first_and_marks_hidden_counts(content: PaperContent) -> None:
    from feedback.papers.chart import by_size, theme_chart_svg

    ordered = by_size(content.themes)
    shown = [t.now for t in ordered if isinstance(t.now, int) and t.now]
    assert shown == sorted(shown, reverse=True)
    kinds = ["shown" if isinstance(t.now, int) and t.now else "c" if t.now == "c" else "0" for t in ordered]
    assert kinds == sorted(kinds, key=["shown", "c", "0"].index), "hidden counts sit between shown and zero"
    svg = theme_chart_svg(content.themes, content.period_label, content.previous_label).decode("utf-8")
    assert svg.lstrip().startswith(("<?xml", "<svg")) and "c (hidden)" in svg
