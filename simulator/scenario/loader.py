"""Reading scenario files: YAML (or JSON) text to a validated `World`, with errors a person can act on.

Every problem names the file, line and column, the field path (``persons[3].bsn``) and what was expected.
All problems of a load are reported at once, and a load either succeeds completely or changes nothing: the
caller gets a new `World` or a `ScenarioError`, never a half-built world.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence, get_args

import yaml
from pydantic import BaseModel, ValidationError

from .clock import parse_date
from .gba import to_persoon
from .model import COLLECTIONS, ScenarioDocument

# Scenario files are data, not programs: a bound keeps a hostile input from exhausting memory. Uploads over the
# control API are bounded far lower by the app (32 MiB bodies); files and SIMULATOR_SCENARIO_INLINE come from
# the operator, and a generated world of a million persons is a 500 MB file (it is served in about 2.8 GB).
MAX_SOURCE_BYTES = 1024 * 1024 * 1024
# A scenario nests a handful of levels (collection, item, a list of addresses, one address); a file nested far
# deeper is refused with its place before a recursive reader (YAML's composer, the json module) overflows on it.
MAX_NESTING = 64


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


# A file larger than this is kept by the world that was built from it as its path and digest, not its text (see
# `Source.released`): the text of a 100k-person world is 50 MB, an eighth of what the whole server may use.
KEEP_TEXT_CHARS = 1024 * 1024


class Source:
    """The text of one scenario file and where it came from (a path, an upload, an environment variable)."""

    __slots__ = ("name", "base_dir", "_text", "_path", "_digest")

    def __init__(self, name: str, text: str, base_dir: Path | None = None) -> None:
        self.name = name
        self.base_dir = base_dir
        self._text: str | None = text
        self._path: Path | None = None
        self._digest: bytes | None = None

    def __repr__(self) -> str:
        return f"Source(name={self.name!r}, base_dir={self.base_dir!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Source):
            return NotImplemented
        return (self.name, self.base_dir, self.text) == (other.name, other.base_dir, other.text)

    __hash__ = None  # type: ignore[assignment]  # compared by content, which a hash would have to read

    def __reduce__(self) -> tuple[Any, ...]:
        # A shared state backend stores the text itself: another replica may not see the same file.
        return (Source, (self.name, self.text, self.base_dir))

    @classmethod
    def from_path(cls, path: str | os.PathLike[str]) -> "Source":
        p = Path(path)
        try:
            size = p.stat().st_size
            if size > MAX_SOURCE_BYTES:
                raise ScenarioError([Problem("", f"file is {size} bytes, more than the {MAX_SOURCE_BYTES} allowed", str(p))])
            data = p.read_bytes()
            text = _decoded(data)
        except FileNotFoundError:
            raise ScenarioError([Problem("", "file not found", str(p))]) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ScenarioError([Problem("", f"cannot read file: {exc}", str(p))]) from None
        source = cls(name=str(p), text=text, base_dir=p.parent.resolve())
        source._path, source._digest = p.resolve(), hashlib.sha256(data).digest()
        return source

    @property
    def text(self) -> str:
        if self._text is not None:
            return self._text
        assert self._path is not None and self._digest is not None  # only `released` leaves the text out
        try:
            data = self._path.read_bytes()
        except OSError as exc:
            raise ScenarioError([Problem("", f"cannot read the file again: {exc}", self.name)]) from None
        if hashlib.sha256(data).digest() != self._digest:
            raise ScenarioError([Problem("", "the file changed since the current world was loaded from it; restart the simulator to load the new content", self.name)])
        return _decoded(data)

    def released(self) -> "Source":
        """This source as a built world keeps it: a large file as its path and digest, read again (and checked to
        be unchanged) only when the world is extended; anything else as it is."""
        if self._path is None or self._text is None or len(self._text) < KEEP_TEXT_CHARS:
            return self
        kept = Source(self.name, "", self.base_dir)
        kept._text, kept._path, kept._digest = None, self._path, self._digest
        return kept


def _decoded(data: bytes) -> str:
    """The text of a file's bytes, newlines translated as `Path.read_text` does."""
    text = data.decode("utf-8")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


class DuplicateKeyError(yaml.MarkedYAMLError):
    """A mapping that names the same key twice: YAML would silently keep the last one, hiding a typo."""


