"""Run every benchmark and print our times beside the peers' (never fails on timing)."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bench_grading
import bench_import
import bench_oc
import bench_records
import bench_sampling
import bench_scheme
import bench_scoring
import bench_survey
import bench_variables
import bench_workdays
import bench_workflow


def main() -> None:
    print(f"qmscore benchmarks on Python {platform.python_version()}, {platform.machine()}")
    bench_sampling.main()
    bench_oc.main()
    bench_variables.main()
    bench_scheme.main()
    bench_workdays.main()
    bench_scoring.main()
    bench_survey.main()
    bench_grading.main()
    bench_workflow.main()
    bench_records.main()
    bench_import.main()


if __name__ == "__main__":
    main()
