"""1000-point OC curves against the plain-Python floor and scipy vectorised (issue 15).

Same plan (n 125, Ac 3), same 1000 points, same process. The floor is a
plain loop over the points with the binomial (or Poisson) term recurrence;
the peer is ``scipy.stats.binom.cdf(3, 125, p_array)`` (and
``scipy.stats.poisson.cdf(3, lam_array)``) on numpy arrays built before the
timing. Every answer is asserted equal to ours (1e-12 relative) first.
Ours is timed twice: on the list of floats, and on the same points as a
NumPy array (the vectorised path; the result still holds plain floats).
The hypergeometric curve is timed against ``scipy.stats.hypergeom.cdf`` on
the D values qmscore used (no floor row).
"""

from __future__ import annotations

import math

import numpy as np
from _table import Case
from _timing import best_per_call, row
from scipy import stats

from qmscore.sampling import SamplingPlan, oc_curve

GROUP = "sampling: OC curves"
N, C = 125, 3
POINTS = [0.2 * i / 999 for i in range(1000)]
LOT = 5000


def floor_binomial(n: int, c: int, ps: list[float]) -> list[float]:
    """P(X <= c), X ~ Binomial(n, p), per point: the term recurrence, plainly."""
    out = []
    for p in ps:
        q = 1.0 - p
        term = q**n
        total = term
        for k in range(c):
            term = term * (n - k) / (k + 1) * p / q
            total += term
        out.append(total)
    return out


def floor_poisson(n: int, c: int, ps: list[float]) -> list[float]:
    """P(X <= c), X ~ Poisson(n p), per point: the term recurrence, plainly."""
    out = []
    for p in ps:
        lam = n * p
        term = math.exp(-lam)
        total = term
        for k in range(c):
            term = term * lam / (k + 1)
            total += term
        out.append(total)
    return out


def _same(a: object, b: object) -> bool:
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return x.shape == y.shape and bool(np.all(np.abs(x - y) <= 1e-12 * np.maximum(x, y)))


def bench_cases() -> list[Case]:
    """OC curve rows: binomial and Poisson against the floor and scipy, hypergeometric vs scipy."""
    plan = SamplingPlan.from_stages([(N, C, C + 1)])
    poisson_plan = SamplingPlan.from_stages([(N, C, C + 1)], counts="nonconformities")
    p_arr = np.array(POINTS)
    lam_arr = N * p_arr

    def ours_b() -> object:
        return oc_curve(plan, POINTS).pa

    def floor_b() -> object:
        return floor_binomial(N, C, POINTS)

    def peer_b() -> object:
        return stats.binom.cdf(C, N, p_arr)

    def ours_p() -> object:
        return oc_curve(poisson_plan, POINTS).pa

    def floor_p() -> object:
        return floor_poisson(N, C, POINTS)

    def peer_p() -> object:
        return stats.poisson.cdf(C, lam_arr)

    def ours_b_array() -> object:
        return oc_curve(plan, p_arr).pa

    def ours_p_array() -> object:
        return oc_curve(poisson_plan, p_arr).pa

    curve = oc_curve(plan, POINTS, lot_size=LOT, model="hypergeometric")
    d_arr = np.array(curve.defectives)

    def ours_h() -> object:
        return oc_curve(plan, POINTS, lot_size=LOT, model="hypergeometric").pa

    def peer_h() -> object:
        return stats.hypergeom.cdf(C, LOT, d_arr, N)

    for ours, floor, peer in (
        (ours_b, floor_b, peer_b),
        (ours_p, floor_p, peer_p),
        (ours_b_array, floor_b, peer_b),
        (ours_p_array, floor_p, peer_p),
    ):
        assert _same(ours(), floor())
        assert _same(ours(), peer())
    assert _same(ours_h(), peer_h())
    return [
        Case(
            "oc_curve 1000 pts binomial (n 125, Ac 3)",
            ours_b,
            floor_b,
            target=1.5,
            peer=peer_b,
            peer_name="scipy vectorised",
            peer_target=1.0,
            repeat=25,
            group=GROUP,
        ),
        Case(
            "oc_curve 1000 pts poisson (n 125, Ac 3)",
            ours_p,
            floor_p,
            target=1.5,
            peer=peer_p,
            peer_name="scipy vectorised",
            peer_target=1.0,
            repeat=25,
            group=GROUP,
        ),
        Case(
            "oc_curve 1000 pts binomial (numpy array input)",
            ours_b_array,
            floor_b,
            target=1.5,
            peer=peer_b,
            peer_name="scipy vectorised",
            peer_target=1.0,
            repeat=25,
            group=GROUP,
        ),
        Case(
            "oc_curve 1000 pts poisson (numpy array input)",
            ours_p_array,
            floor_p,
            target=1.5,
            peer=peer_p,
            peer_name="scipy vectorised",
            peer_target=1.0,
            repeat=25,
            group=GROUP,
        ),
        Case(
            f"oc_curve 1000 pts hypergeometric (N {LOT})",
            ours_h,
            peer=peer_h,
            peer_name="scipy vectorised",
            repeat=25,
            group=GROUP,
        ),
    ]


def main() -> None:
    """Details: the three curves per call and the largest difference from scipy."""
    plan = SamplingPlan.from_stages([(N, C, C + 1)])
    curve = oc_curve(plan, POINTS, lot_size=LOT, model="hypergeometric")
    d = np.array(curve.defectives)
    worst = float(np.max(np.abs(np.array(curve.pa) - stats.hypergeom.cdf(C, LOT, d, N))))
    print("\n## OC curve, 1000 points, n=125 c=3 (whole curve per call)")
    ours = best_per_call(
        lambda: oc_curve(plan, POINTS, lot_size=LOT, model="hypergeometric"), 1, 7
    )
    peer = best_per_call(lambda: stats.hypergeom.cdf(C, LOT, d, N), 1, 7)
    print(row(f"hypergeometric N={LOT}", ours, peer, "scipy"))
    print(f"  -> {ours * 1e3:.2f} ms per curve; max |ours - scipy| = {worst:.1e}")
    p_arr = np.array(POINTS)
    ours_b = best_per_call(lambda: oc_curve(plan, POINTS), 1, 7)
    peer_b = best_per_call(lambda: stats.binom.cdf(C, N, p_arr), 1, 7)
    print(row("binomial", ours_b, peer_b, "scipy"))


if __name__ == "__main__":
    main()
