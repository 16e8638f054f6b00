"""1000-point variables OC curves vs scipy.stats vectorised (nct.sf, norm.cdf).

Same plan (Z1.9 code J, AQL 1.0, normal: n 35, k 1.89), same 1000 points.
Ours is pure Python (one noncentral t integral per point); scipy evaluates
the whole numpy array in C. The accuracy line is the largest relative
difference over the points where scipy is reliable (p <= 0.4; see
tests/sampling/test_variables_oc.py for where scipy's nct.sf is not).
"""

from __future__ import annotations

import math

import numpy as np
from _timing import best_per_call, row
from scipy import stats

from qmscore.sampling import lookup_variables_plan, variables_oc_curve


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
