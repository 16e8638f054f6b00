"""The noncentral t distribution's upper tail, in pure Python.

``nct_sf(t, df, delta) = P(T' >= t)`` with ``T' = (Z + delta) / sqrt(V / df)``,
Z standard normal and V chi-square with ``df`` degrees of freedom. Conditioning
on ``S = sqrt(V / df)`` gives ``P(T' >= t) = E[1 - Φ(t S - delta)]``; with
``u = log S`` the integrand ``exp(g(u))`` is log-concave for ``t >= 0``
(``log(1 - Φ)`` is concave and non-increasing, ``t e^u`` convex, the chi part
concave), so it has one peak. We find the peak by a safeguarded Newton
iteration, walk out on each side until the integrand has fallen by ``e^-38``,
and integrate with 16-point Gauss-Legendre panels two curvature lengths
wide, the curvature judged at both ends of each panel (a shoulder where
``1 - Φ`` turns down can be much sharper than the peak). The
integrand is positive, so both small and large answers keep their relative
accuracy (about 1e-13 against scipy.stats.nct over the ranges tested).

Example:
    >>> from qmscore.sampling._nct import nct_sf
    >>> round(nct_sf(0.0, 5, 1.0), 12)  # P(T' >= 0) = Φ(delta)
    0.841344746069
"""

from __future__ import annotations

import math

from qmscore.sampling._special import log_norm_sf, norm_cdf

__all__ = ["nct_sf"]

_RSQRT2 = 1.0 / math.sqrt(2.0)
_DROP = 38.0  # the integrand is cut where it falls below e^-38 (3e-17) of its peak
_SCALE = 2.0  # panel width in units of the local curvature length


def _legendre(m: int) -> tuple[tuple[float, ...], tuple[float, ...]]:
    nodes: list[float] = []
    weights: list[float] = []
    for i in range(1, m + 1):
        x = math.cos(math.pi * (i - 0.25) / (m + 0.5))
        for _ in range(100):  # pragma: no branch - Newton converges in a few steps
            p0, p1 = 1.0, x
            for j in range(2, m + 1):
                p0, p1 = p1, ((2 * j - 1) * x * p1 - (j - 1) * p0) / j
            dp = m * (x * p1 - p0) / (x * x - 1.0)
            dx = p1 / dp
            x -= dx
            if abs(dx) < 1e-16:
                break
        nodes.append(x)
        weights.append(2.0 / ((1.0 - x * x) * dp * dp))
    return tuple(nodes), tuple(weights)


_NODES, _WEIGHTS = _legendre(16)
_RULE = tuple(zip(_NODES, _WEIGHTS, strict=True))


def _chi_const(z: float) -> float:
    # log 2 + z log z - lgamma(z) - z: the log density of u = log S, written
    # as nu (u - (e^(2u) - 1)/2) + this, so nothing of size nu cancels.
    if z < 50.0:
        return math.log(2.0) + z * math.log(z) - math.lgamma(z) - z
    r = 1.0 / (z * z)
    stirling = (1.0 / 12.0 - r * (1.0 / 360.0 - r * (1.0 / 1260.0 - r / 1680.0))) / z
    return math.log(2.0) - 0.5 * math.log(2.0 * math.pi) + 0.5 * math.log(z) - stirling


def _hazard(h: float) -> float:
    # φ(h) / (1 - Φ(h)), the normal hazard.
    return math.exp(-0.5 * h * h - 0.5 * math.log(2.0 * math.pi) - log_norm_sf(h))


def nct_sf(t: float, df: float, delta: float) -> float:
    """P(T' >= t) for the noncentral t with ``df`` > 0 degrees of freedom.

    Relative accuracy holds for ``t >= 0``; for ``t < 0`` the answer is
    ``1 - P(T'(df, -delta) > -t)`` (absolute accuracy).
    """
    if t < 0.0:
        return 1.0 - nct_sf(-t, df, -delta)
    if t == 0.0:
        return norm_cdf(delta)
    nu = float(df)
    const = _chi_const(0.5 * nu)

    def g(u: float) -> float:
        return log_norm_sf(t * math.exp(u) - delta) + nu * (u - 0.5 * math.expm1(2.0 * u)) + const

    def slopes(u: float) -> tuple[float, float]:
        e = math.exp(u)
        h = t * e - delta
        r = _hazard(h)
        d1 = -r * t * e + nu - nu * e * e
        d2 = -r * (r - h) * t * t * e * e - r * t * e - 2.0 * nu * e * e
        return d1, d2

    # The peak: g' falls from +nu (u -> -inf) to -inf, once; g'(0) = -r t < 0,
    # so the peak lies below u = 0.
    lo, hi = -1.0, 0.0
    while slopes(lo)[0] <= 0.0:
        hi, lo = lo, lo - 2.0 * (hi - lo)
    u = 0.5 * (lo + hi)
    for _ in range(200):  # pragma: no branch - converges in a few steps
        d1, d2 = slopes(u)
        if d1 > 0.0:
            lo = u
        else:
            hi = u
        new = u - d1 / d2
        if not lo < new < hi:
            new = 0.5 * (lo + hi)
        if abs(new - u) < 1e-12 * (1.0 + abs(u)) or hi - lo < 1e-13:
            u = new
            break
        u = new
    peak = g(u)
    base = const - peak
    exp, expm1, erfc = math.exp, math.expm1, math.erfc
    total = 0.0
    for direction in (-1.0, 1.0):
        edge = u
        width = _SCALE / math.sqrt(-slopes(u)[1])
        while True:
            # Panels follow the local curvature (a shoulder where 1 - Φ turns
            # down can be much sharper than the peak), never growing fast.
            width = min(2.0 * width, _SCALE / math.sqrt(-slopes(edge)[1]))
            # ... judged at both ends of the panel, so a shoulder is not overrun.
            ahead = -slopes(edge + direction * width)[1]
            width = min(width, _SCALE / math.sqrt(ahead))
            far = edge + direction * width
            mid, half = 0.5 * (edge + far), 0.5 * width
            acc = 0.0
            for x, w in _RULE:
                v = mid + half * x
                e = exp(v)
                h = t * e - delta
                chi = nu * (v - 0.5 * expm1(2.0 * v)) + base
                if h < 30.0:  # 1 - Φ(h) >= 1e-198 and exp(chi) stays finite
                    acc += w * erfc(h * _RSQRT2) * exp(chi)
                else:
                    acc += 2.0 * w * exp(log_norm_sf(h) + chi)
            total += 0.5 * half * acc
            edge = far
            if g(edge) < peak - _DROP:
                break
    return min(1.0, math.exp(peak) * total)
