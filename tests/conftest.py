"""Shared test configuration: Hypothesis profiles and the reference-data folder.

Profiles (choose with QMSCORE_HYPOTHESIS_PROFILE): ``dev`` (default, quick),
``ci`` (more examples, no deadline), ``thorough`` (long; run by hand).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Plots are drawn off-screen in tests and doctests.
os.environ.setdefault("MPLBACKEND", "Agg")

settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(
    os.environ.get("QMSCORE_HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev")
)

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = Path(os.environ.get("QMSCORE_REFERENCE", ROOT.parent / "shared" / "reference"))


@pytest.fixture(scope="session")
def reference() -> Path:
    """The independent reference data (../shared/reference), or skip."""
    if not REFERENCE.is_dir():
        pytest.skip(f"reference data not found at {REFERENCE} (set QMSCORE_REFERENCE)")
    return REFERENCE
