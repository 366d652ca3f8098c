"""Benchmark of the planner engine: optimal vs greedy vs the monolithic LP, side by side.

    .venv/bin/python benchmarks/planner.py                    # XS, S, M; seeds 1-3 (M: 1-2)
    .venv/bin/python benchmarks/planner.py --sizes L --seeds 1
    .venv/bin/python benchmarks/planner.py --sizes XS --seeds 1,2 --no-mip
    .venv/bin/python benchmarks/planner.py --sizes M --seeds 101 --time-limit 20

Every measurement runs in its own subprocess, so the peak memory (ru_maxrss) is that run's own.
The optimizer runs as `convoy plan` does without --time-limit (its own budget by size) unless
--time-limit is given. Columns: objective and proven bound of the optimizer's plan, its gap, the
greedy objective and the optimal/greedy ratio, wall and CPU seconds, the monolithic LP optimum
(the reference bound: XS/S solved to the end, M with a time limit to show it does not finish),
the integer optimum where the MIP proves it (XS/S: how far any integral plan can get from the
LP), peak memory, and whether the plan passes the checker. Under each row: which bound it is,
the load average and where the time went (greedy, model building, LP rounds, rounding, repair,
fill, ...). The machine may be shared: CPU seconds beside wall seconds, and the load average,
say how far to trust the wall.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from typing import Any

from convoy.planner.result import time_breakdown

TIME_LIMITS = {"XS": 60.0, "S": 60.0, "M": 60.0, "L": 600.0}  # monolithic LP and MIP
DEFAULT_SEEDS = {"XS": [1, 2, 3], "S": [1, 2, 3], "M": [1, 2], "L": [1]}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def job(kind: str, size: str, seed: int, limit: float | None) -> dict[str, Any]:
    """One measurement, run inside its own process."""
    from convoy.planner.checker import check_plan
    from convoy.planner.generator import generate
    from convoy.planner.scenario import Scenario

    scenario = Scenario.from_json(generate(size, seed))
    started, cpu = time.perf_counter(), time.process_time()
    if kind in ("optimal", "greedy"):
        from convoy.planner.solve import solve

        result = solve(scenario, method=kind, time_limit=limit if kind == "optimal" else None)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        report = check_plan(scenario, result.plan)
        return {"objective": result.objective, "bound": result.bound, "seconds": seconds,
                "cpu_s": cpu, "load": os.getloadavg()[0],
                "valid": report.valid, "status": result.status, "peak_mb": _peak_mb(),
                "bound_kind": result.metrics.get("bound_kind"), "timings": result.timings}
    assert limit is not None
    from convoy.planner.lp import solve_highs

    if kind == "monolithic":
        from convoy.planner.monolithic import build_monolithic

        if size == "L":  # about 10^9 variables: it cannot even be built in 24 GiB
            return {"objective": None, "bound": None, "status": "not built", "seconds": 0.0,
                    "peak_mb": _peak_mb()}

        model = build_monolithic(scenario).model
        sol = solve_highs(model, time_limit=limit)
    else:  # "mip": the integer optimum on the compact model, for the integrality gap
        from convoy.planner.compact import build_compact

        model = build_compact(scenario).model
        sol = solve_highs(model, time_limit=limit, integer=True, mip_gap=1e-6)
    return {"objective": sol.objective, "bound": sol.dual_bound, "status": sol.status,
            "seconds": time.perf_counter() - started, "columns": model.num_cols,
            "peak_mb": _peak_mb()}


def run_job(kind: str, size: str, seed: int, limit: float | None) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--job", json.dumps([kind, size, seed, limit])]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=(limit or 600) * 3 + 600)
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1:] or ["failed"]}
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def fmt(value: float | None, spec: str = ".2f") -> str:
    return "-" if value is None else format(value, spec)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", default="XS,S,M")
    ap.add_argument("--seeds", default=None, help="comma list; default per size")
    ap.add_argument("--mono-limit", type=float, default=120.0,
                    help="time limit of the monolithic LP at M and L (XS/S: 600)")
    ap.add_argument("--no-mip", action="store_true", help="skip the XS/S integer optimum")
    ap.add_argument("--no-mono", action="store_true", help="skip the monolithic LP")
    ap.add_argument("--time-limit", type=float, default=None,
                    help="the optimizer's time limit (default: none, its own budget)")
    ap.add_argument("--job", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.job:
        kind, size, seed, limit = json.loads(args.job)
        print(json.dumps(job(kind, size, int(seed), None if limit is None else float(limit))))
        return 0
    head = (f"{'size':<4} {'seed':>4} {'objective':>12} {'bound':>12} {'gap %':>7} "
            f"{'greedy':>12} {'opt/gr':>6} {'time s':>7} {'cpu s':>7} {'mono LP':>12} "
            f"{'mono s':>8} "
            f"{'int opt':>12} {'peak MB':>8} {'valid':>5}")
    print(head)
    print("-" * len(head))
    for size in args.sizes.split(","):
        seeds = ([int(s) for s in args.seeds.split(",")] if args.seeds
                 else DEFAULT_SEEDS[size])
        for seed in seeds:
            opt = run_job("optimal", size, seed, args.time_limit)
            gre = run_job("greedy", size, seed, None)
            small = size in ("XS", "S")
            mono = ({} if args.no_mono else
                    run_job("monolithic", size, seed, 600.0 if small else args.mono_limit))
            mip = (run_job("mip", size, seed, 120.0) if small and not args.no_mip else {})
            if "error" in opt:
                print(f"{size:<4} {seed:>4} optimizer failed: {opt['error']}")
                continue
            bound = opt.get("bound")
            gap = None if bound is None else 100 * (bound - opt["objective"]) / abs(bound)
            ratio = opt["objective"] / gre["objective"] if gre.get("objective") else None
            mono_ok = mono.get("status") == "Optimal"
            mono_s = (f"{mono['seconds']:.1f}" if mono_ok else "not built"
                      if mono.get("status") == "not built" else "-" if not mono
                      else f"> {600.0 if small else args.mono_limit:.0f}")
            int_opt = mip.get("objective") if mip.get("status") == "Optimal" else None
            print(f"{size:<4} {seed:>4} {opt['objective']:>12.3f} {fmt(bound, '.3f'):>12} "
                  f"{fmt(gap, '.3f'):>7} {fmt(gre.get('objective'), '.3f'):>12} "
                  f"{fmt(ratio, '.3f'):>6} {opt['seconds']:>7.1f} {opt['cpu_s']:>7.1f} "
                  f"{fmt(mono.get('objective') if mono_ok else None, '.3f'):>12} {mono_s:>8} "
                  f"{fmt(int_opt, '.3f'):>12} {opt['peak_mb']:>8.0f} "
                  f"{'yes' if opt['valid'] else 'NO':>5}", flush=True)
            print(f"{'':<9} bound: {opt.get('bound_kind') or 'none'}; status {opt['status']}; "
                  f"load {opt['load']:.1f}; wall s: {time_breakdown(opt.get('timings', {}))}",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
