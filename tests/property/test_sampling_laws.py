"""Hypothesis laws for code letters, plan lookup, judgement and company plans."""

from __future__ import annotations

import datetime as dt
import math
import pickle

import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st

from qmscore.sampling import (
    LEVELS,
    SamplingPlan,
    code_letter,
    judge,
    lookup_plan,
    patrol_by_output,
    patrol_by_time,
    percentage_plan,
)
from qmscore.serialization import from_dict, to_dict
from qmscore.testing import aqls, inspections, levels, lot_sizes, sampling_plans, table_plans
from tests.budget import budget

CODES = "ABCDEFGHJKLMNPQRS"


@given(lot_sizes(), lot_sizes(), levels())
def test_code_letter_monotone_in_lot_size(a: int, b: int, level: str) -> None:
    lo, hi = sorted((a, b))
    assert CODES.index(code_letter(lo, level)) <= CODES.index(code_letter(hi, level))


@given(lot_sizes(), st.sampled_from(range(len(LEVELS) - 1)))
def test_code_letter_monotone_in_level(lot: int, i: int) -> None:
    assert CODES.index(code_letter(lot, LEVELS[i])) <= CODES.index(code_letter(lot, LEVELS[i + 1]))


@budget(ms=2)
@given(
    lot_sizes(),
    lot_sizes(),
    aqls(),
    levels(),
    inspections(),
    st.sampled_from(("z1.4", "iso2859-1")),
)
def test_single_sample_size_never_decreases_with_lot_size(
    a: int, b: int, aql: float, level: str, inspection: str, standard: str
) -> None:
    lo, hi = sorted((a, b))
    small = lookup_plan(lo, aql, level=level, inspection=inspection, standard=standard)  # type: ignore[arg-type]
    large = lookup_plan(hi, aql, level=level, inspection=inspection, standard=standard)  # type: ignore[arg-type]
    assert small.sample_size <= large.sample_size


@given(lot_sizes(), aqls(), levels(), st.sampled_from(("single", "double", "multiple")))
def test_tightened_never_more_lenient_than_normal_at_equal_n(
    lot: int, aql: float, level: str, scheme: str
) -> None:
    normal = lookup_plan(lot, aql, level=level, scheme=scheme)  # type: ignore[arg-type]
    tight = lookup_plan(lot, aql, level=level, scheme=scheme, inspection="tightened")  # type: ignore[arg-type]
    if normal.cumulative_sizes == tight.cumulative_sizes:
        _assert_not_more_lenient(normal, tight)


def _assert_not_more_lenient(normal: SamplingPlan, tight: SamplingPlan) -> None:
    for n_stage, t_stage in zip(normal.stages, tight.stages, strict=True):
        assert (t_stage.accept if t_stage.accept is not None else -1) <= (
            n_stage.accept if n_stage.accept is not None else -1
        )
        assert t_stage.reject <= n_stage.reject


def test_tightened_never_more_lenient_exhaustively() -> None:
    # Every code letter x AQL x scheme of Z1.4 where both plans draw the same samples.
    from qmscore.sampling.lookup import _resolve

    compared = 0
    for scheme in ("single", "double", "multiple"):
        for code in CODES[:-1]:
            for aql in range(26):
                normal = SamplingPlan(_resolve("z1.4", scheme, "normal", code, aql).stages)
                tight = SamplingPlan(_resolve("z1.4", scheme, "tightened", code, aql).stages)
                if normal.cumulative_sizes == tight.cumulative_sizes:
                    _assert_not_more_lenient(normal, tight)
                    compared += 1
    assert compared > 600  # most cells share n; the law is not vacuous


@budget(ms=6)
@given(table_plans())
def test_re_above_ac_at_every_stage_and_plans_are_well_formed(plan: SamplingPlan) -> None:
    for stage in plan.stages:
        assert stage.reject > (stage.accept if stage.accept is not None else -1)
    assert plan.stages[-1].accept is not None
    assert plan.inspect_all == (plan.sample_size >= plan.lot_size)  # type: ignore[operator]
    assert plan.reasons[0].code == "sampling.code_letter"


@budget(ms=2)
@given(table_plans())
def test_last_stage_closes_except_on_gap_plans(plan: SamplingPlan) -> None:
    last = plan.stages[-1]
    if plan.inspection in ("normal", "tightened") or plan.standard == "iso2859-1":
        assert last.reject == last.accept + 1  # type: ignore[operator]
    else:
        # Z1.4 reduced plans may leave a gap; such a plan always says so.
        assert plan.has_gap == ("sampling.gap_plan" in [r.code for r in plan.reasons])


@budget(ms=2)
@given(table_plans())
def test_table_plans_round_trip_and_pickle(plan: SamplingPlan) -> None:
    assert from_dict(to_dict(plan), SamplingPlan) == plan
    assert pickle.loads(pickle.dumps(plan)) == plan


@budget(ms=3)
@given(sampling_plans())
def test_any_plan_round_trips(plan: SamplingPlan) -> None:
    assert from_dict(to_dict(plan), SamplingPlan) == plan


