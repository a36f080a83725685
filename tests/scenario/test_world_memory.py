"""What keeps a large world small and its first requests cheap: shared field sets, no reference cycle between a
world and its index (so a replaced world is freed without the cyclic collector), and values derived from a
world built once for all threads."""

from __future__ import annotations

import gc
import threading
import time
import weakref

from simulator.scenario import Source, load_world
from simulator.scenario.generator import dump, generate_document

from .helpers import TODAY


def _world(persons: int = 300, seed: int = 5):  # type: ignore[no-untyped-def]
    return load_world([Source("generated.yaml", dump(generate_document(persons, seed)))], TODAY)


def test_models_with_the_same_given_fields_share_one_fields_set() -> None:
    world = _world()
    persons = list(world.persons.values())
    distinct = {id(p.__pydantic_fields_set__) for p in persons}
    assert len(distinct) == len({frozenset(p.model_fields_set) for p in persons}) < len(persons) / 10
    addresses = [p.adres for p in persons if p.adres is not None]
    assert len({id(a.__pydantic_fields_set__) for a in addresses}) < len(addresses) / 10
    # Still per instance where it matters: a copy with an update gets its own set, the original keeps its own.
    person = next(p for p in persons if "toelichting" not in p.model_fields_set)
    copy = person.model_copy(update={"toelichting": "x"})
    assert "toelichting" in copy.model_fields_set and "toelichting" not in person.model_fields_set


def test_a_dropped_world_is_freed_by_reference_counting_alone() -> None:
    world = _world(50)
    assert world.index.represented_by(next(iter(world.persons)), TODAY) is not None
    gone = weakref.ref(world)
    gc.disable()
    try:
        del world
        assert gone() is None
    finally:
        gc.enable()


def test_a_derived_value_is_built_once_for_concurrent_first_callers() -> None:
    world = _world(50)
    builds = []

    def build(w: object) -> object:
        builds.append(w)
        time.sleep(0.05)  # long enough for every thread to arrive while the first is building
        return object()

    results = []
    threads = [threading.Thread(target=lambda: results.append(world.derived("test.index", build))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1 and len({id(r) for r in results}) == 1


def test_a_large_file_is_kept_by_its_path_and_read_again_unchanged(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pickle

    import pytest

    from simulator.scenario import ScenarioError, loader

    monkeypatch.setattr(loader, "KEEP_TEXT_CHARS", 1000)  # the generated file below is some 30 kB
    path = tmp_path / "world.yaml"
    text = dump(generate_document(60, 3))
    path.write_text(text, encoding="utf-8")
    small = Source("small.yaml", "scenario:\n  naam: klein\n")
    world = load_world([Source.from_path(path), small], TODAY)
    kept, also = world.sources
    assert kept._text is None and also is small  # the world holds no copy of the large text
    assert kept.text == text  # read again when the world is extended
    assert pickle.loads(pickle.dumps(kept)).text == text  # a shared state backend gets the text itself
    assert load_world(world.sources, TODAY).persons == world.persons
    path.write_text(text.replace("scenario:", "scenario:  ", 1), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        kept.text
    (problem,) = caught.value.problems
    assert problem.file == str(path) and "changed since" in problem.message
