"""Special functions for variables sampling, in pure Python (no scipy at run time).

* the normal distribution: :func:`norm_cdf`, :func:`norm_sf`, :func:`z_upper`
  (the upper ``p`` quantile, accurate for tiny ``p``) and :func:`log_norm_sf`
  (valid far into the tail, where ``erfc`` underflows);
* the regularized incomplete beta function :func:`betainc` (continued
  fraction, Lentz's method) and the inverse of its symmetric case,
  :func:`betainc_sym_inv`.

Example:
    >>> from qmscore.sampling._special import betainc, norm_sf
    >>> round(betainc(1.0, 1.0, 0.25), 15)  # I_x(1, 1) = x
    0.25
    >>> round(norm_sf(0.0), 15)
    0.5
"""

from __future__ import annotations

import math
from statistics import NormalDist

__all__ = [
    "betainc",
    "betainc_sym_inv",
    "log_norm_sf",
    "norm_cdf",
    "norm_sf",
    "z_upper",
]

_SQRT2 = math.sqrt(2.0)
_LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)
_STD = NormalDist()
_EPS = 1e-16
_TINY = 1e-300
_MAX_ITER = 10_000


def norm_cdf(x: float) -> float:
    """Φ(x), accurate in the lower tail."""
    return 0.5 * math.erfc(-x / _SQRT2)


def norm_sf(x: float) -> float:
    """1 - Φ(x), accurate in the upper tail."""
    return 0.5 * math.erfc(x / _SQRT2)


def z_upper(p: float) -> float:
    """The z with 1 - Φ(z) = p, for 0 < p < 1 (no loss for tiny p)."""
    if p <= 0.5:
        return -_STD.inv_cdf(p)
    return _STD.inv_cdf(1.0 - p)


def log_norm_sf(h: float) -> float:
    """log(1 - Φ(h)), finite for every finite h."""
    if h < 30.0:
        return math.log(0.5 * math.erfc(h / _SQRT2))
    # Asymptotic series: (1 - Φ(h)) h / φ(h) = 1 - 1/h² + 3/h⁴ - 15/h⁶ + ...;
    # at h >= 30 six terms leave a relative error below 1e-15.
    r = 1.0 / (h * h)
    series = 1.0 + r * (-1.0 + r * (3.0 + r * (-15.0 + r * (105.0 + r * (-945.0 + r * 10395.0)))))
    return -0.5 * h * h - _LOG_SQRT_2PI - math.log(h) + math.log(series)


def _log_beta(a: float, b: float) -> float:
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def _betacf(a: float, b: float, x: float) -> float:
    # Continued fraction for I_x(a, b) (Numerical Recipes 6.4, modified Lentz).
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = _TINY if abs(d) < _TINY else d
    d = 1.0 / d
    h = d
    for m in range(1, _MAX_ITER):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = _TINY if abs(d) < _TINY else d
        c = 1.0 + aa / c
        c = _TINY if abs(c) < _TINY else c
        d = 1.0 / d
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = _TINY if abs(d) < _TINY else d
        c = 1.0 + aa / c
        c = _TINY if abs(c) < _TINY else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            return h
    raise AssertionError("incomplete beta: no convergence")  # pragma: no cover


def betainc(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta function I_x(a, b), for a, b > 0 and 0 <= x <= 1.

    Example:
        >>> from qmscore.sampling._special import betainc
        >>> round(betainc(2.0, 3.0, 0.5), 15)  # 1 - (1 + 3x + 6x²)(1 - x)³ ... = 11/16
        0.6875
    """
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(a * math.log(x) + b * math.log1p(-x) - _log_beta(a, b))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def betainc_sym_inv(a: float, y: float) -> float:
    """The x in [0, 1/2] with I_x(a, a) = y, for 0 <= y <= 1/2 (Newton inside a bracket)."""
    if y <= 0.0:
        return 0.0
    if y >= 0.5:
        return 0.5
    lo, hi = 0.0, 0.5
    x = 0.25
    log_b = _log_beta(a, a)
    for _ in range(200):
        f = betainc(a, a, x) - y
        if f > 0:
            hi = x
        else:
            lo = x
        density = math.exp((a - 1.0) * (math.log(x) + math.log1p(-x)) - log_b)
        step = f / density if density > 0 else math.inf
        new = x - step
        if not lo < new < hi:
            new = 0.5 * (lo + hi)
        if abs(new - x) <= 1e-16 * max(x, 1e-300) or hi - lo <= 1e-17:
            return new
        x = new
    return x  # pragma: no cover - Newton inside the bracket converges long before
