"""Example budgets: how many examples each law runs under each Hypothesis profile.

The profiles (registered in ``tests/conftest.py``, chosen with
``QMSCORE_HYPOTHESIS_PROFILE``) give every law the same example count: ``dev``
60, ``ci`` 150, ``thorough`` 3000. Laws differ a hundredfold in cost (a plain
arithmetic identity takes under a millisecond an example, a state machine or a
Markov-chain solve tens), so 3000 of every law does not finish. A law therefore
states its cost and :func:`budget` turns it into an example count:

* ``dev``: the profile's 60 (or the law's own smaller ``dev=`` count), unchanged;
* ``ci``: the profile's 150 (or 2.5 times the law's ``dev=`` count);
* ``thorough``: as many examples as fit :data:`THOROUGH_SECONDS` at the stated
  cost, at most the profile's 3000 and never fewer than the law runs under ``ci``;
  under a tracer (coverage) the cost is :data:`TRACED_FACTOR` times the stated one.

``ms`` is the law's cost per example in milliseconds, measured on the reference
machine (2 cores, no coverage, dev profile) with::

    python -m pytest tests --no-cov -p no:cacheprovider --hypothesis-show-statistics

(the "during generate phase (x seconds)" of a law divided by its passing
examples). Costs are rounded up; a new law without a budget gets the whole
profile (3000 under ``thorough``): measure it and add one.

:func:`by_profile` scales the non-Hypothesis heavy tests (simulation
cross-checks, sweeps) the same way.
"""

from __future__ import annotations

import math
import os
import sys
from typing import TypeVar

from hypothesis import settings

T = TypeVar("T")

#: Examples per law in each profile; the profiles in conftest.py use these.
EXAMPLES = {"dev": 60, "ci": 150, "thorough": 3000}

#: The time a law may take under ``thorough`` at its stated cost (quiet machine,
#: no coverage). About 120 laws x 3 s plus the heavy non-Hypothesis tests keeps
#: the whole thorough suite near 10 minutes without coverage (see docs).
THOROUGH_SECONDS = 3.0

#: How much slower a law runs while a tracer records every line (coverage, as the
#: README's command runs it): 1.6x the CPU and 1.9x the wall time on the
#: reference machine for three thorough law files (83 s CPU without coverage,
#: 135 s with). Under ``thorough`` the stated costs are multiplied by it, so the
#: same 3 seconds hold fewer examples and the traced run keeps its time limit.
TRACED_FACTOR = 2.0

#: The profile chosen by the environment (``CI`` set selects ``ci``).
PROFILE = os.environ.get("QMSCORE_HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev")


def traced() -> bool:
    """True while a tracer (coverage, a debugger) runs: every example then costs more."""
    return sys.gettrace() is not None


def active_profile() -> str:
    """The loaded Hypothesis profile (``--hypothesis-profile`` wins over the environment)."""
    current = getattr(settings, "get_current_profile_name", None)
    return str(current()) if current is not None else PROFILE


def examples(
    ms: float, *, dev: int | None = None, profile: str | None = None, tracing: bool | None = None
) -> int:
    """How many examples a law costing ``ms`` milliseconds an example runs.

    Args:
        ms: the law's cost per example in milliseconds (see the module docstring).
        dev: the law's own example count under ``dev`` when it is below the
            profile's (a law too slow for 60 in the quick run); ``ci`` runs 2.5 times it.
        profile: the profile to budget for; the loaded one by default.
        tracing: whether a tracer slows each example (:data:`TRACED_FACTOR`);
            by default, whether one runs now.

    Returns:
        The ``max_examples`` for that profile.

    Example:
        >>> examples(0.5, profile="thorough", tracing=False), examples(5, profile="thorough", tracing=False)
        (3000, 600)
        >>> examples(5, profile="thorough", tracing=True)  # 3000 ms / (5 ms x 2.0)
        300
        >>> examples(67, profile="thorough", tracing=False), examples(67, profile="dev")
        (150, 60)
        >>> examples(150, dev=25, profile="dev"), examples(150, dev=25, profile="ci")
        (25, 62)
    """
    name = active_profile() if profile is None else profile
    dev_n = EXAMPLES["dev"] if dev is None else dev
    ci_n = EXAMPLES["ci"] if dev is None else dev * EXAMPLES["ci"] // EXAMPLES["dev"]
    if name == "dev":
        return dev_n
    if name == "ci":
        return ci_n
    if name == "thorough":
        slowed = traced() if tracing is None else tracing
        cost = ms * (TRACED_FACTOR if slowed else 1.0)
        fits = math.floor(THOROUGH_SECONDS * 1000 / cost)
        return max(ci_n, min(EXAMPLES["thorough"], fits))
    # A profile registered elsewhere keeps its own count.
    return int(settings.get_profile(name).max_examples)


def budget(ms: float, *, dev: int | None = None) -> settings:
    """Settings (use as a decorator) giving a law :func:`examples` for the loaded profile.

    Example:
        >>> from hypothesis import given, strategies as st
        >>> @budget(ms=1)
        ... @given(st.integers())
        ... def test_law(x: int) -> None:
        ...     assert x == x
        >>> test_law()
    """
    return settings(max_examples=examples(ms, dev=dev))


def by_profile(dev: T, *, ci: T | None = None, thorough: T) -> T:
    """The size of a non-Hypothesis heavy test for the loaded profile (``ci`` defaults to ``dev``).

    Example:
        >>> by_profile(10_000, thorough=40_000) in (10_000, 40_000, 20_000)  # 20,000 traced
        True
    """
    name = active_profile()
    if name == "thorough":
        if traced() and isinstance(thorough, int) and isinstance(dev, int):
            # The same time holds fewer iterations under a tracer (never below dev).
            return max(dev, int(thorough / TRACED_FACTOR))  # type: ignore[return-value]
        return thorough
    if name == "ci" and ci is not None:
        return ci
    return dev
