"""The promises the fast path of `POST /personen` rests on: a person's view is built in its response schema's
shape except for the fields `CUT_TO_SCHEMA` names (so `select` need not walk the rest again), and a `fields`
list is checked once per distinct list, with the same answer as checking it anew."""

from __future__ import annotations

import pytest

from simulator.brp.fields import _whole
from simulator.brp.problems import Problem
from simulator.brp.persons import CUT_TO_SCHEMA, PersonView
from simulator.brp.query import _checked_fields, parse
from simulator.brp.spec import field_tree
from simulator.scenario import Source, load_world
from simulator.scenario.generator import dump, generate_document

from .conftest import TODAY, make_app


@pytest.mark.parametrize("schema", sorted(CUT_TO_SCHEMA))
def test_views_are_built_in_their_schemas_shape_except_the_fields_cut_to_it(schema: str) -> None:
    worlds = [make_app().extensions["simulator"].world, load_world([Source("generated.yaml", dump(generate_document(1500, 4)))], TODAY)]
    root = field_tree(schema)
    needs_cutting = set()
    for world in worlds:
        for version in ("2.7", "2.6"):
            view = PersonView(world, TODAY, version)
            for person in world.persons.values():
                if view.cut_to_schema(person, schema) is None:
                    continue  # built from a GBA persoonslijst: cut whole
                for key, value in view.fields(person, list(root.children)).items():
                    if key in root.children and _whole(value, root.children[key]) != value:
                        needs_cutting.add(key)
    assert needs_cutting <= CUT_TO_SCHEMA[schema], f"also cut {needs_cutting - CUT_TO_SCHEMA[schema]} in {schema} (persons.CUT_TO_SCHEMA)"


def test_a_fields_list_is_checked_once_with_the_same_answer() -> None:
    body = {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": ["999990019"], "fields": ["naam.voornamen", "geslacht.code", "kinderen"]}
    _checked_fields.cache_clear()
    first, second = parse(dict(body)), parse(dict(body))
    assert _checked_fields.cache_info().hits == 1
    assert first == second and first.fields == ("naam.voornamen", "geslacht", "kinderen")
    assert first.tree == {"naam": {"voornamen": True}, "geslacht": True, "kinderen": True}
    # A list too long for the cache is checked as before, and refused by the specification's maxItems.
    with pytest.raises(Problem) as refused:
        parse({**body, "fields": ["naam"] * 131})
    assert [(p.name, p.code) for p in refused.value.invalid_params] == [("fields", "maxItems")]
    assert _checked_fields.cache_info().currsize == 1
