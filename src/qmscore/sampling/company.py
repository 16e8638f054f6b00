"""Company inspection rules from procedure 000, next to the standard plans.

Procedure 000 (质管客户部职能制度) asks for: 100% inspection of critical raw
materials (关键原材料进行100%全检), percentage sampling of general materials
(e.g. packaging, 每批次5%的比例), and patrol checks in production: key
machining precision every hour (每小时进行一次抽检), assembly every 10 finished
units (每完成10件产品进行一次检查). Each function returns a plan with reasons.

A percentage plan's protection changes with the lot size (5% of 40 is 2
items, 5% of 4000 is 200): compare its OC curve with a standard plan before
relying on it.

Example:
    >>> from qmscore.sampling import percentage_plan
    >>> plan = percentage_plan(230, 0.05)
    >>> plan.sample_size, plan.accept
    (12, 0)
    >>> print(plan.reasons[0].en)
    5% of lot 230 = 11.5, rounded up: sample 12 items
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Literal

import attrs

from qmscore._checks import (
    MAX_ITEMS,
    check_bool,
    check_choice,
    check_int,
    check_real,
    check_sequence,
    check_timedelta,
    type_error,
    value_error,
)
from qmscore._display import display
from qmscore.errors import InvalidInputError
from qmscore.explain import Reason, Source
from qmscore.sampling.plans import MAX_LOT_SIZE, MAX_SAMPLE_SIZE, SamplingPlan, Stage

__all__ = [
    "MAX_CHECKS",
    "PatrolSchedule",
    "Rounding",
    "full_inspection",
    "patrol_by_output",
    "patrol_by_time",
    "percentage_plan",
]

Rounding = Literal["up", "down", "half-up"]
MAX_CHECKS = MAX_ITEMS
"""Longest patrol schedule :func:`patrol_by_output` builds (a resource bound)."""
_ROUNDINGS = ("up", "down", "half-up")
SEED_000 = Source("seed 000 质管客户部职能制度", clause="二(二)")


def full_inspection(lot_size: int, *, accept: int = 0) -> SamplingPlan:
    """100% inspection of a lot (critical materials: every core chip tested).

    Args:
        lot_size: Items in the lot, 1 to :data:`~qmscore.sampling.MAX_SAMPLE_SIZE`
            (every item is the sample).
        accept: Nonconforming items tolerated in the lot (0 by default), less
            than the lot size.

    Example:
        >>> from qmscore.sampling import full_inspection
        >>> full_inspection(40).inspect_all
        True
    """
    lot_size = check_int("lot_size", lot_size, minimum=1, maximum=MAX_SAMPLE_SIZE)
    accept = check_int("accept", accept, minimum=0)
    if accept >= lot_size:
        raise value_error("accept", f"< the lot size {lot_size}", accept)
    return SamplingPlan(
        (Stage(lot_size, accept, accept + 1),),
        lot_size=lot_size,
        inspect_all=True,
        reasons=(
            Reason(
                "sampling.critical_full_inspection",
                f"Critical item: inspect all {lot_size} items (100%); accept with at most "
                f"{accept} nonconforming",
                f"关键物料：{lot_size} 件全部检验（100% 全检）；不合格数不超过 {accept} 时接收",
                source=SEED_000,
            ),
        ),
    )


def _round(value: Fraction, rounding: Rounding) -> int:
    if rounding == "up":
        return math.ceil(value)
    if rounding == "down":
        return math.floor(value)
    return math.floor(value + Fraction(1, 2))


def percentage_plan(
    lot_size: int,
    fraction: float = 0.05,
    *,
    rounding: Rounding = "up",
    accept: int = 0,
    minimum: int = 1,
) -> SamplingPlan:
    """Sample a fixed share of each lot (000: packaging materials, 5% per batch).

    Args:
        lot_size: Items in the lot, 1 to :data:`~qmscore.sampling.MAX_LOT_SIZE`
            (the sample at most :data:`~qmscore.sampling.MAX_SAMPLE_SIZE`).
        fraction: Share of the lot to sample, in (0, 1].
        rounding: ``"up"`` (default: never sample less than the share),
            ``"down"`` or ``"half-up"``. The share is computed exactly
            (0.05 x 230 = 11.5, not 11.499999).
        accept: Acceptance number (the procedure names none; 0 by default).
        minimum: Smallest sample, at least 1.

    Raises:
        InvalidInputError: a bad argument.
    """
    lot_size = check_int("lot_size", lot_size, minimum=1, maximum=MAX_LOT_SIZE)
    value = check_real("fraction", fraction)
    if not 0.0 < value <= 1.0:
        raise InvalidInputError.constraint("fraction", "in (0, 1]", fraction)
    if not isinstance(rounding, str):
        raise type_error("rounding", f"one of {_ROUNDINGS}", rounding)
    check_choice("rounding", rounding, _ROUNDINGS)
    accept = check_int("accept", accept, minimum=0)
    minimum = check_int("minimum", minimum, minimum=1, maximum=MAX_SAMPLE_SIZE)
    # repr() gives the shortest decimal that round-trips, so 0.05 is exactly 1/20.
    exact = Fraction(repr(value)) * lot_size
    n = min(lot_size, max(minimum, _round(exact, rounding)))
    if n > MAX_SAMPLE_SIZE:
        raise value_error(
            "lot_size",
            f"small enough for a sample of at most {MAX_SAMPLE_SIZE} (sample {n})",
            lot_size,
        )
    if accept >= n:
        raise InvalidInputError.constraint("accept", f"< the sample size {n}", accept)
    share = f"{float(Fraction(repr(value)) * 100):g}%"
    word = {"up": "rounded up", "down": "rounded down", "half-up": "rounded half up"}[rounding]
    zh_word = {"up": "向上取整", "down": "向下取整", "half-up": "四舍五入"}[rounding]
    reasons = [
        Reason(
            "sampling.percentage",
            f"{share} of lot {lot_size} = {float(exact):g}, {word}: sample {n} items",
            f"批量 {lot_size} 的 {share} = {float(exact):g}，{zh_word}：抽取 {n} 件",
            source=SEED_000,
        ),
        Reason(
            "sampling.percentage_protection",
            "A fixed share gives different protection at different lot sizes: compare its OC "
            "curve with an ISO 2859-1 plan",
            "固定比例抽样对不同批量的保护程度不同：请与 GB/T 2828.1 方案比较其 OC 曲线",
        ),
    ]
    if n >= lot_size:
        reasons.append(
            Reason(
                "sampling.inspect_all",
                f"Sample size {n} is at least the lot size {lot_size}: inspect every item (100%)",
                f"样本量 {n} 不小于批量 {lot_size}：进行 100% 全数检验",
            )
        )
    return SamplingPlan(
        (Stage(n, accept, accept + 1),),
        lot_size=lot_size,
        inspect_all=n >= lot_size,
        reasons=tuple(reasons),
    )


@display
@attrs.frozen
class PatrolSchedule:
    """When patrol (in-process) checks fall.

    Attributes:
        checks: Number of checks.
        times: Check moments of a time-based schedule.
        units: Unit counts after which to check, for an output-based schedule.
        reasons: Why.
    """

    checks: int
    times: tuple[dt.time, ...] = ()
    units: tuple[int, ...] = ()
    reasons: tuple[Reason, ...] = ()


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def _shift(field: str, value: object) -> tuple[dt.time, dt.time]:
    expected = "a (time, time) pair"
    if isinstance(value, (str, bytes, bytearray)) or not isinstance(value, Sequence):
        raise type_error(field, expected, value)
    if len(value) != 2 or not all(isinstance(t, dt.time) for t in value):
        raise type_error(field, expected, value)
    if any(t.second or t.microsecond for t in value):
        raise value_error(field, "times on whole minutes", value)
    if any(t.tzinfo is not None for t in value):
        raise value_error(field, "local times of day (no time zone)", value)
    return value[0], value[1]


def patrol_by_time(
    shifts: Sequence[tuple[dt.time, dt.time]],
    every: dt.timedelta = dt.timedelta(hours=1),
    *,
    check_at_start: bool = False,
) -> PatrolSchedule:
    """Patrol checks every ``every`` of working time across a day's shifts.

    The clock counts working time only (it pauses between shifts), so a
    08:30-12:00 + 13:30-17:30 day has checks at 09:30, 10:30, 11:30, then
    (half an hour into the afternoon completes the fourth hour) 14:00, 15:00,
    16:00 and 17:00.

    Args:
        shifts: (start, end) pairs within one day, in order, not overlapping.
        every: Working time between checks (000: one hour).
        check_at_start: Also check at the start of the first shift.

    Example:
        >>> import datetime as dt
        >>> from qmscore.sampling import patrol_by_time
        >>> day = [(dt.time(8, 30), dt.time(12)), (dt.time(13, 30), dt.time(17, 30))]
        >>> s = patrol_by_time(day)
        >>> s.checks, s.times[3]
        (7, datetime.time(14, 0))
    """
    check_timedelta("every", every)
    if every <= dt.timedelta(0):
        raise value_error("every", "a positive timedelta", every)
    if every % dt.timedelta(minutes=1):
        raise value_error("every", "a whole number of minutes", every)
    check_bool("check_at_start", check_at_start)
    step = every // dt.timedelta(minutes=1)
    pairs = check_sequence("shifts", shifts, _shift, max_items=24 * 60)
    if not pairs:
        raise value_error("shifts", "at least one (start, end) pair", list(pairs))
    spans: list[tuple[int, int]] = []
    for k, shift in enumerate(pairs):
        start, end = _minutes(shift[0]), _minutes(shift[1])
        if end <= start:
            raise InvalidInputError.constraint(f"shifts[{k}]", "end after start", shift)
        if spans and start < spans[-1][1]:
            raise InvalidInputError.constraint(
                f"shifts[{k}]", "after the previous shift's end, not overlapping", shift
            )
        spans.append((start, end))
    times: list[dt.time] = []
    if check_at_start:
        times.append(pairs[0][0])
    worked = 0
    for start, end in spans:
        # The next check falls when the working-time clock reaches a multiple of step.
        due = (worked // step + 1) * step
        while due <= worked + (end - start):
            minute = start + (due - worked)
            times.append(dt.time(minute // 60, minute % 60))
            due += step
        worked += end - start
    hours = f"{step / 60:g} h"
    return PatrolSchedule(
        len(times),
        times=tuple(times),
        reasons=(
            Reason(
                "sampling.patrol_time",
                f"Patrol check every {hours} of working time: {len(times)} checks in "
                f"{worked / 60:g} working hours",
                f"每 {step / 60:g} 小时工作时间巡检一次："
                f"{worked / 60:g} 个工作小时内巡检 {len(times)} 次",
                source=SEED_000,
            ),
        ),
    )


def patrol_by_output(units: int, every_units: int = 10) -> PatrolSchedule:
    """Patrol checks after every ``every_units`` finished units (000: assembly, every 10).

    Args:
        units: Finished units planned (>= 0).
        every_units: Units between checks (>= 1).

    Raises:
        InvalidInputError: a bad argument, or a schedule of more than
            :data:`MAX_CHECKS` checks (a resource bound).

    Example:
        >>> from qmscore.sampling import patrol_by_output
        >>> patrol_by_output(35).units
        (10, 20, 30)
    """
    units = check_int("units", units, minimum=0)
    every_units = check_int("every_units", every_units, minimum=1)
    if units // every_units > MAX_CHECKS:
        raise value_error(
            "units", f"at most {MAX_CHECKS} checks' worth (units // every_units)", units
        )
    at = tuple(range(every_units, units + 1, every_units))
    return PatrolSchedule(
        len(at),
        units=at,
        reasons=(
            Reason(
                "sampling.patrol_output",
                f"Check after every {every_units} finished units: {len(at)} checks for "
                f"{units} units",
                f"每完成 {every_units} 件检查一次：{units} 件共检查 {len(at)} 次",
                source=SEED_000,
            ),
        ),
    )
