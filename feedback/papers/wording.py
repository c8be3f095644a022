"""The paper's words: purpose, careful recommendations, summary, findings, method and glossary.

Everything here works from already-published values (counts or ``c``), so no
sentence can say more than the tables do. Recommendations are suggestions for
the board, never conclusions about a child.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from feedback.disclosure import MIN_BASE
from feedback.papers.content import Cell, PromiseRow, Table, ThemeRow, WellbeingRow
from feedback.papers.status import GREEN_FROM, RED_BELOW

__all__ = [
    "GLOSSARY",
    "background_papers",
    "chart_alt",
    "example",
    "finding",
    "has_data",
    "implications",
    "methodology",
    "purpose",
    "recommendations",
    "summary",
]

LOW_RESPONSE = 30  # % below which a cohort's response rate is worth the board's attention
RISING_AT_LEAST = 5  # a theme must rise by at least this many issues to be called out


def purpose(council: str, period: str, cohort: str) -> str:
    """Return the purpose paragraph."""
    return (
        f"To tell the Corporate Parenting Board of {council} what {cohort.lower()} told us from "
        f"{period}, through Heard, about how well the Children in Care Promise and the Care Leaver "
        "Charter are kept, what they raised with us, and what was done about it. Nothing in this "
        "paper can identify a child or young person."
    )


def _pct(cell: str) -> int | None:
    return int(cell.rstrip("%")) if cell.endswith("%") else None


_KINDS = {"Promise": "Children in Care Promise", "Charter": "Care Leaver Charter"}


def _commitment(row: PromiseRow) -> str:
    """Return a commitment with the document it belongs to, so two alike never read the same."""
    return f"“{row.promise}” ({_KINDS.get(row.kind, row.kind)})"


def has_data(promises: Sequence[PromiseRow], themes: Sequence[ThemeRow], responses: Sequence[Table]) -> bool:
    """Return whether the paper has anything to report (an empty period says so instead of findings)."""
    return bool(promises or responses or any(t.now != 0 for t in themes))


def recommendations(
    promises: Sequence[PromiseRow],
    themes: Sequence[ThemeRow],
    responses: Sequence[Table],
    wellbeing: Sequence[WellbeingRow] = (),
) -> list[str]:
    """Return "That the Board …" recommendations, one per commitment or theme, from published values only."""
    if not has_data(promises, themes, responses):
        return [
            "That the Board notes that no survey round closed and no issues were raised in this period, "
            "so this paper has no findings to report."
        ]
    found = []
    rated = sorted((p for p in promises if p.share is not None), key=lambda p: (p.share or 0, p.code))
    red = [p for p in rated if p.rag == "red"][:3]
    fell = [p for p in promises if p.hint == "likely real change" and p.trend.startswith("▼")]
    # One recommendation per commitment: a red one that also fell says both.
    for row in [*red, *(p for p in fell if p not in red)]:
        reasons = []
        if row in red:
            reasons.append(f"{row.share}% of answers were positive, below the {RED_BELOW}% line")
        if row in fell:
            reasons.append(
                f"it fell {row.trend.lstrip('▼ ').removeprefix('down ')} since {row.previous_label}, "
                "a fall unlikely to be chance"
            )
        found.append(
            f"That the Board agrees to ask officers for an action plan on {_commitment(row)}: "
            + "; ".join(reasons)
            + "."
        )
    rising = [
        (theme.now - theme.before, theme)
        for theme in themes
        if isinstance(theme.now, int)
        and isinstance(theme.before, int)
        and theme.now - theme.before >= RISING_AT_LEAST
    ]
    for _, theme in sorted(rising, key=lambda r: (-r[0], r[1].theme))[:2]:
        found.append(
            f"That the Board asks officers to report back on “{theme.theme}”: issues "
            f"mentioning it rose from {theme.before} to {theme.now}."
        )
    for table in responses:
        # One recommendation per survey, naming every group that answered too little.
        low = [
            (row_label.lower(), rate)
            for row_label, cells in zip(table.rows[:-1], table.cells[:-1], strict=True)
            if (rate := _pct(str(cells[-1]))) is not None and rate < LOW_RESPONSE
        ]
        if low:
            groups = ", ".join(f"{label} ({rate}%)" for label, rate in low)
            found.append(
                f"That the Board agrees to consider how to hear more from young people who answered "
                f"“{table.name.removeprefix('Responses: ')}” least: {groups}."
            )
    if wellbeing:
        found.append(
            "That the Board notes what young people said about their well-being in the check-in "
            "(summarised above) and how it has changed."
        )
    if not red and not fell and not rising:
        found.append(
            "That the Board notes that no commitment is rated red and no theme rose sharply, and "
            "notes the “you said, we did” outcomes."
        )
    found.append(
        "That the Board agrees to invite the Children in Care Council and care leavers' forum to "
        "comment on these findings and on the actions taken."
    )
    return list(dict.fromkeys(found))


def summary(
    responses: Sequence[Table],
    promises: Sequence[PromiseRow],
    priorities: Table,
    themes: Sequence[ThemeRow],
    helped: Mapping[str, Cell],
    alerts: Table,
    wellbeing: Sequence[WellbeingRow] = (),
) -> list[str]:
    """Return the headline points, each quoting only published numbers."""
    points = []
    if not has_data(promises, themes, responses):
        points.append(
            "No survey round closed and no issues were raised in this period, so this paper has no data "
            "to report."
        )
    for table in responses:
        done, invited, rate = table.cells[-1][0], table.cells[-1][-2], table.cells[-1][-1]
        survey = table.name.removeprefix("Responses: ")
        if isinstance(done, int) and isinstance(invited, int):
            line = f"{survey}: {done} of the {invited} young people invited completed the survey"
        else:
            line = (
                f"{survey}: {invited if isinstance(invited, int) else 'a small number of'} young people were "
                "invited; how many completed is not shown, to protect small numbers"
            )
        points.append(line + (f" ({rate})." if rate != "–" else "."))
    rated = [p for p in promises if p.share is not None]
    if rated:
        best = max(rated, key=lambda p: p.share or 0)
        worst = min(rated, key=lambda p: p.share or 0)
        points.append(
            f"Going well: {_commitment(best)}, {best.share}% positive. "
            f"Not going well: {_commitment(worst)}, {worst.share}% positive."
        )
        greens = sum(1 for p in rated if p.rag == "green")
        reds = sum(1 for p in rated if p.rag == "red")
        points.append(
            f"Of {len(rated)} commitments rated, {greens} green (at least {GREEN_FROM}% "
            f"positive) and {reds} red (below {RED_BELOW}%)."
        )
    total = priorities.cells[-1][priorities.columns.index("Total")]
    top = sorted(((t.now, t.theme) for t in themes if isinstance(t.now, int) and t.now), reverse=True)[:3]
    mentioned = "; most often about " + ", ".join(f"{name} ({n})" for n, name in top) if top else ""
    raised = f"{total} issues" if isinstance(total, int) else "a small number of issues"
    if total != 0:
        points.append(f"Young people raised {raised} with us{mentioned}.")
    points += _wellbeing_points(wellbeing)
    closed = helped.get("Total")
    labels = ("Said it helped", "Said it partly helped", "Said it did not help")
    yes, partly, no = (helped.get(label) for label in labels)
    if isinstance(closed, int) and closed:
        text = f"{closed} issues were closed with an outcome (“you said, we did”)"
        if all(isinstance(v, int) for v in (yes, partly, no)):
            answered = int(yes or 0) + int(partly or 0) + int(no or 0)
            if answered >= MIN_BASE:
                share = round(100 * (int(yes or 0) + int(partly or 0)) / answered)
                text += (
                    f"; of the {answered} issues where the young person told us whether it helped, "
                    f"{share}% said it helped at least partly"
                )
        points.append(text + ".")
    alert_total = alerts.cells[-1][0]
    how_many = (
        f"{alert_total} alerts were" if isinstance(alert_total, int) else "a small number of alerts were"
    )
    points.append(
        f"Safeguarding: {how_many} raised and passed to the safeguarding lead. "
        "They are reported as counts only."
    )
    return points


def _wellbeing_points(wellbeing: Sequence[WellbeingRow]) -> list[str]:
    """Return one headline per check-in question: each answer's share, and the base."""
    questions: dict[str, list[WellbeingRow]] = {}
    for row in wellbeing:
        questions.setdefault(row.question, []).append(row)
    points = []
    for question, rows in questions.items():
        shown = [f"{r.answer} {r.share}%" for r in rows if r.share is not None]
        base = rows[0].base
        of = (
            f"of {base} young people who answered" if isinstance(base, int) else "how many answered is hidden"
        )
        if shown:
            points.append(f"Well-being: “{question}” {', '.join(shown)} ({of}).")
    return points


