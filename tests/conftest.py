"""Shared test configuration: Hypothesis profiles and the reference-data folder.

Profiles (choose with QMSCORE_HYPOTHESIS_PROFILE): ``dev`` (default, quick: 60
examples a law), ``ci`` (150, chosen when ``CI`` is set), ``thorough`` (3000, run
before a release; the whole suite within 20 minutes on 2 cores). Costly laws run
fewer examples than the profile's under ``ci``/``thorough``: their budgets are in
``tests/budget.py`` (``@budget(ms=...)``), which explains how to measure a cost.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.budget import EXAMPLES, PROFILE, TRACED_FACTOR, traced

# Plots are drawn off-screen in tests and doctests.
os.environ.setdefault("MPLBACKEND", "Agg")

settings.register_profile("dev", max_examples=EXAMPLES["dev"], deadline=None)
settings.register_profile(
    "ci",
    max_examples=EXAMPLES["ci"],
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    # A law without a budget costs under 1 ms an example; under coverage the
    # same 3 seconds hold half as many (tests/budget.py, TRACED_FACTOR).
    max_examples=int(EXAMPLES["thorough"] / (TRACED_FACTOR if traced() else 1.0)),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
settings.load_profile(PROFILE)

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = Path(os.environ.get("QMSCORE_REFERENCE", ROOT.parent / "shared" / "reference"))


@pytest.fixture(scope="session")
def reference() -> Path:
    """The independent reference data (../shared/reference), or skip."""
    if not REFERENCE.is_dir():
        pytest.skip(f"reference data not found at {REFERENCE} (set QMSCORE_REFERENCE)")
    return REFERENCE
