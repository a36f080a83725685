"""Loading a generated world and asking the representation index: load time, peak memory, time per question.

    .venv/bin/python benchmarks/scenario_load.py [--persons 100000] [--seed 7] [--runs 3] [--queries 20000]

Generates the world once (cached in benchmarks/output/, keyed by the generator's source, so a changed generator
makes a new file), then loads it `--runs` times, each in a fresh Python process, and prints the median load time
and the peak resident memory (ru_maxrss) of those processes. Then, in one more process, times the index: the
median and 99th percentile per `may_represent(actor, service, today)`, `represented_by` and `representatives_of`
call for random persons and services, beside the same questions on a 1,000-person world: the ratio shows whether
a question costs the same for a hundred times more persons (the O(1)-ish requirement).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "benchmarks" / "output"
sys.path.insert(0, str(ROOT))

from simulator.scenario.generator import CATALOGUE, generate_to_file  # noqa: E402

CHILD = r"""
import datetime as dt, json, random, resource, statistics, sys, time
sys.path.insert(0, {root!r})
from simulator.scenario import Source, load_world

def load(path):
    started, cpu = time.perf_counter(), time.process_time()
    world = load_world([Source.from_path(path)], dt.date(2026, 6, 15))
    return world, time.perf_counter() - started, time.process_time() - cpu

def per_call(calls):
    times = []
    for call in calls:
        started = time.perf_counter_ns()
        call()
        times.append(time.perf_counter_ns() - started)
    times.sort()
    return {{"median_us": statistics.median(times) / 1000, "p99_us": times[int(len(times) * 0.99)] / 1000}}

def questions(world, n, seed=1):
    rng = random.Random(seed)
    day = world.reference_date
    bsns = list(world.persons)
    services = list(world.services.values())
    actors = [rng.choice(bsns) for _ in range(n)]
    picked = [rng.choice(services) for _ in range(n)]
    # The busiest actors: the medewerkers of bewind offices, who see every client of the office.
    staff = sorted({{b for o in world.organisations.values() for b in o.medewerkers}})
    index = world.index
    result = {{
        "may_represent": per_call([lambda a=a, s=s: index.may_represent(a, s, day) for a, s in zip(actors, picked)]),
        "represented_by": per_call([lambda a=a: index.represented_by(a, day) for a in actors]),
        "representatives_of": per_call([lambda a=a: index.representatives_of(a, day) for a in actors]),
    }}
    if staff:
        result["may_represent_office_staff"] = per_call([lambda a=a, s=s: index.may_represent(a, s, day) for a in staff for s in services])
        result["office_staff_relations_max"] = max(len(index.represented_by(a, day)) for a in staff)
    return result

mode = sys.argv[1]
world, seconds, cpu = load(sys.argv[2])
report = {{"load_s": seconds, "cpu_s": cpu, "persons": len(world.persons), "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}
if mode == "query":
    report["queries"] = questions(world, int(sys.argv[3]))
print(json.dumps(report))
"""


def world_file(persons: int, seed: int) -> Path:
    """The generated world, made once per (persons, seed, generator source)."""
    source = Path(__file__).resolve().parent.parent / "simulator" / "scenario" / "generator.py"
    digest = hashlib.sha256(source.read_bytes() + CATALOGUE.read_bytes()).hexdigest()[:10]
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"scenario-{persons}-seed{seed}-{digest}.yaml"
    if not path.exists():
        started = time.perf_counter()
        generate_to_file(path, persons, seed)
        print(f"generated {persons} persons in {time.perf_counter() - started:.1f}s: {path} ({path.stat().st_size / 1e6:.0f} MB)")
    return path


def child(mode: str, path: Path, *extra: str) -> dict:
    script = CHILD.format(root=str(ROOT))
    result = subprocess.run([sys.executable, "-c", script, mode, str(path), *extra], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--queries", type=int, default=20_000)
    args = parser.parse_args()

    big = world_file(args.persons, args.seed)
    loads = [child("load", big) for _ in range(args.runs)]
    print(f"world: {big.name}, {loads[0]['persons']} persons, {big.stat().st_size / 1e6:.0f} MB")
    runs = ", ".join(f"{r['load_s']:.2f}" for r in loads)
    print(f"load time, median of {args.runs} fresh processes: {statistics.median(r['load_s'] for r in loads):.2f} s (runs: {runs}); "
          f"CPU time {statistics.median(r['cpu_s'] for r in loads):.2f} s (less sensitive to a busy machine)")
    print(f"peak resident memory (ru_maxrss), median: {statistics.median(r['maxrss_mb'] for r in loads):.0f} MB")

    small = world_file(1000, args.seed)
    big_q = child("query", big, str(args.queries))["queries"]
    small_q = child("query", small, str(args.queries))["queries"]
    print(f"\nper question (random persons and services), {args.queries} questions:")
    print(f"{'question':<28}{'1k median':>12}{f'{args.persons // 1000}k median':>14}{f'{args.persons // 1000}k p99':>12}{'ratio':>8}")
    for name in ("may_represent", "represented_by", "representatives_of", "may_represent_office_staff"):
        if name in big_q and name in small_q:
            a, b = small_q[name], big_q[name]
            print(f"{name:<28}{a['median_us']:>10.1f}us{b['median_us']:>12.1f}us{b['p99_us']:>10.1f}us{b['median_us'] / a['median_us']:>8.2f}")
    if "office_staff_relations_max" in big_q:
        print(f"(office staff: up to {big_q['office_staff_relations_max']} relations each in the big world; a question lists them all)")


if __name__ == "__main__":
    main()
