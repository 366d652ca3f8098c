"""`convoy plan ...`: plan a scenario, check a plan, generate scenarios.

main(argv) gets the arguments after `convoy plan`:
    main(["SCENARIO.json", "-o", "PLAN.json", "--time-limit", "60"])
    main(["check", "SCENARIO.json", "PLAN.json"])
    main(["generate", "--size", "XS", "--seed", "1", "-o", "SCENARIO.json"])
Exit status: 0 ok, 1 plan invalid (check), 2 bad input (unreadable file, scenario breaks the spec).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from convoy.planner.bottlenecks import DUAL_SOURCES, words
from convoy.planner.checker import check_plan
from convoy.planner.errors import PlanFormatError, ScenarioError
from convoy.planner.plan import parse_plan
from convoy.planner.result import BOUND_KINDS, Result, time_breakdown
from convoy.planner.scenario import Scenario
from convoy.planner.solve import METHODS, solve

EXIT_OK, EXIT_INVALID, EXIT_INPUT = 0, 1, 2
SHOWN_BOTTLENECKS = 5


class InputError(Exception):
    """A file the user gave cannot be used; the message says which and why."""


def _read_json(path: str, what: str) -> Any:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except OSError as exc:
        raise InputError(f"cannot read {what} {path}: {exc.strerror or exc}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{what} {path} is not valid JSON: {exc}") from exc


def load_scenario(path: str) -> Scenario:
    data = _read_json(path, "scenario")
    try:
        return Scenario.from_json(data)
    except ScenarioError as exc:
        lines = "\n".join(f"  {p}" for p in exc.problems)
        raise InputError(f"scenario {path} breaks the planning model "
                         f"({len(exc.problems)} problem(s)):\n{lines}") from exc


def write_json(path: str, data: Any) -> None:
    """Write atomically, so a failed run never leaves a half-written file behind."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1)
            fh.write("\n")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _progress_printer(started: float) -> Any:
    def show(message: str, fraction: float) -> None:
        print(f"[{time.perf_counter() - started:7.1f}s {fraction:4.0%}] {message}",
              file=sys.stderr, flush=True)
    return show


def summary(result: Result) -> str:
    m = result.metrics
    bound = "n/a" if result.bound is None else f"{result.bound:.6f}"
    gap = "n/a" if result.gap is None else f"{100 * result.gap:.4f}%"
    fill = ", ".join(f"P{p}={'-' if v is None else f'{100 * v:.1f}%'}"
                     for p, v in m["fill_rate_by_priority"].items())
    on_time = m["on_time_rate"]
    nodes = ", ".join(f"{n}={100 * v:.0f}%" for n, v in m["node_peak_utilisation"].items())
    reasons = m.get("shortfall_reasons") or {}
    short = (f"{sum(reasons.values())} requirements: " + ", ".join(
        f"{count} {reason.replace('-', ' ')}" for reason, count in reasons.items())
        if reasons else "none")
    found = (m.get("bottlenecks") or [])[:SHOWN_BOTTLENECKS]
    bottlenecks = ([f"bottlenecks  from the duals of {DUAL_SOURCES[m['bottlenecks_from']]}:"]
                   + [f"  {words(b)}" for b in found]) if found else []
    stages = time_breakdown(result.timings)
    return "\n".join([
        f"objective    {result.objective:.6f}  ({result.method}, {result.status})",
        f"upper bound  {bound}   gap {gap}",
        f"fill rate    {fill}",
        f"on time      {'-' if on_time is None else f'{100 * on_time:.1f}%'} of "
        f"{m['units_delivered']} units",
        f"node peak    {nodes}",
        f"seats used   {m['seats_used']} of {m['seats_total']}",
        f"short/late   {short}",
        *bottlenecks,
        f"time         {result.timings.get('total_s', 0.0):.2f} s ({stages})",
    ] + ([f"bound is     {BOUND_KINDS[m['bound_kind']]}"] if m.get("bound_kind") else []))


def cmd_plan(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.scenario)
    started = time.perf_counter()
    big = len(scenario.pledges) * len(scenario.nodes) > 20000
    result = solve(scenario, method=args.method, time_limit=args.time_limit,
                   progress=_progress_printer(started) if big or args.verbose else None)
    write_json(args.output, result.plan.to_json())
    print(summary(result))
    print(f"plan written to {args.output}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.scenario)
    try:
        plan, problems = parse_plan(_read_json(args.plan, "plan"))
    except PlanFormatError as exc:
        raise InputError(f"plan {args.plan}: {exc}") from exc
    report = check_plan(scenario, plan, problems)
    if report.valid:
        print(f"valid objective={report.objective:.6f}")
        return EXIT_OK
    for violation in report.violations:
        print(violation)
    print(f"invalid: {len(report.violations)} problem(s); "
          f"recomputed objective={report.objective:.6f}")
    return EXIT_INVALID


def cmd_generate(args: argparse.Namespace) -> int:
    from convoy.planner.generator import generate

    scenario = generate(args.size, args.seed, args.format)
    write_json(args.output, scenario)
    print(f"scenario {args.size} seed {args.seed}: {len(scenario['pledges'])} pledges, "
          f"{len(scenario['requirements'])} requirements -> {args.output}")
    return EXIT_OK


def _parser(command: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=f"convoy plan{'' if command == 'plan' else ' ' + command}")
    if command == "check":
        p.add_argument("scenario")
        p.add_argument("plan")
    elif command == "generate":
        p.add_argument("--size", required=True, choices=["XS", "S", "M", "L"])
        p.add_argument("--seed", type=int, default=1)
        p.add_argument("--format", type=int, choices=[1, 2], default=1,
                       help="2: also equipment in repair and crews in training")
        p.add_argument("-o", "--output", required=True)
    else:
        p.add_argument("scenario")
        p.add_argument("-o", "--output", required=True)
        p.add_argument("--time-limit", type=float, default=None, help="wall seconds")
        p.add_argument("--method", choices=METHODS, default="optimal")
        p.add_argument("-v", "--verbose", action="store_true", help="progress on stderr")
    return p


def main(argv: list[str]) -> int:
    command = argv[0] if argv[:1] and argv[0] in ("check", "generate") else "plan"
    rest = argv[1:] if command != "plan" else argv
    try:
        args = _parser(command).parse_args(rest)
    except SystemExit as exc:  # argparse already printed the usage error
        return EXIT_INPUT if exc.code else EXIT_OK
    handler = {"plan": cmd_plan, "check": cmd_check, "generate": cmd_generate}[command]
    try:
        return handler(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
