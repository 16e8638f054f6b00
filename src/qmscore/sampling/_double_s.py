"""The s-method Form-2 OC with two specification limits: a one-dimensional integral over s.

Work in units of the process: mean 0, σ 1, limits ``L = -z_L`` and
``U = z_U`` (``d = z_L + z_U`` apart). The sample mean is N(0, 1/n), the
sample standard deviation ``s`` independent of it with ``(n-1) s² ~
χ²(n-1)``. For one ``s`` the lot is accepted when ``x̄`` lies in a set of
means; writing ``t = (x̄ - (L+U)/2) / s`` and ``D = d / s``, the quality
indices are ``Q_L = D/2 + t`` and ``Q_U = D/2 - t`` and the rule (as
:func:`~qmscore.sampling.judge_variables` applies it) is

    ``p̂(Q_L) + p̂(Q_U) <= m``, ``p̂(Q_L) <= m_L``, ``p̂(Q_U) <= m_U``

with ``p̂(Q) = I_x((n-2)/2, (n-2)/2)``, ``x = 1/2 - Q/(2B)`` clipped to [0, 1],
``B = (n-1)/sqrt(n)`` (one M: ``m_L = m_U = m``; two AQLs: ``m = max``).

The set, in ``t``:

* ``S(t) = p̂(D/2 + t) + p̂(D/2 - t)`` is even in ``t``. For n >= 4 the beta
  density ``(x(1-x))^(a-1)``, ``a >= 1``, falls away from x = 1/2, so ``S``
  rises with ``|t|``: the set is one interval ``|t| <= t*``, empty when
  ``S(0) = 2 p̂(D/2) > m`` (``D < 2 k(m/2)``). Once ``D >= B + k(m)`` the
  far tail's estimate is exactly 0 at the edge and ``t* = D/2 - k(m)``
  (the one-limit rule); between, ``t*`` is a root, found by Newton's
  method inside a bracket.
* n = 3 (``a = 1/2``, a U-shaped density): ``S`` *falls* while both tails
  count and rises once one is 0, so the set is ``t1 <= |t| <= t*`` with
  ``t* = D/2 - k(m)``, non-empty when ``D >= B + k(m)``, and ``t1 > 0`` (two
  intervals of means) when ``D < 2 k(m/2)``.
* the one-tail limits cut ``t >= k(m_L) - D/2`` and ``t <= D/2 - k(m_U)``.

Then ``Pa = ∫ f_s(s) P(x̄ in the set | s) ds``. The integral runs over
``u = log s`` (the χ density is smooth and log-concave there), split where
the set changes form (the D above, as s = d/D), each piece mapped by
``u = a + (b - a)(1 - cos πv)/2`` (which smooths the square-root edges where
an interval opens or closes) and integrated by adaptive Gauss-Kronrod
(7/15 points, QUADPACK's error estimate) until the summed error estimate is
below 1e-11 of the answer. The χ density is cut where its tails, bounded
through its log-concavity, hold less than 1e-13 of the answer.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import math
from collections.abc import Callable

from qmscore.sampling._nct import _chi_const
from qmscore.sampling._special import betainc, betainc_sym_inv, norm_cdf, norm_sf

__all__ = ["double_s_pa"]

EPS_REL = 1e-11  # the summed Gauss-Kronrod error estimate, relative to Pa
_TAIL_REL = 1e-13  # the density tails left out, relative to Pa
_CUT = 50.0  # first cut: where the density falls by e^-50 from its top
_MAX_PANELS = 4000

# Gauss-Kronrod 7/15 (QUADPACK qk15): Kronrod nodes x_k, weights; Gauss weights
# on the odd-indexed nodes.
_XK = (
    0.991455371120812639206854697526329,
    0.949107912342758524526189684047851,
    0.864864423359769072789712788640926,
    0.741531185599394439863864773280788,
    0.586087235467691130294144845693013,
    0.405845151377397166906606412076961,
    0.207784955007898467600689403773245,
    0.0,
)
_WK = (
    0.022935322010529224963732008058970,
    0.063092092629978553290700663189204,
    0.104790010322250183839876322541518,
    0.140653259715525918745189590510238,
    0.169004726639267902826583426598550,
    0.190350578064785409913256402421014,
    0.204432940075298892414161999234649,
    0.209482141084727828012999174891714,
)
_WG = (
    0.129484966168869693270611432679082,
    0.279705391489276667901467771423780,
    0.381830050505118944950369775488975,
    0.417959183673469387755102040816327,
)


class _Rule:
    """The acceptance rule's constants for one n and (m, m_L, m_U)."""

    def __init__(self, n: int, m: float, m_low: float, m_up: float) -> None:
        self.n = n
        self.a = 0.5 * (n - 2)
        self.big_b = (n - 1) / math.sqrt(n)
        self.c = 0.5 / self.big_b
        self.log_beta = 2.0 * math.lgamma(self.a) - math.lgamma(2.0 * self.a)
        self.m = m
        self.all_accepted = m >= 1.0 and m_low >= 1.0 and m_up >= 1.0
        self.k_m = self.k(m)
        self.k_half = self.k(0.5 * m)
        self.k_low = self.k(m_low) if m_low < 1.0 else -math.inf
        self.k_up = self.k(m_up) if m_up < 1.0 else -math.inf
        self.d_explicit = self.big_b + self.k_m  # from here t* = D/2 - k(m)
        breaks = [self.d_explicit]
        if m >= 1.0:
            # No sum limit: only the one-tail limits (one of them is < 1 here).
            self.d_empty = self.k_low + self.k_up
            breaks = []
        elif n == 3:
            self.d_empty = self.d_explicit
            breaks.append(2.0 * self.k_half)  # t1 > 0 below this D
        elif m_low < 0.5 * m:
            self.d_empty = self.k_low + self.k(m - m_low)
        elif m_up < 0.5 * m:
            self.d_empty = self.k_up + self.k(m - m_up)
        else:
            self.d_empty = 2.0 * self.k_half
        # Where a one-tail limit starts to cut the sum's set (two AQLs).
        for k_side, m_side in ((self.k_low, m_low), (self.k_up, m_up)):
            if m_side < m < 1.0:
                breaks.append(k_side + self.k(m - m_side))
        self.breaks = tuple(sorted(b for b in breaks if b > self.d_empty))

    def k(self, m: float) -> float:
        """The Q with p̂(Q) = m."""
        if m <= 0.0:
            return self.big_b
        if m >= 1.0:
            return -self.big_b
        if m > 0.5:
            return -self.k(1.0 - m)
        return (1.0 - 2.0 * betainc_sym_inv(self.a, m)) * self.big_b

    def h(self, q: float) -> float:
        """The estimate p̂(Q) (the judge's formula)."""
        x = 0.5 - q * self.c
        if x <= 0.0:
            return 0.0
        if x >= 1.0:
            return 1.0
        return betainc(self.a, self.a, x)

    def g(self, q: float) -> float:
        """-dp̂/dQ."""
        x = 0.5 - q * self.c
        if x <= 0.0 or x >= 1.0:
            return 0.0
        return self.c * math.exp((self.a - 1.0) * math.log(x * (1.0 - x)) - self.log_beta)

    def root(self, big_d: float, lo: float, hi: float) -> float:
        """The t in [lo, hi] with S(t) = m (S rises there for n >= 4, falls for n = 3)."""
        rising = self.n > 3
        half = 0.5 * big_d
        t = hi if rising else 0.5 * (lo + hi)
        for _ in range(200):  # pragma: no branch - Newton in a bracket converges
            f = self.h(half + t) + self.h(half - t) - self.m
            if f == 0.0:
                return t
            if (f > 0.0) == rising:
                hi = t
            else:
                lo = t
            slope = self.g(half - t) - self.g(half + t)
            new = t - f / slope if slope != 0.0 else 0.5 * (lo + hi)
            if not lo < new < hi:
                new = 0.5 * (lo + hi)
            if abs(new - t) <= 1e-15 * max(1.0, abs(t)) or hi - lo <= 1e-15 * max(1.0, hi):
                return new
            t = new
        return t  # pragma: no cover

    def accepted(self, big_d: float) -> list[tuple[float, float]]:
        """The accepted t as disjoint intervals."""
        half = 0.5 * big_d
        if self.m >= 1.0:
            parts = [(-math.inf, math.inf)]
        elif big_d < self.d_empty_sum:
            return []
        elif self.n > 3:
            top = half - self.k_m
            if big_d < self.d_explicit:
                top = self.root(big_d, 0.0, top)
            parts = [(-top, top)]
        else:
            top = half - self.k_m
            if big_d >= 2.0 * self.k_half:
                parts = [(-top, top)]
            else:
                t1 = self.root(big_d, 0.0, self.big_b - half)
                parts = [(-top, -t1), (t1, top)]
        lo, hi = self.k_low - half, half - self.k_up
        out = []
        for a, b in parts:
            a, b = max(a, lo), min(b, hi)
            if a < b:
                out.append((a, b))
        return out

    @property
    def d_empty_sum(self) -> float:
        """Below this D the sum limit alone leaves nothing."""
        return self.d_explicit if self.n == 3 else 2.0 * self.k_half


