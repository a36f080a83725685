"""The `simulator` command: serve, scenario validate/generate/show, import-lo3, certs generate."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Sequence

from .config import PREFIX, Config, ConfigError
from .scenario import ScenarioError, load_world
from .state import StateUnavailable

CORE_FLAGS = {
    "scenario": "SCENARIO",
    "base_url": "BASE_URL",
    "host": "HOST",
    "port": "PORT",
    "clock": "CLOCK",
    "log_level": "LOG_LEVEL",
    "certs_dir": "CERTS_DIR",
}


def _env_from_flags(args: argparse.Namespace, extra: Sequence[str]) -> dict[str, str]:
    """Environment with the CLI flags applied: ``--base-url X`` is ``SIMULATOR_BASE_URL=X``.

    Flags the core does not know (``--brp-auth oauth2``) become their SIMULATOR_ variables too, so every
    interface setting can be given either way."""
    env = dict(os.environ)
    for attr, name in CORE_FLAGS.items():
        value = getattr(args, attr, None)
        if value is not None:
            env[PREFIX + name] = os.pathsep.join(value) if isinstance(value, list) else str(value)
    i = 0
    while i < len(extra):
        flag = extra[i]
        if not flag.startswith("--"):
            raise SystemExit(f"simulator: unexpected argument {flag!r}")
        name, _, value = flag[2:].partition("=")
        if not _:
            if i + 1 >= len(extra):
                raise SystemExit(f"simulator: {flag} needs a value")
            value = extra[i + 1]
            i += 1
        env[PREFIX + name.replace("-", "_").upper()] = value
        i += 1
    return env


def _scenario_sources(paths: Sequence[str] | None):  # type: ignore[no-untyped-def]
    """Sources of the given files and folders; without any, the scenario `simulator serve` would load."""
    from .store import sources_from_config, sources_from_paths

    return sources_from_paths([Path(p) for p in paths]) if paths else sources_from_config(Config.from_env())


def _clock(args: argparse.Namespace) -> dt.date | None:
    # The same reference date the server would use, so `validate` and `show` judge the world `serve` loads.
    return args.clock if args.clock is not None else Config.from_env().clock


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date YYYY-MM-DD") from None


def cmd_serve(args: argparse.Namespace, extra: Sequence[str]) -> int:
    from . import jsonlog, server

    env = _env_from_flags(args, extra)
    config = Config.from_env(env)
    server.cooperative(config)  # before the app exists: its locks and sockets must be gevent's
    from .app import create_app

    jsonlog.configure(config.log_level)
    return server.serve(lambda: create_app(config), config)


def cmd_validate(args: argparse.Namespace) -> int:
    world = load_world(_scenario_sources(args.files), _clock(args))
    print(
        f"OK: {len(world.persons)} persons, {len(world.organisations)} organisations, {len(world.services)} services, "
        f"{len(world.gezag_entries)} gezag entries, {len(world.maatregelen)} measures, {len(world.machtigingen)} machtigingen, "
        f"{len(world.service_providers)} service providers, {len(world.api_clients)} API clients, {len(world.oidc_clients)} OIDC clients "
        f"(reference date {world.reference_date})"
    )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from .scenario.report import person_report

    world = load_world(_scenario_sources(args.scenario), _clock(args))
    day = args.date or world.reference_date
    report = person_report(world, args.bsn, day, args.service)
    if report is None:
        print(f"simulator: no person with bsn {args.bsn!r} in this scenario", file=sys.stderr)
        return 1
    print(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from .scenario.generator import generate_to_file

    if args.persons < 1:
        raise ValueError("--persons must be at least 1")
    generate_to_file(Path(args.output), persons=args.persons, seed=args.seed, today=args.clock, include_services=not args.without_services)
    print(f"wrote {args.output}")
    return 0


def cmd_import_lo3(args: argparse.Namespace) -> int:
    """An lo3 dump (the GBA-V test set) as a scenario folder, validated by the loader `serve` uses."""
    from .scenario import lo3

    try:
        outcome = lo3.run_import(Path(args.data), Path(args.out), Path(args.schema) if args.schema else None, _clock(args))
    except lo3.Lo3Error as exc:
        print(f"simulator: {exc}", file=sys.stderr)
        return 1
    result = outcome.result
    verdict = f"the loader accepts it: {outcome.persons} persons" if outcome.persons is not None else f"the loader refuses it: {len(outcome.refused)} problem(s)"
    print(f"read {result.rows} rows of {args.data} into {len(result.persoonslijsten)} persoonslijsten in {outcome.seconds_mapping:.1f} s; "
          f"wrote {outcome.scenario}; {verdict} ({outcome.seconds_total:.1f} s in all)")
    report = Path(args.out) / lo3.REPORT_FILE
    if result.findings:
        print(f"{len(result.findings)} finding(s) in the data, each with its line in {report}:")
        for line in lo3.summary(result):
            print(line)
    if outcome.as_recorded:
        print(f"{len(outcome.as_recorded)} contradiction(s) between persoonslijsten, served as recorded (in {report}):")
        for line in outcome.as_recorded[:10]:
            print(f"  {line}")
    for line in outcome.refused[:20]:
        print(line, file=sys.stderr)
    return 1 if outcome.refused else 0


def cmd_certs(args: argparse.Namespace) -> int:
    from .pki import generate

    written = generate(Path(args.out), key_size=args.key_size, force=args.force)
    for path in written:
        print(f"wrote {path}")
    if not written:
        print(f"nothing to do: every certificate exists in {args.out} (use --force to replace them)")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="simulator", description="Simulator of the Dutch machtigingsvoorziening (test only).")
    sub = p.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the simulator (gunicorn); any --name VALUE sets SIMULATOR_NAME")
    serve.add_argument("--scenario", nargs="+", help="scenario files or folders (SIMULATOR_SCENARIO)")
    serve.add_argument("--base-url", help="public base URL (SIMULATOR_BASE_URL)")
    serve.add_argument("--host", help="listen address (SIMULATOR_HOST)")
    serve.add_argument("--port", type=int, help="listen port (SIMULATOR_PORT)")
    serve.add_argument("--clock", help="business date YYYY-MM-DD (SIMULATOR_CLOCK)")
    serve.add_argument("--log-level", help="DEBUG, INFO, WARNING, ERROR (SIMULATOR_LOG_LEVEL)")
    serve.add_argument("--certs-dir", help="folder with the simulator's keys (SIMULATOR_CERTS_DIR)")

    scenario = sub.add_parser("scenario", help="validate, generate or inspect scenarios").add_subparsers(dest="action", required=True)
    validate = scenario.add_parser("validate", help="check scenario files; every problem with file:line:column and field path")
    validate.add_argument("files", nargs="+")
    validate.add_argument("--clock", type=_date, help="reference date for relative dates (default: SIMULATOR_CLOCK)")

    generate = scenario.add_parser("generate", help="generate a consistent world with Faker (valid BSNs, households, gezag, bewind)")
    generate.add_argument("--persons", type=int, default=1000)
    generate.add_argument("--seed", type=int, default=1)
    generate.add_argument("-o", "--output", required=True)
    generate.add_argument("--clock", type=_date, help="write absolute dates and scenario.vandaag for this day (default: dates relative to the clock)")
    generate.add_argument("--without-services", action="store_true", help="leave out the service catalogue (to load together with scenarios/default)")

    show = scenario.add_parser("show", help="what the representation index says about a person")
    show.add_argument("bsn")
    show.add_argument("--scenario", nargs="+", help="scenario files or folders (default: SIMULATOR_SCENARIO_INLINE or SIMULATOR_SCENARIO, else the default scenario)")
    show.add_argument("--service", help="a service id or ServiceUUID: show what the machtigen step offers for it")
    show.add_argument("--date", type=_date, help="the day to look at (default: the scenario's today)")
    show.add_argument("--clock", type=_date, help="reference date for relative dates (default: SIMULATOR_CLOCK)")

    lo3 = sub.add_parser("import-lo3", help="a supplier's lo3 SQL dump (the GBA-V test set) as a persoonslijsten scenario folder")
    lo3.add_argument("data", help="the INSERT statements, e.g. lo3_pl_data.sql")
    lo3.add_argument("--schema", help="schema.sql with the CREATE TABLEs: columns by name (default: the official column order)")
    lo3.add_argument("--out", required=True, help="the scenario folder to write (SIMULATOR_SCENARIO=<folder> serves it)")
    lo3.add_argument("--clock", type=_date, help="reference date for the validation (default: SIMULATOR_CLOCK)")

    certs = sub.add_parser("certs", help="the simulator's test PKI").add_subparsers(dest="action", required=True)
    certs_generate = certs.add_parser("generate", help="create the test CA and certificates that are missing")
    certs_generate.add_argument("--out", default=str(Config().certs_dir))
    certs_generate.add_argument("--key-size", type=int, default=2048, choices=(2048, 3072, 4096))
    certs_generate.add_argument("--force", action="store_true", help="replace existing keys (metadata changes!)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    p = parser()
    args, extra = p.parse_known_args(argv)
    if extra and args.command != "serve":
        p.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        if args.command == "serve":
            return cmd_serve(args, extra)
        if args.command == "scenario":
            return {"validate": cmd_validate, "show": cmd_show, "generate": cmd_generate}[args.action](args)
        if args.command == "import-lo3":
            return cmd_import_lo3(args)
        return cmd_certs(args)
    except ScenarioError as exc:
        for problem in exc.problems:
            print(str(problem), file=sys.stderr)
        print(f"simulator: {len(exc.problems)} problem(s) in the scenario", file=sys.stderr)
        return 1
    except (ConfigError, ValueError) as exc:
        print(f"simulator: {exc}", file=sys.stderr)
        return 2
    except StateUnavailable as exc:
        print(f"simulator: the state backend cannot be used: {exc}", file=sys.stderr)
        return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
