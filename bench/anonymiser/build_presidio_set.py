"""Writes ``data/presidio_generated.txt``: sentences from Presidio's own test-data generator.

Presidio's evaluation package (``presidio-evaluator``) fills its shipped sentence
templates with fake people, places, organisations, numbers and dates (Faker and
its own lists). Scoring Heard on them checks that it is not only good at the
texts its own authors write. The package pulls in heavy libraries, so it is not a
dependency of Heard: run this once in a separate environment, then rebuild the
JSONL with ``python -m bench.anonymiser.corpus``:

    python3 -m venv /tmp/pe && /tmp/pe/bin/pip install presidio-evaluator==0.3.2
    PYTHONPATH=. /tmp/pe/bin/python bench/anonymiser/build_presidio_set.py

Entity types map onto the contract labels. Nationalities, religions and political
groups (NRP), titles and ages are personal to nobody, so they are written as
``<<…>>`` (scored neither way); so are dates that identify nobody (a weekday, a
year, a time, "last week"): only a date with a day and a month is a DATE.
"""

from __future__ import annotations

import re
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
OUT = DATA / "presidio_generated.txt"
SENTENCES = 500
SEED = 42

LABELS = {
    "PERSON": "PERSON",
    "LOCATION": "LOCATION",
    "GPE": "LOCATION",
    "STREET_ADDRESS": "LOCATION",
    "ADDRESS": "LOCATION",
    "ZIP_CODE": "LOCATION",
    "PHONE_NUMBER": "CONTACT",
    "EMAIL_ADDRESS": "CONTACT",
    "URL": "CONTACT",
    "IP_ADDRESS": "CONTACT",
    "ORGANIZATION": "ORG",
    "DATE_TIME": "DATE",
}
NOT_PERSONAL = {"NRP", "TITLE", "AGE"}
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_FULL_DATE = re.compile(
    rf"\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{1,4}}|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b|\b{_MONTH}\s+\d{{1,2}}\b",
    re.IGNORECASE,
)
_MARKUP = ("[[", "]]", "{{", "}}", "<<", ">>")


def _label(entity_type: str, value: str) -> str | None:
    """Return the contract label, or None for what identifies nobody."""
    if entity_type in NOT_PERSONAL:
        return None
    if entity_type == "DATE_TIME":
        return "DATE" if _FULL_DATE.search(value) else None
    return LABELS.get(entity_type, "ID")  # card, bank, licence and passport numbers


def to_markup(text: str, spans: list[tuple[int, int, str]]) -> str | None:
    """Return one markup line, or None when the text could not be written unambiguously."""
    if any(m in text for m in _MARKUP) or "\n" in text:
        return None
    out: list[str] = []
    cursor = 0
    for start, end, entity_type in sorted(spans):
        if start < cursor:
            continue  # the generator sometimes overlaps spans; keep the first
        value = text[start:end]
        label = _label(entity_type, value)
        out.append(text[cursor:start])
        out.append(f"<<{value}>>" if label is None else f"[[{label}:{value}]]")
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def main() -> None:
    from presidio_evaluator.data_generator import PresidioSentenceFaker

    faker = PresidioSentenceFaker(locale="en_US", lower_case_ratio=0.05, random_seed=SEED)
    lines = []
    for record in faker.generate_new_fake_sentences(SENTENCES):
        spans = [(s.start_position, s.end_position, s.entity_type) for s in record.spans]
        # Some templates keep a line break as the two characters "\n"; two characters
        # of the same length keep every offset and stop "\nSwitzerland" reading as one word.
        text = record.full_text.replace("\\n", ", ")
        line = to_markup(text, spans)
        if line is not None:
            lines.append(line)
    header = (
        f"# Sentences from Presidio's generator (presidio-evaluator 0.3.2, templates and Faker, en_US, "
        f"seed {SEED}), written by build_presidio_set.py; do not edit by hand.\n"
    )
    OUT.write_text(header + "".join(line + "\n" for line in lines), "utf-8")
    print(f"{OUT.name}: {len(lines)} of {SENTENCES} sentences")


if __name__ == "__main__":
    main()
