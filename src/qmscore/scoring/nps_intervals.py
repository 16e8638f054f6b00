"""NPS intervals by five methods, each with a measured coverage.

An NPS sample is trinomial: promoters (9-10), passives (7-8) and detractors
(0-6). Its estimate is ``p - d`` (shown as points, -100..100). The methods:

* ``"score"`` (the default): the iterative score interval (Rocks 2016): the
  values of the NPS whose score statistic, with the variance at the
  constrained maximum likelihood estimate, is within ``z`` (the trinomial
  form of Tango's interval).
* ``"adjusted_wald"``: add 3/4 to the promoters and to the
  detractors and 3 to ``n``, then a Wald interval with the trinomial variance
  ``p + d - (p - d)^2`` (Rocks 2016; MeasuringU's recommended method).
* ``"wald"``: the plain Wald interval on the trinomial variance.
* ``"bootstrap"``: the seeded percentile bootstrap (trinomial resampling).
* ``"bayes"``: the equal-tailed credible interval of a Dirichlet posterior
  (uniform Dirichlet(1, 1, 1) prior by default), drawn with a seeded generator.

``bench/bench_survey.py`` measures each method's actual coverage at nominal
95% over true shares and ``n`` from 10 to 1000; the how-to page shows the
table. The default is the method whose coverage stays closest to nominal.

Every interval is clipped to [-100, 100] and contains the sample NPS: where a
method's own interval misses it (the adjusted Wald at ``n = 1``, a Bayesian
interval on a sample of only promoters), it is widened to reach it and a
reason says so.

Example:
    >>> from qmscore.scoring import nps_counts
    >>> r = nps_counts(60, 20, 20)
    >>> r.estimate, r.method, round(r.low, 1), round(r.high, 1)
    (40.0, 'score', 23.2, 54.3)
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence

import attrs

from qmscore._checks import check_choice, check_int, check_real, value_error
from qmscore._display import display
from qmscore.explain import Reason, Source
from qmscore.scoring._dist import _betainc, normal_quantile
from qmscore.scoring._fast import ratings, reals, strings

__all__ = [
    "DEFAULT_NPS_METHOD",
    "NPS_METHODS",
    "NPSInterval",
    "nps_counts",
    "nps_interval",
    "weighted_nps",
]

NPS_METHODS = ("adjusted_wald", "score", "wald", "bootstrap", "bayes")
"""The interval methods :func:`nps_counts` offers."""

DEFAULT_NPS_METHOD = "score"
"""The default: closest to nominal 95% coverage over the coverage study's grid
(at n = 30 its exact coverage is 94.8-95.2%, the adjusted Wald's 94.6-95.4%;
see the survey-analytics how-to)."""

ADJUST_COUNT = 0.75
"""Added to promoters and to detractors by the adjusted Wald (Rocks 2016)."""

ADJUST_N = 3.0
"""Added to n by the adjusted Wald (Rocks 2016)."""

MAX_COUNT = 2**40
"""Largest count accepted (far beyond any survey; keeps every float exact)."""

MAX_BOOTSTRAP_N = 1_000_000
"""Largest sample the bootstrap resamples (each draw walks about sqrt(n) steps)."""

MAX_DRAWS = 1_000_000
"""Most bootstrap resamples or posterior draws one call may ask for."""

ROCKS_2016 = Source(
    "Rocks, B. (2016). Interval estimation for the net promoter score. "
    "The American Statistician 70(4), 365-372",
    note="adjusted Wald and iterative score intervals",
)


@display
@attrs.frozen
class NPSInterval:
    """NPS with its interval, in points (-100..100).

    Attributes:
        n: Responses.
        promoters: Answers 9-10.
        passives: Answers 7-8.
        detractors: Answers 0-6.
        estimate: The sample NPS, ``100 (promoters - detractors) / n``.
        low: Lower bound.
        high: Upper bound.
        confidence: Confidence level.
        method: One of :data:`NPS_METHODS`.
        reasons: How the interval was found (zh/en).
    """

    n: int
    promoters: int
    passives: int
    detractors: int
    estimate: float
    low: float
    high: float
    confidence: float
    method: str
    reasons: tuple[Reason, ...] = ()

    @property
    def margin(self) -> float:
        """Half the width, in points."""
        return (self.high - self.low) / 2.0


def _conf(value: object) -> float:
    v = check_real("confidence", value)
    if not 0.0 < v < 1.0:
        raise value_error("confidence", "in (0, 1)", value)
    return v


def _z(confidence: float) -> float:
    return normal_quantile(0.5 + confidence / 2.0)


def _wald(p: float, d: float, n: float, z: float) -> tuple[float, float]:
    est = p - d
    half = z * math.sqrt(max(0.0, p + d - est * est) / n)
    return est - half, est + half


def _adjusted(pro: int, det: int, n: int) -> tuple[float, float, float]:
    """Adjusted shares and n: (p~, d~, n~) with 3/4 added to each tail, 3 to n."""
    na = n + ADJUST_N
    return (pro + ADJUST_COUNT) / na, (det + ADJUST_COUNT) / na, na


def _constrained_d(pro: int, det: int, n: int, delta: float) -> float:
    """ML detractor share under ``p - d = delta`` (root of 2n d^2 + W d - c delta (1 - delta))."""
    w = -(pro + det) + (2 * n - pro + det) * delta
    disc = w * w + 8.0 * n * det * delta * (1.0 - delta)
    d = (math.sqrt(max(0.0, disc)) - w) / (4.0 * n)
    return min(max(d, max(0.0, -delta)), (1.0 - delta) / 2.0)


def _score_stat(pro: int, det: int, n: int, delta: float) -> float:
    est = (pro - det) / n
    d = _constrained_d(pro, det, n, delta)
    var = (2.0 * d + delta * (1.0 - delta)) / n
    if var <= 0.0:
        return math.inf if est != delta else 0.0
    return abs(est - delta) / math.sqrt(var)


def _score(pro: int, det: int, n: int, z: float) -> tuple[float, float]:
    est = (pro - det) / n

    def solve(outer: float) -> float:
        # The statistic grows as delta leaves est: bisect for where it reaches z.
        if _score_stat(pro, det, n, outer) <= z:
            return outer
        inside, far = est, outer
        for _ in range(200):
            mid = (inside + far) / 2.0
            if mid in (inside, far):
                break
            if _score_stat(pro, det, n, mid) <= z:
                inside = mid
            else:
                far = mid
        return (inside + far) / 2.0

    return solve(-1.0), solve(1.0)


def _start(n: int, p: float) -> tuple[int, float, float]:
    """The mode of Binomial(n, p) with its CDF and pmf there."""
    mode = min(n, int((n + 1) * p))
    # P(X <= mode) = I_{1-p}(n - mode, mode + 1); pmf ratios walk from there.
    cdf = 1.0 if mode == n else _betainc(n - mode, mode + 1, 1.0 - p)
    log_pmf = (
        math.lgamma(n + 1)
        - math.lgamma(mode + 1)
        - math.lgamma(n - mode + 1)
        + mode * math.log(p)
        + (n - mode) * math.log1p(-p)
    )
    return mode, cdf, math.exp(log_pmf)


def _binomial(
    rng: random.Random, n: int, p: float, cache: dict[tuple[int, float], tuple[int, float, float]]
) -> int:
    """An exact Binomial(n, p) draw by inversion, walking from the mode."""
    if n == 0 or p <= 0.0:
        return 0
    if p >= 1.0:
        return n
    u = rng.random()
    key = (n, p)
    if key not in cache:
        cache[key] = _start(n, p)
    mode, cdf, pmf = cache[key]
    ratio = p / (1.0 - p)
    k = mode
    if u <= cdf:
        # Walk down while u is also below P(X <= k - 1).
        while k > 0 and u <= cdf - pmf:
            cdf -= pmf
            pmf *= k / ((n - k + 1) * ratio)
            k -= 1
        return k
    while k < n and u > cdf:
        pmf *= (n - k) / (k + 1) * ratio
        k += 1
        cdf += pmf
    return k


def _quantiles(values: list[float], confidence: float) -> tuple[float, float]:
    values.sort()
    m = len(values)
    tail = (1.0 - confidence) / 2.0

    def at(q: float) -> float:
        pos = q * (m - 1)
        i = int(pos)
        frac = pos - i
        return values[i] if i + 1 >= m else values[i] * (1 - frac) + values[i + 1] * frac

    return at(tail), at(1.0 - tail)


def _bootstrap(
    pro: int, det: int, n: int, confidence: float, seed: int, draws: int
) -> tuple[float, float]:
    rng = random.Random(seed)
    p, d = pro / n, det / n
    rest = d / (1.0 - p) if p < 1.0 else 0.0
    values = []
    cache: dict[tuple[int, float], tuple[int, float, float]] = {}
    for _ in range(draws):
        b = _binomial(rng, n, p, cache)
        c = _binomial(rng, n - b, rest, cache)
        values.append((b - c) / n)
    return _quantiles(values, confidence)


def _bayes(
    pro: int, pas: int, det: int, confidence: float, seed: int, draws: int, prior: float
) -> tuple[float, float]:
    rng = random.Random(seed)
    a, b, c = pro + prior, pas + prior, det + prior
    values = []
    for _ in range(draws):
        x, y, w = rng.gammavariate(a, 1.0), rng.gammavariate(b, 1.0), rng.gammavariate(c, 1.0)
        values.append((x - w) / (x + y + w))
    return _quantiles(values, confidence)


_LABELS = {
    "adjusted_wald": (
        "adjusted Wald (Rocks 2016: +3/4 promoters and detractors, n + 3)",
        "调整 Wald 法（Rocks 2016：推荐者与贬损者各加 3/4，n 加 3）",
    ),
    "score": ("iterative score interval (Rocks 2016)", "迭代得分区间（Rocks 2016）"),
    "wald": ("Wald interval on the trinomial variance", "基于三项分布方差的 Wald 区间"),
    "bootstrap": ("seeded percentile bootstrap", "固定种子的百分位自助法"),
    "bayes": ("Dirichlet posterior credible interval", "狄利克雷后验可信区间"),
}


def nps_counts(
    promoters: int,
    passives: int,
    detractors: int,
    *,
    method: str = DEFAULT_NPS_METHOD,
    confidence: float = 0.95,
    seed: int = 0,
    draws: int = 2000,
    prior: float = 1.0,
) -> NPSInterval:
    """NPS with its interval from the three counts.

    Args:
        promoters: Answers 9-10.
        passives: Answers 7-8.
        detractors: Answers 0-6.
        method: One of :data:`NPS_METHODS` (default :data:`DEFAULT_NPS_METHOD`).
        confidence: Confidence level, in (0, 1).
        seed: Seed of the bootstrap or posterior draws (same seed, same interval).
        draws: Bootstrap resamples or posterior draws.
        prior: Dirichlet prior count per category (``"bayes"``; 1 uniform, 0.5 Jeffreys).

    Raises:
        InvalidInputError: a negative count, no response at all, an unknown method.

    Example:
        >>> from qmscore.scoring import nps_counts
        >>> r = nps_counts(15, 10, 5, method="wald")
        >>> round(r.estimate, 2), round(r.low, 1), round(r.high, 1)
        (33.33, 6.7, 60.0)
    """
    pro = check_int("promoters", promoters, minimum=0, maximum=MAX_COUNT)
    pas = check_int("passives", passives, minimum=0, maximum=MAX_COUNT)
    det = check_int("detractors", detractors, minimum=0, maximum=MAX_COUNT)
    method = check_choice("method", method, NPS_METHODS)
    confidence = _conf(confidence)
    seed = check_int("seed", seed)
    draws = check_int("draws", draws, minimum=100, maximum=MAX_DRAWS)
    prior = check_real("prior", prior, minimum=0.0, min_exclusive=True, maximum=1e6)
    n = pro + pas + det
    if n == 0:
        raise value_error("promoters + passives + detractors", "at least 1 response", n)
    if method == "bootstrap" and n > MAX_BOOTSTRAP_N:
        raise value_error(
            "promoters + passives + detractors",
            f"at most {MAX_BOOTSTRAP_N} for the bootstrap (use the score interval)",
            n,
        )
    z = _z(confidence)
    p, d = pro / n, det / n
    est = p - d
    if method == "adjusted_wald":
        pa, da, na = _adjusted(pro, det, n)
        low, high = _wald(pa, da, na, z)
    elif method == "score":
        low, high = _score(pro, det, n, z)
    elif method == "wald":
        low, high = _wald(p, d, n, z)
    elif method == "bootstrap":
        low, high = _bootstrap(pro, det, n, confidence, seed, draws)
    else:
        low, high = _bayes(pro, pas, det, confidence, seed, draws, prior)
    en, zh = _LABELS[method]
    reasons = [
        Reason(
            "scoring.nps_interval",
            f"NPS {100 * est:.1f} from {pro} promoters, {pas} passives and {det} detractors "
            f"of {n}; {confidence:.0%} interval by the {en}",
            f"NPS {100 * est:.1f}：{n} 份中推荐者 {pro}、中立者 {pas}、贬损者 {det}；"
            f"{confidence:.0%} 区间采用{zh}",
            source=ROCKS_2016 if method in ("adjusted_wald", "score") else None,
        )
    ]
    low, high = max(-1.0, low), min(1.0, high)
    if not low <= est <= high:
        low, high = min(low, est), max(high, est)
        reasons.append(
            Reason(
                "scoring.nps_interval_widened",
                "The method's interval missed the sample NPS; widened to include it",
                "该方法的区间未包含样本 NPS，已扩展至包含",
            )
        )
    return NPSInterval(
        n, pro, pas, det, 100 * est, 100 * low, 100 * high, confidence, method, tuple(reasons)
    )


def _counts(scores: object) -> tuple[int, int, int]:
    values = _ratings_of(scores)
    pro = sum(v >= 9 for v in values)
    det = sum(v <= 6 for v in values)
    return pro, len(values) - pro - det, det


def nps_interval(
    scores: Iterable[int],
    *,
    method: str = DEFAULT_NPS_METHOD,
    confidence: float = 0.95,
    seed: int = 0,
    draws: int = 2000,
) -> NPSInterval:
    """NPS with its interval from 0-10 "would you recommend us" answers.

    Example:
        >>> from qmscore.scoring import nps_interval
        >>> r = nps_interval([10] * 6 + [8] * 2 + [3] * 2, method="score")
        >>> r.estimate, r.low < 40.0 < r.high
        (40.0, True)
    """
    pro, pas, det = _counts(scores)
    return nps_counts(pro, pas, det, method=method, confidence=confidence, seed=seed, draws=draws)


def weighted_nps(
    scores: Sequence[int],
    weights: Sequence[float],
    *,
    strata: Sequence[str | int] | None = None,
    confidence: float = 0.95,
    fpc: bool = True,
) -> NPSInterval:
    """Design-weighted NPS with its linearised (stratified) variance.

    Each response carries its design weight ``N_h / n_h`` (``Pick.weight``
    from :func:`~qmscore.scoring.select_survey_sample`). The estimate is the
    weighted share of promoters minus that of detractors, ``sum w_i x_i /
    sum w_i`` with ``x`` = +1, 0, -1; within each stratum the variance is
    ``(1 - n_h / N_h) n_h / (n_h - 1) sum w_i^2 (x_i - x_h)^2`` over ``N^2``,
    with ``N_h = sum w_i`` (without ``fpc`` the factor ``1 - n_h/N_h`` is
    dropped). Equal weights and ``fpc=False`` give exactly the Wald interval.

    Example:
        >>> from qmscore.scoring import weighted_nps
        >>> r = weighted_nps([10, 10, 3, 8], [2, 2, 4, 4], strata=["A", "A", "B", "B"])
        >>> r.estimate    # (2 + 2 - 4) / 12
        0.0
    """
    from qmscore.scoring.stats import _label, _weighted_mean

    confidence = _conf(confidence)
    values = _ratings_of(scores)
    sign = (-1.0,) * 7 + (0.0, 0.0, 1.0, 1.0)
    xs = [sign[v] for v in values]
    pro, det = xs.count(1.0), xs.count(-1.0)
    pas = len(xs) - pro - det
    ws = reals("weights", weights, minimum=1.0)
    labels: Sequence[str | int] = (
        [0] * len(xs) if strata is None else strings("strata", strata, _label)
    )
    if not len(ws) == len(labels) == len(xs):
        raise value_error("weights", f"one weight (and stratum) per score ({len(xs)})", len(ws))
    est, var = _weighted_mean(xs, ws, labels, fpc)
    half = _z(confidence) * math.sqrt(var)
    low, high = max(-1.0, est - half), min(1.0, est + half)
    reason = Reason(
        "scoring.nps_weighted",
        f"Design-weighted NPS {100 * est:.1f} over {len(xs)} responses "
        f"(estimated population {sum(ws):.0f}); linearised stratified variance",
        f"按设计权重加权的 NPS {100 * est:.1f}，共 {len(xs)} 份回复"
        f"（估计总体 {sum(ws):.0f}）；分层线性化方差",
    )
    return NPSInterval(
        len(xs),
        pro,
        pas,
        det,
        100 * est,
        100 * low,
        100 * high,
        confidence,
        "weighted_wald",
        (reason,),
    )


def _ratings_of(scores: object) -> tuple[int, ...]:
    return ratings("scores", scores, 0, 10)
