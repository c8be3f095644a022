"""Every word a young person reads, from one gettext catalogue per language.

The catalogues are ``bot/locale/<locale>/LC_MESSAGES/heard.po``, the format
councils' translation services already use. They are read with Babel
straight from the ``.po`` files when the conversation engine is built (at
start-up), so there is no compile step: ``make install`` (or a wheel) is enough, and nothing is fetched at run
time. A council adds a language by adding a directory with a ``heard.po``
(docs/languages.md).

Message ids are stable keys (``help.card``), not the English text, because:

- a missing translation is then a plain set difference of keys, which the
  tests check for every catalogue;
- English wording can be improved without every other catalogue losing its
  link to it (with English msgids, editing one English sentence orphans the
  Welsh one);
- easy read is a rewrite of the English, not a translation of it, so it is
  its own catalogue with the same keys;
- translation tools handle key-based ("monolingual") PO files with the
  English catalogue as the template, so translators still see the English.

Placeholders are ``str.format`` names (``{council}``), checked to be the same
in every language. Locale ids: ``en``, ``cy`` and ``en@easy`` for easy read
(the POSIX locale modifier, as ``sr@latin``; Babel parses it as English with
modifier ``easy``).

Which catalogue speaks is set per turn with ``speaking`` (a context
variable, as Flask-Babel and Django do per request), so the many small
wording functions keep their plain signatures; code outside a turn (invites
and reminders) names the locale with ``say_in``.
"""

from __future__ import annotations

import contextvars
import string
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path

from babel.messages.pofile import read_po

__all__ = [
    "BASE",
    "EASY_READ",
    "catalogue",
    "catalogue_dir",
    "locale_for",
    "locales",
    "placeholders",
    "reading",
    "say",
    "say_in",
    "speaking",
]

BASE = "en"  # the catalogue every other one is checked against, and the fallback for a missing key
EASY_READ = "en@easy"
DOMAIN = "heard"

_reading: contextvars.ContextVar[str] = contextvars.ContextVar("heard_reading", default=BASE)


def catalogue_dir() -> Path:
    """Return the directory holding one sub-directory per locale."""
    return Path(str(resources.files("bot") / "locale"))


@cache
def locales() -> tuple[str, ...]:
    """Return the locales installed: every directory with a catalogue, English first."""
    found = sorted(
        p.name for p in catalogue_dir().iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()
    )
    return tuple(sorted(found, key=lambda name: name != BASE))


@cache
def catalogue(locale: str) -> Mapping[str, str]:
    """Return a locale's messages, key to text; untranslated (empty or fuzzy) entries are left out."""
    path = catalogue_dir() / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as handle:
        po = read_po(handle)
    return {
        str(m.id): str(m.string)
        for m in po
        if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string and not m.fuzzy
    }


def locale_for(language: str, *, easy_read: bool = False) -> str:
    """Return the catalogue for a reader: easy read English for English readers who chose it.

    Easy read is only written in English so far; a Welsh reader with easy read
    on reads the Welsh catalogue (their surveys still use the easy-read
    questions, which are translated). An unknown language reads English.
    """
    primary = language.split("-", 1)[0]
    if primary == BASE and easy_read and EASY_READ in locales():
        return EASY_READ
    return primary if primary in locales() else BASE


def reading() -> str:
    """Return the locale of the turn being answered."""
    return _reading.get()


@contextmanager
def speaking(locale: str) -> Iterator[None]:
    """Answer in ``locale`` within the block (the turn), then go back to what was before."""
    token = _reading.set(locale if locale in locales() else BASE)
    try:
        yield
    finally:
        _reading.reset(token)


def say_in(locale: str, key: str, **values: object) -> str:
    """Return the text for ``key`` in ``locale``, falling back to easy read's parent, then English."""
    for name in (locale, BASE):
        text = catalogue(name).get(key) if name in locales() else None
        if text is not None:
            return text.format(**values) if values else text
    raise KeyError(f"no message {key!r} in the {BASE!r} catalogue")


def say(key: str, **values: object) -> str:
    """Return the text for ``key`` in the locale of the turn being answered."""
    return say_in(reading(), key, **values)


def placeholders(text: str) -> frozenset[str]:
    """Return the ``{name}`` placeholders in a message (what the tests compare across languages)."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)
