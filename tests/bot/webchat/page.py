"""Reading the web chat's HTML the way a browser without JavaScript would: messages and forms."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    """A form on the page: its hidden fields and its buttons (label -> action)."""

    hidden: dict[str, str] = field(default_factory=dict)
    buttons: dict[str, str] = field(default_factory=dict)
    has_textarea: bool = False


@dataclass
class Page:
    """What the chat page shows."""

    messages: list[str] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)

    def button(self, label: str) -> tuple[Form, str]:
        """Return the form holding the button labelled ``label``, and its action."""
        for form in self.forms:
            if label in form.buttons:
                return form, form.buttons[label]
        raise AssertionError(f"no button {label!r}; have {[list(f.buttons) for f in self.forms]}")

    @property
    def compose(self) -> Form:
        """Return the message box form."""
        return next(f for f in self.forms if f.has_textarea)

    @property
    def text(self) -> str:
        """Return every message's text."""
        return "\n".join(self.messages)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.page = Page()
        self._in_text = 0
        self._text: list[str] = []
        self._button: tuple[str, str] | None = None
        self._label: list[str] = []
        self._href: str | None = None
        self._link_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "div" and a.get("class") == "text":
            self._in_text, self._text = 1, []
        elif self._in_text:
            self._in_text += 1
        if tag == "form":
            self.page.forms.append(Form())
        elif tag == "input" and a.get("type") == "hidden" and self.page.forms:
            self.page.forms[-1].hidden[a["name"]] = a.get("value", "")
        elif tag == "textarea" and self.page.forms:
            self.page.forms[-1].has_textarea = True
        elif tag == "button" and a.get("name") == "action":
            self._button, self._label = (a["name"], a.get("value", "")), []
        elif tag == "a":
            self._href, self._link_text = a.get("href"), []

    def handle_endtag(self, tag: str) -> None:
        if self._in_text:
            self._in_text -= 1
            if self._in_text == 0:
                self.page.messages.append("".join(self._text))
        if tag == "button" and self._button is not None:
            self.page.forms[-1].buttons["".join(self._label).strip()] = self._button[1]
            self._button = None
        if tag == "a" and self._href is not None:
            self.page.links["".join(self._link_text).strip()] = self._href
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._in_text:
            self._text.append(data)
        if self._button is not None:
            self._label.append(data)
        if self._href is not None:
            self._link_text.append(data)


def read_page(html: str) -> Page:
    """Return the messages and forms in a chat page or fragment."""
    reader = _Reader()
    reader.feed(html)
    return reader.page
