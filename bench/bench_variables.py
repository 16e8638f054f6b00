"""Variables OC curves: one limit vs scipy.stats vectorised, two limits vs scipy.integrate.quad.

Same plan (Z1.9 code J, AQL 1.0, normal: n 35, k 1.89), same 1000 points.
Ours is pure Python (one noncentral t integral per point); scipy evaluates
the whole numpy array in C. The accuracy line is the largest relative
difference over the points where scipy is reliable (p <= 0.4; see
tests/sampling/test_variables_oc.py for where scipy's nct.sf is not).

Two limits, s-method (``bench_cases``): a 100-point Form-2 OC curve of the
same code-J plan (n 35, M 2.66%), process centred, against the integral a
scipy user would write: ``scipy.integrate.quad`` over s of ``chi.pdf(s)``
times the normal probability of the accepted means, whose ends come from
``brentq`` on ``scipy.special.betainc`` (the set is one interval for n >= 4).
No plain floor: the floor would be the same integral (qmscore's is the plain
Python one); the peer's answers are asserted within 1e-8 of ours first.
"""

from __future__ import annotations

import math

import numpy as np
from _table import Case
from _timing import best_per_call, row
from scipy import integrate, optimize, special, stats

from qmscore.sampling import lookup_variables_plan, variables_oc_curve, variables_oc_curve_double

GROUP = "variables sampling"


def _quad_pa(n: int, m: float, z: float) -> float:
    """Two-limit s-method Pa, process centred z sigma inside each limit, by scipy quad."""
    a, big_b, root = (n - 2) / 2, (n - 1) / math.sqrt(n), math.sqrt(n)
    chi = stats.chi(n - 1, scale=1 / math.sqrt(n - 1))

    def excess(x: float, s: float) -> float:  # p_L + p_U - m at mean x (limits -z, z)
        xl = min(1.0, max(0.0, 0.5 - (x + z) / s / (2 * big_b)))
        xu = min(1.0, max(0.0, 0.5 - (z - x) / s / (2 * big_b)))
        return float(special.betainc(a, a, xl) + special.betainc(a, a, xu)) - m

    def prob(s: float) -> float:
        if excess(0.0, s) > 0:
            return 0.0
        top = optimize.brentq(excess, 0.0, z + big_b * s, args=(s,), xtol=1e-14)
        return float(stats.norm.cdf(root * top) - stats.norm.cdf(-root * top))

    k_m = big_b * (1 - 2 * float(special.betaincinv(a, a, m)))
    k_half = big_b * (1 - 2 * float(special.betaincinv(a, a, m / 2)))
    s_end, s_kink = 2 * z / (2 * k_half), 2 * z / (big_b + k_m)
    upper = min(s_end, float(chi.isf(1e-16)))
    val, _ = integrate.quad(
        lambda s: float(chi.pdf(s)) * prob(s),
        0,
        upper,
        points=[s_kink] if s_kink < upper else None,
        epsabs=0,
        epsrel=1e-10,
        limit=200,
    )
    return float(val)


def bench_cases() -> list[Case]:
    """A 100-point two-limit s-method OC curve: ours vs scipy.integrate.quad per point."""
    plan = lookup_variables_plan(1000, 1.0)  # code J: n 35, M 2.66%
    n, m = plan.sample_size, plan.m / 100
    ps = [0.001 + (0.15 - 0.001) * i / 99 for i in range(100)]
    zs = [float(stats.norm.isf(p / 2)) for p in ps]
    ours = variables_oc_curve_double(plan, ps).pa
    peer = [_quad_pa(n, m, z) for z in zs]
    for mine, theirs in zip(ours, peer, strict=True):
        assert abs(mine - theirs) <= 1e-8 * theirs + 1e-300, (mine, theirs)
    one = lookup_variables_plan(1000, 1.0)
    k, root = one.acceptability_constant, math.sqrt(n)
    ps1 = [1e-5 + (0.2 - 1e-5) * i / 999 for i in range(1000)]
    p_arr = np.array(ps1)
    mine = np.array(variables_oc_curve(one, ps1).pa)
    ref = stats.nct.sf(k * root, n - 1, stats.norm.isf(p_arr) * root)
    safe = p_arr <= 0.4  # where scipy's nct.sf is reliable (tests/sampling/test_variables_oc.py)
    assert float(np.max(np.abs(mine - ref)[safe] / ref[safe])) < 1e-9
    return [
        Case(
            "variables OC curve s-method, 1000 points (n 35, k 1.89)",
            ours=lambda: variables_oc_curve(one, ps1),
            peer=lambda: stats.nct.sf(k * root, n - 1, stats.norm.isf(p_arr) * root),
            peer_name="scipy nct.sf vectorised",
            repeat=3,
            group=GROUP,
        ),
        Case(
            "two-limit s-method OC curve (100 points, n 35)",
            ours=lambda: variables_oc_curve_double(plan, ps),
            calls=1,
            peer=lambda: [_quad_pa(n, m, z) for z in zs],
            peer_name="scipy quad",
            repeat=1,
            group=GROUP,
        ),
    ]


def main() -> None:
    plan = lookup_variables_plan(1000, 1.0)
    n, k = plan.sample_size, plan.acceptability_constant
    ps = [1e-5 + (0.2 - 1e-5) * i / 999 for i in range(1000)]
    p_arr = np.array(ps)
    root = math.sqrt(n)

    def peer() -> object:
        return stats.nct.sf(k * root, n - 1, stats.norm.isf(p_arr) * root)

    ours_pa = np.array(variables_oc_curve(plan, ps).pa)
    ref = np.asarray(peer())
    worst = float(np.max(np.abs(ours_pa - ref) / ref))
    print("\n## Variables OC curve, 1000 points, s-method n=35 k=1.89 (whole curve per call)")
    ours = best_per_call(lambda: variables_oc_curve(plan, ps), 1, 3)
    theirs = best_per_call(peer, 1, 5)
    print(row("noncentral t (sigma unknown)", ours, theirs, "scipy"))
    print(f"  -> {ours * 1e3:.1f} ms per curve; max relative |ours - scipy| = {worst:.1e}")

    sigma = lookup_variables_plan(1000, 1.0, method="sigma")
    ks = sigma.acceptability_constant
    ns = sigma.sample_size

    def peer_sigma() -> object:
        return stats.norm.cdf(math.sqrt(ns) * (stats.norm.isf(p_arr) - ks))

    ours_s = best_per_call(lambda: variables_oc_curve(sigma, ps), 1, 5)
    theirs_s = best_per_call(peer_sigma, 1, 5)
    print(row("normal (sigma known), n=12", ours_s, theirs_s, "scipy"))


if __name__ == "__main__":
    main()
