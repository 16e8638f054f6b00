"""Simulating lots through the switching fold: the check on the scheme's chain.

:func:`simulate_scheme` draws lots of process quality p one after the other,
judges each with :func:`~qmscore.sampling.judge`, turns the judgement into a
:class:`~qmscore.sampling.Lot` (:meth:`~qmscore.sampling.Lot.from_judgement`)
and folds it with :func:`~qmscore.sampling.next_inspection`; a discontinuation
lasts ``scheme.pause_lots`` lot periods, then
:func:`~qmscore.sampling.resume_inspection`. It reports the same long-run
quantities as :func:`~qmscore.sampling.scheme_oc`, each with a standard error
by batch means (successive lots are correlated through the switching state,
so the plain binomial error would be too small).

The random numbers come from a :class:`random.Random` seeded by the caller:
the same seed gives the same answer, and no global state is touched.

Example:
    >>> from qmscore.sampling import simulate_scheme, switching_scheme
    >>> sim = simulate_scheme(switching_scheme(1000, 1.0), 0.01, lots=2000, seed=1)
    >>> sim.lots, 0.9 < sim.accept_probability <= 1.0
    (2000, True)
"""

from __future__ import annotations

import bisect
import math
import random

import attrs

from qmscore._checks import check_instance, check_int, check_probability, check_real
from qmscore._display import display
from qmscore.explain import Reason
from qmscore.sampling._pmf import binomial_prefix, poisson_prefix
from qmscore.sampling.judge import Judgement, judge
from qmscore.sampling.plans import SamplingPlan
from qmscore.sampling.scheme import SwitchingScheme
from qmscore.sampling.switching import Lot, SwitchingState, next_inspection, resume_inspection

__all__ = ["MAX_SIMULATED_LOTS", "SchemeSimulation", "simulate_scheme"]

MAX_SIMULATED_LOTS = 10_000_000
"""Most lots :func:`simulate_scheme` simulates (a time bound)."""

_NAMES = (
    "accept_probability",
    "normal",
    "tightened",
    "reduced",
    "discontinued",
    "sample_per_lot",
)


@display
@attrs.frozen
class SchemeSimulation:
    """Long-run shares observed in a simulation, with batch-means standard errors.

    Attributes:
        p: Process quality simulated.
        lots: Lot periods simulated (discontinued periods included).
        seed: The seed.
        accept_probability: Share of lots accepted.
        normal: Share of lots on normal inspection.
        tightened: ... on tightened.
        reduced: ... on reduced.
        discontinued: ... in a discontinuation.
        sample_per_lot: Mean items inspected per lot period.
        standard_errors: ``(name, standard error)`` for each of the above.
        discontinuations: How many times inspection was discontinued.
        first_discontinuation: Lot number (1-based) of the first
            discontinuing lot, or None.
        reasons: How it was simulated.
    """

    p: float
    lots: int
    seed: int
    accept_probability: float
    normal: float
    tightened: float
    reduced: float
    discontinued: float
    sample_per_lot: float
    standard_errors: tuple[tuple[str, float], ...]
    discontinuations: int
    first_discontinuation: int | None
    reasons: tuple[Reason, ...] = ()

    def standard_error(self, name: str) -> float:
        """The standard error of one quantity, by its attribute name."""
        return dict(self.standard_errors)[name]


class _Sampler:
    """Draws one lot's counts stage by stage and judges them (judge() memoised)."""

    def __init__(self, plan: SamplingPlan, p: float, rng: random.Random, approve: bool) -> None:
        self.plan = plan
        self.p = p
        self.rng = rng
        self.approve = approve
        self.cdfs: dict[tuple[int, int], list[float]] = {}
        self.judged: dict[tuple[int, ...], tuple[Judgement, Lot | None]] = {}

    def _cdf(self, n: int, cap: int) -> list[float]:
        key = (n, cap)
        if key not in self.cdfs:
            if self.plan.counts == "nonconformities":
                pmf = poisson_prefix(n * self.p, cap - 1)
            else:
                pmf = binomial_prefix(n, self.p, cap - 1)
            acc, out = 0.0, []
            for v in pmf:
                acc += v
                out.append(acc)
            self.cdfs[key] = out
        return self.cdfs[key]

    def lot(self) -> tuple[Judgement, Lot]:
        counts: list[int] = []
        found = 0
        for stage in self.plan.stages:
            n = stage.sample_size
            cap = stage.reject - found  # at cap the lot is rejected: more is the same
            if self.plan.counts != "nonconformities":
                cap = min(cap, n)
            x = bisect.bisect_right(self._cdf(n, cap), self.rng.random())
            counts.append(x)
            found += x
            key = tuple(counts)
            if key not in self.judged:
                self.judged[key] = (judge(self.plan, counts), None)
            judgement, lot = self.judged[key]
            if judgement.decision != "continue":
                if lot is None:
                    lot = Lot.from_judgement(self.plan, judgement, reduced_approved=self.approve)
                    self.judged[key] = (judgement, lot)
                return judgement, lot
        raise AssertionError("a plan's last stage always decides")  # pragma: no cover


