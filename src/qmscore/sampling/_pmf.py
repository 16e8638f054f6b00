"""Exact probability mass prefixes without scipy: recurrences, not factorials.

Each function returns ``[P(X = 0), ..., P(X = k)]`` (shorter when the support
ends sooner). Starts are computed in log space or as products and carried as
a float mantissa with a separate power-of-two exponent, so a start below the
float range (``(1 - p)**3150`` for large p) does not turn the whole prefix into
zeros; the power-of-two scaling itself adds no rounding. Relative error stays
within a few hundred ulps for n up to 3150 and N up to 10**7.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

__all__ = [
    "binomial_cdf",
    "binomial_prefix",
    "hypergeometric_prefix",
    "poisson_cdf",
    "poisson_prefix",
]

_LN2 = math.log(2.0)
_TINY = 2.0**-600
_HUGE = 2.0**600


def _split_log(log_value: float) -> tuple[float, int]:
    """``exp(log_value)`` as (mantissa, exponent) with the mantissa near 1."""
    if log_value > -700.0:
        return math.exp(log_value), 0
    e = math.floor(log_value / _LN2)
    return math.exp(log_value - e * _LN2), e


def _product(factors: Iterable[float]) -> tuple[float, int]:
    v, e = 1.0, 0
    for f in factors:
        v *= f
        if v < _TINY:
            m, shift = math.frexp(v)
            v, e = m, e + shift
    return v, e


def _walk(v: float, e: int, ratios: Iterable[float]) -> list[float]:
    # Multiply along the recurrence, renormalising the mantissa so neither
    # underflow nor overflow happens before the final ldexp.
    out = [math.ldexp(v, e)]
    for r in ratios:
        v *= r
        if v < _TINY or v > _HUGE:
            if v == 0.0:
                out.append(0.0)
                continue
            m, shift = math.frexp(v)
            v, e = m, e + shift
        out.append(math.ldexp(v, e))
    return out


def binomial_prefix(n: int, p: float, k: int) -> list[float]:
    """P(X = j) for j = 0..min(k, n), X ~ Binomial(n, p)."""
    if k < 0:
        return []
    m = min(k, n)
    if p == 0.0:
        return [1.0] + [0.0] * m
    if p == 1.0:
        return [0.0] * m + [1.0] if m == n else [0.0] * (m + 1)
    v, e = _split_log(n * math.log1p(-p))
    odds = p / (1.0 - p)
    return _walk(v, e, ((n - j) * odds / (j + 1) for j in range(m)))


def poisson_prefix(lam: float, k: int) -> list[float]:
    """P(X = j) for j = 0..k, X ~ Poisson(lam)."""
    if k < 0:
        return []
    if lam == 0.0:
        return [1.0] + [0.0] * k
    if math.isinf(lam) or (lam > 1.0 and lam - k * math.log(lam) > 800.0):
        # Every term is below exp(-800), far under the smallest float: exactly 0.
        return [0.0] * (k + 1)
    v, e = _split_log(-lam)
    return _walk(v, e, (lam / (j + 1) for j in range(k)))


def hypergeometric_prefix(lot: int, defective: int, n: int, k: int) -> list[float]:
    """P(X = j) for j = 0..min(k, n, defective), X = defectives in a sample of n.

    The sample is drawn without replacement from ``lot`` items of which
    ``defective`` are nonconforming.
    """
    top = min(k, n, defective)
    if top < 0:
        return []
    good = lot - defective
    low = max(0, n - good)
    if low > top:
        return [0.0] * (top + 1)
    if low == 0:
        # P(0) = C(good, n) / C(lot, n): the shorter of two equal products.
        if defective < n:
            start = _product((lot - n - i) / (lot - i) for i in range(defective))
        else:
            start = _product((good - i) / (lot - i) for i in range(n))
    else:
        # Every good item is drawn: P(low) = C(D, n - good) / C(lot, n)
        # = prod_{i < good} (n - i) / (lot - i), a product of good < n factors.
        start = _product((n - i) / (lot - i) for i in range(good))
    values = _walk(
        *start,
        ((defective - x) * (n - x) / ((x + 1) * (good - n + x + 1)) for x in range(low, top)),
    )
    return [0.0] * low + values


def binomial_cdf(n: int, p: float, k: int) -> float:
    """P(X <= k), X ~ Binomial(n, p): the prefix summed, in one tight loop when it can."""
    if k < 0:
        return 0.0
    if k >= n or p == 0.0:
        return 1.0
    start = n * math.log1p(-p) if p < 1.0 else -math.inf
    if start < -700.0:  # the first term is below the float range: carry an exponent
        return min(1.0, math.fsum(binomial_prefix(n, p, k)))
    term = total = math.exp(start)
    odds = p / (1.0 - p)
    for j in range(k):
        term *= (n - j) * odds / (j + 1)
        total += term  # positive terms: at most k roundings
    return min(1.0, total)


def poisson_cdf(lam: float, k: int) -> float:
    """P(X <= k), X ~ Poisson(lam)."""
    if k < 0:
        return 0.0
    if lam > 700.0:
        return min(1.0, math.fsum(poisson_prefix(lam, k)))
    term = total = math.exp(-lam)
    for j in range(k):
        term *= lam / (j + 1)
        total += term
    return min(1.0, total)
