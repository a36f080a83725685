"""The generator: deterministic, valid on any clock, realistic in what it holds, and its relations are found from
both sides of the representation index."""

from __future__ import annotations

import collections
import datetime as dt
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.scenario import Source, World, bsn_problem, load_world
from simulator.scenario.generator import dump, generate_document, generate_to_file

from .helpers import TODAY, only, problems


@lru_cache(maxsize=8)
def generated(persons: int, seed: int, clock: dt.date = TODAY) -> World:
    text = dump(generate_document(persons, seed))
    return load_world([Source(f"generated-{persons}-{seed}.yaml", text)], clock)


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    generate_to_file(tmp_path / "a.yaml", 400, seed=11)
    generate_to_file(tmp_path / "b.yaml", 400, seed=11)
    generate_to_file(tmp_path / "c.yaml", 400, seed=12)
    assert (tmp_path / "a.yaml").read_bytes() == (tmp_path / "b.yaml").read_bytes()
    assert (tmp_path / "a.yaml").read_bytes() != (tmp_path / "c.yaml").read_bytes()


def test_exact_person_count_and_valid_numbers() -> None:
    world = generated(1000, 3)
    assert len(world.persons) == 1000
    numbers = list(world.persons) + [o.rsin for o in world.organisations.values() if o.rsin]
    assert all(bsn_problem(n) is None for n in numbers)
    assert len(set(numbers)) == len(numbers)
    # The 9-digit range below 900000000 never meets the default personas (99999xxxx).
    assert all(n[0] != "9" for n in numbers)
    addresses = [p.adres for p in world.persons.values() if p.adres]
    assert max(collections.Counter(a.nummeraanduiding_id for a in addresses).values()) > 1  # households share one


def test_absolute_dates_with_a_clock() -> None:
    document = generate_document(50, 5, today=dt.date(2026, 6, 15))
    assert document["scenario"]["vandaag"] == "2026-06-15"
    assert document["persons"][0]["geboortedatum"][:2] in ("19", "20")


def test_relative_world_validates_on_any_clock() -> None:
    text = dump(generate_document(1500, 21))
    for clock in (dt.date(2024, 2, 29), dt.date(2031, 12, 31), dt.date(2027, 3, 31)):
        world = load_world([Source("g.yaml", text)], clock)
        assert len(world.persons) == 1500


def test_world_holds_every_kind_of_relation() -> None:
    world = generated(3000, 7)
    day = TODAY
    minors = [p for p in world.persons.values() if world.gezag_over(p.bsn, day) is not None]
    gezag_types = collections.Counter(world.gezag_over(p.bsn, day).type for p in minors)  # type: ignore[union-attr]
    assert {"GezamenlijkOuderlijkGezag", "EenhoofdigOuderlijkGezag", "GezagNietTeBepalen"} <= set(gezag_types)
    derived = sum(1 for p in minors if p.bsn not in world.gezag_entries)
    assert derived > len(minors) / 2, "most minors' gezag is derived, not written"
    assert {e.type for e in world.gezag_entries.values()} >= {"GezamenlijkOuderlijkGezag", "Voogdij"}
    assert any(p.overlijdensdatum for p in world.persons.values())
    assert any(p.buitenland for p in world.persons.values())
    assert any(q.reden_ontbinding == "echtscheiding" for ps in map(world.partnerships_of, world.persons) for q in ps)
    soorten = collections.Counter(m.soort for m in world.maatregelen.values())
    assert set(soorten) == {"beschermingsbewind", "curatele", "mentorschap"}
    assert {m.status for m in world.maatregelen.values()} >= {"actief", "beeindigd", "aangevraagd"}
    assert {m.status for m in world.machtigingen} >= {"actief", "ingetrokken", "aangevraagd"}
    offices = [o for o in world.organisations.values() if "ewind" in o.naam]
    assert offices and max(world.client_count(None, o.kvk) for o in offices) >= 10
    assert all(len(o.medewerkers) >= 2 for o in offices)
    statuses = {r.status for bsn in world.persons for r in world.index.represented_by(bsn, day)}
    assert {"actief", "MAATREGEL_BEEINDIGD", "NOG_NIET_INGEGAAN", "MACHTIGING_INGETROKKEN", "OVERLEDEN"} <= statuses


def key(r) -> tuple:  # type: ignore[no-untyped-def]
    return (r.actor, r.subject, r.grond, r.bron, r.ref, r.status, r.organisatie)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(persons=st.integers(min_value=20, max_value=400), seed=st.integers(min_value=0, max_value=2**32), offset=st.integers(min_value=-4000, max_value=4000), service=st.integers(min_value=0, max_value=10))
def test_every_relation_is_found_from_both_sides(persons: int, seed: int, offset: int, service: int) -> None:
    world = load_world([Source("g.yaml", dump(generate_document(persons, seed)))], TODAY)
    day = TODAY + dt.timedelta(days=offset)
    services = list(world.services.values())
    dienst = services[service] if service < len(services) else None
    by_actor = {key(r) for bsn in world.persons for r in world.index.represented_by(bsn, day, dienst)}
    by_subject = {key(r) for bsn in world.persons for r in world.index.representatives_of(bsn, day, dienst)}
    assert by_actor == by_subject
    if dienst is not None:
        offered = {key(r) for bsn in world.persons for r in world.index.may_represent(bsn, dienst, day)}
        assert offered == {k for k in by_actor if k[5] == "actief"}
    # Every measure, machtiging and gezag relation of the file is in the index.
    refs = {k[4] for k in by_actor}
    assert set(world.maatregelen) <= refs
    assert {m.id for m in world.machtigingen} <= refs


def test_a_problem_in_a_generated_file_points_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    generate_to_file(path, 300, seed=4)
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("  - {\"id\": \"M-"))
    bad = lines[number].replace('"diensten": ["', '"diensten": ["no-such-service", "', 1)
    lines[number] = bad
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problem = only(problems(path), "machtigingen[0].diensten[0]")
    assert (problem.line, problem.column) == (number + 1, bad.index('"no-such-service"') + 1)


@pytest.mark.slow
def test_ten_thousand_persons_validate(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    generate_to_file(path, 10_000, seed=7)
    world = load_world([Source.from_path(path)], TODAY)
    assert len(world.persons) == 10_000
    assert len(world.maatregelen) > 100 and len(world.machtigingen) > 100 and len(world.gezag_entries) > 100
