"""Every word a staff member reads in the portal, from a gettext catalogue per language.

The catalogues are ``bot/locale/<locale>/LC_MESSAGES/portal.po``, beside the
conversation's ``heard.po`` and found the same way (``catalogue_dir``). They
are read with Babel straight from the ``.po`` file when the portal is built,
as the conversation's are, so a broken catalogue stops start-up and there is
still no compile step: the parsed catalogue is turned into a standard
``gettext`` translations object in memory (``write_mo`` into a buffer), which
is what Jinja's i18n extension and ``ngettext`` plurals need.

Unlike the conversation's keys (``help.card``), the portal's message ids
are the English text, the usual gettext way, because:

- the portal's words sit in 18 templates; ``{% trans %}…{% endtrans %}``
  around the English keeps a template readable and reviewable, where keys
  would hide every page's wording in another file;
- the ids are extracted with Babel (``pybabel extract`` with ``babel.cfg``),
  so the English catalogue is generated, not hand-kept, and the tests
  compare it with what the templates and views say;
- the portal speaks English only (staff language); a council translating
  it works from the extracted template, as translation services expect.

Which catalogue speaks is set per request with ``speaking`` (a context
variable, as the conversation does per turn); the portal's middleware sets
the configured language, so views and templates call plain ``_``.
"""

from __future__ import annotations

import contextvars
import gettext
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from io import BytesIO
from pathlib import Path

import jinja2
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from bot.conversation.catalogue import BASE, catalogue_dir

__all__ = [
    "DOMAIN",
    "N_",
    "_",
    "has_portal_catalogue",
    "install",
    "ngettext",
    "one_of",
    "speaking",
    "translations",
]

DOMAIN = "portal"

_speaking: contextvars.ContextVar[str] = contextvars.ContextVar("heard_portal_speaking", default=BASE)


def _path(locale: str) -> Path:
    return catalogue_dir() / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def has_portal_catalogue(locale: str) -> bool:
    """Say whether ``locale`` has a portal catalogue (a plain name, never a path)."""
    return locale.replace("@", "").replace("_", "").isalnum() and _path(locale).is_file()


@cache
def translations(locale: str) -> gettext.NullTranslations:
    """Return the portal's translations for ``locale``; a missing message falls back to English.

    Empty and fuzzy entries are left out (``write_mo`` skips them), so they
    show the English id, as gettext always does.
    """
    with _path(locale).open("rb") as handle:
        catalog = read_po(handle, locale=locale.split("@", 1)[0])
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


@contextmanager
def speaking(locale: str) -> Iterator[None]:
    """Speak ``locale`` within the block (a request), then go back to what was before."""
    token = _speaking.set(locale if has_portal_catalogue(locale) else BASE)
    try:
        yield
    finally:
        _speaking.reset(token)


def _spoken() -> gettext.NullTranslations:
    return translations(_speaking.get())


def install(env: jinja2.Environment) -> None:
    """Give ``env`` Jinja's i18n extension speaking the request's language.

    New-style gettext, so ``_("… %(name)s", name=…)`` escapes its values and a
    missing value is an error, and trimmed ``{% trans %}`` blocks, so a
    paragraph's line breaks and indent are not part of its message id.
    """
    env.add_extension("jinja2.ext.i18n")
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(  # type: ignore[attr-defined]
        lambda message: _spoken().gettext(message),
        lambda singular, plural, n: _spoken().ngettext(singular, plural, n),
        newstyle=True,
    )


def _(message: str, **values: object) -> str:
    """Return ``message`` in the language being spoken, with ``%(name)s`` values filled in."""
    text = _spoken().gettext(message)
    return text % values if values else text


def ngettext(singular: str, plural: str, n: int, **values: object) -> str:
    """Return the singular or plural form for ``n`` (``num`` is filled in too, as in templates)."""
    text = _spoken().ngettext(singular, plural, n)
    return text % {"num": n, **values}


def N_(message: str) -> str:
    """Mark ``message`` for extraction where it is defined; ``_`` translates it where it is shown."""
    return message


def one_of(messages: Mapping[str, str], key: str) -> str | None:
    """Return the ``N_``-marked message for ``key`` (a ``?done=`` word, say) translated, or None."""
    message = messages.get(key)
    return _(message) if message is not None else None
