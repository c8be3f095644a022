"""The fault suite: each of issue 20's findings replayed, with the tally printed at the end."""

from __future__ import annotations

import pytest

from tests.faults.harness import RESULTS


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/faults/" in str(item.fspath):
            item.add_marker(pytest.mark.faults)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if RESULTS:
        terminalreporter.section("fault suite")
        for result in RESULTS:
            terminalreporter.write_line(result.line())
