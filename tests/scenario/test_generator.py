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


def test_json_lines_read_like_yaml_and_other_layouts_fall_back(tmp_path: Path) -> None:
    import yaml

    from simulator.scenario.loader import _parse_json_lines, _StringLoader

    text = dump(generate_document(80, 2))
    fast = _parse_json_lines(text)
    assert fast is not None and fast[0] == yaml.load(text, Loader=_StringLoader)  # noqa: S506
    assert _parse_json_lines("persons:\n  - bsn: '1'\n") is None
    # A duplicate key in a JSON line is left to the YAML reader, which names it.
    lines = text.splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith('  - {"bsn"'))
    lines[number] = lines[number].replace('{"bsn"', '{"geslacht": "V", "bsn"', 1)
    path = tmp_path / "dup.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (problem,) = problems(path)
    assert problem.path == "persons[0].geslacht" and "duplicate key 'geslacht'" in problem.message
    assert problem.line == number + 1


def _fields_sets(model: object) -> list[object]:
    """The fields given of a model and of every model in it, in order."""
    found: list[object] = [sorted(model.model_fields_set)]  # type: ignore[attr-defined]
    for value in model.__dict__.values():
        for item in value if isinstance(value, list) else [value]:
            if hasattr(item, "model_fields_set"):
                found.extend(_fields_sets(item))
    return found


def test_json_lines_read_by_pydantic_give_what_the_json_module_gives() -> None:
    import json

    document = generate_document(300, 8)
    fast = generated(300, 8)
    exact = load_world([Source("world.json", json.dumps(document))], TODAY)  # a JSON document: json module, then pydantic
    assert fast.persons == exact.persons and fast.maatregelen == exact.maatregelen and fast.machtigingen == exact.machtigingen
    assert [_fields_sets(p) for p in fast.persons.values()] == [_fields_sets(p) for p in exact.persons.values()]


def test_a_json_line_keeps_numbers_as_their_text_and_colons_in_texts(tmp_path: Path) -> None:
    text = dump(generate_document(40, 6))
    lines = text.splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith('  - {"bsn"') and '"huisnummer"' in line)
    line = lines[number]
    bsn = line.split('"')[3]
    # A number in a text field is read as written (1.50, not 1.5); a colon in a text is no key.
    for written, read in (('1.50', "1.50"), ('"zie: verhaal"', "zie: verhaal")):
        lines[number] = line.replace('{"bsn"', '{"toelichting": ' + written + ', "bsn"', 1)
        world = load_world([Source("edited.yaml", "\n".join(lines) + "\n")], TODAY)
        assert world.persons[bsn].toelichting == read
    # A whole number written as a fraction is still refused where the YAML reader refuses it, with its place.
    lines[number] = line.replace('"huisnummer": ', '"huisnummer": 1.5, "huisnummer_": ', 1)
    path = tmp_path / "fraction.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = problems(path)
    at = f"persons[{number - lines.index('persons:') - 1}].adres"
    assert {p.path for p in found} == {f"{at}.huisnummer", f"{at}.huisnummer_"}
    assert all(p.line == number + 1 for p in found)


def test_search_persons_by_bsn_prefix_and_name() -> None:
    world = generated(1000, 3)
    person = next(iter(world.persons.values()))
    assert person in world.search_persons(person.bsn[:6])
    assert person in world.search_persons(person.naam.geslachtsnaam.upper(), limit=1000)
    assert world.search_persons("   ") == []


def test_a_json_scenario_loads_and_reports_positions(tmp_path: Path) -> None:
    import json

    document = generate_document(60, 9)
    path = tmp_path / "world.json"
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    assert len(load_world([Source.from_path(path)], TODAY).persons) == 60
    document["machtigingen"].append({"machtiginggever": document["persons"][0]["bsn"], "gemachtigde": {"bsn": "100010003"}, "diensten": ["afvalpas"]})
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    problem = only(problems(path), f"machtigingen[{len(document['machtigingen']) - 1}].gemachtigde.bsn")
    line = path.read_text(encoding="utf-8").splitlines()[problem.line - 1]  # type: ignore[operator]
    assert line[problem.column - 1 :].startswith('"100010003"')  # type: ignore[operator]


def test_an_item_line_in_yaml_flow_style_is_read_as_yaml(tmp_path: Path) -> None:
    text = dump(generate_document(40, 6))
    lines = text.splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith('  - {"bsn"'))
    lines[number] = lines[number].replace('{"bsn": ', "{bsn: ", 1)  # YAML, no longer JSON
    world = load_world([Source("mixed.yaml", "\n".join(lines) + "\n")], TODAY)
    assert world.persons == load_world([Source("plain.yaml", text)], TODAY).persons


def test_generated_minors_all_have_consistent_gezag() -> None:
    world = generated(3000, 7)
    day = TODAY
    minors = [p for p in world.persons.values() if p.overlijdensdatum is None and (day - p.geboortedatum).days < 18 * 365]
    assert len(minors) > 300
    for minor in minors:
        g = world.gezag_over(minor.bsn, day)
        assert g is not None, minor.bsn
        for holder in g.holders():
            person = world.persons[holder]
            assert person.overlijdensdatum is None and not world.under_curatele(holder, day), (minor.bsn, holder)
            assert (day - person.geboortedatum).days >= 18 * 365, (minor.bsn, holder)
        if g.regel == "2":
            assert minor.buitenland is not None


def test_every_household_kind_keeps_partnerships_in_order() -> None:
    """Each kind of household, many times over: no partnership ends before it begins. Orphans' parents once
    died before their marriage date when the first child came before the mother's 22nd birthday (about one
    orphans household in 2,000, hence the many)."""
    from simulator.scenario.generator import _Generator

    generator = _Generator(10**6, 0, TODAY)
    for kind, times in (("single", 300), ("couple", 300), ("family", 300), ("single_parent", 300), ("orphans", 20_000)):
        for _ in range(times):
            getattr(generator, kind)()
    partnerships = [(p["bsn"], entry) for p in generator.persons for entry in p.get("partners", [])]
    assert len(partnerships) > 20_000
    assert [(bsn, e) for bsn, e in partnerships if e.get("tot") is not None and e["tot"] < e["sinds"]] == []
