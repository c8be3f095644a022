"""Logs: one JSON shape for every record, standard level names, libraries only from WARNING up."""

from __future__ import annotations

import json
import logging

import pytest

from bot.logs import configure_logging


def test_one_json_shape_standard_levels_and_quiet_libraries(capsys: pytest.CaptureFixture[str]) -> None:
    try:
        configure_logging("INFO")
        logging.getLogger("bot.conversation.safety").warning(
            "conversation.alert", extra={"event": "conversation.alert", "level": "urgent"}
        )
        logging.getLogger("weasyprint").info("a line about a stylesheet")
        logging.getLogger("weasyprint").warning("a real problem")
        logging.getLogger("feedback.retention").info("retention.purged", extra={"count": 2})
    finally:
        configure_logging("INFO")
        logging.captureWarnings(False)
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert [(e["logger"], e["level"]) for e in lines] == [
        ("bot.conversation.safety", "WARNING"),
        ("weasyprint", "WARNING"),
        ("feedback.retention", "INFO"),
    ]
    assert lines[0]["extra_level"] == "urgent"  # a risk level never replaces the log level
    assert all(set(e) >= {"ts", "level", "logger", "msg"} for e in lines)
