"""Runs Haal Centraal BRP feature files (the official acceptance features' phrases) against the simulator.

    python -m tests.brp.features.runner [FEATURES_DIR] [--json results.json] [--baseline baseline.json]

FEATURES_DIR defaults to `$BRP_FEATURES_DIR`, else our own features (`tests/brp/features/own`). Feature files are
read with the official Gherkin parser (`gherkin-official`); each scenario (each example of an outline) gets a
fresh world: its data setup as GBA persoonslijsten, loaded with `PUT /control/scenario`. The report gives per
folder how many scenarios passed, failed, or are not applicable (with the reason), and lists the failures."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from flask.testing import FlaskClient
from gherkin.errors import CompositeParserException
from gherkin.parser import Parser
from gherkin.pickles.compiler import Compiler

from simulator.app import create_app
from simulator.config import Config

from ..openapi_validation import check_personen
from . import steps_persona  # noqa: F401  (registers the expressive persona steps)
from . import steps_gezag  # noqa: F401  (registers the gezag steps, after the persona steps they build on)
from .steps import CONTRADICTED, PROTOCOLLERING, Context, NotApplicable, Unsupported, applicable, equal_in_any_order, outdated, run_step, stringify

OWN_FEATURES = Path(__file__).resolve().parent / "own"
EMPTY = "a scenario without steps (docs/profielen.feature documents which cucumber profile runs which tags)"
EMPTY_WORLD = Path(__file__).resolve().parent / "empty-world.yaml"
PERSONEN = "/haalcentraal/api/brp/personen"
# The official runs select scenarios by tag (cucumber.js of BRP-API/brp-api-gezag and Haal-Centraal-BRP-bevragen):
# every profile has "not @skip-verify", and the public API's profile leaves out what only an internal service does.
# A @skip-verify scenario is not applicable whether or not it would pass: counting only the ones that pass would
# make the rate look better than it is.
SKIP_VERIFY = "tagged @skip-verify: no official run verifies it (every cucumber.js profile selects 'not @skip-verify'; mostly @to-do behaviour)"
INTERNAL_SERVICE = (
    "tagged @data-api/@gezag-api without @info-api: it describes an internal service of the official implementation "
    "(the data or gezag service behind its proxy), which the official run of the public API leaves out"
)


@dataclass(frozen=True)
class Result:
    feature: str  # path relative to the features folder
    scenario: str  # name, with "#n" for the n-th example of an outline
    status: str  # passed | failed | not applicable
    reason: str = ""
    fout_case: bool = False

    def folder(self, depth: int | None = None) -> str:
        parts = Path(self.feature).parent.parts
        return "/".join(parts[:depth] if depth else parts) or "."


def pickles(path: Path, root: Path) -> Iterable[tuple[str, dict[str, Any]]]:
    document = Parser().parse(path.read_text(encoding="utf-8"))
    document["uri"] = str(path.relative_to(root))
    seen: Counter[str] = Counter()
    for pickle in Compiler().compile(document):
        seen[pickle["name"]] += 1
        yield f"{pickle['name']}#{seen[pickle['name']]}", pickle


def _table(step: dict[str, Any]) -> list[list[str]] | None:
    data = (step.get("argument") or {}).get("dataTable")
    return [[cell["value"] for cell in row["cells"]] for row in data["rows"]] if data else None


class Runner:
    def __init__(self, today: dt.date | None = None):
        self.today = today or dt.date.today()
        app = create_app(Config.from_env({}, clock=self.today, base_url="http://localhost", scenario_paths=(EMPTY_WORLD,)))
        self.client: FlaskClient = app.test_client()

    def run(self, name: str, pickle: dict[str, Any]) -> tuple[str, str]:
        tags = frozenset(t["name"] for t in pickle["tags"])
        if not pickle["steps"]:
            return "not applicable", EMPTY
        for s in pickle["steps"]:
            reason = applicable(s["text"])
            if reason:
                return "not applicable", reason
        if "@protocollering" in tags:
            return "not applicable", PROTOCOLLERING
        if tags & {"@data-api", "@gezag-api"} and "@info-api" not in tags:
            return "not applicable", INTERNAL_SERVICE
        if "@skip-verify" in tags:
            return "not applicable", SKIP_VERIFY
        return self._run(pickle, tags)

    def _run(self, pickle: dict[str, Any], tags: frozenset[str]) -> tuple[str, str]:
        context = Context(self.today, tags)
        try:
            for s in pickle["steps"]:
                run_step(context, s["text"], _table(s))
            return self._check(context)
        except NotApplicable as exc:
            return "not applicable", str(exc)
        except Unsupported as exc:
            return "failed", str(exc)
        except AssertionError as exc:
            return "failed", str(exc) or "assertion failed"

    def _check(self, c: Context) -> tuple[str, str]:
        loaded = self.client.put("/control/scenario", data=json.dumps(c.scenario_document()), content_type="application/json")
        if loaded.status_code != 200:
            problems = loaded.get_json().get("problems", [])
            return "failed", "scenario refused: " + "; ".join(f"{p['path']}: {p['message']}" for p in problems)[:400]
        if c.request is None:
            return "failed", "the scenario sends no request"
        # The official profile of the public API sends accept-gezag-version 2 with every request; a @deprecated
        # scenario is run by the profile that expects the previous gezag shape (v2.6, version 1 here).
        gezag_version = "1" if "@deprecated" in c.tags else "2"
        headers = {"Accept": "application/json", "Content-Type": "application/json", "accept-gezag-version": gezag_version, **c.headers}
        if c.clock is not None:
            self.client.put("/control/clock", data=json.dumps({"today": c.clock.isoformat()}), content_type="application/json")
        try:
            response = self.client.post(PERSONEN, data=json.dumps(c.request), headers=headers)
        finally:
            if c.clock is not None:
                self.client.delete("/control/clock")
        body = response.get_json(force=True, silent=True)
        check_personen(response.status_code, response.headers.get("Content-Type", ""), body)
        if "@stap-documentatie" in c.tags and c.expected is None and not c.counts:
            # A step's own documentation (docs/als-stap-definities.feature): the official runner builds the request
            # and checks nothing; here the request it builds must get an answer within the published contract.
            if response.status_code >= 500:
                return "failed", f"status {response.status_code}: {json.dumps(body, ensure_ascii=False)[:300]}"
            return "passed", ""
        fout = "@fout-case" in c.tags
        if fout:
            if response.status_code == 200 or "application/problem+json" not in response.headers.get("Content-Type", ""):
                return "failed", f"expected a problem+json error, got {response.status_code}: {json.dumps(body)[:300]}"
        elif response.status_code != 200:
            return "failed", f"status {response.status_code}: {json.dumps(body, ensure_ascii=False)[:300]}"
        for name, count in c.counts:
            if len(body.get(name, [])) != count:
                return "failed", f"expected {count} {name}, got {len(body.get(name, []))}"
        if c.expected is None and not fout:
            return "passed", ""
        actual = stringify(body)
        expected = dict(c.expected or {})
        if "type" in actual:
            expected["type"] = actual["type"]  # as the official comparison: the type is not compared
        in_any_order = "@valideer-volgorde" not in c.tags
        same = equal_in_any_order(actual, expected) if in_any_order else actual == expected
        if not same:
            return "failed", f"actual {json.dumps(actual, ensure_ascii=False)[:600]} expected {json.dumps(expected, ensure_ascii=False)[:600]}"
        return "passed", ""


def run_folder(root: Path, today: dt.date | None = None) -> list[Result]:
    runner = Runner(today)
    results: list[Result] = []
    for path in sorted(root.rglob("*.feature")):
        feature = str(path.relative_to(root))
        try:
            found = list(pickles(path, root))
        except CompositeParserException as exc:
            results.append(Result(feature, "(file)", "failed", f"parse error: {exc}"))
            continue
        for name, pickle in found:
            contradicted = CONTRADICTED.get((feature, name)) or outdated(feature, name, runner.today)
            status, reason = ("not applicable", contradicted) if contradicted else runner.run(name, pickle)
            results.append(Result(feature, name, status, reason, any(t["name"] == "@fout-case" for t in pickle["tags"])))
    return results


def report(results: list[Result], depth: int | None = None) -> str:
    by_folder: dict[str, Counter[str]] = defaultdict(Counter)
    for r in results:
        by_folder[r.folder(depth)][r.status] += 1
    total = Counter(r.status for r in results)
    lines = ["| folder | passed | failed | not applicable |", "| --- | ---: | ---: | ---: |"]
    for folder in sorted(by_folder):
        n = by_folder[folder]
        lines.append(f"| {folder} | {n['passed']} | {n['failed']} | {n['not applicable']} |")
    applicable_total = total["passed"] + total["failed"]
    rate = 100 * total["passed"] / applicable_total if applicable_total else 100.0
    lines.append(f"| **all** | {total['passed']} | {total['failed']} | {total['not applicable']} |")
    lines.append("")
    lines.append(f"{total['passed']} of {applicable_total} applicable scenarios pass ({rate:.1f} %); {total['not applicable']} not applicable.")
    fout = Counter(r.status for r in results if r.fout_case)
    lines.append(f"@fout-case: {fout['passed']} passed, {fout['failed']} failed, {fout['not applicable']} not applicable.")
    reasons = Counter(r.reason for r in results if r.status == "not applicable")
    if reasons:
        lines.append("")
        lines.append("Not applicable:")
        lines.extend(f"- {n} × {reason}" for reason, n in reasons.most_common())
    return "\n".join(lines)


def as_json(results: list[Result]) -> dict[str, str]:
    """scenario key -> status."""
    return {f"{r.feature}: {r.scenario}": r.status for r in results}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("features", nargs="?", default=os.environ.get("BRP_FEATURES_DIR") or str(OWN_FEATURES))
    parser.add_argument("--json", help="write each scenario's result to this file")
    parser.add_argument("--failures", type=int, default=30, help="how many failures to list (default 30)")
    parser.add_argument("--depth", type=int, help="count per folder up to this depth (default: every folder)")
    parser.add_argument("--baseline", help="write the scenarios that passed to this file (the committed baseline's form)")
    args = parser.parse_args(argv)
    results = run_folder(Path(args.features))
    print(report(results, args.depth))
    failures = [r for r in results if r.status == "failed"]
    for r in failures[: args.failures]:
        print(f"FAILED {r.feature}: {r.scenario}: {r.reason}")
    if args.json:
        Path(args.json).write_text(json.dumps(as_json(results), indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    if args.baseline:
        passed = sorted(k for k, status in as_json(results).items() if status == "passed")
        Path(args.baseline).write_text(json.dumps({"passed": passed}, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
