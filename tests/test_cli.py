"""The `simulator` command: serve (its flags and variables), scenario validate / show / generate and certs generate."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from cryptography import x509

from simulator.cli import main
from simulator.config import DEFAULT_SCENARIO, Config
from simulator.pki import CERTIFICATES
from simulator.server import gunicorn_options

BSN_A, BSN_B = "100010003", "100010106"
QUOTED_A, BAD_DATE, BAD_BSN = f'"{BSN_A}"', '"1982-13-01"', '"123456780"'


def at(path: Path, line: int, snippet: str) -> str:
    """``file:line:column`` of `snippet` on `line` of the file, as the CLI prints a problem's place."""
    return f"{path}:{line}:{path.read_text(encoding='utf-8').splitlines()[line - 1].index(snippet) + 1}"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_passes_on_the_default_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "scenario", "validate", str(DEFAULT_SCENARIO), "--clock", "2026-06-15")
    assert (code, err) == (0, "")
    assert out.startswith("OK: ") and "persons" in out and "(reference date 2026-06-15)" in out


def test_validate_reports_contradictions_with_file_line_and_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "persons:\n"
        f'  - {{bsn: "{BSN_A}", naam: {{geslachtsnaam: A}}, geslacht: V, geboortedatum: "1980-01-01"}}\n'
        f'  - {{bsn: "{BSN_B}", naam: {{geslachtsnaam: B}}, geslacht: M, geboortedatum: "1982-01-01"}}\n'
        "gezag:\n"
        f'  - {{minderjarige: "{BSN_A}", type: Voogdij, derden: ["{BSN_B}"]}}\n'
        "machtigingen:\n"
        f'  - {{machtiginggever: "{BSN_A}", gemachtigde: {{bsn: "{BSN_B}"}}, diensten: [x]}}\n',
        encoding="utf-8",
    )
    code, out, err = run(capsys, "scenario", "validate", str(path), "--clock", "2026-06-15")
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"{at(path, 5, QUOTED_A)}: gezag[0].minderjarige: gezag over an adult: {BSN_A} is 46 on 2026-06-15",
        f"{at(path, 7, 'x]')}: machtigingen[0].diensten[0]: unknown service 'x' (give a services[].id or uuid)",
        "simulator: 2 problem(s) in the scenario",
    ]
    # Field-level problems are found first (the cross-checks need valid items), all of them at once.
    text = path.read_text(encoding="utf-8").replace(f'{{bsn: "{BSN_B}"}}, diensten', f'{{bsn: "{BSN_A}"}}, diensten')
    path.write_text(text.replace('"1982-01-01"', '"1982-13-01"'), encoding="utf-8")
    code, out, err = run(capsys, "scenario", "validate", str(path), "--clock", "2026-06-15")
    assert code == 1
    assert err.splitlines() == [
        f"{at(path, 3, BAD_DATE)}: persons[1].geboortedatum: '1982-13-01' is not a date: use YYYY-MM-DD, 'today', or a relative date like '-8y' or '-40y+3m'",
        f"{at(path, 7, '{machtiginggever')}: machtigingen[0]: a machtiging to oneself: machtiginggever and gemachtigde.bsn are the same person",
        "simulator: 2 problem(s) in the scenario",
    ]


def test_show_reports_the_index_for_a_persona(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "scenario", "show", "999990159", "--service", "woz-beschikking", "--scenario", str(DEFAULT_SCENARIO), "--clock", "2026-06-15")
    assert code == 0
    report = json.loads(out)
    assert report["peildatum"] == "2026-06-15" and report["dienst"]["id"] == "woz-beschikking"
    assert {r["bsn"] for r in report["machtigen_stap_biedt"]} == {"999990172", "999990184"}
    assert {r["status"] for r in report["vertegenwoordigt"]} == {"actief", "MAATREGEL_BEEINDIGD"}
    assert report["werkt_voor"] == ["90001234"]


