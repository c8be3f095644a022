"""axe-core on every web chat page at phone and laptop width: no serious or critical violation.

The pages: the "Open the chat" page a link from another app lands on, the
privacy card, the answer to words typed before OK, and, after OK, the menu,
help, my data, language and easy read, tell us something, my messages and
the forget-me question; then the page for someone not joined.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.axe import check_sync

pytestmark = pytest.mark.browser

WIDTHS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 768}}


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_every_chat_page_has_no_serious_or_critical_violation(served: Any, chromium: Any, width: str) -> None:
    from playwright.sync_api import expect

    context = chromium.new_context(viewport=WIDTHS[width], locale="en-GB")
    found: list[str] = []
    try:
        page = context.new_page()
        code = served.make_code(band="11-15")
        page.set_extra_http_headers({"Sec-Fetch-Site": "cross-site"})
        page.goto(f"{served.url}/chat?code={code}")
        found += check_sync(page, f"{width} landing")
        page.set_extra_http_headers({})
        page.goto(f"{served.url}/chat?code={code}")
        expect(page.get_by_role("button", name="OK", exact=True)).to_be_visible()
        found += check_sync(page, f"{width} privacy card")
        box = page.get_by_label("Your message")
        box.fill("hello")
        box.press("Enter")
        expect(page.locator(".msg.heard").last).to_contain_text("Please read this first")
        found += check_sync(page, f"{width} read this first")
        page.get_by_role("button", name="OK", exact=True).last.click()
        expect(page.locator(".msg.heard").last).to_contain_text("Welcome to Heard")
        found += check_sync(page, f"{width} menu")
        for button, shown in (
            ("Get help now", "0800 1111"),
            ("My data", "everything Heard keeps"),
            ("Language and easy read", "Easy read"),
            ("Tell us something", "tap Done"),
            ("My messages", "told us anything"),
            ("Forget me", "forget you"),
        ):
            page.get_by_role("button", name=button).last.click()
            expect(page.locator(".msg.heard").last).to_contain_text(shown)
            found += check_sync(page, f"{width} {button}")
            if button == "Tell us something":
                page.get_by_role("button", name="Cancel").last.click()
        page.get_by_role("button", name="Yes, forget me").last.click()
        page.goto(f"{served.url}/chat")
        found += check_sync(page, f"{width} not joined")
    finally:
        context.close()
    assert not found, "\n".join(found)


def test_the_check_finds_what_it_should(chromium: Any) -> None:
    """The portal's old small buttons (grey on blue, 1.2:1) fail; white on the same blue passes."""
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.set_content('<html lang="en"><title>t</title><main><button style="color:#595959;'
                         'background:#2a4b8d">Close now</button></main></html>')  # fmt: skip
        assert any("color-contrast" in line for line in check_sync(page, "old"))
        page.set_content('<html lang="en"><title>t</title><main><button style="color:#fff;'
                         'background:#2a4b8d">Close now</button></main></html>')  # fmt: skip
        assert check_sync(page, "new") == []
    finally:
        context.close()
