"""Survey text parsed from YAML, with the line of every key and value kept.

The loader is PyYAML's safe loader with two changes that matter for survey
files: only ``true``/``false`` are booleans (so ``yes``, ``no`` and ``on``
stay words, as answer codes and language tags need), and anchors/aliases are
refused (they are never needed in a survey and can blow up in size).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, SequenceNode

MAX_BYTES = 1_000_000
MAX_DEPTH = 40

Path = tuple[str, ...]


class _SurveyLoader(yaml.SafeLoader):
    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (*name) are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)


# Copy the resolvers so the change does not leak into yaml.SafeLoader.
_SurveyLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_SurveyLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass(frozen=True)
class SourceError:
    """Why a file could not be read as YAML, and where."""

    line: int
    message: str
    hint: str


@dataclass
class Source:
    """Parsed YAML data and the line where each path's key (or value) starts."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: tuple[str | int, ...]) -> int:
        """Return the line of the path, or of its nearest ancestor that exists in the file."""
        key = tuple(str(part) for part in path)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), 1)


def parse(raw: bytes) -> Source | SourceError:
    """Return the parsed file with line marks, or the first reason it cannot be read."""
    if len(raw) > MAX_BYTES:
        return SourceError(
            1,
            f"file is larger than {MAX_BYTES:,} bytes",
            "a survey file is text; check this is the right file",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return SourceError(line, "file is not UTF-8 text", "save the file as UTF-8 text")
    if text.startswith("\ufeff"):
        text = text[1:]
    if _bracket_depth(text) > MAX_DEPTH:
        # PyYAML parses flow collections recursively; refuse deep ones before it tries.
        return SourceError(
            1,
            "not valid YAML: brackets are nested too deeply",
            "a survey is at most a few levels deep; check the brackets",
        )
    loader: _SurveyLoader | None = None
    try:
        loader = _SurveyLoader(text)
        node = loader.get_single_node()
        if node is None:
            return SourceError(1, "file is empty", "start from a survey in surveys/bank/")
        if _depth(node) > MAX_DEPTH:
            return SourceError(
                node.start_mark.line + 1,
                "file is nested too deeply",
                "a survey is at most a few levels deep; check the indentation",
            )
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or exc.context or "not valid YAML"
        mark = exc.problem_mark or exc.context_mark
        if "stream end" in problem and exc.context_mark is not None:
            # Running off the end of the file: the useful place is where it opened.
            mark, problem = exc.context_mark, f"{exc.context}, never closed"
        line = mark.line + 1 if mark is not None else 1
        return SourceError(line, f"not valid YAML: {problem}", _yaml_hint(problem))
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        return SourceError(
            line, "not valid YAML: the file holds control characters", _yaml_hint("special characters")
        )
    except RecursionError:
        return SourceError(
            1,
            "not valid YAML: brackets or lists are nested too deeply",
            "a survey is at most a few levels deep; check the brackets",
        )
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        return SourceError(
            1, f"not valid YAML: {type(exc).__name__}", "check the file is a YAML survey definition"
        )
    finally:
        if loader is not None:
            loader.dispose()
    lines: dict[Path, int] = {(): node.start_mark.line + 1}
    _record(node, (), lines)
    return Source(data, lines)


def _yaml_hint(problem: str) -> str:
    if "tab" in problem:
        return "indent with spaces, not tabs"
    if "alias" in problem:
        return "write the text out in full instead of using &anchor and *alias"
    if "special characters" in problem:
        return "the file holds control characters or binary data; save it as plain text"
    if "mapping values" in problem:
        return "put text containing ': ' in quotes"
    if "never closed" in problem:
        return "close the bracket or quote opened on this line"
    if "'?'" in problem or "','" in problem:
        return "inside {...} or [...], put text containing '?', ':' or ',' in quotes"
    return "check indentation and quotes near this line"


def _bracket_depth(text: str) -> int:
    """Return the deepest run of open brackets, ignoring quotes (an upper bound is enough)."""
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(depth - 1, 0)
    return deepest


def _depth(node: Node) -> int:
    depth, frontier = 0, [node]
    while frontier and depth <= MAX_DEPTH:
        depth += 1
        children: list[Node] = []
        for item in frontier:
            if isinstance(item, MappingNode):
                for key, value in item.value:
                    children.extend((key, value))
            elif isinstance(item, SequenceNode):
                children.extend(item.value)
        frontier = children
    return depth


def _record(node: Node, path: Path, lines: dict[Path, int]) -> None:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            child = (*path, str(key.value))
            lines.setdefault(child, key.start_mark.line + 1)
            _record(value, child, lines)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            child = (*path, str(index))
            lines.setdefault(child, item.start_mark.line + 1)
            _record(item, child, lines)
