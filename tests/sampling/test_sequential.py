"""Sequential plans: Wald's lines by hand, the SPRT likelihood ratio, brute force, bad inputs."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qmscore.errors import InvalidInputError, InvalidTypeError, OutOfTableError
from qmscore.sampling import (
    SequentialPlan,
    judge_sequential,
    sequential_oc,
    sequential_plan,
)
from tests.budget import budget


def test_lines_by_hand() -> None:
    # p1 0.01, alpha 0.05, p2 0.06, beta 0.10:
    # k = ln(0.06 * 0.99 / (0.01 * 0.94)) = ln 6.319149 = 1.843585
    # h_A = ln(0.95 / 0.10) / k = 2.251292 / 1.843585 = 1.22115
    # h_R = ln(0.90 / 0.05) / k = 2.890372 / 1.843585 = 1.56780
    # g = ln(0.99 / 0.94) / k = 0.051825 / 1.843585 = 0.028111
    # (Montgomery, Introduction to SQC, sequential example: h1 1.22, h2 1.57, s 0.0281)
    plan = sequential_plan(0.01, 0.06)
    k = math.log(0.06 * 0.99 / (0.01 * 0.94))
    assert plan.h_a == pytest.approx(math.log(9.5) / k, rel=1e-12)
    assert plan.h_r == pytest.approx(math.log(18.0) / k, rel=1e-12)
    assert plan.g == pytest.approx(math.log(0.99 / 0.94) / k, rel=1e-12)
    assert round(plan.h_a, 4) == 1.2211
    assert round(plan.h_r, 4) == 1.5678
    assert round(plan.g, 4) == 0.0281
    # truncation: ceil(2 h_A h_R / (g (1 - g)))
    raw = 2 * plan.h_a * plan.h_r / (plan.g * (1 - plan.g))
    assert plan.truncation == math.ceil(raw)
    assert plan.accept_at_truncation == math.floor(plan.g * plan.truncation)
    assert {r.code for r in plan.reasons} == {
        "sampling.sequential_lines",
        "sampling.sequential_truncation",
    }


def test_acceptance_starts_at_h_a_over_g() -> None:
    # No acceptance before g n >= h_A: n = ceil(1.22115 / 0.028111) = ceil(43.44) = 44.
    plan = sequential_plan(0.01, 0.06)
    first = math.ceil(plan.h_a / plan.g)
    assert first == 44
    assert plan.acceptance_number(first - 1) is None
    assert plan.acceptance_number(first) == 0
    # rejection after 2 items needs d >= ceil(0.0562 + 1.5678) = 2
    assert plan.rejection_number(1) is None
    assert plan.rejection_number(2) == 2


@budget(ms=1, dev=80)
@given(
    p1=st.floats(0.001, 0.2),
    ratio=st.floats(1.5, 10.0),
    alpha=st.floats(0.01, 0.2),
    beta=st.floats(0.01, 0.2),
    n=st.integers(1, 400),
    d=st.integers(0, 30),
)
def test_lines_are_the_sprt(
    p1: float, ratio: float, alpha: float, beta: float, n: int, d: int
) -> None:
    # Wald: accept when the log-likelihood ratio <= ln(beta / (1 - alpha)), reject
    # when >= ln((1 - beta) / alpha); the integer limits are those lines rounded inward.
    p2 = min(0.99, p1 * ratio)
    plan = sequential_plan(p1, p2, alpha=alpha, beta=beta, truncation=10_000)
    if d > n:
        return
    llr = d * math.log(p2 / p1) + (n - d) * math.log((1 - p2) / (1 - p1))
    a = plan.acceptance_number(n)
    r = plan.rejection_number(n)
    accept = a is not None and d <= a
    reject = r is not None and d >= r
    lo, hi = math.log(beta / (1 - alpha)), math.log((1 - beta) / alpha)
    tol = 1e-9 * (1 + abs(llr))
    if llr < lo - tol:
        assert accept
    if llr > lo + tol:
        assert not accept
    if llr > hi + tol:
        assert reject
    if llr < hi - tol:
        assert not reject


def _brute(plan: SequentialPlan, p: float) -> tuple[float, float]:
    """Pa and ASN by walking every item sequence through judge_sequential."""
    pa = asn = 0.0

    def walk(items: list[bool], weight: float) -> None:
        nonlocal pa, asn
        decision = judge_sequential(plan, items).decision
        if decision == "accept":
            pa += weight
        if decision != "continue":
            asn += weight * len(items)
            return
        walk([*items, False], weight * (1 - p))
        walk([*items, True], weight * p)

    walk([False], 1 - p)
    walk([True], p)
    return pa, asn


@pytest.mark.parametrize(
    ("p1", "p2", "alpha", "beta", "truncation"),
    [
        (0.05, 0.4, 0.10, 0.10, None),  # n_t by the ISO rule
        (0.10, 0.5, 0.05, 0.10, None),
        (0.02, 0.3, 0.05, 0.10, 12),
        (0.01, 0.08, 0.05, 0.10, 14),
    ],
)
def test_oc_and_asn_against_brute_force(
    p1: float, p2: float, alpha: float, beta: float, truncation: int | None
) -> None:
    plan = sequential_plan(p1, p2, alpha=alpha, beta=beta, truncation=truncation)
    assert plan.truncation <= 16  # small enough to enumerate
    for p in (0.0, 0.01, 0.05, 0.2, 0.5, 1.0):
        pa, asn = _brute(plan, p)
        oc = sequential_oc(plan, p)
        assert oc.pa == pytest.approx(pa, rel=1e-12, abs=1e-15)
        assert oc.asn == pytest.approx(asn, rel=1e-12)


def test_risks_met_roughly() -> None:
    # Wald's boundaries keep the risks close to the targets (his approximations).
    plan = sequential_plan(0.01, 0.08)
    assert sequential_oc(plan, 0.01).pa >= 1 - 0.05 - 0.01
    assert sequential_oc(plan, 0.08).pa <= 0.10 + 0.01


def test_truncated_mass() -> None:
    # n_t = 1: the single item decides: accept iff it conforms (A_1 = floor(g) = 0).
    plan = sequential_plan(0.01, 0.08, truncation=1)
    oc = sequential_oc(plan, 0.3)
    assert oc.pa == pytest.approx(0.7)
    assert oc.asn == 1.0
    assert oc.truncated == 1.0


def test_judge_reasons() -> None:
    plan = sequential_plan(0.01, 0.08)
    j = judge_sequential(plan, [True, True])
    assert (j.decision, j.inspected, j.defectives, j.rejection_number) == ("reject", 2, 2, 2)
    assert j.reasons[0].code == "sampling.sequential_reject"
    assert "拒收" in j.reasons[0].zh
    c = judge_sequential(plan, [False])
    assert (c.decision, c.acceptance_number, c.rejection_number) == ("continue", None, None)
    assert "继续" in c.reasons[0].zh
    a = judge_sequential(plan, [False] * 31)
    assert a.decision == "accept"
    assert "接收" in a.reasons[0].zh


def test_too_close_is_out_of_range() -> None:
    with pytest.raises(OutOfTableError, match="truncation point"):
        sequential_plan(0.01, 0.0101)


JUNK: Any = "x"
TEXT: Any = "0.1"
HALF: Any = 2.5
NONE: Any = None
INTS: Any = [1, 0]

BAD: list[tuple[Any, type[Exception], str]] = [
    (lambda: sequential_plan(0.0, 0.1), InvalidInputError, "'p1' must be > 0.0"),
    (lambda: sequential_plan(0.1, 1.0), InvalidInputError, "'p2' must be < 1.0"),
    (lambda: sequential_plan(0.1, 0.05), InvalidInputError, "'p2' must be > p1"),
    (lambda: sequential_plan(0.1, 0.1), InvalidInputError, "'p2' must be > p1"),
    (lambda: sequential_plan(TEXT, 0.2), InvalidTypeError, "'p1' must be a number"),
    (lambda: sequential_plan(0.1, 0.2, alpha=0.6, beta=0.4), InvalidInputError, "'beta' must"),
    (lambda: sequential_plan(0.1, 0.2, alpha=float("nan")), InvalidInputError, "'alpha'"),
    (lambda: sequential_plan(0.1, 0.2, truncation=0), InvalidInputError, "'truncation' must"),
    (lambda: sequential_plan(0.1, 0.2, truncation=HALF), InvalidTypeError, "'truncation'"),
    (lambda: judge_sequential(JUNK, [True]), InvalidTypeError, "'plan' must be a SequentialPlan"),
    (lambda: judge_sequential(sequential_plan(0.01, 0.08), []), InvalidInputError, "'items'"),
    (
        lambda: judge_sequential(sequential_plan(0.01, 0.08), INTS),
        InvalidTypeError,
        "'items[0]'",
    ),
    (
        lambda: judge_sequential(sequential_plan(0.01, 0.08), [True, True, False]),
        InvalidInputError,
        "decided after item 2",
    ),
    (
        lambda: judge_sequential(sequential_plan(0.01, 0.08, truncation=3), [False] * 4),
        InvalidInputError,
        "'items'",
    ),
    (lambda: sequential_oc(sequential_plan(0.01, 0.08), 1.5), InvalidInputError, "'p' must"),
    (lambda: sequential_oc(NONE, 0.1), InvalidTypeError, "'plan' must be"),
    (lambda: sequential_plan(0.01, 0.08).acceptance_number(0), InvalidInputError, "'n' must"),
    (lambda: sequential_plan(0.01, 0.08).rejection_number(10**6), InvalidInputError, "'n'"),
]


@pytest.mark.parametrize(("call", "error", "fragment"), BAD)
def test_bad_inputs(call: Any, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error) as info:
        call()
    assert fragment in str(info.value)