class _StringLoader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """YAML loader that keeps every scalar as written and rejects duplicate keys.

    YAML 1.1 would turn gemeente code ``0518`` into an octal number, BSN ``012345672`` into an int that lost its
    leading zero and country code ``NO`` into False. Fields are typed by the model instead, from the text."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value != "<<":
                if key.value in seen:
                    raise DuplicateKeyError("while constructing a mapping", node.start_mark, f"duplicate key {key.value!r}", key.start_mark)
                seen.add(key.value)
        return super().construct_mapping(node, deep)


_StringLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _NotJsonLines(Exception):
    pass


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _NotJsonLines  # duplicate key: the YAML path reports it with its place
    return result


_JSON = json.JSONDecoder(parse_int=str, parse_float=str, object_pairs_hook=_object)
_TOP_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: +(.*))?")
_FIELD = re.compile(r"  ([A-Za-z_][A-Za-z0-9_]*): +(.*)")


@dataclass(frozen=True)
class JsonLines:
    """Where each item of a JSON-lines scenario starts: (top-level key, item index or field name) -> (line, column)."""

    places: dict[tuple[str, int | str | None], tuple[int, int]]


class _JsonText(str):
    """An item line of a JSON-lines file, decoded only when it is validated (see `_validate`)."""


def _parse_json_lines(text: str, lazy: bool = False) -> tuple[dict[str, Any], JsonLines] | None:
    """The fast path for the layout the generator writes: top-level keys, each followed by ``  - <JSON>`` items
    or ``  field: <JSON>`` lines, one per line.

    That layout is YAML whose every value is JSON, so the json module reads it a hundred times faster than a YAML
    parser, giving the same data (numbers kept as their text, as the YAML loader does). Any other line, or a
    duplicate key, returns None and the file is read as YAML.

    `lazy` leaves the items of the collections as their JSON text, so that a large world never holds all its
    items as dicts at once; decoding them may then still fail (`_validate` raises `_NotJsonLines`)."""
    data: dict[str, Any] = {}
    places: dict[tuple[str, int | str | None], tuple[int, int]] = {}
    key: str | None = None
    decode = _JSON.decode
    try:
        for number, line in enumerate(text.split("\n"), 1):
            if not line or line[0] == "#":
                continue
            if line.startswith("  - "):
                items = data[key] if key is not None else None
                if items is None:
                    items = data[key] = []  # type: ignore[index]
                if not isinstance(items, list):
                    return None
                places[(key, len(items))] = (number, 5)  # type: ignore[index]
                items.append(_JsonText(line[4:]) if lazy and key in ITEM_MODELS else decode(line[4:]))
                continue
            match = _FIELD.fullmatch(line) if line[0] == " " else _TOP_KEY.fullmatch(line)
            if match is None:
                return None
            name, value = match.groups()
            if line[0] == " ":
                fields = data[key] if key is not None else None
                if fields is None:
                    fields = data[key] = {}  # type: ignore[index]
                if not isinstance(fields, dict) or name in fields:
                    return None
                fields[name] = decode(value)
                places[(key, name)] = (number, 3)  # type: ignore[index]
                continue
            if name in data:
                return None
            key = name
            data[key] = decode(value) if value else None
            places[(key, None)] = (number, 1)
    except (ValueError, KeyError, _NotJsonLines, RecursionError):
        return None
    return data, JsonLines(places)


def _parse(source: Source, fast: bool = True) -> tuple[dict[str, Any] | None, list[Problem], JsonLines | None]:
    """The data of one file: by the JSON-lines or JSON fast paths when `fast` and the text allows, else as YAML."""
    # A character is 1-4 bytes: encode (a copy of the whole text) only when the length alone cannot decide.
    if len(source.text) * 4 > MAX_SOURCE_BYTES and len(source.text.encode("utf-8", "ignore")) > MAX_SOURCE_BYTES:
        return None, [Problem("", f"scenario is larger than {MAX_SOURCE_BYTES} bytes", source.name)], None
    lines = _parse_json_lines(source.text, lazy=True) if fast else None
    if lines is not None:
        return lines[0], [], lines[1]
    if fast and source.text.lstrip().startswith("{"):
        try:  # a JSON document: the json module reads it far faster than the YAML reader, with the same result
            data = _JSON.decode(source.text)
        except (ValueError, _NotJsonLines, RecursionError):
            pass  # not JSON after all (or a duplicate key, or nested too deep): the YAML reader says where
        else:
            if isinstance(data, dict):
                return data, [], None
    deep = _too_deep(source.text)
    if deep is not None:
        return None, [Problem("", f"nested deeper than {MAX_NESTING} levels, the limit for scenario files", source.name, deep.line + 1, deep.column + 1)], None
    try:
        data = yaml.load(source.text, Loader=_StringLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if isinstance(exc, DuplicateKeyError):
            path = _path_of_mapping(source.text, exc.context_mark) + [str(exc.problem).split("'")[1]]
            return None, [Problem(format_path(path), f"{exc.problem}: each key may appear once", source.name, mark.line + 1, mark.column + 1)], None
        message = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        return None, [
            Problem("", f"invalid YAML: {message}", source.name, mark.line + 1 if mark else None, mark.column + 1 if mark else None)
        ], None
    except yaml.YAMLError as exc:
        return None, [Problem("", f"invalid YAML: {exc}", source.name)], None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, [Problem("", f"a scenario file is a mapping with keys like {', '.join(COLLECTIONS[:3])}; got {type(data).__name__}", source.name, 1, 1)], None
    return data, [], None


def _too_deep(text: str) -> Any:
    """Where the text first nests deeper than MAX_NESTING (a yaml Mark), or None; read as a stream of events,
    which needs no recursion. A syntax error is left to the YAML reader, which reports it with its place."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_StringLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_NESTING:
                    return event.start_mark
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        # libyaml looks ahead through a flow collection and stops at its own depth limit (1000) first.
        return exc.problem_mark if "nesting depth" in str(exc.problem) else None
    except yaml.YAMLError:
        return None
    return None


