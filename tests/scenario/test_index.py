"""The representation index answers a question from the relations of one person: it never walks the world.

That is what keeps a question as cheap for 100k persons as for ten (benchmarks/scenario_load.py has the timings);
here it is checked without a clock, by making every whole-world collection refuse to be iterated."""

from __future__ import annotations

import datetime as dt
from typing import Any, NoReturn

from simulator.scenario import Source, load_world
from simulator.scenario.generator import dump, generate_document

from .helpers import TODAY


class _NoScanDict(dict):  # type: ignore[type-arg]
    def _scan(self, *args: Any) -> NoReturn:
        raise AssertionError("a representation question walked a whole-world collection")

    __iter__ = keys = values = items = __len__ = _scan  # type: ignore[assignment]


class _NoScanList(list):  # type: ignore[type-arg]
    def _scan(self, *args: Any) -> NoReturn:
        raise AssertionError("a representation question walked the list of machtigingen")

    __iter__ = __len__ = __getitem__ = _scan  # type: ignore[assignment]


def test_questions_look_only_at_the_persons_concerned() -> None:
    world = load_world([Source("g.yaml", dump(generate_document(600, 13)))], TODAY)
    bsns = list(world.persons)
    services = list(world.services.values())
    days = (TODAY, TODAY - dt.timedelta(days=900))

    def answers() -> list[Any]:
        result: list[Any] = []
        for day in days:
            for i, bsn in enumerate(bsns):
                dienst = services[i % len(services)]
                result.append((world.index.represented_by(bsn, day), world.index.representatives_of(bsn, day)))
                result.append((world.index.may_represent(bsn, dienst, day), world.index.representatives_of(bsn, day, dienst)))
                result.append(world.gezag_over(bsn, day))
        return result

    before = answers()
    assert sum(len(a) + len(b) for a, b in before[::3]) > 500, "the world should hold many relations"
    for name in ("persons", "organisations", "maatregelen", "gezag_entries", "services"):
        setattr(world, name, _NoScanDict(getattr(world, name)))
    world.machtigingen = _NoScanList(world.machtigingen)
    assert answers() == before
