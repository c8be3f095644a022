"""axe-core in the browser tests: fetched from the npm registry once, then injected into each page.

The version is pinned; ``npm pack`` checks the package against the registry's
integrity hash. The script is kept under ``.cache/axe-core/`` in the project
(ignored by git), so a fresh machine fetches it on its first ``make test``
and never again. Pages are checked with the rule tags for WCAG 2.0/2.1 A and
AA; a violation of impact "serious" or "critical" fails the test.
"""

from __future__ import annotations

import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

AXE_VERSION = "4.10.3"
CACHE = Path(__file__).resolve().parent.parent / ".cache" / "axe-core" / AXE_VERSION / "axe.min.js"
BLOCKING = ("serious", "critical")
RUN = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    resultTypes: ["violations"],
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
  }));
}"""


def axe_script() -> str:
    """Return axe.min.js, fetching the pinned version from the npm registry the first time."""
    if not CACHE.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is needed once to fetch axe-core (apt-get install -y npm)")
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                [npm, "pack", f"axe-core@{AXE_VERSION}", "--pack-destination", tmp, "--silent"],
                check=True,
                capture_output=True,
                timeout=300,
            )
            [tarball] = Path(tmp).glob("axe-core-*.tgz")
            with tarfile.open(tarball) as archive:
                member = archive.extractfile("package/axe.min.js")
                assert member is not None
                CACHE.parent.mkdir(parents=True, exist_ok=True)
                partial = CACHE.with_suffix(".part")
                partial.write_bytes(member.read())
                partial.replace(CACHE)
    return CACHE.read_text(encoding="utf-8")


def blocking(violations: list[dict[str, Any]], where: str) -> list[str]:
    """Return the serious and critical violations as readable lines, each saying where."""
    return [
        f"{where}: {v['impact']} {v['id']} ({v['help']}) at {', '.join(v['targets'])}"
        for v in violations
        if v.get("impact") in BLOCKING
    ]


def check_sync(page: Any, where: str) -> list[str]:
    """Inject axe-core into a Playwright (sync) page and return its blocking violations."""
    page.evaluate(axe_script())
    return blocking(page.evaluate(RUN), where)


async def check(page: Any, where: str) -> list[str]:
    """Inject axe-core into a Playwright (async) page and return its blocking violations."""
    await page.evaluate(axe_script())
    return blocking(await page.evaluate(RUN), where)