def _path_of_mapping(text: str, mark: Any) -> list[str | int]:
    """The field path of the mapping node that starts at `mark` (for reporting a duplicate key)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    stack: list[tuple[Any, list[str | int]]] = [(root, [])]
    while stack:
        node, path = stack.pop()
        if node.start_mark.line == mark.line and node.start_mark.column == mark.column and isinstance(node, yaml.MappingNode):
            return path
        if isinstance(node, yaml.MappingNode):
            stack.extend((value, [*path, key.value]) for key, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((value, [*path, i]) for i, value in enumerate(node.value))
    return []


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


def _descend(node: Any, path: Sequence[str | int]) -> Any:
    """The node at `path` below `node`, or its nearest existing ancestor."""
    best = node
    for part in path:
        child = None
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            child = next((value for key, value in node.value if key.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node = best = child
    return best


def _locate(source: Source, path: Sequence[str | int], layout: JsonLines | None = None) -> tuple[int | None, int | None]:
    """Line and column (1-based) of the node at `path` in the source, or of its nearest existing ancestor.

    The node tree is composed again only when there is something to report, so loading a large valid world does
    not pay for position bookkeeping. For a JSON-lines file only the one line of the item is composed."""
    if layout is not None and path:
        top = path[0]
        head = (top, path[1]) if len(path) > 1 and (top, path[1]) in layout.places else (top, None)
        if head not in layout.places:
            return None, None
        line, column = layout.places[head]
        if head[1] is None:
            return line, column
        text = source.text.split("\n", line)[line - 1][column - 1 :]
        try:
            node = _descend(yaml.compose(text, Loader=_StringLoader), path[2:])
        except (yaml.YAMLError, RecursionError):
            return line, column
        return line, column + node.start_mark.column
    try:
        node = yaml.compose(source.text, Loader=_StringLoader)
    except (yaml.YAMLError, RecursionError):
        return None, None
    if node is None:
        return None, None
    best = _descend(node, path)
    return best.start_mark.line + 1, best.start_mark.column + 1


class _Locator:
    """Turns (source index, path) into a Problem with line and column."""

    def __init__(self, sources: Sequence[Source], layouts: Sequence[JsonLines | None] = ()):
        self._sources = sources
        self.layouts = list(layouts) or [None] * len(sources)

    def problem(self, source_index: int | None, path: Sequence[str | int], message: str) -> Problem:
        if source_index is None:
            return Problem(format_path(path), message)
        source = self._sources[source_index]
        line, column = _locate(source, path, self.layouts[source_index])
        return Problem(format_path(path), message, source.name, line, column)


@dataclass
class Origins:
    """For every item of the merged lists: the source it came from and its index there."""

    by_collection: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    # Items written in another collection than the one they joined (a persoonslijst became a person).
    labels: dict[tuple[str, int], str] = field(default_factory=dict)

    def of(self, collection: str, merged_index: int) -> tuple[int, int]:
        return self.by_collection[collection][merged_index]

    def written_in(self, collection: str, merged_index: int) -> str:
        """The collection of the file in which the item was written."""
        return self.labels.get((collection, merged_index), collection)


def reference_date(raw_documents: Sequence[dict[str, Any]], override: dt.date | None) -> dt.date:
    """The date relative dates are resolved against: the override, else the last `scenario.vandaag`, else today.

    A `vandaag` that is no date is skipped here; the model reports it at ``scenario.vandaag``."""
    if override is not None:
        return override
    chosen: dt.date | None = None
    for raw in raw_documents:
        settings = raw.get("scenario")
        if isinstance(settings, dict) and settings.get("vandaag"):
            try:
                chosen = parse_date(str(settings["vandaag"]), dt.date.today())
            except ValueError:
                pass
    return chosen or dt.date.today()


ITEM_MODELS: dict[str, type[BaseModel]] = {name: get_args(ScenarioDocument.model_fields[name].annotation)[0] for name in COLLECTIONS}


def _models_in(annotation: Any) -> bool:
    """Whether a field annotation holds scenario models (`Naam`, `Adres | None`, `list[Partnerschap]`)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_models_in(arg) for arg in get_args(annotation))


