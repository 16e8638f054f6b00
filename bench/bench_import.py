"""Cost of `import qmscore` (target: < 150 ms cumulative), each in a fresh interpreter."""

from __future__ import annotations

import re
import subprocess
import sys

from _table import Case


def import_ms(module: str) -> float:
    """Cumulative import time of ``module`` in ms, from ``python -X importtime``."""
    best = float("inf")
    for _ in range(5):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", f"import {module}"],
            capture_output=True,
            text=True,
            check=True,
        )
        last = [
            line
            for line in done.stderr.splitlines()
            if re.search(rf"\| {re.escape(module)}$", line)
        ]
        best = min(best, int(last[-1].split("|")[1]) / 1000)
    return best


def bench_cases() -> list[Case]:
    """Import cost of the package, best of 5 fresh interpreters per round."""
    return [
        Case(
            "import qmscore (python -X importtime)",
            measure=lambda: import_ms("qmscore"),
            unit="ms",
            group="cold start",
        )
    ]


def main() -> None:
    print("\n## import cost (python -X importtime, best of 5)")
    for module in ("qmscore", "qmscore.sampling", "scipy.stats", "holidays"):
        try:
            print(f"import {module:<20} {import_ms(module):8.1f} ms")
        except (subprocess.CalledProcessError, IndexError):
            print(f"import {module:<20} not installed")


if __name__ == "__main__":
    main()
