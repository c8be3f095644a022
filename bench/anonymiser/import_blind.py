"""Turns a blind anonymiser batch (the writers' format) into this bench's markup file.

    .venv/bin/python -m bench.anonymiser.import_blind BATCH.jsonl batch_1
    .venv/bin/python -m bench.anonymiser.corpus        # then rewrite the JSONL files

A blind batch is written by someone who has not seen the code (see
shared/INDEPENDENT-CHECKS.md): one ``{"marked": str}`` a line, personal data
marked ``[[surface|TAG]]`` and words that must stay marked ``{{surface}}``.
Tags map onto the contract labels as the table below says. Writers leave
countries unmarked, so country names in unmarked text are written as
``<<name>>``: not counted as a miss or as a false alarm. The conversion is
mechanical (no text is changed), so a batch is scored exactly as it was written.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from bench.anonymiser.corpus import DATA, parse_markup

TAG_LABELS = {
    "NAME": "PERSON",
    "POSTCODE": "LOCATION",
    "ADDR": "LOCATION",
    "TOWN": "LOCATION",
    "PLACE": "LOCATION",
    "PHONE": "CONTACT",
    "EMAIL": "CONTACT",
    "HANDLE": "CONTACT",
    "URL": "CONTACT",
    "NHS": "ID",
    "NINO": "ID",
    "ID": "ID",
    "DOB": "DATE",
    "DATE": "DATE",
    "SCHOOL": "ORG",
    "CARE": "ORG",
    "ORG": "ORG",
}
_BLIND = re.compile(r"\[\[(.+?)\|([A-Z]+)\]\]|\{\{(.+?)\}\}")
_HOME_NATIONS = ("uk", "england", "scotland", "wales", "britain", "great britain", "northern ireland")


def country_names() -> list[str]:
    """Return lower-cased country names (ISO 3166 names and common names, from pycountry)."""
    import pycountry

    names: set[str] = set(_HOME_NATIONS)
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(value.split(",")[0].lower())
    return sorted(names, key=len, reverse=True)


def _mark_countries(plain: str, countries: Iterable[str]) -> str:
    alternation = "|".join(re.escape(c) for c in countries)
    return re.sub(rf"(?<![\w])(?:{alternation})(?![\w])", lambda m: f"<<{m.group()}>>", plain, flags=re.I)


def to_markup(marked: str, countries: list[str]) -> str:
    """Return one blind line in the bench's markup; ``ValueError`` on an unknown tag."""
    out: list[str] = []
    cursor = 0
    for match in _BLIND.finditer(marked):
        out.append(_mark_countries(marked[cursor : match.start()], countries))
        if match.group(3) is not None:
            out.append("{{" + match.group(3) + "}}")
        else:
            surface, tag = match.group(1), match.group(2)
            if tag not in TAG_LABELS:
                raise ValueError(f"unknown tag {tag!r}")
            out.append(f"[[{TAG_LABELS[tag]}:{surface}]]")
        cursor = match.end()
    out.append(_mark_countries(marked[cursor:], countries))
    line = "".join(out).replace("\n", " ")
    parse_markup(line)  # raises on anything the bench could not read back
    return line


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    source, part = Path(argv[0]), argv[1]
    countries = country_names()
    lines = [json.loads(raw)["marked"] for raw in source.read_text("utf-8").splitlines() if raw.strip()]
    header = (
        f"# Blind batch {part!r}: {len(lines)} texts written by someone who never saw Heard's code, "
        "converted by import_blind.py.\n"
    )
    body = "".join(to_markup(m, countries) + "\n" for m in lines)
    (DATA / f"{part}.txt").write_text(header + body, "utf-8")
    print(f"{part}: {len(lines)} texts")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