class _Sharing:
    """Lets the validated items of a load share one `__pydantic_fields_set__` per distinct set of given fields.

    pydantic gives every model instance its own set of the fields given (200-730 bytes); a generated person has
    three models, so a 100k-person world spent some 170 MB on identical little sets (benchmarks/scenario_load.py).
    The models are frozen, so nothing adds to a shared set, and `model_copy` copies the set before updating it."""

    def __init__(self) -> None:
        self.fields_sets: dict[frozenset[str], set[str]] = {}
        self.nested: dict[type[BaseModel], tuple[str, ...]] = {}

    def __call__(self, model: BaseModel) -> int:
        """Share the sets of `model` and of the models in it; the number of fields given in all of them."""
        kind = type(model)
        nested = self.nested.get(kind)
        if nested is None:
            nested = self.nested[kind] = tuple(name for name, f in kind.model_fields.items() if _models_in(f.annotation))
        values = model.__dict__
        given = model.__pydantic_fields_set__
        count = len(given)
        for name in nested:
            value = values[name]
            if type(value) is list:
                for item in value:
                    count += self(item)
            elif value is not None:
                count += self(value)
        shared = self.fields_sets.setdefault(frozenset(given), given)
        if shared is not given:
            object.__setattr__(model, "__pydantic_fields_set__", shared)
        return count


def _from_json_line(model: type[BaseModel], line: _JsonText, context: dict[str, Any], share: _Sharing) -> BaseModel | None:
    """The item on a JSON-lines item line, validated by pydantic straight from its JSON text, or None when only
    the exact path (the json module, then `model_validate`) can tell what it holds.

    pydantic reading the JSON itself saves the json module's dicts: 0.65 s decoding and 1.4 s validating 100k
    generated persons became 1.2 s (one process, collector off, timed around these calls). Its reader differs in two ways, and both send a line
    down the exact path instead: numbers are numbers, not their text (1.50 would become "1.5"), so it validates
    strictly, where a number in a text field or a fraction in a whole number is an error; and it keeps the last
    of two equal keys silently, so the line must hold no more colons than fields were given (every key is
    followed by one, a colon in a text only adds one). Any error is found again, and reported, by the exact path."""
    try:
        item = model.model_validate_json(line, strict=True, context=context)
    except ValidationError:
        return None
    return item if share(item) == line.count(":") else None


def _validate(raw: dict[str, Any], context: dict[str, Any], share: _Sharing) -> tuple[ScenarioDocument | None, list[tuple[list[str | int], str]]]:
    """Validate one file: its settings and shape as a whole, then the items of each collection one by one.

    Validating item by item (and decoding the items of a JSON-lines file only then) means a large world never
    holds all its items as dicts besides their models: a 100k-person load peaks at about 550 MB instead of
    820 MB (benchmarks/scenario_load.py). Problems and their paths are the same as for the whole document."""
    errors: list[tuple[list[str | int], str]] = []

    def collect(exc: ValidationError, prefix: list[str | int], data: Any) -> None:
        errors.extend(([*prefix, *_real_path(data, error["loc"])], _message(error)) for error in exc.errors())

    shallow = {key: [] if key in ITEM_MODELS and isinstance(value, list) else value for key, value in raw.items()}
    document: ScenarioDocument | None = None
    try:
        document = ScenarioDocument.model_validate(shallow, context=context)
    except ValidationError as exc:
        collect(exc, [], raw)
    items: dict[str, list[BaseModel]] = {}
    for name, model in ITEM_MODELS.items():
        values = raw.get(name)
        if not isinstance(values, list):
            continue
        validated = items[name] = []
        for j, value in enumerate(values):
            values[j] = None
            item = _from_json_line(model, value, context, share) if type(value) is _JsonText else None
            if item is None:
                if type(value) is _JsonText:
                    try:
                        value = _JSON.decode(value)
                    except (ValueError, _NotJsonLines, RecursionError):
                        raise _NotJsonLines from None
                try:
                    item = model.model_validate(value, context=context)
                except ValidationError as exc:
                    collect(exc, [name, j], value)
                    continue
                share(item)
            validated.append(item)
    if errors or document is None:
        return None, errors
    return document.model_copy(update=items), errors


