"""The published JSON Schema for survey files, generated from the definition models."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from surveys.definition import Survey


def survey_json_schema() -> dict[str, Any]:
    """Return the JSON Schema of a survey file (shape only; cross-field rules are in docs)."""
    schema = Survey.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "Heard survey",
        "description": (
            "A survey definition for Heard. Beyond this shape, 'heard survey validate' checks "
            "cross-references: unique ids, show_if on earlier questions, choices and 5-point "
            "scales, promise codes, positive answers and complete translations."
        ),
    }


def schema_text() -> str:
    """Return the schema as the text committed in surveys/schema/survey.schema.json."""
    return json.dumps(survey_json_schema(), indent=2, ensure_ascii=False) + "\n"


def published_schema_path() -> Path:
    """Return where the committed schema file lives inside the package."""
    return Path(str(resources.files("surveys") / "schema" / "survey.schema.json"))
