"""The Settings page shows each setting's meaning as text with code, never raw Markdown or markup."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from bot.portal.views.admin import inline_code
from feedback.staff import Role
from tests.bot.portal.conftest import sign_in, username


def test_backticks_become_code_and_everything_else_is_escaped() -> None:
    assert str(inline_code("`webhook` (production) or `polling`")) == (
        "<code>webhook</code> (production) or <code>polling</code>"
    )
    assert str(inline_code("<script>x</script> `a<b>`")) == (
        "&lt;script&gt;x&lt;/script&gt; <code>a&lt;b&gt;</code>"
    )
    assert str(inline_code("one ` alone")) == "one ` alone"


async def test_the_settings_page_shows_no_raw_markdown(portal: TestClient) -> None:
    await sign_in(portal, username(Role.ADMIN))
    html = await (await portal.get("/staff/settings")).text()
    assert "<code>webhook</code> (production) or <code>polling</code>" in html
    assert "`" not in html.split("<table>", 1)[1]