def finding(
    priority: str, total: Cell, negative: Cell, change: str, previous: str, top_themes: Sequence[str]
) -> str:
    """Return one priority's finding in a sentence or two."""
    if total == 0:
        return "No issues were raised about this priority this period."
    if isinstance(total, int):
        text = f"{total} issues were raised"
    else:
        text = "A small number of issues were raised (shown as c)"
    moved = change.lstrip("▲▼► ")
    if moved == "new":
        text += f" (none in {previous})"
    elif not change.startswith("–"):
        text += f" ({moved} on {previous})"
    text += "."
    if isinstance(total, int) and isinstance(negative, int) and total >= MIN_BASE:
        text += f" {round(100 * negative / total)}% were negative in feeling."
    if top_themes:
        text += " Most mentioned: " + "; ".join(top_themes) + "."
    return text


def chart_alt(themes: Sequence[ThemeRow], now: str, before: str, threshold: int) -> str:
    """Return alternative text for the theme chart, saying what it shows."""
    top = sorted(((t.now, t.theme) for t in themes if isinstance(t.now, int) and t.now), reverse=True)[:3]
    listed = "; ".join(f"{name}: {n}" for n, name in top) or "no theme was mentioned often enough to show"
    return (
        f"Bar chart of the number of issues mentioning each theme in {now} compared with {before}. "
        f"Most mentioned in {now}: {listed}. Themes mentioned 1 to {threshold} times are marked c "
        "and drawn without a bar. The same numbers are in the table that follows."
    )


