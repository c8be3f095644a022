"""Every word the portal shows staff comes from the portal catalogue (bot/locale/en/LC_MESSAGES/portal.po).

Three checks, each of which fails on its own kind of slip:

- a template with visible English outside ``{% trans %}``/``_()`` (text, or
  the ``title``/``aria-label``/``placeholder``/``alt`` a screen reader reads);
- a view handing staff a bare literal as an error page, a problem or a notice;
- a message the templates and views mark that the English catalogue lacks
  (or an entry nothing uses any more), found by extracting with Babel now,
  exactly as ``pybabel extract -F babel.cfg`` does.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest
from aiohttp import web
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.portal import setup_portal, words
from bot.portal.render import ROLE_LABELS
from bot.portal.words import translations
from feedback.staff import Role
from tests.bot.portal.conftest import build_app, portal_config

ROOT = Path(__file__).resolve().parents[3]
TEMPLATES = ROOT / "bot" / "portal" / "templates"
ENGLISH = ROOT / "bot" / "locale" / "en" / "LC_MESSAGES" / "portal.po"
VISIBLE_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}


class _Visible(HTMLParser):
    """Collect text a person sees or hears, skipping code samples and scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"code", "script", "style"}:
            self._skipping += 1
        self.found += [value for name, value in attrs if name in VISIBLE_ATTRIBUTES and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in {"code", "script", "style"}:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.found.append(data)


def _untranslated(source: str) -> list[str]:
    """Return the visible words in ``source`` outside every ``{% trans %}`` block and expression."""
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    kept: list[str] = []
    in_trans = False
    after_block_begin = False
    previous: list[str] = ["", ""]
    for _, kind, value in env.lex(source):
        if kind == "whitespace":
            continue
        if kind == "string" and re.match(r"[A-Z][a-z]", value[1:]) and previous != ["_", "("]:
            kept.append(f"<i>{value[1:-1]}</i>")  # "Worker" in an expression is read as much as text is
        previous = [previous[1], value]
        if after_block_begin and kind == "name":
            in_trans = value == "trans" or (in_trans and value != "endtrans")
        after_block_begin = kind == "block_begin"
        if kind == "data" and not in_trans:
            kept.append(value)
        elif kind in {"variable_begin", "block_begin"}:
            kept.append("")
    parser = _Visible()
    parser.feed("".join(kept))
    parser.close()
    words = (re.sub(r"\s+", " ", text).strip() for text in parser.found)
    return [text for text in words if re.search(r"[A-Za-z]", re.sub(r"\bHeard\b", "", text))]


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_every_visible_word_in_a_template_is_marked_for_translation(template: str) -> None:
    assert _untranslated((TEMPLATES / template).read_text(encoding="utf-8")) == []


def test_the_check_finds_unmarked_words() -> None:
    """The template check itself: it sees text and labels, and passes what is marked."""
    source = (
        '<p>Hello {{ name }}</p><button aria-label="Close">×</button>'
        "{% trans %}<b>Marked</b> {{ n }}{% endtrans %}<p>{{ _('Also marked') }}</p><code>heard x</code>"
        '{{ who or "Worker" }}{% if x == "young_person" %}'
    )
    assert _untranslated(source) == ["Hello", "Close", "Worker"]


_SHOWN_TO_STAFF = {"problem", "notice", "message"}


def _bare_literals(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        shown = [node.args[1]] if name == "refuse" and len(node.args) > 1 else []
        shown += [k.value for k in node.keywords if k.arg in _SHOWN_TO_STAFF]
        for value in shown:
            if (
                (isinstance(value, ast.Constant) and isinstance(value.value, str))
                or isinstance(value, ast.JoinedStr)
                or (isinstance(value, ast.BinOp) and isinstance(value.left, ast.Constant | ast.JoinedStr))
            ):
                found.append(f"{path.name}:{value.lineno}")
    return found


def test_views_hand_staff_only_translated_messages() -> None:
    modules = sorted((ROOT / "bot" / "portal").rglob("*.py"))
    assert [spot for path in modules for spot in _bare_literals(path)] == []


def _extracted() -> set[str | tuple[str, str]]:
    method_map = [
        ("**/templates/**.html", "jinja2.ext:babel_extract"),
        ("**.py", "python"),
    ]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
    found: set[str | tuple[str, str]] = set()
    for _, _, message, _, _ in extract_from_dir(
        str(ROOT / "bot" / "portal"),
        method_map=method_map,
        options_map=options,
        keywords={"_": None, "N_": None, "ngettext": (1, 2), "gettext": None},
    ):
        found.add(message if isinstance(message, str) else (message[0], message[1]))
    return found


def _catalogued() -> dict[str | tuple[str, str], object]:
    with ENGLISH.open("rb") as handle:
        po = read_po(handle)
    return {
        (m.id if isinstance(m.id, str) else (m.id[0], m.id[1])): m.string for m in po if m.id and not m.fuzzy
    }


def test_the_english_catalogue_holds_exactly_what_the_portal_says() -> None:
    extracted, catalogued = _extracted(), _catalogued()
    assert sorted(map(str, extracted - catalogued.keys())) == []  # marked but never catalogued
    assert sorted(map(str, catalogued.keys() - extracted)) == []  # catalogued but no longer said


def test_every_role_name_staff_read_is_catalogued() -> None:
    """Role names come from ``feedback`` (``Role.label``), so the portal marks them; kept in step here."""
    assert sorted(role.label for role in Role) == sorted(ROLE_LABELS)


def test_the_english_catalogue_is_the_portal_s_english() -> None:
    """English msgids are the English text: the catalogue answers with them, plurals included."""
    english = translations("en")
    assert english.gettext("Sign out") == "Sign out"
    waiting = ("%(count)s safeguarding alert waiting", "%(count)s safeguarding alerts waiting")
    assert english.ngettext(*waiting, 1) == waiting[0]
    assert english.ngettext(*waiting, 2) == waiting[1]


@pytest.fixture
def welsh_portal_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A locale directory as a council would ship it: English, and a Welsh portal catalogue beside it."""
    (tmp_path / "en" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "en" / "LC_MESSAGES" / "portal.po").write_bytes(ENGLISH.read_bytes())
    (tmp_path / "cy" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "cy" / "LC_MESSAGES" / "portal.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "Sign in to Heard"\nmsgstr "Mewngofnodi i Heard"\n\n'
        'msgid "Username"\nmsgstr ""\n\n'  # untranslated: English shows
        'msgid "This form has expired or did not come from Heard. Go back, reload the page and try again."\n'
        'msgstr "Mae\'r ffurflen hon wedi dod i ben."\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(words, "catalogue_dir", lambda: tmp_path)
    translations.cache_clear()
    yield tmp_path
    translations.cache_clear()


async def test_a_council_s_portal_catalogue_speaks_on_pages_and_in_errors(
    aiohttp_client, db, sealer, pseudonymiser, cheap_passwords, clock, welsh_portal_catalogue: Path
) -> None:  # type: ignore[no-untyped-def]
    app = build_app(db, sealer, pseudonymiser, portal_config(cheap_passwords, clock, language="cy"))
    client = await aiohttp_client(app)
    page = await (await client.get("/staff/login")).text()
    assert "<h1>Mewngofnodi i Heard</h1>" in page
    assert '<label for="username">Username</label>' in page  # an empty entry falls back to English
    refused = await client.post("/staff/login", data={"username": "x", "password": "y"})
    assert refused.status == 403
    assert "Mae&#39;r ffurflen hon wedi dod i ben." in await refused.text()  # a view's message, escaped


def test_a_portal_language_without_a_catalogue_stops_start_up(cheap_passwords, clock) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="no portal catalogue for 'xx'"):
        setup_portal(web.Application(), portal_config(cheap_passwords, clock, language="xx"))
