"""The paper as a Word document, the format board papers are circulated in."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from feedback.papers.chart import theme_chart_png
from feedback.papers.content import PaperContent, Table

__all__ = ["HEADINGS", "render_docx"]

HEADINGS = (
    "1. Purpose",
    "2. Recommendations",
    "3. Summary: what is going well and what is not",
    "4. Who took part",
    "5. Findings by corporate parenting priority",
    "6. Promise by promise",
    "7. Themes",
    "8. You said, we did",
    "9. Safeguarding",
    "10. Implications",
    "11. Background papers",
    "12. Methodology and suppression",
    "13. Glossary",
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


class _Numbered:
    """Numbers a section's paragraphs 1.1, 1.2 …, as committee reports do, so members can cite them."""

    def __init__(self, doc: DocumentObject) -> None:
        self.doc, self.section, self.count = doc, 0, 0

    def heading(self, index: int) -> None:
        self.doc.add_heading(HEADINGS[index], level=1)
        self.section, self.count = index + 1, 0

    def para(self, text: str, style: str | None = None) -> Paragraph:
        self.count += 1
        return self.doc.add_paragraph(f"{self.section}.{self.count}\t{text}", style=style)


def _cover(doc: DocumentObject, content: PaperContent) -> None:
    """Add the cover block: meeting, date, item, author, contact and status, for the officer to complete."""
    c = content.cover
    rows = [
        ("Meeting", c.meeting),
        ("Date", c.meeting_date),
        ("Agenda item", c.item),
        ("Report of", c.author),
        ("Contact", c.contact),
        ("Status", c.status),
        ("Period", f"{content.period_title} ({content.period_label})"),
        ("Covers", content.cohort_label),
        ("Drafted", f"{content.generated_on:%-d %B %Y}"),
    ]
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
        cells[0].paragraphs[0].runs[0].bold = True
        _shade(cells[0], _HEADER_FILL)


_NEEDED = {
    "Caption": WD_STYLE_TYPE.PARAGRAPH,
    "Intense Quote": WD_STYLE_TYPE.PARAGRAPH,
    "Table Grid": WD_STYLE_TYPE.TABLE,
}


def _ensure_styles(doc: DocumentObject) -> None:
    """Add any style the paper uses that a council's template lacks (Word drops unused built-ins)."""
    names = {style.name for style in doc.styles}
    for name, kind in _NEEDED.items():
        if name not in names:
            doc.styles.add_style(name, kind)


def render_docx(
    content: PaperContent, chart_png: bytes | None = None, template: bytes | None = None
) -> bytes:
    """Return the paper as DOCX bytes. CPU-bound: call it off the event loop.

    ``template`` is a council's own Word document (``.docx``): the paper is
    written after whatever it holds (a letterhead, say) in its styles, so it
    looks like the council's other committee reports. Without one, Heard's
    plain styles are used.
    """
    doc = Document(io.BytesIO(template)) if template else Document()
    _ensure_styles(doc)
    if template is None:
        normal = doc.styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(10.5)
        for section in doc.sections:
            section.left_margin = section.right_margin = Cm(2)
    doc.core_properties.title = content.title
    doc.core_properties.author = content.council
    doc.core_properties.subject = f"Corporate Parenting Board, {content.period_label}"

    heading = doc.add_heading(content.title, level=0)
    if template is None:
        heading.runs[0].font.color.rgb = RGBColor(0x0B, 0x3D, 0x66)
    doc.add_paragraph(content.council)
    _cover(doc, content)
    numbered = _Numbered(doc)

    numbered.heading(0)
    numbered.para(content.purpose)
    numbered.heading(1)
    for text in content.recommendations:
        numbered.para(text)
    numbered.heading(2)
    for text in content.summary:
        numbered.para(text)

    numbered.heading(3)
    if not content.responses:
        doc.add_paragraph("No survey round closed in this period.")
    for table in content.responses:
        _table(doc, table)

    numbered.heading(4)
    _table(doc, content.priorities)
    for finding in content.findings:
        doc.add_heading(finding.priority, level=2)
        if finding.text:
            numbered.para(finding.text)
        for quote in finding.quotes:
            para = doc.add_paragraph(f"“{quote.text}”", style="Intense Quote")
            band = f"aged {quote.age_band}" if quote.age_band else None
            source = "from a survey comment" if quote.source == "survey comment" else "from an issue"
            who = ", ".join(x for x in (quote.theme, band, source) if x)
            para.add_run(f" ({who})").italic = False

    numbered.heading(5)
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

    numbered.heading(6)
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

    numbered.heading(7)
    for example in content.examples:
        para = numbered.para("You said: ")
        para.add_run(example.said).italic = True
        para.add_run(f" We did: {example.did}")
    if not content.examples:
        numbered.para(
            "[Officer to complete: two or three examples of what changed because young people told us.]"
        )
    _table(doc, content.outcomes)
    numbered.heading(8)
    _table(doc, content.alerts)
    numbered.heading(9)
    for title, text in content.implications:
        doc.add_heading(title, level=2)
        numbered.para(text)
    numbered.heading(10)
    for text in content.background_papers:
        numbered.para(text)
    numbered.heading(11)
    for text in content.methodology:
        numbered.para(text)
    numbered.heading(12)
    for term, meaning in content.glossary:
        para = doc.add_paragraph()
        para.add_run(f"{term}: ").bold = True
        para.add_run(meaning)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