def _keep_known_relatives(persons: list[Any], origins: Origins, as_recorded: bool = False) -> None:
    """A PL records its relatives itself (categories 02, 03, 05, 09): a relative whose BSN has no person in the
    world stays on the PL only, as in the BRP, instead of being a dangling reference of the model.

    With `scenario.relatives_as_recorded`, so does a relative whose person contradicts the PL (the checks the
    world makes of every person: a parent not older than the child, oneself as partner, a partnership the two
    sides date differently): the BRP serves such PLs, and the GBA-V test set has them."""
    if not origins.labels:
        return  # no persoonslijsten (a generated world): nothing to look at
    by_bsn: dict[str, Any] = {}
    for p in persons:
        by_bsn.setdefault(p.bsn, p)

    def fits_parent(child: Any, bsn: str) -> bool:
        parent = by_bsn[bsn]
        return bsn != child.bsn and not (dt.date.min < parent.geboortedatum >= child.geboortedatum)

    def fits_partner(p: Any, q: Any) -> bool:
        if q.partner == p.bsn:
            return False
        theirs = [r for r in by_bsn[q.partner].partners if r.partner == p.bsn and r.soort == q.soort]
        return not theirs or any(r.sinds == q.sinds for r in theirs)

    updates: dict[int, dict[str, Any]] = {}
    for i, p in enumerate(persons):
        if origins.written_in("persons", i) != "persoonslijsten":
            continue
        ouders = [b for b in p.ouders if b in by_bsn and (not as_recorded or fits_parent(p, b))]
        partners = [q for q in p.partners if q.partner in by_bsn and (not as_recorded or fits_partner(p, q))]
        if len(ouders) != len(p.ouders) or len(partners) != len(p.partners):
            updates[i] = {"ouders": ouders, "partners": partners}
    # Decided on the persons as written, then applied: both sides of a contradicting partnership let it go.
    for i, update in updates.items():
        persons[i] = persons[i].model_copy(update=update)


def read_documents(
    sources: Sequence[Source], clock: dt.date | None = None
) -> tuple[ScenarioDocument, Origins, dt.date, list[Problem], _Locator]:
    """Parse and validate each source, then merge them into one document.

    Returns the merged document, where each item came from, the reference date, and all problems found."""
    problems: list[Problem] = []
    raws: list[dict[str, Any] | None] = []
    layouts: list[JsonLines | None] = []
    for source in sources:
        raw, parse_problems, layout = _parse(source)
        raws.append(raw)
        layouts.append(layout)
        problems.extend(parse_problems)
    locator = _Locator(sources, layouts)
    present = [r for r in raws if r is not None]
    today = reference_date(present, clock)
    allow_invalid = any(
        isinstance(r.get("scenario"), dict) and str(r["scenario"].get("allow_invalid_bsn", "")).lower() in ("true", "yes", "1")
        for r in present
    )
    context = {"today": today, "allow_invalid_bsn": allow_invalid}
    share = _Sharing()

    documents: list[ScenarioDocument | None] = []
    for i, raw in enumerate(raws):
        if raw is None:
            documents.append(None)
            continue
        try:
            document, errors = _validate(raw, context, share)
        except _NotJsonLines:
            # An item line that is YAML but not JSON: read the whole file as YAML after all.
            raw, parse_problems, locator.layouts[i] = _parse(sources[i], fast=False)
            problems.extend(parse_problems)
            document, errors = _validate(raw, context, share) if raw is not None else (None, [])
        documents.append(document)
        problems.extend(locator.problem(i, path, message) for path, message in errors)
        raws[i] = None

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
        for j, pl in enumerate(doc.persoonslijsten):
            # A persoonslijst joins the persons as the model's person; its problems are located at the PL.
            try:
                person = to_persoon(pl, context)
            except (ValueError, ValidationError) as exc:
                messages = [_message(e) for e in exc.errors()] if isinstance(exc, ValidationError) else [str(exc)]
                problems.extend(locator.problem(i, ["persoonslijsten", j], message) for message in messages)
                continue
            origins.labels[("persons", len(merged["persons"]))] = "persoonslijsten"
            merged["persons"].append(person)
            origins.by_collection["persons"].append((i, j))
    _keep_known_relatives(merged["persons"], origins, bool(settings and settings.relatives_as_recorded))
    document = ScenarioDocument.model_construct(scenario=settings or ScenarioDocument().scenario, **merged)
    return document, origins, today, problems, locator
