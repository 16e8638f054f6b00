"""Run every benchmark and print one table of ratios (never fails on timing).

Usage: ``python bench/run.py [--rounds 3] [-k substring] [--details]``.

Every ``bench_*.py`` module with a ``bench_cases()`` function contributes rows: our
call, the plain-Python floor and the peer, timed in this one process; each
case runs ``--rounds`` times (default 3, round-robin so load hits every case
alike) and the table shows the ratio ours / floor as min / median / max.
``--details`` also runs the modules' ``main()`` printouts (throughput lines,
agreement checks) after the table.
"""

from __future__ import annotations

import argparse
import importlib
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _table import HEADER, Result, format_row, run_round

MODULES = (
    "bench_sampling",
    "bench_oc",
    "bench_variables",
    "bench_scheme",
    "bench_workdays",
    "bench_scoring",
    "bench_survey",
    "bench_grading",
    "bench_workflow",
    "bench_records",
    "bench_import",
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("-k", dest="keyword", default="", help="only cases whose name has this")
    parser.add_argument("--details", action="store_true", help="also print each module's main()")
    args = parser.parse_args(argv)
    print(f"qmscore benchmarks on Python {platform.python_version()}, {platform.machine()}")
    results: list[Result] = []
    modules = [importlib.import_module(name) for name in MODULES]
    for module in modules:
        if hasattr(module, "bench_cases"):
            for case in module.bench_cases():
                if args.keyword.lower() in case.name.lower():
                    results.append(Result(case))
    for number in range(args.rounds):
        print(f"round {number + 1} of {args.rounds}...", file=sys.stderr, flush=True)
        for result in results:
            run_round(result)
    group = None
    print(f"\n{len(results)} cases, {args.rounds} rounds; ratio = ours / floor\n")
    for result in results:
        if result.case.group != group:
            group = result.case.group
            print(f"\n### {group}\n\n{HEADER}")
        print(format_row(result))
    if args.details:
        for module in modules:
            if hasattr(module, "main"):
                module.main()


if __name__ == "__main__":
    main()
