"""The installed surveys: the shipped bank plus an optional directory of local ones.

This is the one place the package reads files, and only survey files given
to it; it never writes. Two files claiming the same id and version are a
problem, because a survey in use is versioned, never edited in place.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from surveys.definition import Survey
from surveys.validate import Checked, Problem, check_bytes

SURVEY_SUFFIXES = (".yaml", ".yml")


def shipped_bank_dir() -> Path:
    """Return the directory holding the surveys that ship with Heard."""
    return Path(str(resources.files("surveys") / "bank"))


def survey_files(paths: Iterable[Path]) -> list[Path]:
    """Return the survey files named, with directories expanded to their YAML files."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in SURVEY_SUFFIXES))
        else:
            files.append(path)
    return files


def check_file(path: Path) -> Checked:
    """Return the checked survey in a file; an unreadable file is a problem, not an error."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problem = Problem(
            str(path),
            1,
            f"cannot read the file ({exc.strerror or exc})",
            "check the path and its permissions",
        )
        return Checked(str(path), None, (problem,))
    return check_bytes(raw, str(path))


def check_files(files: Sequence[Path]) -> list[Checked]:
    """Return every file checked, with id and version clashes between files as problems."""
    results = [check_file(path) for path in files]
    first_file: dict[tuple[str, int], str] = {}
    for index, checked in enumerate(results):
        if checked.survey is None:
            continue
        key = (checked.survey.id, checked.survey.version)
        if key in first_file:
            problem = Problem(
                checked.file,
                1,
                f"survey {key[0]!r} version {key[1]} is also defined in {first_file[key]}",
                "raise 'version:' when you change a survey; never edit one in place",
            )
            results[index] = Checked(checked.file, None, (problem,))
        else:
            first_file[key] = checked.file
    return results


@dataclass(frozen=True)
class Bank:
    """The surveys that loaded cleanly, and the problems of those that did not."""

    surveys: tuple[Survey, ...]
    problems: tuple[Problem, ...]

    def get(self, survey_id: str, version: int | None = None) -> Survey:
        """Return a survey by id, the newest version unless one is asked for; KeyError if none."""
        matches = [s for s in self.surveys if s.id == survey_id]
        if version is not None:
            matches = [s for s in matches if s.version == version]
        if not matches:
            raise KeyError(f"{survey_id} v{version}" if version else survey_id)
        return max(matches, key=lambda survey: survey.version)


def load_bank(extra_dir: Path | None = None) -> Bank:
    """Return the shipped surveys plus those in ``extra_dir`` (e.g. from HEARD_SURVEYS_DIR)."""
    dirs = [shipped_bank_dir()] + ([extra_dir] if extra_dir is not None else [])
    results = check_files(survey_files(dirs))
    surveys = tuple(c.survey for c in results if c.survey is not None)
    problems = tuple(p for c in results for p in c.problems)
    return Bank(surveys, problems)


def fingerprint(survey: Survey) -> str:
    """Return a hash of the survey's content, so storage can spot a file edited in place."""
    canonical = json.dumps(survey.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
