from flask.testing import FlaskClient

from simulator.store import Store


def test_health_is_json(client: FlaskClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json["status"] == "ok"


def test_ready_reports_loaded_scenario(client: FlaskClient, store: Store) -> None:
    response = client.get("/ready")
    assert response.status_code == 200
    assert response.json["status"] == "ready"
    assert response.json["persons"] == len(store.world.persons) > 20
    assert response.json["today"] == "2026-06-15"


def test_requests_are_logged_but_probes_are_not(client: FlaskClient, store: Store) -> None:
    client.get("/health")
    client.get("/no-such-page")
    paths = [e.data["path"] for e in store.requests.entries()]
    assert paths == ["/no-such-page"]
    assert store.requests.entries()[0].data["status"] == 404
