"""The CSV export: every published (suppressed) table of a paper, with a codebook. No raw export exists."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence

from feedback.papers.content import PaperContent, Table

__all__ = ["neutralised", "render_csv_bundle"]

_FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # so the same content always gives the same bytes


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?%?$")


def neutralised(cell: object) -> object:
    """Return ``cell`` safe to open in a spreadsheet: text that would start a formula gets a leading '.

    Theme names, commitments and labels can come from a council's own files;
    a cell such as ``=HYPERLINK(...)`` must stay text (OWASP CSV injection).
    Plain numbers such as ``-3`` are left alone.
    """
    if isinstance(cell, str) and cell.startswith(_FORMULA_START) and not _NUMBER.match(cell):
        return "'" + cell
    return cell


def _csv(header: list[str], rows: Sequence[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralised(h) for h in header])
    writer.writerows([neutralised(c) for c in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")  # with a BOM so spreadsheet programs read UTF-8


def _tables(content: PaperContent) -> list[tuple[str, str, bytes]]:
    found: list[tuple[str, str, bytes]] = []

    def add(table: Table) -> None:
        rows = [[label, *cells] for label, cells in zip(table.rows, table.cells, strict=True)]
        found.append(
            (
                f"{len(found) + 1:02d}-{_slug(table.name)}.csv",
                # The table's note too: it says when a c there may be 0 or more than the threshold.
                f"{table.caption}. {table.note}" if table.note else table.caption,
                _csv(["row", *table.columns], rows),
            )
        )

    for table in content.responses:
        add(table)
    found.append(
        (
            f"{len(found) + 1:02d}-promises.csv",
            "How well each commitment is kept",
            _csv(
                [
                    "code",
                    "kind",
                    "commitment",
                    "positive_percent",
                    "base",
                    "status",
                    "previous_percent",
                    "previous_period",
                    "trend",
                    "change_hint",
                ],
                [
                    [
                        p.code,
                        p.kind,
                        p.promise,
                        "" if p.share is None else p.share,
                        p.base,
                        p.rag,
                        "" if p.previous is None else p.previous,
                        p.previous_label or "",
                        p.trend,
                        p.hint or "",
                    ]
                    for p in content.promises
                ],
            ),
        )
    )
    found.append(
        (
            f"{len(found) + 1:02d}-wellbeing.csv",
            "Check-in answers",
            _csv(
                ["question", "answer", "percent", "base", "previous_percent", "previous_period", "trend"],
                [
                    [
                        w.question,
                        w.answer,
                        "" if w.share is None else w.share,
                        w.base,
                        "" if w.previous is None else w.previous,
                        content.previous_label,
                        w.trend,
                    ]
                    for w in content.wellbeing
                ],
            ),
        )
    )
    add(content.priorities)
    found.append(
        (
            f"{len(found) + 1:02d}-themes.csv",
            "Issues and survey comments mentioning each theme",
            _csv(
                ["theme", "priority", "source", content.period_label, content.previous_label, "change"],
                [
                    [t.theme, t.priority, t.source, t.now, t.before, t.change]
                    for t in [*content.themes, *content.comment_themes]
                ],
            ),
        )
    )
    found.append(
        (
            f"{len(found) + 1:02d}-quotes.csv",
            "Approved quotes, from issues and survey comments",
            _csv(
                ["priority", "quote", "theme", "age_band", "source"],
                [
                    [f.priority, q.text, q.theme or "", q.age_band or "", q.source]
                    for f in content.findings
                    for q in f.quotes
                ],
            ),
        )
    )
    add(content.outcomes)
    add(content.alerts)
    return found


def _codebook(content: PaperContent, files: list[tuple[str, str, bytes]]) -> bytes:
    k = content.suppression_max
    names = [name for name, _, _ in files]

    def named(short: str) -> str:
        """Return the bundle's own name for a file (``05-promises.csv`` for ``promises.csv``)."""
        return next((n for n in names if n.endswith(f"-{short}")), short)

    rows: list[list[object]] = [
        [
            "*",
            "c",
            f"Hidden: a count from 1 to {k}, or a count (rarely 0) hidden so a small one cannot be "
            "worked out from this table, any other table of this or another published paper, or the "
            "staff portal",
        ],
        ["*", "0", "Nobody (zeros are published, unless one must be hidden as c)"],
        [
            "*",
            "–",
            f"Not shown: fewer than 10 answered, or those who did or did not number 1 to {k}, or it "
            "would reveal a hidden count",
        ],
        ["*", "Total", "Sum of the cells in the row or column"],
        [
            named("promises.csv"),
            "positive_percent",
            "Share of answers to the commitment's questions that were "
            "positive, whole per cent; blank when the base is under 10",
        ],
        [named("promises.csv"), "base", "Young people who answered at least one question on the commitment"],
        [named("promises.csv"), "status", "green (>= 75%), amber (50-74%), red (< 50%), none (not rated)"],
        [
            named("promises.csv"),
            "change_hint",
            "Two-proportion z-test at 95% where both bases are 30 or more",
        ],
        [named("themes.csv"), "source", "Issues, or Survey comments (free-text survey answers)"],
        [
            named("themes.csv"),
            "(counts)",
            "Issues or survey comments mentioning the theme; each can mention up to three",
        ],
        [named("quotes.csv"), "source", "issue, or survey comment: where the approved sentence was written"],
    ]
    rows += [[name, "(file)", caption] for name, caption, _ in files]
    header = ["file", "value_or_column", "meaning"]
    intro = (
        f"Codebook for the tables of '{content.title}', {content.council}, period "
        f"{content.period_label}, covering {content.cohort_label}."
    )
    return _csv(header, [["README", "", intro], *rows])


def render_csv_bundle(content: PaperContent) -> bytes:
    """Return a ZIP of CSV files (one per published table) and ``codebook.csv``."""
    files = _tables(content)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, _caption, data in [*files, ("codebook.csv", "", _codebook(content, files))]:
            bundle.writestr(zipfile.ZipInfo(name, date_time=_FIXED_TIME), data)
    return out.getvalue()
