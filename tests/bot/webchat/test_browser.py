"""The web chat in headless Chromium: join, consent, menu, help, my data, forget me; with and without JS."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def context(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(viewport=PHONE)
    try:
        yield context
    finally:
        context.close()


def _watch_errors(page: Any) -> list[str]:
    """Collect console errors (a Content-Security-Policy violation shows up as one) and page errors."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_join_consent_menu_help_my_data_and_forget_me(served: Any, context: Any) -> None:
    from playwright.sync_api import expect

    page = context.new_page()
    errors = _watch_errors(page)
    code = served.make_code(band="11-15")
    page.goto(f"{served.url}/chat?code={code}")
    expect(page).to_have_url(re.compile(r"/chat#latest$"))  # the code is gone from the address bar
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")
    expect(page.get_by_text("It is private, but it is not a secret")).to_be_visible()

    page.get_by_role("button", name="OK", exact=True).click()
    expect(page.locator(".msg.heard").last).to_contain_text("Welcome to Heard")
    expect(page.locator(".msg.you").last).to_have_text(re.compile(r"You\s*OK"))
    assert page.evaluate("document.activeElement.id") == "latest"  # focus follows the new message

    page.get_by_role("button", name="Get help now").last.click()
    expect(page.get_by_role("link", name="0800 1111").first).to_have_attribute("href", "tel:08001111")
    expect(page.locator(".msg.heard").last).to_contain_text("01632 960 999")
    page.get_by_role("button", name="Back to the menu").last.click()
    page.get_by_role("button", name="My data").last.click()
    expect(page.locator(".msg.heard").last).to_contain_text("in care, age 11 to 15")

    box = page.get_by_label("Your message")
    box.fill("what is this?")
    box.press("Enter")
    expect(page.locator(".msg.you").last).to_contain_text("what is this?")
    expect(page.locator(".msg.heard").last).to_contain_text("didn't understand")
    expect(box).to_have_value("")
    expect(box).to_be_focused()

    page.get_by_role("button", name="Forget me").last.click()
    page.get_by_role("button", name="Yes, forget me").last.click()
    expect(page.locator(".msg.heard").last).to_contain_text("forgotten you")

    [cookie] = [c for c in context.cookies() if c["name"] == "heard_chat_local"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    assert not errors, errors


def test_without_javascript_every_step_is_a_plain_form(served: Any, chromium: Any) -> None:
    from playwright.sync_api import expect

    context = chromium.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{served.url}/chat?code={served.make_code(band='8-10')}")
        expect(page.get_by_text("Tap OK to start")).to_be_visible()
        page.get_by_role("button", name="OK", exact=True).click()
        expect(page.get_by_text("Welcome to Heard")).to_be_visible()
        page.get_by_label("Your message").fill("I feel really lonely and sad all the time")
        page.get_by_role("button", name="Send").click()
        expect(page.get_by_text("Thank you for telling me")).to_be_visible()
        page.reload()
        expect(page.get_by_text("Welcome back")).to_be_visible()
    finally:
        context.close()


def test_a_link_from_another_app_keeps_the_same_person(served: Any, context: Any) -> None:
    from playwright.sync_api import expect

    page = context.new_page()
    page.goto(f"{served.url}/chat?code={served.make_code(band='16-17')}")
    page.get_by_role("button", name="OK", exact=True).click()
    expect(page.locator(".msg.heard").last).to_contain_text("Welcome to Heard")
    # A link tapped on another site: the SameSite=Strict cookie is not sent with that first request,
    # so Heard must not hand out a new identity in its place.
    elsewhere = "http://elsewhere.example/"
    page.route(
        elsewhere,
        lambda route: route.fulfill(
            content_type="text/html", body=f'<a id="go" href="{served.url}/chat">Open Heard</a>'
        ),
    )
    page.goto(elsewhere)
    landings: list[tuple[int, str | None]] = []

    def note_landing(response: Any) -> None:
        # The landing page continues by itself at once, so its body may be gone before it could be
        # read here (which made this test flaky); its headers stay readable.
        if response.url.endswith("/chat") and response.request.header_value("cookie") is None:
            landings.append((response.status, response.header_value("set-cookie")))

    page.on("response", note_landing)
    page.click("#go")
    expect(page.get_by_text("Welcome back")).to_be_visible()
    # The first request, sent from the other site without the cookie, was answered with no new identity.
    assert landings == [(200, None)], "the cross-site request should get the continue page, not a cookie"
    assert len([c for c in context.cookies() if c["name"] == "heard_chat_local"]) == 1


def test_hide_this_page_stays_on_screen_and_back_does_not_return_to_the_chat(
    served: Any, context: Any
) -> None:
    from playwright.sync_api import expect

    page = context.new_page()
    page.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(body="<title>Weather</title>ok"))
    page.goto(f"{served.url}/chat?code={served.make_code(band='11-15')}")
    page.get_by_role("button", name="OK", exact=True).click()
    for _ in range(3):  # a long conversation, so the page scrolls on a phone
        page.get_by_role("button", name="Get help now").last.click()
        expect(page.locator(".msg.heard").last).to_contain_text("0800 1111")
    page.mouse.wheel(0, 5000)
    hide = page.get_by_role("link", name="Hide this page")
    box = hide.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]
    hide.click()
    expect(page).to_have_url(re.compile(r"^https://www\.bbc\.co\.uk/"))
    page.go_back()
    assert "/chat" not in page.url  # the chat was replaced in the history, not left behind it
