"""The paper's structure in each format, and that nothing in it is a small count."""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from datetime import date
from html.parser import HTMLParser

import pytest
from docx import Document

from anonymiser.themes.taxonomy import load_taxonomy
from feedback.papers import PaperContent, build_content, render_paper
from feedback.papers.docx import HEADINGS
from tests.feedback.papers.facts_example import example_facts

K = 5


@pytest.fixture(scope="module")
def content() -> PaperContent:
    return build_content(
        example_facts(),
        load_taxonomy(),
        council="Northshire County Council",
        generated_on=date(2026, 10, 20),
        suppression_max=K,
    )


@pytest.fixture(scope="module")
def files(content: PaperContent) -> dict[str, bytes]:
    return render_paper(content)


def test_no_published_count_is_small(content: PaperContent) -> None:
    tables = [*content.responses, content.priorities, content.outcomes, content.alerts]
    cells = [cell for t in tables for row in t.cells for cell in row]
    cells += [p.base for p in content.promises] + [w.base for w in content.wellbeing]
    cells += [t.now for t in content.themes] + [t.before for t in content.themes]
    assert "c" in cells, "the example has small numbers, so some cells must be hidden"
    assert not [c for c in cells if isinstance(c, int) and 1 <= c <= K]


def test_percentages_only_on_bases_of_ten_or_more(content: PaperContent) -> None:
    tiny = next(p for p in content.promises if p.code == "CL-TINY")
    assert tiny.share is None and tiny.base == "c" and tiny.rag == "none"
    listen = next(p for p in content.promises if p.code == "CIC-LISTEN")
    assert (listen.share, listen.previous, listen.rag) == (65, 50, "amber")  # 130/200 now, 100/200 then
    assert listen.trend.startswith("▲") and "up 15" in listen.trend


def test_one_quote_per_thread(content: PaperContent) -> None:
    quotes = [q.text for f in content.findings for q in f.quotes]
    assert "My social worker changed three times this year." in quotes
    assert "A second sentence from the same thread." not in quotes


def test_docx_has_the_board_report_shape(files: dict[str, bytes], content: PaperContent) -> None:
    doc = Document(io.BytesIO(files["docx"]))
    headings = [p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings == list(HEADINGS)
    assert doc.paragraphs[0].text == content.title
    header_rows = [[c.text for c in t.rows[0].cells] for t in doc.tables]
    assert ["Commitment", "Positive", "Base", "Status", "Before", "Trend"] in header_rows
    assert ["", "Negative", "Mixed", "Neutral", "Positive", "Total", "2026-Q2", "Change"] in header_rows
    all_cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert "c" in all_cells
    assert any(text.startswith("Red: ") for text in all_cells), "status is written, not only coloured"
    notes = " ".join(p.text for p in doc.paragraphs)
    assert "c: a number from 1 to 5" in notes
    (picture,) = doc.inline_shapes
    assert picture._inline.docPr.get("descr") == content.theme_chart_alt


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h2: list[str] = []
        self.alts: list[str] = []
        self.cells: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.alts.append(dict(attrs).get("alt") or "")
        self._in = tag if tag in ("h2", "td") else None
        if tag in ("h2", "td"):
            (self.h2 if tag == "h2" else self.cells).append("")

    def handle_data(self, data: str) -> None:
        if self._in == "h2":
            self.h2[-1] += data
        elif self._in == "td":
            self.cells[-1] += data

    def handle_endtag(self, tag: str) -> None:
        self._in = None


def test_html_has_the_same_shape_and_alt_text(files: dict[str, bytes], content: PaperContent) -> None:
    html = files["html"].decode("utf-8")
    outline = _Outline()
    outline.feed(html)
    assert outline.h2 == list(HEADINGS)
    assert outline.alts == [content.theme_chart_alt]
    assert "c" in [c.strip() for c in outline.cells]
    assert "None" not in outline.cells
    assert "<script" not in html


def _pdf_pages(pdf: bytes) -> int:
    text = pdf
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            text += zlib.decompress(stream)
        except zlib.error:
            continue
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", text))


def test_pdf_renders_to_several_pages(files: dict[str, bytes]) -> None:
    assert files["pdf"].startswith(b"%PDF")
    assert _pdf_pages(files["pdf"]) >= 2


def test_csv_bundle_has_every_table_and_a_codebook(files: dict[str, bytes]) -> None:
    bundle = zipfile.ZipFile(io.BytesIO(files["csv"]))
    names = bundle.namelist()
    assert "codebook.csv" in names
    assert any(n.endswith("promises.csv") for n in names) and any(n.endswith("themes.csv") for n in names)
    codebook = list(csv.reader(io.StringIO(bundle.read("codebook.csv").decode("utf-8-sig"))))
    assert ["*", "c"] in [row[:2] for row in codebook]
    listed = {row[0] for row in codebook if row[1] == "(file)"}
    assert listed == set(names) - {"codebook.csv"}
    priorities = next(n for n in names if "priority" in n)
    rows = list(csv.reader(io.StringIO(bundle.read(priorities).decode("utf-8-sig"))))
    assert rows[0][:2] == ["row", "Negative"] and rows[-1][0] == "Total"


def test_unknown_format_is_refused(content: PaperContent) -> None:
    with pytest.raises(ValueError, match="docx"):
        render_paper(content, ["odt"])
