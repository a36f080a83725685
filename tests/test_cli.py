"""The `simulator` command: scenario validate / show / generate and certs generate."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509

from simulator.cli import main
from simulator.config import DEFAULT_SCENARIO
from simulator.pki import CERTIFICATES

BSN_A, BSN_B = "100010003", "100010106"
QUOTED_A, BAD_DATE = f'"{BSN_A}"', '"1982-13-01"'


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
