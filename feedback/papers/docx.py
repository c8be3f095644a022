"""The paper as a Word document, the format board papers are circulated in."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell

from feedback.papers.chart import theme_chart_png
from feedback.papers.content import PaperContent, Table

__all__ = ["HEADINGS", "render_docx"]

HEADINGS = (
    "1. Purpose",
    "2. Recommendations",
    "3. Summary of what young people told us",
    "4. Who took part",
    "5. Findings by corporate parenting priority",
    "6. Promise by promise",
    "7. Themes",
    "8. You said, we did",
    "9. Safeguarding",
    "10. Methodology and suppression",
    "11. Glossary",
)
_RAG_FILL = {"green": "D4EDDA", "amber": "FFF3CD", "red": "F8D7DA", "none": "FFFFFF"}
_HEADER_FILL = "E8EEF4"


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _grid(
    doc: DocumentObject,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    caption: str,
    note: str | None = None,
    total_last: bool = False,
    fills: Sequence[dict[int, str]] | None = None,
) -> None:
    doc.add_paragraph(caption, style="Caption")
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(text)
        cell.paragraphs[0].runs[0].bold = True
        _shade(cell, _HEADER_FILL)
    # Repeat the header row on each page of a long table.
    header_props = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_props.append(repeat)
    for index, values in enumerate(rows):
        cells = table.add_row().cells
        for j, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.text = str(value)
            run = cell.paragraphs[0].runs[0] if cell.paragraphs[0].runs else None
            if run is not None and (j == 0 or (total_last and index == len(rows) - 1)):
                run.bold = True
            if fills and j in fills[index]:
                _shade(cell, fills[index][j])
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8.5)
    if note:
        para = doc.add_paragraph(note)
        para.runs[0].font.size = Pt(8)
        para.runs[0].italic = True


def _table(doc: DocumentObject, table: Table) -> None:
    rows = [[label, *cells] for label, cells in zip(table.rows, table.cells, strict=True)]
    _grid(
        doc,
        ["", *table.columns],
        rows,
        table.caption,
        table.note,
        total_last=bool(table.rows) and table.rows[-1] == "Total",
    )


def _picture(doc: DocumentObject, png: bytes, alt: str) -> None:
    doc.add_picture(io.BytesIO(png), width=Cm(16))
    inline = doc.inline_shapes[-1]._inline
    inline.docPr.set("descr", alt)  # what screen readers announce
    inline.docPr.set("title", "Issues mentioning each theme")


def render_docx(content: PaperContent, chart_png: bytes | None = None) -> bytes:
    """Return the paper as DOCX bytes. CPU-bound: call it off the event loop."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(2)
    doc.core_properties.title = content.title
    doc.core_properties.author = content.council
    doc.core_properties.subject = f"Corporate Parenting Board, {content.period_label}"

    heading = doc.add_heading(content.title, level=0)
    heading.runs[0].font.color.rgb = RGBColor(0x0B, 0x3D, 0x66)
    doc.add_paragraph(
        f"{content.council} · Corporate Parenting Board · {content.period_title} "
        f"({content.period_label}) · Covers: {content.cohort_label} · Drafted "
        f"{content.generated_on:%-d %B %Y}"
    )

    doc.add_heading(HEADINGS[0], level=1)
    doc.add_paragraph(content.purpose)
    doc.add_heading(HEADINGS[1], level=1)
    for text in content.recommendations:
        doc.add_paragraph(text, style="List Number")
    doc.add_heading(HEADINGS[2], level=1)
    for text in content.summary:
        doc.add_paragraph(text, style="List Bullet")

    doc.add_heading(HEADINGS[3], level=1)
    if not content.responses:
        doc.add_paragraph("No survey round closed in this period.")
    for table in content.responses:
        _table(doc, table)

    doc.add_heading(HEADINGS[4], level=1)
    _table(doc, content.priorities)
    for finding in content.findings:
        doc.add_heading(finding.priority, level=2)
        if finding.text:
            doc.add_paragraph(finding.text)
        for quote in finding.quotes:
            para = doc.add_paragraph(f"“{quote.text}”", style="Intense Quote")
            band = f"aged {quote.age_band}" if quote.age_band else None
            source = "from a survey comment" if quote.source == "survey comment" else "from an issue"
            who = ", ".join(x for x in (quote.theme, band, source) if x)
            para.add_run(f" ({who})").italic = False

    doc.add_heading(HEADINGS[5], level=1)
    if content.promises:
        rows, fills = [], []
        for p in content.promises:
            before = f"{p.previous}% ({p.previous_label})" if p.previous is not None else "–"
            trend = p.trend + (f" ({p.hint})" if p.hint else "")
            share = f"{p.share}%" if p.share is not None else "–"
            rows.append([f"{p.kind}: {p.promise}", share, p.base, p.rag_label, before, trend])
            fills.append({3: _RAG_FILL[p.rag]})
        high, low = content.rag_thresholds
        _grid(
            doc,
            ["Commitment", "Positive", "Base", "Status", "Before", "Trend"],
            rows,
            f"How well each commitment is kept: share of positive answers, {content.period_label}",
            f"Status: green at {high}% positive or more; amber {low}–{high - 1}%; red below {low}%. "
            "“–”: no percentage, because fewer than 10 answered or because those who did or did not "
            f"answer positively number 1 to {content.suppression_max} (the status still shows its band). "
            f"c: a number from 1 to {content.suppression_max}, or one hidden so a small one cannot be "
            "worked out.",
            fills=fills,
        )
    else:
        doc.add_paragraph("No Promise or Charter survey closed in this period.")
    if content.wellbeing:
        doc.add_heading("Well-being check-ins", level=2)
        _grid(
            doc,
            ["Question", "Answer", "Share", "Base", content.previous_label, "Trend"],
            [
                [
                    w.question,
                    w.answer,
                    f"{w.share}%" if w.share is not None else "–",
                    w.base,
                    f"{w.previous}%" if w.previous is not None else "–",
                    w.trend,
                ]
                for w in content.wellbeing
            ],
            f"Check-in answers, {content.period_label}",
        )

    doc.add_heading(HEADINGS[6], level=1)
    png = (
        chart_png
        if chart_png is not None
        else theme_chart_png(content.themes, content.period_label, content.previous_label)
    )
    _picture(doc, png, content.theme_chart_alt)
    _grid(
        doc,
        ["Theme", "Priority", content.period_label, content.previous_label, "Change"],
        [[t.theme, t.priority, t.now, t.before, t.change] for t in content.themes],
        "Issues mentioning each theme (an issue can mention up to three)",
        f"c: a number from 1 to {content.suppression_max}, or one hidden so a small one cannot be worked "
        "out from this or any other published table. 0 means nobody.",
    )
    if any(t.now != 0 or t.before != 0 for t in content.comment_themes):
        _grid(
            doc,
            ["Theme", "Priority", content.period_label, content.previous_label, "Change"],
            [[t.theme, t.priority, t.now, t.before, t.change] for t in content.comment_themes],
            "Survey comments mentioning each theme (what young people wrote in surveys' free-text questions)",
            f"c: a number from 1 to {content.suppression_max}, or one hidden so a small one cannot be "
            "worked out from this or any other published table. 0 means nobody.",
        )

    doc.add_heading(HEADINGS[7], level=1)
    _table(doc, content.outcomes)
    doc.add_heading(HEADINGS[8], level=1)
    _table(doc, content.alerts)
    doc.add_heading(HEADINGS[9], level=1)
    for text in content.methodology:
        doc.add_paragraph(text)
    doc.add_heading(HEADINGS[10], level=1)
    for term, meaning in content.glossary:
        para = doc.add_paragraph()
        para.add_run(f"{term}: ").bold = True
        para.add_run(meaning)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