@st.composite
def plan_and_counts(draw: st.DrawFn) -> tuple[SamplingPlan, list[int]]:
    plan = draw(sampling_plans(max_sample=30, counts=None))
    counts: list[int] = []
    for stage in plan.stages:
        # Nonconformities may exceed the sample (several on one item); items may not.
        most = stage.sample_size if plan.counts == "items" else stage.reject + 3
        counts.append(draw(st.integers(0, most)))
        if judge(plan, counts).decision != "continue":
            break
    return plan, counts


def _brute_force(plan: SamplingPlan, counts: list[int]) -> str:
    # Independent reading of the rule: walk the cumulative sums directly.
    total = 0
    for k, count in enumerate(counts):
        total += count
        stage = plan.stages[k]
        if stage.accept is not None and total <= stage.accept:
            return "accept"
        if total >= stage.reject:
            return "reject"
        if k == len(plan.stages) - 1:
            return "accept"  # the gap: accepted, normal reinstated
    return "continue"


@budget(ms=2)
@given(plan_and_counts())
def test_judge_agrees_with_a_direct_walk(case: tuple[SamplingPlan, list[int]]) -> None:
    plan, counts = case
    verdict = judge(plan, counts)
    assert verdict.decision == _brute_force(plan, counts)
    assert verdict.defectives == sum(counts)
    assert verdict.inspected == sum(s.sample_size for s in plan.stages[: len(counts)])


@budget(ms=3)
@given(plan_and_counts(), st.integers(0, 5))
def test_more_defectives_never_turn_a_rejection_into_acceptance(
    case: tuple[SamplingPlan, list[int]], extra: int
) -> None:
    plan, counts = case
    worse = [*counts[:-1], counts[-1] + extra]
    if plan.counts == "items":
        worse[-1] = min(worse[-1], plan.stages[len(counts) - 1].sample_size)
    if judge(plan, counts).decision == "reject":
        assert judge(plan, worse).decision == "reject"


@given(
    st.integers(1, 100_000),
    st.integers(1, 100_000),
    st.sampled_from([0.01, 0.02, 0.05, 0.1, 0.25]),
)
def test_percentage_sample_is_ceil_share_and_monotone(a: int, b: int, share: float) -> None:
    lo, hi = sorted((a, b))
    n_lo, n_hi = percentage_plan(lo, share).sample_size, percentage_plan(hi, share).sample_size
    assert n_lo <= n_hi
    # Integer arithmetic oracle: share = p / 100.
    p = round(share * 100)
    assert n_lo == min(lo, max(1, -(-lo * p // 100)))


@given(st.integers(0, 10_000), st.integers(1, 100))
def test_patrol_by_output_counts(units: int, every: int) -> None:
    s = patrol_by_output(units, every)
    assert s.checks == units // every == len(s.units)
    assert all(u % every == 0 and 0 < u <= units for u in s.units)


@given(st.lists(st.integers(1, 180), min_size=1, max_size=4), st.integers(15, 240))
def test_patrol_by_time_counts_working_minutes(lengths: list[int], step: int) -> None:
    # Shifts of the given lengths, 30 minutes apart, from 06:00; must fit the day.
    start, shifts = 360, []
    for length in lengths:
        shifts.append((start, start + length))
        start += length + 30
    assume(start < 24 * 60)
    pairs = [(dt.time(a // 60, a % 60), dt.time(b // 60, b % 60)) for a, b in shifts]
    s = patrol_by_time(pairs, dt.timedelta(minutes=step))
    assert s.checks == math.floor(sum(lengths) / step)
    minutes = [t.hour * 60 + t.minute for t in s.times]
    assert minutes == sorted(minutes)
    assert all(any(a < m <= b for a, b in shifts) for m in minutes)


@given(lot_sizes(), aqls(), levels(), inspections(), st.sampled_from(["int64", "int32", "uint32"]))
def test_numpy_scalars_look_up_the_same_plan(
    lot: int, aql: float, level: str, inspection: str, dtype: str
) -> None:
    # What analysts pass (a DataFrame's cells) gives the plan plain values give.
    assume(lot < 2**31)
    plain = lookup_plan(lot, aql, level=level, inspection=inspection)  # type: ignore[arg-type]
    numpy_lot = np.dtype(dtype).type(lot)
    assert lookup_plan(numpy_lot, np.float64(aql), level=level, inspection=inspection) == plain  # type: ignore[arg-type]
    assert code_letter(numpy_lot, level) == code_letter(lot, level)


@budget(ms=3)
@given(sampling_plans(max_stages=4, max_sample=30), st.data())
def test_numpy_counts_judge_like_plain_counts(plan: SamplingPlan, data: st.DataObject) -> None:
    counts = data.draw(
        st.lists(st.integers(0, 30), min_size=1, max_size=len(plan.stages)).map(
            lambda xs: [min(x, s.sample_size) for x, s in zip(xs, plan.stages, strict=False)]
        )
    )
    for k in range(1, len(counts) + 1):
        plain = judge(plan, counts[:k])
        assert judge(plan, np.array(counts[:k], dtype=np.int64)) == plain
        assert judge(plan, [np.int16(c) for c in counts[:k]]) == plain
        if plain.decision != "continue":
            break
