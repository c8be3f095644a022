"""Taxonomy files: Heard's default loads; malformed or unknown files fail naming file and problem."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from anonymiser.themes import TaxonomyError, load_taxonomy
from anonymiser.themes.taxonomy import DEFAULT_TAXONOMY_PATH


def _default() -> dict[str, Any]:
    return json.loads(DEFAULT_TAXONOMY_PATH.read_text(encoding="utf-8"))


def _write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "council-taxonomy.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_default_taxonomy_has_seventeen_themes_in_six_priorities() -> None:
    taxonomy = load_taxonomy()
    assert len(taxonomy) == 17
    assert taxonomy.codes[:3] == ("VOICE", "INFO", "SW")
    assert len(taxonomy.priorities) == 6
    assert {t.corporate_parenting_priority for t in taxonomy} <= set(taxonomy.priorities)


def test_combined_wellbeing_domains_are_split() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.theme("PLACE").wellbeing_domains == ("Recovery", "Relationships")
    assert set(taxonomy.wellbeing_domains) == {"Rights", "Relationships", "Recovery", "Resilience"}


def test_a_council_taxonomy_of_the_same_shape_loads(tmp_path: Path) -> None:
    data = _default()
    data["themes"] = data["themes"][:5]
    data["themes"][0]["name"] = "Being heard"
    taxonomy = load_taxonomy(_write(tmp_path, data))
    assert taxonomy.codes == ("VOICE", "INFO", "SW", "CARER", "PLACE")
    assert taxonomy.theme("VOICE").name == "Being heard"


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    with pytest.raises(TaxonomyError, match=r"nope\.json: taxonomy file not found"):
        load_taxonomy(missing)


def test_invalid_json_names_file_and_position(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"themes": [', encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"broken\.json: not valid JSON: .* line 1"):
        load_taxonomy(path)


def _mutated(mutate: Any) -> dict[str, Any]:
    data = _default()
    mutate(data)
    return data


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (lambda d: d.update(colour="blue"), r"unknown top-level key\(s\) colour"),
        (lambda d: d.pop("themes"), r"missing top-level key\(s\) themes"),
        (lambda d: d.update(themes=[]), r"\"themes\" must be a non-empty list"),
        (lambda d: d["themes"][2].pop("code"), r"themes\[2\] is missing \"code\""),
        (lambda d: d["themes"][3].update(code="sw"), r"themes\[3\] has code 'sw'"),
        (lambda d: d["themes"][1].update(code="VOICE"), r"duplicate theme code 'VOICE'"),
        (lambda d: d["themes"][0].update(colour="red"), r"theme VOICE has unknown key\(s\) colour"),
        (lambda d: d["themes"][0].pop("wellbeing_domain"), r"theme VOICE is missing \"wellbeing_domain\""),
        (lambda d: d.update(sentiment_labels=["good", "bad"]), r"\"sentiment_labels\" must be"),
        (
            lambda d: d["themes"][0].update(corporate_parenting_priority="Parks"),
            r"theme priority not listed in \"priorities\": Parks",
        ),
        (lambda d: d.update(priorities="all"), r"\"priorities\" must be a list"),
    ],
)
def test_malformed_taxonomy_fails_with_file_and_problem(tmp_path: Path, mutate: Any, problem: str) -> None:
    path = _write(tmp_path, _mutated(mutate))
    with pytest.raises(TaxonomyError, match=r"council-taxonomy\.json: " + problem):
        load_taxonomy(path)


def test_top_level_must_be_an_object(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyError, match="expected a JSON object"):
        load_taxonomy(_write(tmp_path, ["VOICE"]))
