"""The PDF paper is tagged (PDF/UA), so screen readers read its headings and tables in order."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib

from feedback.papers.pdf import render_pdf

HTML = """<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Paper</title></head>
<body><h1>Paper</h1><h2>9. Safeguarding</h2><table><caption>Alerts</caption>
<thead><tr><th scope="col">Level</th><th scope="col">Alerts</th></tr></thead>
<tbody><tr><th scope="row">Urgent</th><td>c</td></tr></tbody></table></body></html>"""


def _unpacked(pdf: bytes) -> bytes:
    text = pdf
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            text += zlib.decompress(stream)
        except zlib.error:
            continue
    return text


def test_the_pdf_is_tagged_with_a_structure_tree() -> None:
    pdf = render_pdf(HTML)
    whole = _unpacked(pdf)
    assert b"/StructTreeRoot" in whole and re.search(rb"/Marked\s+true", whole)
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout
        assert re.search(rb"Tagged:\s+yes", info)