def test_show_unknown_person_and_unknown_service(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "scenario", "show", "100010003", "--scenario", str(DEFAULT_SCENARIO))
    assert code == 1 and "no person with bsn '100010003'" in err
    code, _, err = run(capsys, "scenario", "show", "999990159", "--service", "nope", "--scenario", str(DEFAULT_SCENARIO))
    assert code == 2 and "unknown service 'nope'" in err


def test_generate_writes_a_world_that_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "big.yaml"
    code, out, _ = run(capsys, "scenario", "generate", "--persons", "500", "--seed", "7", "-o", str(out_file))
    assert code == 0 and out.strip() == f"wrote {out_file}"
    code, out, _ = run(capsys, "scenario", "validate", str(out_file))
    assert code == 0 and out.startswith("OK: 500 persons")
    # Without the catalogue it loads together with the default scenario.
    extra = tmp_path / "extra.yaml"
    assert run(capsys, "scenario", "generate", "--persons", "50", "--without-services", "-o", str(extra))[0] == 0
    code, out, _ = run(capsys, "scenario", "validate", str(DEFAULT_SCENARIO), str(extra))
    assert code == 0, out


def test_generate_refuses_zero_persons(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "scenario", "generate", "--persons", "0", "-o", str(tmp_path / "x.yaml"))
    assert code == 2 and "--persons must be at least 1" in err and not (tmp_path / "x.yaml").exists()


def test_certs_generate_into_an_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "certs", "generate", "--out", str(tmp_path))
    assert code == 0
    ca = x509.load_pem_x509_certificate((tmp_path / "ca.crt").read_bytes())
    for spec in CERTIFICATES:
        cert = x509.load_pem_x509_certificate((tmp_path / f"{spec.stem}.crt").read_bytes())
        assert cert.issuer == ca.subject
        cert.verify_directly_issued_by(ca)
        assert (tmp_path / f"{spec.stem}.key").is_file()
        assert (tmp_path / f"{spec.stem}.jwks.json").is_file() == spec.jwks
    # A second run keeps the existing keys.
    code, out, _ = run(capsys, "certs", "generate", "--out", str(tmp_path))
    assert code == 0 and out.startswith("nothing to do")


def test_the_console_script_is_installed() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).with_name("simulator")), "scenario", "validate", str(DEFAULT_SCENARIO)],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: ")


@pytest.fixture()
def served(monkeypatch: pytest.MonkeyPatch) -> list[Config]:
    """`simulator serve` up to the point where gunicorn would take over: the configs it would serve with."""
    calls: list[Config] = []
    monkeypatch.setattr("simulator.server.serve", lambda build, config: calls.append(config) or 0)
    monkeypatch.setattr("simulator.server.cooperative", lambda config: None)  # never gevent-patch pytest itself
    for name in [k for k in os.environ if k.startswith("SIMULATOR_")]:
        monkeypatch.delenv(name)
    return calls