@functools.lru_cache(maxsize=256)
def _rule(n: int, m: float, m_low: float, m_up: float) -> _Rule:
    return _Rule(n, m, m_low, m_up)


def _between(a: float, b: float) -> float:
    # Φ(b) - Φ(a) for a <= b, without cancelling in either tail.
    if b <= 0.0:
        return norm_cdf(b) - norm_cdf(a)
    if a >= 0.0:
        return norm_sf(a) - norm_sf(b)
    return 1.0 - norm_cdf(a) - norm_sf(b)


def double_s_pa(
    n: int, m: float, m_low: float, m_up: float, z_low: float, z_up: float
) -> tuple[float, float]:
    """Pa and its error estimate for a process ``z_low`` σ above L and ``z_up`` σ below U.

    ``m``, ``m_low``, ``m_up`` are fractions (not percent); ``z_low + z_up > 0``.
    """
    rule = _rule(n, m, m_low, m_up)
    if rule.all_accepted:
        return 1.0, 0.0
    d = z_low + z_up
    mid = 0.5 * (z_up - z_low)
    root_n = math.sqrt(n)
    nu = float(n - 1)
    const = _chi_const(0.5 * nu)
    u_end = math.log(d / rule.d_empty) if rule.d_empty > 0.0 else math.inf

    def logdens(u: float) -> float:
        return nu * (u - 0.5 * math.expm1(2.0 * u)) + const

    def slope(u: float) -> float:
        return -nu * math.expm1(2.0 * u)

    def prob(s: float) -> float:
        total = 0.0
        for a, b in rule.accepted(d / s):
            total += _between(root_n * (mid + s * a), root_n * (mid + s * b))
        return total

    top = min(0.0, u_end)
    ref = logdens(top)

    def cut(start: float, step: float, drop: float) -> float:
        # The u beyond ``start`` (direction of ``step``) where the density has
        # fallen by e^-drop from its value at ``start`` (concave: walk, then bisect).
        target = logdens(start) - drop
        near, far = start, start + step
        while logdens(far) > target:
            near, far = far, far + 2.0 * (far - start)
        for _ in range(80):
            midpoint = 0.5 * (near + far)
            if logdens(midpoint) > target:
                near = midpoint
            else:
                far = midpoint
        return far

    u_lo = cut(top, -1.0, _CUT)
    u_hi = u_end if u_end <= 0.0 else min(u_end, cut(0.0, 0.5, _CUT))

    # Below s_lo the accepted means lie within [L - B s_lo, U + B s_lo] (p̂ = 1 beyond a
    # limit by B s; with m_L or m_U >= 1 that side is open): a bound on P(s) there.
    def p_bound(s_lo: float) -> float:
        left = mid - 0.5 * d - rule.big_b * s_lo if rule.k_low > -math.inf else -math.inf
        right = mid + 0.5 * d + rule.big_b * s_lo if rule.k_up > -math.inf else math.inf
        return _between(root_n * left, root_n * right)

    def integrand(a: float, width: float, v: float) -> float:
        u = a + 0.5 * width * (1.0 - math.cos(math.pi * v))
        jac = 0.5 * width * math.pi * math.sin(math.pi * v)  # > 0: the nodes are inside
        return math.exp(logdens(u) - ref) * prob(math.exp(u)) * jac

    edges = sorted({u_lo, u_hi, *(math.log(d / b) for b in rule.breaks)})
    edges = [e for e in edges if u_lo <= e <= u_hi]
    total, error = _integrate(integrand, list(itertools.pairwise(edges)))
    # Tails of the density beyond the cuts, bounded by log-concavity.
    for _ in range(40):  # pragma: no branch - a few extensions reach 1e-300
        lower = math.exp(logdens(u_lo) - ref) * p_bound(math.exp(u_lo)) / slope(u_lo)
        upper = 0.0
        if u_hi < u_end:
            # Above s_hi: P(s) <= P(s_hi) while the sets shrink as s grows (m < 1/2).
            p_up = prob(math.exp(u_hi)) if rule.m < 0.5 else 1.0
            upper = math.exp(logdens(u_hi) - ref) * p_up / -slope(u_hi)
        if max(lower, upper) <= _TAIL_REL * total or max(lower, upper) < 1e-300:
            break
        pieces = []
        if lower > _TAIL_REL * total:
            new_lo = cut(u_lo, -1.0, _CUT)
            pieces.append((new_lo, u_lo))
            u_lo = new_lo
        if upper > _TAIL_REL * total:
            new_hi = min(u_end, cut(u_hi, 0.5, _CUT))
            pieces.append((u_hi, new_hi))
            u_hi = new_hi
        more, more_err = _integrate(integrand, pieces)
        total, error = total + more, error + more_err
    scale = math.exp(ref)
    return min(1.0, total * scale), error * scale


