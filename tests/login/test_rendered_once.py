"""The parts of the login page that are the same for every login are rendered once: the persona list per world
and business day, the outcome options per chosen outcome; what differs per login (the pre-selected persona) is
still right."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import html

from simulator.login import pages
from simulator.scenario import World, load_world
from simulator.config import DEFAULT_SCENARIO
from simulator.store import sources_from_paths

TODAY = dt.date(2026, 6, 15)


@pytest.fixture()
def world() -> World:
    return load_world(sources_from_paths([DEFAULT_SCENARIO]), TODAY)  # a world of its own: nothing rendered yet


def _selected(markup: str) -> list[str]:
    return html.fromstring(f"<select>{markup}</select>").xpath("//option[@selected]/@value")


def test_the_persona_list_is_built_once_per_world_and_day(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dt.date] = []
    real = pages.personas

    def counted(w: World, today: dt.date, limit: int):  # type: ignore[no-untyped-def]
        calls.append(today)
        return real(w, today, limit)

    monkeypatch.setattr(pages, "personas", counted)
    first = pages.persona_options(world, TODAY, None)
    assert pages.persona_options(world, TODAY, None) == first and calls == [TODAY]
    pages.persona_options(world, TODAY + dt.timedelta(days=1), None)  # another business day: roles may differ
    assert calls == [TODAY, TODAY + dt.timedelta(days=1)]
    pages.persona_options(load_world(sources_from_paths([DEFAULT_SCENARIO]), TODAY), TODAY, None)  # another world
    assert len(calls) == 3


def test_the_preselected_persona_is_marked_in_the_shared_list(world: World) -> None:
    assert _selected(pages.persona_options(world, TODAY, None)) == []
    assert _selected(pages.persona_options(world, TODAY, "999990019")) == ["999990019"]
    assert _selected(pages.persona_options(world, TODAY, None)) == []  # the shared list was not changed
    assert _selected(pages.persona_options(world, TODAY, "not a bsn")) == []


def test_the_outcome_options_mark_the_chosen_outcome() -> None:
    assert _selected(pages.outcome_options("success")) == ["success"]
    assert _selected(pages.outcome_options("bad_signature")) == ["bad_signature"]