def test_serve_flags_set_the_variables_of_the_same_name(tmp_path: Path, served: list[Config], capsys: pytest.CaptureFixture[str]) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text(f'persons:\n  - {{bsn: "{BSN_A}", naam: {{geslachtsnaam: A}}, geslacht: V, geboortedatum: "1980-01-01"}}\n', encoding="utf-8")
    code, _, err = run(
        capsys, "serve", "--scenario", str(DEFAULT_SCENARIO), str(extra), "--base-url", "https://sim.example/", "--host", "127.0.0.1",
        "--port", "9000", "--clock", "2026-01-02", "--log-level", "warning", "--threads", "3", "--log-capacity=7", "--brp-auth", "oauth2",
    )
    assert (code, err) == (0, "")
    (config,) = served
    assert config.scenario_paths == (DEFAULT_SCENARIO, extra)
    assert (config.base_url, config.host, config.port, config.clock) == ("https://sim.example", "127.0.0.1", 9000, dt.date(2026, 1, 2))
    assert (config.log_level, config.threads, config.log_capacity) == ("WARNING", 3, 7)
    assert config.setting("BRP_AUTH") == "oauth2"  # an interface's flag becomes its SIMULATOR_ variable too
    # The same settings as environment variables give the same configuration; a flag wins over its variable.
    env = {"SIMULATOR_SCENARIO": f"{DEFAULT_SCENARIO}{os.pathsep}{extra}", "SIMULATOR_BASE_URL": "https://sim.example/", "SIMULATOR_HOST": "127.0.0.1",
           "SIMULATOR_PORT": "9000", "SIMULATOR_CLOCK": "2026-01-02", "SIMULATOR_LOG_LEVEL": "warning", "SIMULATOR_THREADS": "3",
           "SIMULATOR_LOG_CAPACITY": "7", "SIMULATOR_BRP_AUTH": "oauth2"}
    assert Config.from_env(env) == config
    assert Config.from_env({**env, "SIMULATOR_PORT": "1234"}).port == 1234
    assert Config.from_env({**env, "SIMULATOR_SCENARIO": f"{DEFAULT_SCENARIO},{extra}"}).scenario_paths == config.scenario_paths
    assert gunicorn_options(config)["bind"] == "127.0.0.1:9000" and gunicorn_options(config)["threads"] == 3


def test_serve_defaults(served: list[Config], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "serve")[0] == 0
    (config,) = served
    assert config == Config.from_env({})
    assert (config.scenario_paths, config.base_url, config.host, config.port, config.clock) == ((DEFAULT_SCENARIO,), "http://localhost:8080", "0.0.0.0", 8080, None)
    assert (config.log_level, config.threads, config.log_capacity) == ("INFO", 8, 5000)


def test_serve_port_without_base_url_serves_there(served: list[Config], capsys: pytest.CaptureFixture[str]) -> None:
    # Metadata, SAML Destinations and the portal must name the port the simulator listens on.
    assert run(capsys, "serve", "--port", "9000")[0] == 0
    assert (served[0].port, served[0].base_url) == (9000, "http://localhost:9000")
    assert Config.from_env({"SIMULATOR_PORT": "9001"}).base_url == "http://localhost:9001"
    # An explicit base URL (a container's published port, a proxy) wins over the listening port.
    assert Config.from_env({"SIMULATOR_PORT": "9001", "SIMULATOR_BASE_URL": "http://sim:80"}).base_url == "http://sim:80"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--port", "0"], "SIMULATOR_PORT='0': expected a whole number from 1 to 65535"),
        (["--port=70000"], "SIMULATOR_PORT='70000': expected a whole number from 1 to 65535"),
        (["--clock", "tomorrow"], "SIMULATOR_CLOCK='tomorrow': expected a date YYYY-MM-DD"),
        (["--log-level", "loud"], "SIMULATOR_LOG_LEVEL='LOUD': expected DEBUG, INFO, WARNING or ERROR"),
        (["--base-url", "localhost:8080"], "SIMULATOR_BASE_URL='localhost:8080': expected an http:// or https:// URL"),
        (["--threads", "many"], "SIMULATOR_THREADS='many': expected a whole number"),
        (["--log-capacity", "0"], "SIMULATOR_LOG_CAPACITY='0': expected a whole number from 1"),
    ],
)
def test_a_bad_setting_stops_serve_naming_the_variable(argv: list[str], message: str, served: list[Config], capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "serve", *argv)
    assert code == 2 and message in err and served == []


def test_serve_refuses_an_invalid_scenario_with_every_problem(tmp_path: Path) -> None:
    # The world is built in gunicorn's worker (not in the master that forks it); its problems still stop the
    # whole command with exit code 1, once, instead of a worker that is started again and again.
    path = tmp_path / "bad.yaml"
    path.write_text(f'persons:\n  - {{bsn: "123456780", naam: {{geslachtsnaam: A}}, geslacht: V, geboortedatum: "1980-01-01"}}\n', encoding="utf-8")
    result = _serve(tmp_path, "--scenario", str(path))
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[0].startswith(f"{at(path, 2, BAD_BSN)}: persons[0].bsn: '123456780' fails the elfproef")
    assert result.stderr.count("fails the elfproef") == 1


