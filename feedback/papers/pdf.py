"""The paper as PDF, printed from the HTML by WeasyPrint."""

from __future__ import annotations

__all__ = ["render_pdf"]


def render_pdf(html: str) -> bytes:
    """Return the HTML paper printed to A4 PDF. CPU-bound: call it off the event loop."""
    from weasyprint import HTML

    return bytes(HTML(string=html).write_pdf())
