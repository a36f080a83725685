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


def test_back_channel_mode_refuses_server_calls_without_a_client_certificate() -> None:
    """SIMULATOR_TLS_CLIENT_AUTH=back-channel: artifact resolution, BRP and Toezicht need a client certificate of
    the test CA; the login pages, metadata, portal and probes answer a browser without one."""
    import requests

    from simulator.config import DEFAULT_CERTS, Config
    from simulator.testing import running_simulator
    from simulator.tls import server_ssl_context

    env = {"SIMULATOR_TLS_CERT": "server.crt", "SIMULATOR_TLS_KEY": "server.key", "SIMULATOR_TLS_CLIENT_AUTH": "back-channel"}
    ca = str(DEFAULT_CERTS / "ca.crt")
    cert = (str(DEFAULT_CERTS / "client-gemeente-demodorp.crt"), str(DEFAULT_CERTS / "client-gemeente-demodorp.key"))
    back_channel = ("/saml/v4/entrance/resolve_artifact", "/haalcentraal/api/brp/personen", "/toezicht/vertegenwoordiging/v1/vertegenwoordigingsrelaties/_zoek")
    with running_simulator(env, ssl_context=server_ssl_context(Config.from_env(env))) as sim:
        for path in ("/ready", "/saml/v4/idp/metadata", "/portal/", "/explorer/"):
            assert requests.get(sim.base_url + path, verify=ca, timeout=10).status_code == 200, path
        for path in back_channel:
            refused = requests.post(sim.base_url + path, data=b"{}", verify=ca, timeout=10)
            assert refused.status_code == 401, path
            assert refused.headers["Content-Type"] == "application/problem+json"
            assert refused.json()["code"] == "certificateRequired" and path in refused.json()["detail"]
            # With a certificate the interface itself answers (about the empty body; in their default modes none
            # of them asks for credentials).
            answered = requests.post(sim.base_url + path, data=b"{}", verify=ca, cert=cert, timeout=10)
            assert answered.status_code in (400, 415), (path, answered.status_code, answered.text[:200])


def test_an_interfaces_log_fields_reach_the_entry_of_its_own_request_only(client: FlaskClient, store: Store) -> None:
    """Interfaces attach fields while the Flask request is live; the request log writes the entry after it."""
    body = {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": ["999990019"], "fields": ["naam"]}
    assert client.post("/haalcentraal/api/brp/personen", json=body).status_code == 200
    client.get("/no-such-page")
    brp, other = (e.data for e in store.requests.entries())
    assert (brp["path"], brp["status"], brp["brp_type"], brp["brp_results"]) == ("/haalcentraal/api/brp/personen", 200, "RaadpleegMetBurgerservicenummer", 1)
    assert "brp_type" not in other and other["status"] == 404


def test_a_namespaced_request_is_logged_in_its_namespace_by_its_own_path(client: FlaskClient, store: Store) -> None:
    made = client.get("/t/job-1/no-such-page", headers={"X-Request-Id": "job-1-a"})
    assert made.headers["X-Request-Id"] == "job-1-a"
    (entry,) = client.get("/t/job-1/control/requests").json
    assert (entry["path"], entry["status"], entry["request_id"]) == ("/no-such-page", 404, "job-1-a")
    assert all(e.data["path"] != "/no-such-page" for e in store.requests.entries())


def test_the_logged_path_is_the_decoded_path_flask_routes(client: FlaskClient, store: Store) -> None:
    client.get("/caf%C3%A9")
    assert store.requests.entries()[-1].data["path"] == "/café"