def test_serve_stops_with_code_2_for_a_setting_an_interface_refuses(tmp_path: Path) -> None:
    result = _serve(tmp_path, "--brp-gezag-version", "3")
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == ["simulator: SIMULATOR_BRP_GEZAG_VERSION='3': expected 2.7 or 2.6"]


def _serve(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIMULATOR_")}
    command = [str(Path(sys.executable).with_name("simulator")), "serve", "--host", "127.0.0.1", "--port", str(_free_port()), *argv]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, check=False, cwd=tmp_path)


def test_show_and_validate_default_to_the_configured_scenario_and_clock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(f'persons:\n  - {{bsn: "{BSN_A}", naam: {{geslachtsnaam: A}}, geslacht: V, geboortedatum: "-30y"}}\n', encoding="utf-8")
    monkeypatch.setenv("SIMULATOR_SCENARIO", str(path))
    monkeypatch.setenv("SIMULATOR_CLOCK", "2030-05-01")
    code, out, _ = run(capsys, "scenario", "show", BSN_A)
    assert code == 0
    report = json.loads(out)
    assert (report["peildatum"], report["leeftijd"]) == ("2030-05-01", 30)
    code, out, _ = run(capsys, "scenario", "validate", str(path))
    assert code == 0 and out.endswith("(reference date 2030-05-01)\n")
    # --clock and --scenario win over the variables; SIMULATOR_SCENARIO_INLINE over SIMULATOR_SCENARIO.
    code, out, _ = run(capsys, "scenario", "show", "999990159", "--scenario", str(DEFAULT_SCENARIO), "--clock", "2026-06-15")
    assert code == 0 and json.loads(out)["peildatum"] == "2026-06-15"
    monkeypatch.setenv("SIMULATOR_SCENARIO_INLINE", path.read_text(encoding="utf-8").replace(BSN_A, BSN_B))
    assert run(capsys, "scenario", "show", BSN_A)[0] == 1
    assert json.loads(run(capsys, "scenario", "show", BSN_B)[1])["bsn"] == BSN_B


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_runs_gunicorn_and_logs_every_request_as_a_json_line(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIMULATOR_")}
    command = [str(Path(sys.executable).with_name("simulator")), "serve", "--host", "127.0.0.1", "--port", str(port), "--clock", "2026-06-15"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=2) as response:
                    ready = json.loads(response.read())
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, process.stderr.read() if process.stderr else ""
                time.sleep(0.2)
        assert ready["status"] == "ready" and ready["today"] == "2026-06-15"
        request = urllib.request.Request(f"http://127.0.0.1:{port}/health", headers={"X-Request-Id": "probe-1"})
        with urllib.request.urlopen(request, timeout=5) as response:
            assert json.loads(response.read())["status"] == "ok" and response.headers["X-Request-Id"] == "probe-1"
    finally:
        process.send_signal(signal.SIGTERM)  # gunicorn's graceful shutdown
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    lines = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert any(line["logger"].startswith("gunicorn") and "Listening at" in line["message"] for line in lines), out
    (health,) = [line for line in lines if line.get("logger") == "simulator.request" and line.get("path") == "/health"]
    assert (health["method"], health["status"], health["request_id"], health["message"]) == ("GET", 200, "probe-1", "GET /health 200")
    assert isinstance(health["duration_ms"], float)


def test_validate_and_serve_report_a_too_deep_file_without_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"persons": ' + "[" * 3000 + "]" * 3000 + "}", encoding="utf-8")
    code, _, err = run(capsys, "scenario", "validate", str(path))
    served = _serve(tmp_path, "--scenario", str(path))  # the world is built in gunicorn's worker
    for code, err in ((code, err), (served.returncode, served.stderr)):
        assert code == 1 and "Traceback" not in err
        assert err.startswith(f"{path}:1:") and "nested deeper than 64 levels" in err
