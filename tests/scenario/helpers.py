"""Small scenario texts for the scenario tests: write them to files, load them, find what was reported where."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from simulator.scenario import Problem, ScenarioError, Source, World, load_world

TODAY = dt.date(2026, 6, 15)

# Valid BSNs (elfproef) for hand-written test worlds.
A, B, C, D, E, F, G, H = "100010003", "100010106", "100010209", "100010301", "100010404", "100010507", "100010702", "100010805"

SERVICES = """
services:
  - {id: bijstand, uuid: 00000000-0000-4000-8000-000000000001, naam: Bijstand, soort: vermogensrechtelijk, goederen: [inkomen], vertegenwoordiging: [vrijwillig, curatele, beschermingsbewind]}
  - {id: berichtenbox, uuid: 00000000-0000-4000-8000-000000000002, naam: Berichtenbox, soort: niet_vermogensrechtelijk, vertegenwoordiging: [vrijwillig, ouderlijk_gezag, voogdij, curatele, mentorschap]}
  - {id: paspoort-kind, uuid: 00000000-0000-4000-8000-000000000003, naam: Paspoort kind, soort: niet_vermogensrechtelijk, vertegenwoordiging: [ouderlijk_gezag, voogdij]}
"""


def person(bsn: str, born: str, **extra: str) -> str:
    """One person as a flow mapping line (extra: raw YAML values, e.g. ouders='["..."]')."""
    fields = "".join(f", {k}: {v}" for k, v in extra.items())
    return f'  - {{bsn: "{bsn}", naam: {{geslachtsnaam: P{bsn[-3:]}}}, geslacht: V, geboortedatum: "{born}"{fields}}}\n'


def write(tmp_path: Path, text: str, name: str = "scenario.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def load(*paths: Path, clock: dt.date | None = TODAY) -> World:
    return load_world([Source.from_path(p) for p in paths], clock)


def problems(*paths: Path, clock: dt.date | None = TODAY) -> list[Problem]:
    with pytest.raises(ScenarioError) as caught:
        load(*paths, clock=clock)
    return caught.value.problems


def position(path: Path, snippet: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based line and column of the `occurrence`-th appearance of `snippet` in the file; for a snippet
    ``key: value``, of the value (problems point at the value that is wrong)."""
    key, sep, _ = snippet.partition(": ")
    skip = len(key) + len(sep) if sep and not snippet.startswith("{") else 0
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        start = 0
        while (column := line.find(snippet, start)) >= 0:
            seen += 1
            if seen == occurrence:
                return number, column + 1 + skip
            start = column + 1
    raise AssertionError(f"{snippet!r} not in {path}")


def only(found: list[Problem], field_path: str) -> Problem:
    matching = [p for p in found if p.path == field_path]
    assert len(matching) == 1, f"expected one problem at {field_path}, got: {[str(p) for p in found]}"
    return matching[0]
