"""The address book the searches use is built with each world, not by the first search (seconds for a million
persons), and never twice."""

from __future__ import annotations

from simulator.brp import search
from simulator.scenario import Source

from .conftest import make_app


def test_the_address_book_is_ready_before_the_first_request_and_for_every_new_world(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    builds = []
    original = search.AddressBook
    monkeypatch.setattr(search, "AddressBook", lambda world: builds.append(world) or original(world))
    app = make_app()
    store = app.extensions["simulator"]
    assert builds == [store.world]
    client = app.test_client()
    body = {"type": "ZoekMetPostcodeEnHuisnummer", "postcode": "1234AB", "huisnummer": 1, "fields": ["naam"]}
    assert client.post("/haalcentraal/api/brp/personen", json=body).status_code == 200
    assert builds == [store.world]
    new = store.replace([*store.world.sources, Source("empty.yaml", "persons: []")])
    assert builds[-1] is new and len(builds) == 2  # built before the world was swapped in
    assert client.post("/haalcentraal/api/brp/personen", json=body).status_code == 200
    assert len(builds) == 2
