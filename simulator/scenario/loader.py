"""Reading scenario files: YAML (or JSON) text to a validated `World`, with errors a person can act on.

Every problem names the file, line and column, the field path (``persons[3].bsn``) and what was expected.
All problems of a load are reported at once, and a load either succeeds completely or changes nothing: the
caller gets a new `World` or a `ScenarioError`, never a half-built world.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import yaml
from pydantic import ValidationError

from .clock import parse_date
from .model import COLLECTIONS, ScenarioDocument

# Scenario files are data, not programs: a bound keeps a hostile upload from exhausting memory.
MAX_SOURCE_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario: where (file, line, column, field path) and what."""

    path: str
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.file or "<scenario>"
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "column": self.column, "path": self.path, "message": self.message}


class ScenarioError(Exception):
    """A scenario that cannot be loaded; `problems` lists every reason."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Source:
    """The text of one scenario file and where it came from (a path, an upload, an environment variable)."""

    name: str
    text: str
    base_dir: Path | None = None

    @classmethod
    def from_path(cls, path: str | os.PathLike[str]) -> "Source":
        p = Path(path)
        try:
            size = p.stat().st_size
            if size > MAX_SOURCE_BYTES:
                raise ScenarioError([Problem("", f"file is {size} bytes, more than the {MAX_SOURCE_BYTES} allowed", str(p))])
            text = p.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ScenarioError([Problem("", "file not found", str(p))]) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ScenarioError([Problem("", f"cannot read file: {exc}", str(p))]) from None
        return cls(name=str(p), text=text, base_dir=p.parent.resolve())


class _StringLoader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """YAML loader that keeps every scalar as written.

    YAML 1.1 would turn gemeente code ``0518`` into an octal number, BSN ``012345672`` into an int that lost its
    leading zero and country code ``NO`` into False. Fields are typed by the model instead, from the text."""


_StringLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _parse(source: Source) -> tuple[dict[str, Any] | None, list[Problem]]:
    if len(source.text.encode("utf-8", "ignore")) > MAX_SOURCE_BYTES:
        return None, [Problem("", f"scenario is larger than {MAX_SOURCE_BYTES} bytes", source.name)]
    try:
        data = yaml.load(source.text, Loader=_StringLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        return None, [
            Problem("", f"invalid YAML: {message}", source.name, mark.line + 1 if mark else None, mark.column + 1 if mark else None)
        ]
    except yaml.YAMLError as exc:
        return None, [Problem("", f"invalid YAML: {exc}", source.name)]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, [Problem("", f"a scenario file is a mapping with keys like {', '.join(COLLECTIONS[:3])}; got {type(data).__name__}", source.name, 1, 1)]
    return data, []


def format_path(parts: Iterable[str | int]) -> str:
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _real_path(data: Any, loc: Sequence[Any]) -> list[str | int]:
    """The part of a pydantic error location that exists in the data (union member tags are dropped)."""
    result: list[str | int] = []
    current = data
    for part in loc:
        if isinstance(current, dict) and part in current:
            result.append(part)
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            result.append(part)
            current = current[part]
        elif isinstance(current, dict) and isinstance(part, str) and not any(c in part for c in "[]()"):
            result.append(part)  # a missing or unknown key: name it, stop descending
            current = None
    return result


def _message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    msg = str(error.get("msg", ""))
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field"
    if msg.startswith("Value error, "):
        return msg[len("Value error, ") :]
    if msg.startswith("Assertion failed, "):
        return msg[len("Assertion failed, ") :]
    value = error.get("input")
    if isinstance(value, (str, int, float, bool)) or value is None:
        return f"{msg} (got {value!r})"
    return msg


def _locate(source: Source, path: Sequence[str | int]) -> tuple[int | None, int | None]:
    """Line and column (1-based) of the node at `path` in the source, or of its nearest existing ancestor.

    The node tree is composed again only when there is something to report, so loading a large valid world does
    not pay for position bookkeeping."""
    try:
        node = yaml.compose(source.text, Loader=_StringLoader)
    except yaml.YAMLError:
        return None, None
    best = node
    for part in path:
        if node is None:
            break
        child = None
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key, value in node.value:
                if key.value == part:
                    child = value
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node = best = child
    if best is None:
        return None, None
    return best.start_mark.line + 1, best.start_mark.column + 1


class _Locator:
    """Turns (source index, path) into a Problem with line and column, composing each source at most once."""

    def __init__(self, sources: Sequence[Source]):
        self._sources = sources

    def problem(self, source_index: int | None, path: Sequence[str | int], message: str) -> Problem:
        if source_index is None:
            return Problem(format_path(path), message)
        source = self._sources[source_index]
        line, column = _locate(source, path)
        return Problem(format_path(path), message, source.name, line, column)


@dataclass
class Origins:
    """For every item of the merged lists: the source it came from and its index there."""

    by_collection: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def of(self, collection: str, merged_index: int) -> tuple[int, int]:
        return self.by_collection[collection][merged_index]


def reference_date(raw_documents: Sequence[dict[str, Any]], override: dt.date | None) -> tuple[dt.date, list[tuple[int, str]]]:
    """The date relative dates are resolved against: the override, else the last `scenario.vandaag`, else today."""
    if override is not None:
        return override, []
    chosen: dt.date | None = None
    bad: list[tuple[int, str]] = []
    for i, raw in enumerate(raw_documents):
        settings = raw.get("scenario")
        if isinstance(settings, dict) and settings.get("vandaag"):
            try:
                chosen = parse_date(str(settings["vandaag"]), dt.date.today())
            except ValueError as exc:
                bad.append((i, str(exc)))
    return chosen or dt.date.today(), bad


def read_documents(
    sources: Sequence[Source], clock: dt.date | None = None
) -> tuple[ScenarioDocument, Origins, dt.date, list[Problem], _Locator]:
    """Parse and validate each source, then merge them into one document.

    Returns the merged document, where each item came from, the reference date, and all problems found."""
    locator = _Locator(sources)
    problems: list[Problem] = []
    raws: list[dict[str, Any] | None] = []
    for source in sources:
        raw, parse_problems = _parse(source)
        raws.append(raw)
        problems.extend(parse_problems)
    present = [r for r in raws if r is not None]
    today, bad_dates = reference_date(present, clock)
    for i, message in bad_dates:
        problems.append(locator.problem(raws.index(present[i]), ["scenario", "vandaag"], message))
    allow_invalid = any(
        isinstance(r.get("scenario"), dict) and str(r["scenario"].get("allow_invalid_bsn", "")).lower() in ("true", "yes", "1")
        for r in present
    )
    context = {"today": today, "allow_invalid_bsn": allow_invalid}

    documents: list[ScenarioDocument | None] = []
    for i, raw in enumerate(raws):
        if raw is None:
            documents.append(None)
            continue
        try:
            documents.append(ScenarioDocument.model_validate(raw, context=context))
        except ValidationError as exc:
            documents.append(None)
            for error in exc.errors():
                path = _real_path(raw, error["loc"])
                problems.append(locator.problem(i, path, _message(error)))

    origins = Origins({name: [] for name in COLLECTIONS})
    merged: dict[str, Any] = {name: [] for name in COLLECTIONS}
    settings = None
    for i, doc in enumerate(documents):
        if doc is None:
            continue
        if "scenario" in doc.model_fields_set:
            settings = doc.scenario if settings is None else settings.model_copy(update=doc.scenario.model_dump(exclude_unset=True))
        for name in COLLECTIONS:
            items = getattr(doc, name)
            merged[name].extend(items)
            origins.by_collection[name].extend((i, j) for j in range(len(items)))
    document = ScenarioDocument.model_construct(scenario=settings or ScenarioDocument().scenario, **merged)
    return document, origins, today, problems, locator
