"""The `heard …` commands that README.md and docs/*.md show, found and made runnable for the docs test.

A command is found in a fenced block (a line that runs ``heard``, after an
optional ``$`` prompt, joined across ``\\`` continuations, without its ``#``
comment) or in an inline code span in the prose. Placeholders and example
paths are replaced by safe values (files the test prepares); a mention that
is not a whole command (``heard invite create`` in a sentence), or that names
in prose a command a block shows with more words (``heard report``), must be
shown in full somewhere, and that full command is what runs.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

__all__ = ["DELIBERATE", "Shown", "as_run", "database_command", "docs_files", "heard_words", "shown_commands"]

ROOT = Path(__file__).resolve().parents[1]
_FENCE = re.compile(r"^\s*(```|~~~)\s*([\w-]*)")
_INLINE = re.compile(r"`([^`]*)`", re.S)
# `heard …`, `.venv/bin/heard …`, `… | heard …` or `HEARD_X=… heard …` (`heard` alone names the program)
_RUNS_HEARD = re.compile(r"(?:^|\|\s*|^(?:[A-Z_]+=\S+\s+)+)(?:\S*/)?heard\s+\S")
_CODE_LANGUAGES = {"python", "yaml", "json", "toml", "ini"}

# Where the docs show a deliberate error: the exit status and words of the message they show.
DELIBERATE: dict[str, tuple[int, str]] = {
    # docs/rounds.md shows an edited survey file being refused (exit status 1, as it says).
    "heard survey install my-edited-file.yaml": (1, "raise 'version:' to 2"),
}


@dataclass(frozen=True)
class Shown:
    """One command as a document shows it, and where."""

    where: str
    text: str
    inline: bool = False  # in a code span in the prose, not a fenced block

    @property
    def argv(self) -> list[str]:
        """Return the words given to ``heard`` (after it, in a pipeline or behind variables too)."""
        return heard_words(self.text)

    @property
    def shell(self) -> bool:
        """Return True when it needs a shell: a pipe or environment variables before ``heard``."""
        return not re.match(r"(?:\S*/)?heard\b", self.text)


def heard_words(text: str) -> list[str]:
    """Return the words after the last ``heard`` in a command line."""
    words = shlex.split(text)
    at = max(i for i, word in enumerate(words) if word == "heard" or word.endswith("/heard"))
    return words[at + 1 :]


def docs_files() -> list[Path]:
    """Return README.md and every docs/*.md, in the order a newcomer reads them."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _fenced(lines: Sequence[str], name: str) -> Iterator[Shown]:
    in_block, language, held, start = False, "", "", 0
    for number, line in enumerate(lines, 1):
        fence = _FENCE.match(line)
        if fence:
            in_block, language = (not in_block, fence.group(2).lower())
            continue
        if not in_block or language in _CODE_LANGUAGES:
            continue
        text = f"{held} {line.strip()}".strip() if held else line.strip()
        start = start if held else number
        if text.endswith("\\"):
            held = text[:-1].strip()
            continue
        held = ""
        text = re.split(r"\s+#\s", text.removeprefix("$ "), maxsplit=1)[0].strip()
        if _RUNS_HEARD.search(text):
            yield Shown(f"{name}:{start}", text)


def _inline(lines: Sequence[str], name: str) -> Iterator[Shown]:
    prose: list[tuple[int, str]] = []
    in_block = False
    for number, line in enumerate(lines, 1):
        if _FENCE.match(line):
            in_block = not in_block
        elif not in_block:
            prose.append((number, line))
    text = "\n".join(line for _, line in prose)
    for match in _INLINE.finditer(text):
        words = " ".join(match.group(1).split())
        if _RUNS_HEARD.match(words):
            yield Shown(f"{name}:{prose[text.count(chr(10), 0, match.start())][0]}", words, inline=True)


def shown_commands() -> list[Shown]:
    """Return every command the docs show, in reading order, fenced blocks before prose per file."""
    found: list[Shown] = []
    for path in docs_files():
        lines = path.read_text(encoding="utf-8").splitlines()
        found += [*_fenced(lines, path.name), *_inline(lines, path.name)]
    return found


def database_command(argv: Sequence[str]) -> bool:
    """Return True unless the command is one of the few that never open the database.

    New commands usually use the database, so they run on every backend unless listed here.
    """
    words = [w for w in argv if not w.startswith("-")]
    if words[:2] == ["themes", "use"] or (words[:2] == ["themes", "train"] and "--from-corrections" in argv):
        return True  # a council's own model: its corrections and the audit of a switch are in the database
    if not words or words[0] in {"anonymise", "risk", "themes"}:
        return False
    if words[:2] in (["keys", "generate"], ["survey", "validate"], ["survey", "schema"]):
        return False
    return words[:2] != ["survey", "list"] or "--installed" in argv


def _future(text: str, today: date) -> str:
    """Move a round's example dates on by whole years until it closes after today (docs age; rounds can't)."""
    dates = [date.fromisoformat(d) for d in re.findall(r"\d{4}-\d{2}-\d{2}", text)]
    years = 0
    while dates and max(d.replace(year=d.year + years) for d in dates) <= today:
        years += 1
    return re.sub(r"(\d{4})(-\d{2}-\d{2})", lambda m: f"{int(m.group(1)) + years}{m.group(2)}", text)


def as_run(text: str, files: Mapping[str, Path], today: date) -> str:
    """Return the command with placeholders and example paths replaced by safe values."""
    swaps = [
        (r"(heard survey validate) (?:DIR|/etc/heard/surveys/|mysurveys/)", rf"\1 {files['surveys']}/"),
        (r"(heard risk --rules) (?:DIR|path/to/copy)", rf"\1 {files['rules']}"),
        (r"(--out|HEARD_THEMES_MODEL=)\s?(?:DIR|/srv/heard/themes-model)\b",
         lambda m: f"{m.group(1)}{'' if m.group(1).endswith('=') else ' '}{files['model']}"),
        (r"(heard themes use) (?:MODEL|/srv/heard/council-model)\b", rf"\1 {files['council_model']}"),
        (r"(--out) /srv/heard/council-model\b", rf"\1 {files['council_model']}"),
        (r"\bours\.json\b", str(files["taxonomy"])),
        (r"\bours-heldout\.tsv\b", str(files["heldout"])),
        (r"\bours\.tsv\b", str(files["train"])),
        (r"\bmy-edited-file\.yaml\b", str(files["edited"])),
        (r"heard staff add NAME --role ROLE", "heard staff add sam@council.gov.uk --role safeguarding-lead"),
        (r"(heard staff [a-z-]+) NAME\b", r"\1 alex@council.gov.uk"),  # an account the docs made before
    ]  # fmt: skip
    for pattern, replacement in swaps:
        text = re.sub(pattern, replacement, text)  # type: ignore[call-overload]
    if re.match(r"heard campaign create\b", text):
        text = _future(text, today)
    if re.search(r"\bheard themes train --from-corrections\b", text) and "--out" not in text:
        text += f" --out {files['council_model']}"  # the council model the docs then switch on
    if re.search(r"\bheard themes train\b", text):
        # Training for real takes minutes; docs/themes.md's quick check (--limit, and --epochs for
        # the spaCy classifier) runs the same code on a few examples.
        text += " --epochs 1 --limit 40" if "--kind spacy" in text else " --limit 40"
    return text
