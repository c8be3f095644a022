"""Rendering a paper's content to the formats a council needs: DOCX, HTML, PDF and a CSV bundle."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from feedback.papers.content import PaperContent

__all__ = ["FILE_SUFFIX", "FORMATS", "render_paper"]

FORMATS = ("docx", "html", "pdf", "csv")
FILE_SUFFIX = {"docx": ".docx", "html": ".html", "pdf": ".pdf", "csv": "-tables.zip"}


def render_paper(
    content: PaperContent,
    formats: Iterable[str] = FORMATS,
    progress: Callable[[str], None] | None = None,
    docx_template: Path | None = None,
) -> dict[str, bytes]:
    """Return the rendered files by format (``csv`` is a ZIP of CSVs with a codebook).

    CPU-bound (matplotlib, python-docx, WeasyPrint): callers on the event loop
    run it in an executor, e.g. ``await loop.run_in_executor(None, render_paper, content)``.
    """
    from feedback.papers.chart import theme_chart_png, theme_chart_svg
    from feedback.papers.docx import render_docx
    from feedback.papers.export import render_csv_bundle
    from feedback.papers.html import render_html
    from feedback.papers.pdf import render_pdf

    wanted = list(dict.fromkeys(formats))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format(s) {', '.join(unknown)}; use {', '.join(FORMATS)}")
    say = progress or (lambda _step: None)
    out: dict[str, bytes] = {}
    labels = (content.themes, content.period_label, content.previous_label)
    html = ""
    if {"html", "pdf"} & set(wanted):
        say("drawing the theme chart")
        html = render_html(content, theme_chart_svg(*labels))
    chart = theme_chart_png(*labels) if "docx" in wanted else None
    for fmt in wanted:
        say(f"rendering {fmt.upper()}")
        if fmt == "docx":
            out[fmt] = render_docx(content, chart, docx_template.read_bytes() if docx_template else None)
        elif fmt == "html":
            out[fmt] = html.encode("utf-8")
        elif fmt == "pdf":
            out[fmt] = render_pdf(html)
        else:
            out[fmt] = render_csv_bundle(content)
    return out
