"""Take the web chat screenshots in docs/screenshots at phone width.

Run from the repository root: ``.venv/bin/python -m tests.bot.webchat.screenshots``
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.bot.webchat.browser import CHROMIUM_ARGS, chromium_path, missing_browser_reason
from tests.bot.webchat.server import start_server

OUT = Path("docs/screenshots")


def main() -> int:
    """Serve Heard, walk through joining, and save a screenshot of each step."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        print(missing_browser_reason(), file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    server = start_server(Path(tempfile.mkdtemp(prefix="heard-shots-")))
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
            page = context.new_page()
            page.goto(f"{server.url}/chat?code={server.make_code(band='11-15')}")
            page.screenshot(path=OUT / "webchat-privacy-card.png")
            page.get_by_role("button", name="OK", exact=True).click()
            page.get_by_text("Welcome to Heard").wait_for()
            page.locator(".msg.heard").last.scroll_into_view_if_needed()
            page.screenshot(path=OUT / "webchat-menu.png")
            page.get_by_role("button", name="Get help now").last.click()
            page.get_by_text("If you need help now").wait_for()
            page.locator(".msg.heard").last.scroll_into_view_if_needed()
            page.screenshot(path=OUT / "webchat-help.png")
            page.get_by_role("button", name="Back to the menu").last.click()
            page.get_by_role("button", name="My data").last.click()
            page.get_by_text("Here is everything Heard keeps").wait_for()
            page.locator(".msg.heard").last.scroll_into_view_if_needed()
            page.screenshot(path=OUT / "webchat-my-data.png")
            browser.close()
    finally:
        server.stop()
    print(f"saved screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