_Panel = tuple[float, float, float, float, float, float]


def _panel(
    f: Callable[[float, float, float], float], a: float, width: float, v0: float, v1: float
) -> _Panel:
    # One Gauss-Kronrod 7/15 panel over v in [v0, v1]: (-error, v0, v1, a, result, error).
    centre, half = 0.5 * (v0 + v1), 0.5 * (v1 - v0)
    fc = f(a, width, centre)
    kronrod = fc * _WK[7]
    gauss = fc * _WG[3]
    values = [fc]
    for j in range(7):
        dx = half * _XK[j]
        f1, f2 = f(a, width, centre - dx), f(a, width, centre + dx)
        kronrod += _WK[j] * (f1 + f2)
        if j % 2 == 1:
            gauss += _WG[j // 2] * (f1 + f2)
        values += [f1, f2]
    mean = 0.5 * kronrod
    asc = _WK[7] * abs(fc - mean) + sum(
        _WK[j] * (abs(values[2 * j + 1] - mean) + abs(values[2 * j + 2] - mean)) for j in range(7)
    )
    result, asc = kronrod * half, asc * half
    error = abs((kronrod - gauss) * half)
    if asc != 0.0 and error != 0.0:
        error = asc * min(1.0, (200.0 * error / asc) ** 1.5)
    return (-error, v0, v1, a, width, result)


def _integrate(
    f: Callable[[float, float, float], float], pieces: list[tuple[float, float]]
) -> tuple[float, float]:
    """Adaptive Gauss-Kronrod over each piece's v in [0, 1], one global error budget."""
    heap: list[_Panel] = []
    for a, b in pieces:
        for i in range(4):
            heap.append(_panel(f, a, b - a, i / 4.0, (i + 1) / 4.0))
    heapq.heapify(heap)
    total = math.fsum(p[5] for p in heap)
    error = -math.fsum(p[0] for p in heap)
    while error > EPS_REL * abs(total) and len(heap) < _MAX_PANELS:
        worst = heapq.heappop(heap)
        _, v0, v1, a, width, _ = worst
        mid = 0.5 * (v0 + v1)
        if mid in (v0, v1):  # pragma: no cover - a panel too thin to split
            heapq.heappush(heap, worst)
            break
        left, right = _panel(f, a, width, v0, mid), _panel(f, a, width, mid, v1)
        heapq.heappush(heap, left)
        heapq.heappush(heap, right)
        total += left[5] + right[5] - worst[5]
        error += worst[0] - left[0] - right[0]
    return math.fsum(p[5] for p in heap), -math.fsum(p[0] for p in heap)
