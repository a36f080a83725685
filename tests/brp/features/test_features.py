"""The feature runner in CI: our own features (official step phrases, GBA data setup) must all pass; with
`BRP_FEATURES_DIR` pointing at a checkout's `features/` folder of BRP-API/Haal-Centraal-BRP-bevragen, every
official scenario that passed in the committed baseline must still pass."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from .runner import OWN_FEATURES, Runner, as_json, pickles, run_folder
from .steps import OUTDATED, outdated

BASELINE = Path(__file__).resolve().parent / "official-baseline.json"


def _own() -> list[tuple[str, dict]]:
    return [(f"{path.name}: {name}", pickle) for path in sorted(OWN_FEATURES.rglob("*.feature")) for name, pickle in pickles(path, OWN_FEATURES)]


@pytest.fixture(scope="module")
def runner() -> Runner:
    return Runner()


@pytest.mark.parametrize(("name", "pickle"), _own(), ids=[n for n, _ in _own()])
def test_own_feature(runner: Runner, name: str, pickle: dict) -> None:
    status, reason = runner.run(name, pickle)
    assert status == "passed", reason


def test_the_runner_fails_a_wrong_expectation(runner: Runner, tmp_path: Path) -> None:
    """A scenario whose expectation the simulator does not meet is a failure, not a pass."""
    feature = tmp_path / "wrong.feature"
    text = (OWN_FEATURES / "persoonslijst.feature").read_text(encoding="utf-8").replace("Robin Sam graaf van den Aedel", "Robin Sam graaf van  den Aedel")
    feature.write_text(text, encoding="utf-8")
    results = {r.scenario: r.status for r in run_folder(tmp_path)}
    assert results["de volledige naam schrijft een reeks spaties als één spatie#1"] == "failed"


@pytest.mark.skipif(not os.environ.get("BRP_FEATURES_DIR"), reason="set BRP_FEATURES_DIR to the official features folder")
def test_official_features_keep_passing() -> None:
    passed = json.loads(BASELINE.read_text(encoding="utf-8"))["passed"]
    now = as_json(run_folder(Path(os.environ["BRP_FEATURES_DIR"])))
    regressed = sorted(k for k in passed if now.get(k) != "passed")
    assert not regressed, f"{len(regressed)} scenarios that passed no longer pass: {regressed[:20]}"


def test_documentation_and_empty_scenarios(tmp_path: Path) -> None:
    """A step's documentation scenario passes when the request it builds gets an answer within the contract (here a
    400: no burgerservicenummer); a scenario without steps documents tags only and is not applicable."""
    (tmp_path / "docs.feature").write_text(
        "# language: nl\nFunctionaliteit: docs\n\n  @stap-documentatie\n  Scenario: zonder burgerservicenummer\n"
        "    Als 'burgerservicenummer' wordt gevraagd van personen gezocht met burgerservicenummer ''\n\n"
        "  @info-api\n  Scenario: profiel\n",
        encoding="utf-8",
    )
    results = {r.scenario: (r.status, r.reason) for r in run_folder(tmp_path)}
    assert results["zonder burgerservicenummer#1"] == ("passed", "")
    assert results["profiel#1"][0] == "not applicable"


def test_a_scenario_whose_future_date_has_passed_is_not_applicable_only_after_it() -> None:
    feature, start = next(iter(OUTDATED))
    name = f"{start} met field pad 'x'#1"
    day = OUTDATED[(feature, start)]
    assert outdated(feature, name, day) is None
    assert "has passed" in (outdated(feature, name, day + dt.timedelta(days=1)) or "")
    assert outdated("other.feature", name, day + dt.timedelta(days=1)) is None


def test_a_request_on_another_day_leaves_the_clock_as_it_was(runner: Runner) -> None:
    """`personen op '<dag>' wordt gezocht`: the clock is set for that request only."""
    path = OWN_FEATURES / "bevragen.feature"
    pickle = next(p for n, p in pickles(path, OWN_FEATURES) if n.startswith("wie op 29 februari is geboren"))
    assert runner.run("29 februari", pickle) == ("passed", "")
    assert runner.client.get("/control/clock").get_json()["today"] == runner.today.isoformat()