def simulate_scheme(
    scheme: SwitchingScheme,
    p: float,
    *,
    lots: int = 100_000,
    seed: int = 0,
    batches: int = 50,
) -> SchemeSimulation:
    """Simulate lots of quality ``p`` through the switching fold.

    Args:
        scheme: The scheme (see :func:`~qmscore.sampling.switching_scheme`).
        p: Process fraction nonconforming (per unit for nonconformity plans).
        lots: Lot periods to simulate (at least ``batches``, at most
            :data:`MAX_SIMULATED_LOTS`).
        seed: Seed of the private random generator.
        batches: Batches for the batch-means standard errors (2 to 1000).

    Raises:
        InvalidInputError: an input out of range.
    """
    check_instance("scheme", scheme, SwitchingScheme, "a SwitchingScheme")
    if scheme.normal.counts == "nonconformities":
        q = check_real("p", p, minimum=0.0)
    else:
        q = check_probability("p", p)
    k = check_int("batches", batches, minimum=2, maximum=1000)
    total = check_int("lots", lots, minimum=k, maximum=MAX_SIMULATED_LOTS)
    s = check_int("seed", seed)
    rng = random.Random(s)
    approve = scheme.reduced is not None
    samplers = {
        name: _Sampler(plan, q, rng, approve)
        for name, plan in (
            ("normal", scheme.normal),
            ("tightened", scheme.tightened),
            ("reduced", scheme.reduced),
        )
        if plan is not None
    }
    index = {"normal": 1, "tightened": 2, "reduced": 3}
    size = total // k
    sums = [[0.0] * 6 for _ in range(k)]
    state = SwitchingState(rules=scheme.rules)
    paused = 0
    stops = 0
    first: int | None = None
    for i in range(total):
        row = sums[min(i // size, k - 1)]
        if paused:
            row[4] += 1.0
            paused -= 1
            if not paused:
                state = resume_inspection(state, "corrective action (simulation)")
            continue
        judgement, lot = samplers[state.inspection].lot()
        row[index[state.inspection]] += 1.0
        row[5] += judgement.inspected
        if judgement.accepted:
            row[0] += 1.0
        state = next_inspection(state, lot)
        if state.inspection == "discontinued":
            stops += 1
            if first is None:
                first = i + 1
            paused = scheme.pause_lots
            if not paused:
                state = resume_inspection(state, "corrective action (simulation)")
    counts = [size] * (k - 1) + [total - size * (k - 1)]
    means = [math.fsum(r[j] for r in sums) / total for j in range(6)]
    errors = []
    for j in range(6):
        batch = [r[j] / n for r, n in zip(sums, counts, strict=True)]
        mean = math.fsum(batch) / k
        var = math.fsum((b - mean) ** 2 for b in batch) / (k - 1)
        errors.append(math.sqrt(var / k))
    reasons = (
        Reason(
            "sampling.scheme_simulation",
            f"{total} lot periods of quality {q:g} simulated through judge and "
            f"next_inspection (seed {s}); standard errors by {k} batch means",
            f"以 judge 与 next_inspection 模拟质量 {q:g} 的 {total} 个批周期（种子 {s}）；"
            f"标准误按 {k} 组批均值计算",
        ),
    )
    return SchemeSimulation(
        q,
        total,
        s,
        means[0],
        means[1],
        means[2],
        means[3],
        means[4],
        means[5],
        tuple(zip(_NAMES, errors, strict=True)),
        stops,
        first,
        reasons,
    )
