"""Student t and normal quantiles in pure Python (no scipy at run time).

The t distribution's CDF is written through the regularised incomplete beta
function, evaluated by its continued fraction (modified Lentz); the quantile
is found by Newton's method on the tail from a Cornish-Fisher guess (closed
forms for 1 and 2 degrees of freedom, the series itself for very large ones).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from statistics import NormalDist

__all__ = ["normal_quantile", "t_cdf", "t_quantile"]

_EPS = 1e-15
_TINY = 1e-300


def _beta_fraction(a: float, b: float, x: float) -> float:
    # Continued fraction of the incomplete beta function, evaluated with Lentz's method.
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, 10_000):
        m2 = 2 * m
        for numerator in (
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + numerator / c
            c = c if abs(c) > _TINY else _TINY
            h *= d * c
        if abs(d * c - 1.0) < _EPS:
            return h
    raise ArithmeticError("incomplete beta did not converge")  # pragma: no cover


def _betainc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_fraction(a, b, x) / a
    return 1.0 - front * _beta_fraction(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with ``df`` degrees of freedom."""
    tail = 0.5 * _betainc(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


def _central(t: float, df: float) -> float:
    """P(0 < T < t) for t >= 0, accurate near 0 (y = t^2 / (df + t^2) is formed directly)."""
    y = t * t / (df + t * t)
    if y < 0.5:
        return 0.5 * _betainc(0.5, df / 2.0, y)
    return 0.5 - 0.5 * _betainc(df / 2.0, 0.5, df / (df + t * t))


def _tail(t: float, df: float) -> float:
    """P(T > t) for t >= 0, accurate far out (1 - y = df / (df + t^2) is formed directly)."""
    y = t * t / (df + t * t)
    if y < 0.5:
        return 0.5 - 0.5 * _betainc(0.5, df / 2.0, y)
    return 0.5 * _betainc(df / 2.0, 0.5, df / (df + t * t))


_LARGE_DF = 4000.0
"""From here on the Cornish-Fisher series is exact to far below 1e-12 (its
next term is O(df^-5)), and more accurate than the incomplete beta, whose
log-gamma front loses digits to cancellation at large df."""


def _cornish_fisher(z: float, df: float) -> float:
    """Abramowitz & Stegun 26.7.5: t from the normal quantile z, four terms in 1/df."""
    z2 = z * z
    g1 = (z2 + 1.0) * z / 4.0
    g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0
    g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0
    g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92160.0
    return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df


def t_quantile(p: float, df: float) -> float:
    """The t with P(T <= t) = p, for 0 < p < 1 and df > 0.

    Closed forms for df = 1 and 2; the Cornish-Fisher series for df >= 4000
    (its first omitted term is below 1e-15 there); bisection below one degree
    of freedom; otherwise Newton's method from the Cornish-Fisher guess, kept
    inside a bracket (a step leaving it bisects), on P(0 < T < t) = p - 1/2 in
    the centre and on the tail P(T > t) = 1 - p beyond p = 3/4, both exact
    differences, so each side keeps its digits.
    """
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    q = 1.0 - p  # exact for p in [0.5, 1]
    if df == 1.0:
        return 1.0 / math.tan(math.pi * q)
    if df == 2.0:
        return (1.0 - 2.0 * q) / math.sqrt(2.0 * q * (1.0 - q))
    z = normal_quantile(p)
    guess = _cornish_fisher(z, df)
    if df >= _LARGE_DF:
        return guess
    tail, target = _equation(p, df)
    if df < 1.0:  # the series is no guide below one degree of freedom
        return _bisect(tail, target)
    return _newton(tail, target, df, guess if guess > 0.0 else z)


def _equation(p: float, df: float) -> tuple[Callable[[float], float], float]:
    """A decreasing function of t >= 0 and its target, met at the quantile.

    P(0 < T < t) = p - 1/2 in the centre (p < 3/4), P(T > t) = 1 - p beyond:
    both targets are exact differences, so each side keeps its digits.
    """
    if p < 0.75:
        half = p - 0.5  # exact

        def centre(t: float) -> float:
            return half - _central(t, df)

        return centre, 0.0

    def tail(t: float) -> float:
        return _tail(t, df)

    return tail, 1.0 - p  # exact for p in [0.5, 1]


def _newton(tail: Callable[[float], float], q: float, df: float, t: float) -> float:
    """Solve ``tail(t) = q`` by Newton's method from ``t``, inside a bracket."""
    log_front = (
        math.lgamma((df + 1.0) / 2.0) - math.lgamma(df / 2.0) - 0.5 * math.log(df * math.pi)
    )
    lo, hi = 0.0, math.inf
    for _ in range(100):
        diff = tail(t) - q
        if diff > 0.0:
            lo = t  # the tail is still too heavy: t is too small
        else:
            hi = t
        density = math.exp(log_front - (df + 1.0) / 2.0 * math.log1p(t * t / df))
        step = diff / density
        if abs(step) <= 1e-8 * t:
            # Newton's error after a step is K step^2 with K = (df + 1) t /
            # (2 (df + t^2)) <= (df + 1) / (4 sqrt(df)) < 16 below df 4000: a
            # step under 1e-8 t leaves under 2e-15 t, the tail's own accuracy.
            return t + step
        t += step
        if not lo < t < hi:  # out of the bracket (only from above, so hi is finite): bisect
            t = (lo + hi) / 2.0
    return _bisect(tail, q)  # pragma: no cover - Newton converges within the bracket


def _bisect(tail: Callable[[float], float], q: float) -> float:
    """The slow, sure way: bisection on a decreasing ``tail`` (the fallback)."""
    lo, hi = 0.0, 1.0
    while tail(hi) > q:
        hi *= 2.0
    while (mid := (lo + hi) / 2.0) not in (lo, hi):
        if tail(mid) > q:
            lo = mid
        else:
            hi = mid
    return mid


def normal_quantile(p: float) -> float:
    """The standard normal quantile."""
    return NormalDist().inv_cdf(p)
