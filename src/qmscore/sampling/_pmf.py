"""Exact probability mass prefixes without scipy: recurrences, not factorials.

Each function returns ``[P(X = 0), ..., P(X = k)]`` (shorter when the support
ends sooner). Starts are computed in log space or as products and carried as
a float mantissa with a separate power-of-two exponent, so a start below the
float range (``(1 - p)**3150`` for large p) does not turn the whole prefix into
zeros; the power-of-two scaling itself adds no rounding. Relative error stays
within a few hundred ulps for n up to 3150 and N up to 10**7.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence

__all__ = [
    "binomial_cdf",
    "binomial_cdf_many",
    "binomial_coefficients",
    "binomial_prefix",
    "hypergeometric_prefix",
    "poisson_cdf",
    "poisson_cdf_many",
    "poisson_coefficients",
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


# The cumulative probabilities are a positive polynomial times one power:
#
#   P(Binomial(n, p) <= k) = (1 - p)**(n - k) * sum_j C(n - k - 1 + j, j) p**j,   j = 0..k
#   P(Poisson(lam) <= k)   = exp(-lam) * sum_j lam**j / j!,                        j = 0..k
#
# (the first is the negative-binomial form of the binomial tail). Every
# coefficient is positive, so Horner's rule adds no cancellation: about 2k
# roundings plus the power's. The coefficients depend on (n, k) only and are
# computed once (exact integers, then rounded); a curve then costs one power
# and k multiply-adds per point. Outside the float range (a power below
# _WEIGHT_MIN, coefficients above _COEFFICIENT_MAX) the log-space prefixes
# above take over.

_COEFFICIENT_MAX = 1e300
_WEIGHT_MIN = 1e-300
_POW_EXPONENT_MAX = 512
"""Up to this exponent (1 - p)**m is taken directly (the rounding of 1 - p,
2**-53 relative, grows m-fold: at most 6e-14); above it exp(m log1p(-p))."""
_POISSON_TERMS_MAX = 170
"""1 / 170! is the last reciprocal factorial in the normal float range."""
_POISSON_LAMBDA_MAX = 700.0


@functools.lru_cache(maxsize=1024)
def binomial_coefficients(n: int, k: int) -> tuple[float, ...] | None:
    """``C(n - k - 1 + j, j)`` for j = k down to 0 (Horner order), or None if too large.

    For ``0 <= k < n``: ``P(X <= k) = (1 - p)**(n - k) * sum_j coefficient_j p**j``.

    Example:
        >>> binomial_coefficients(5, 2)  # C(4, 2), C(3, 1), C(2, 0)
        (6.0, 3.0, 1.0)
    """
    exact, total, b = [1], 1, 1
    for j in range(k):
        b = b * (n - k + j) // (j + 1)
        total += b
        if total > _COEFFICIENT_MAX:
            return None
        exact.append(b)
    return tuple(float(b) for b in reversed(exact))


@functools.lru_cache(maxsize=256)
def poisson_coefficients(k: int) -> tuple[float, ...] | None:
    """``1 / j!`` for j = k down to 0 (Horner order), or None past 170 terms.

    Example:
        >>> poisson_coefficients(2)
        (0.5, 1.0, 1.0)
    """
    if k > _POISSON_TERMS_MAX:
        return None
    return tuple(1 / math.factorial(j) for j in range(k, -1, -1))


def _binomial_weight(p: float, m: int) -> float:
    if p == 1.0:
        return 0.0
    return (1.0 - p) ** m if m <= _POW_EXPONENT_MAX else math.exp(m * math.log1p(-p))


def binomial_cdf(n: int, p: float, k: int) -> float:
    """P(X <= k), X ~ Binomial(n, p): one power and a Horner sum of k + 1 terms.

    Example:
        >>> round(binomial_cdf(89, 0.01, 2), 6)
        0.93969
    """
    if k < 0:
        return 0.0
    if k >= n or p == 0.0:
        return 1.0
    if p == 1.0:  # every item nonconforming: X = n > k
        return 0.0
    coefficients = binomial_coefficients(n, k)
    if coefficients is not None:
        m = n - k
        w = (1.0 - p) ** m if m <= _POW_EXPONENT_MAX else math.exp(m * math.log1p(-p))
        if w > _WEIGHT_MIN:
            s = 0.0
            for b in coefficients:
                s = s * p + b
            v = s * w
            return v if v < 1.0 else 1.0
    return min(1.0, math.fsum(binomial_prefix(n, p, k)))


def poisson_cdf(lam: float, k: int) -> float:
    """P(X <= k), X ~ Poisson(lam): one exponential and a Horner sum of k + 1 terms.

    Example:
        >>> round(poisson_cdf(0.89, 2), 6)
        0.93878
    """
    if k < 0:
        return 0.0
    coefficients = poisson_coefficients(k)
    if coefficients is not None and lam <= _POISSON_LAMBDA_MAX:
        s = 0.0
        for b in coefficients:
            s = s * lam + b
        v = s * math.exp(-lam)
        return v if v < 1.0 else 1.0
    return min(1.0, math.fsum(poisson_prefix(lam, k)))


def binomial_cdf_many(
    n: int, k: int, ps: Sequence[float], top: float | None = None
) -> list[float]:
    """``[binomial_cdf(n, p, k) for p in ps]``, the same floats, in one tight loop.

    ``ps`` holds floats in [0, 1]; ``top`` is ``max(ps)`` when the caller knows it.

    Example:
        >>> binomial_cdf_many(89, 2, [0.0, 0.01]) == [binomial_cdf(89, p, 2) for p in (0.0, 0.01)]
        True
    """
    if k < 0:
        return [0.0] * len(ps)
    if k >= n:
        return [1.0] * len(ps)
    coefficients = binomial_coefficients(n, k)
    m = n - k
    if not ps:
        return []
    top = max(ps) if top is None else top
    if coefficients is None or not _binomial_weight(top, m) > _WEIGHT_MIN:
        # Some point needs the log-space prefix (the weight falls as p grows).
        return [binomial_cdf(n, p, k) for p in ps]
    if m > _POW_EXPONENT_MAX:
        exp, log1p = math.exp, math.log1p
        out = _horner_times(coefficients, ps, [exp(m * log1p(-p)) for p in ps])
    else:
        out = _horner_pow(coefficients, ps, m)
    return out if max(out) <= 1.0 else [v if v < 1.0 else 1.0 for v in out]


def poisson_cdf_many(
    k: int, ps: Sequence[float], scale: int = 1, top: float | None = None
) -> list[float]:
    """``[poisson_cdf(scale * p, k) for p in ps]``, the same floats, in one tight loop.

    ``ps`` holds finite non-negative floats (``scale * p`` is the Poisson
    mean); ``top`` is ``max(ps)`` when the caller knows it.

    Example:
        >>> poisson_cdf_many(2, [0.0, 0.01], 89) == [poisson_cdf(89 * p, 2) for p in (0.0, 0.01)]
        True
    """
    if k < 0:
        return [0.0] * len(ps)
    coefficients = poisson_coefficients(k)
    if not ps:
        return []
    top = max(ps) if top is None else top
    if coefficients is None or not scale * top <= _POISSON_LAMBDA_MAX:
        return [poisson_cdf(scale * p, k) for p in ps]
    out = _horner_exp(coefficients, ps, scale)
    return out if max(out) <= 1.0 else [v if v < 1.0 else 1.0 for v in out]


# The loops below evaluate sum_j coefficients[j] x**(k - j) by Horner's rule
# and multiply by the weight, point by point, unrolled for the common short
# sums. Each rounding happens in the scalar functions' order (their first
# step, 0.0 * x + a, is exactly a), so the floats are the same.


def _horner_times(
    coefficients: tuple[float, ...], xs: Sequence[float], ws: Sequence[float]
) -> list[float]:
    out = []
    for x, w in zip(xs, ws, strict=True):
        s = 0.0
        for a in coefficients:
            s = s * x + a
        out.append(s * w)
    return out


def _horner_pow(coefficients: tuple[float, ...], ps: Sequence[float], m: int) -> list[float]:
    # Weight (1 - p)**m.
    size = len(coefficients)
    if size == 1:
        (a,) = coefficients
        return [a * (1.0 - x) ** m for x in ps]
    if size == 2:
        a, b = coefficients
        return [(a * x + b) * (1.0 - x) ** m for x in ps]
    if size == 3:
        a, b, c = coefficients
        return [((a * x + b) * x + c) * (1.0 - x) ** m for x in ps]
    if size == 4:
        a, b, c, d = coefficients
        return [(((a * x + b) * x + c) * x + d) * (1.0 - x) ** m for x in ps]
    return _horner_times(coefficients, ps, [(1.0 - x) ** m for x in ps])


def _horner_exp(coefficients: tuple[float, ...], ps: Sequence[float], scale: int) -> list[float]:
    # x = scale * p, weight exp(-x).
    exp = math.exp
    size = len(coefficients)
    if size == 1:
        (a,) = coefficients
        return [a * exp(-x) for p in ps for x in [scale * p]]
    if size == 2:
        a, b = coefficients
        return [(a * x + b) * exp(-x) for p in ps for x in [scale * p]]
    if size == 3:
        a, b, c = coefficients
        return [((a * x + b) * x + c) * exp(-x) for p in ps for x in [scale * p]]
    if size == 4:
        a, b, c, d = coefficients
        return [(((a * x + b) * x + c) * x + d) * exp(-x) for p in ps for x in [scale * p]]
    xs = [scale * p for p in ps]
    return _horner_times(coefficients, xs, [exp(-x) for x in xs])
