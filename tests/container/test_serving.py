"""What the image relies on, without an engine: TLS settings for gunicorn, the health probe over HTTP and HTTPS,
and gunicorn's own messages as JSON lines."""

from __future__ import annotations

import io
import json
import logging
import ssl
from pathlib import Path

import pytest

from simulator import jsonlog
from simulator.config import DEFAULT_CERTS, Config, ConfigError
from simulator.healthcheck import probe, ready_url
from simulator.server import JsonLogger, _Gunicorn, gunicorn_options
from simulator.testing import running_simulator
from simulator.tls_settings import tls_settings

TLS_ENV = {"SIMULATOR_TLS_CERT": "server.crt", "SIMULATOR_TLS_KEY": "server.key"}


def test_plain_http_has_no_tls_options() -> None:
    options = gunicorn_options(Config.from_env({}))
    assert tls_settings(Config.from_env({})) is None
    assert "certfile" not in options and options["workers"] == 1


def test_tls_options_resolve_names_in_the_certs_folder() -> None:
    options = gunicorn_options(Config.from_env({**TLS_ENV, "SIMULATOR_TLS_CLIENT_AUTH": "required"}))
    assert options["certfile"] == str(DEFAULT_CERTS / "server.crt")
    assert options["keyfile"] == str(DEFAULT_CERTS / "server.key")
    assert options["ca_certs"] == str(DEFAULT_CERTS / "ca.crt")  # the test CA unless told otherwise
    assert options["cert_reqs"] == ssl.CERT_REQUIRED


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SIMULATOR_TLS_CERT": "server.crt"}, "SIMULATOR_TLS_KEY: needed too"),
        ({**TLS_ENV, "SIMULATOR_TLS_CLIENT_AUTH": "sometimes"}, "SIMULATOR_TLS_CLIENT_AUTH='sometimes'"),
        ({"SIMULATOR_TLS_CLIENT_AUTH": "required"}, "needs SIMULATOR_TLS_CERT and SIMULATOR_TLS_KEY"),
        ({**TLS_ENV, "SIMULATOR_TLS_CLIENT_CA": "nope.crt"}, "SIMULATOR_TLS_CLIENT_CA='nope.crt': no such file"),
    ],
)
def test_bad_tls_settings_name_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        tls_settings(Config.from_env(env))


def test_gunicorn_accepts_the_options_and_logs_json(capsys: pytest.CaptureFixture[str]) -> None:
    options = gunicorn_options(Config.from_env({**TLS_ENV, "SIMULATOR_TLS_CLIENT_AUTH": "optional"}))
    cfg = _Gunicorn(build=lambda: None, options=options).cfg  # type: ignore[arg-type,return-value]
    assert cfg.is_ssl and cfg.cert_reqs == ssl.CERT_OPTIONAL
    stream = io.StringIO()
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    try:
        jsonlog.configure("INFO")
        root.handlers[0].setStream(stream)  # type: ignore[attr-defined]
        JsonLogger(cfg).info("Listening at: %s", "https://0.0.0.0:8080")
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
    entry = json.loads(stream.getvalue())
    assert (entry["logger"], entry["message"]) == ("gunicorn.error", "Listening at: https://0.0.0.0:8080")
    assert capsys.readouterr().err == ""


def test_ready_url_uses_loopback_for_wildcard_binds() -> None:
    assert ready_url(Config.from_env({"SIMULATOR_PORT": "9000"}), https=False) == "http://127.0.0.1:9000/ready"
    assert ready_url(Config.from_env({"SIMULATOR_HOST": "::"}), https=True) == "https://[::1]:8080/ready"


def test_probe_over_http() -> None:
    with running_simulator() as sim:
        port = sim.base_url.rsplit(":", 1)[1]
        assert probe({"SIMULATOR_HOST": "127.0.0.1", "SIMULATOR_PORT": port}) == (
            True,
            f"http://127.0.0.1:{port}/ready: ready, scenario 'Demodorp', {len(sim.store.world.persons)} persons",
        )
    ok, message = probe({"SIMULATOR_HOST": "127.0.0.1", "SIMULATOR_PORT": port})
    assert not ok and message.startswith(f"http://127.0.0.1:{port}/ready: ")


def _mtls_context(certs: Path) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certs / "server.crt", certs / "server.key")
    context.load_verify_locations(certs / "ca.crt")
    context.verify_mode = ssl.CERT_REQUIRED
    return context


def test_probe_presents_a_client_certificate_when_the_server_requires_one() -> None:
    with running_simulator(ssl_context=_mtls_context(DEFAULT_CERTS)) as sim:
        port = sim.base_url.rsplit(":", 1)[1]
        env = {**TLS_ENV, "SIMULATOR_PORT": port, "SIMULATOR_TLS_CLIENT_AUTH": "required"}
        assert probe(env)[0], probe(env)[1]
        # Without a certificate (client auth "none" as far as the probe knows) the server refuses the handshake.
        ok, message = probe({**TLS_ENV, "SIMULATOR_PORT": port})
        assert not ok and message.startswith(f"https://127.0.0.1:{port}/ready: ")


def test_probe_reports_a_bad_configuration() -> None:
    assert probe({"SIMULATOR_TLS_CERT": "server.crt"}) == (
        False,
        "configuration: SIMULATOR_TLS_KEY: needed too when SIMULATOR_TLS_CERT or SIMULATOR_TLS_KEY is set",
    )
