"""The paper as one standalone HTML file (also the source of the PDF)."""

from __future__ import annotations

import base64
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, Template, select_autoescape

from feedback.papers.chart import theme_chart_svg
from feedback.papers.content import PaperContent

__all__ = ["render_html"]


@cache
def _template() -> Template:
    env = Environment(
        loader=PackageLoader("feedback.papers", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("paper.html.j2")


@cache
def _css() -> str:
    return (resources.files("feedback.papers") / "templates" / "paper.css").read_text(encoding="utf-8")


def render_html(content: PaperContent, chart_svg: bytes | None = None) -> str:
    """Return the paper as HTML with its styles and chart inside, so the file stands alone.

    The chart is an embedded SVG (vector, so the PDF printed from this stays
    sharp) with alt text; the same numbers follow in a table.
    """
    chart = (
        chart_svg
        if chart_svg is not None
        else theme_chart_svg(content.themes, content.period_label, content.previous_label)
    )
    return _template().render(c=content, css=_css(), chart=base64.b64encode(chart).decode("ascii"))