def methodology(threshold: int, untagged: int) -> list[str]:
    """Return the methodology and suppression notes."""
    notes = [
        "Young people take part through Heard, on Telegram or the council's web chat, after joining with "
        "an invite code from their participation worker. They are known to Heard only by a pseudonym and "
        "a cohort (care status and age band); answers are dated to the day.",
        "Promise and Charter results come from the survey rounds that closed in the period. For each "
        "commitment, the percentage is the share of answers to its questions that counted as positive "
        "(as set in the survey file, for example “most of the time” or “always”). “Rather not say” "
        "answers are not counted. The base is the number of young people who answered.",
        f"Status: green at {GREEN_FROM}% positive or more, amber from {RED_BELOW}% to {GREEN_FROM - 1}%, "
        f"red below {RED_BELOW}%. Every status is written in words as well as shown in colour.",
        "Trends compare with the most recent earlier round, up to a year back. Where both rounds had at "
        "least 30 young people answering, a two-proportion z-test says whether the change is “likely real "
        "change” (95% confidence) or “could be chance”; smaller rounds are not tested.",
        "Issues are what young people chose to raise with us. Their words are anonymised before anyone "
        "reads them, and each issue is tagged with up to three themes and an overall feeling "
        "(automatically, and checked by a participation worker). Each theme belongs to one corporate "
        "parenting priority; an issue is counted under the priority of its main theme.",
        f"Suppression: numbers from 1 to {threshold} are shown as “c”, and further numbers are hidden "
        "where needed so that a small number cannot be worked out from this paper, from the papers for "
        "other groups of young people, from earlier papers and date ranges, or from the staff portal. "
        "This is checked before the paper can be approved, by trying to work every small number out "
        "the way an attacker would. Zero is shown as 0 (rarely, one is hidden too). No percentage is "
        f"given where fewer than {MIN_BASE} young people answered, or where those who did or did not "
        f"give an answer number 1 to {threshold}; a status (red, amber, green) may still show its band. "
        "Numbers are published for whole months that are over.",
        "Quotes are sentences a participation worker approved, taken from anonymised text. They are "
        "shown with a theme and an age band at most (the age band only where that age group's count for "
        "the theme this period is published as a number, not c or 0), and never more than one from the "
        "same conversation.",
    ]
    if untagged:
        notes.append(
            "A few issues raised at the very end of the period were still being anonymised when "
            "this paper was drafted and are not counted."
        )
    return notes


def implications(alerts_section: int) -> list[tuple[str, str]]:
    """Return the implications headings with a prompt the officer replaces in the Word version."""
    return [
        ("Financial", "[Officer to complete: the cost of any action recommended, and how it is funded.]"),
        (
            "Legal",
            "[Officer to complete: the council's duties as corporate parent, e.g. the Children and "
            "Social Work Act 2017, and any legal advice.]",
        ),
        (
            "Equality",
            "[Officer to complete: effects on young people with protected characteristics, and "
            "whether an equality impact assessment is needed.]",
        ),
        (
            "Safeguarding",
            f"Every safeguarding alert went to the safeguarding lead under the council's procedures "
            f"(section {alerts_section}). [Officer to complete: any further safeguarding implications.]",
        ),
    ]


def background_papers(period: str, previous: str) -> list[str]:
    """Return the background papers a committee report lists (documents relied on, not appended)."""
    return [
        "The council's Children in Care Promise and Care Leaver Charter, as asked in Heard's surveys.",
        f"The Corporate Parenting Board's voice of the child report for {previous}.",
        f"The tables of this report for {period} as CSV files, with their codebook (Heard's CSV export).",
        "Heard: how the numbers are made safe (the methodology section of this report).",
    ]


def example(said: str | None, theme: str | None, did: str) -> tuple[str, str]:
    """Return one "you said, we did" example; unapproved words are never quoted, only their theme."""
    if said:
        return f"“{said}”", did
    return (f"Young people wrote about {theme.lower()}." if theme else "A young person wrote to us."), did


GLOSSARY: list[tuple[str, str]] = [
    (
        "Corporate Parenting Board",
        "The councillors and officers who act together as the parent of "
        "every child in the council's care and every care leaver.",
    ),
    ("Children in Care Promise", "The council's written commitments to children in its care."),
    ("Care Leaver Charter", "The council's written commitments to young people who have left care."),
    (
        "Cohort",
        "A group of young people by care status and age band, for example children in care aged 11 to 15.",
    ),
    ("Base", "How many young people answered: the number a percentage is worked out from."),
    ("c", "A hidden number: too small to show safely, or hidden to protect a small one."),
    ("Red / amber / green", "How well a commitment is kept, from the share of positive answers."),
    ("Theme", "A topic an issue is about, such as social workers or money."),
    ("Check-in", "A few short questions about well-being that young people can answer at any time."),
    (
        "You said, we did",
        "What was done about an issue a young person raised, and whether they said it helped.",
    ),
    ("Likely real change", "A change too big to be explained by chance alone (95% confidence)."),
]
