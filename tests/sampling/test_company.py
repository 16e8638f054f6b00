import datetime as dt

import pytest

from qmscore.errors import InvalidInputError
from qmscore.sampling import full_inspection, patrol_by_output, patrol_by_time, percentage_plan
from qmscore.sampling.company import PatrolSchedule
from qmscore.serialization import from_dict, to_dict

DAY = [(dt.time(8, 30), dt.time(12)), (dt.time(13, 30), dt.time(17, 30))]


def test_full_inspection_is_every_item() -> None:
    plan = full_inspection(40)
    assert (plan.sample_size, plan.accept, plan.reject, plan.inspect_all) == (40, 0, 1, True)
    assert plan.reasons[0].source is not None
    assert "000" in plan.reasons[0].source.document


@pytest.mark.parametrize(
    ("lot", "rounding", "n"),
    [
        (200, "up", 10),  # 5% of 200 = 10 exactly
        (230, "up", 12),  # 11.5 -> 12
        (230, "down", 11),
        (230, "half-up", 12),
        (229, "half-up", 11),  # 11.45 -> 11
        (10, "up", 1),  # 0.5 -> 1
        (10, "down", 1),  # 0 -> the minimum of 1
    ],
)
def test_percentage_rounding_is_exact(lot: int, rounding: str, n: int) -> None:
    assert percentage_plan(lot, 0.05, rounding=rounding).sample_size == n  # type: ignore[arg-type]


def test_percentage_of_a_tiny_lot_inspects_all() -> None:
    plan = percentage_plan(3, 0.5, minimum=3)
    assert plan.inspect_all
    assert plan.reasons[-1].code == "sampling.inspect_all"


def test_patrol_every_working_hour() -> None:
    s = patrol_by_time(DAY)
    assert s.times == tuple(
        dt.time(h, m) for h, m in [(9, 30), (10, 30), (11, 30), (14, 0), (15, 0), (16, 0), (17, 0)]
    )
    assert "7 checks in 7.5 working hours" in s.reasons[0].en
    assert patrol_by_time(DAY, check_at_start=True).times[0] == dt.time(8, 30)
    assert patrol_by_time(DAY, dt.timedelta(minutes=90)).checks == 5  # 450 min // 90


def test_patrol_every_ten_units() -> None:
    assert patrol_by_output(100).checks == 10
    assert patrol_by_output(9).units == ()


def test_schedule_round_trip() -> None:
    for s in (patrol_by_output(30), patrol_by_time(DAY)):
        assert from_dict(to_dict(s), PatrolSchedule) == s


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: full_inspection(0), "'lot_size' must be >= 1"),
        (lambda: full_inspection(10, accept=-1), "'accept' must be >= 0"),
        (lambda: percentage_plan(100, 0), "'fraction' must be in (0, 1]"),
        (lambda: percentage_plan(100, 1.5), "'fraction' must be in (0, 1]"),
        (lambda: percentage_plan(100, float("nan")), "'fraction' must be finite"),
        (lambda: percentage_plan(100, "5%"), "'fraction' must be a number"),  # type: ignore[arg-type]
        (lambda: percentage_plan(100, 0.05, rounding="bankers"), "'rounding' must be one of"),  # type: ignore[arg-type]
        (lambda: percentage_plan(100, 0.05, accept=5), "'accept' must be < the sample size 5"),
        (lambda: percentage_plan(100, 0.05, minimum=0), "'minimum' must be >= 1"),
        (lambda: patrol_by_time([]), "'shifts' must be at least one"),
        (
            lambda: patrol_by_time([(dt.time(12), dt.time(8))]),
            "'shifts[0]' must be end after start",
        ),
        (lambda: patrol_by_time([(8, 12)]), "'shifts[0]' must be a (time, time) pair"),  # type: ignore[list-item]
        (lambda: patrol_by_time(DAY[::-1]), "'shifts[1]' must be after the previous shift's end"),
        (lambda: patrol_by_time(DAY, dt.timedelta(0)), "'every' must be a positive timedelta"),
        (
            lambda: patrol_by_time(DAY, dt.timedelta(seconds=90)),
            "'every' must be a whole number of minutes",
        ),
        (lambda: patrol_by_output(-1), "'units' must be >= 0"),
        (lambda: patrol_by_output(10, 0), "'every_units' must be >= 1"),
    ],
)
def test_bad_input(call: object, fragment: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        call()  # type: ignore[operator]
    assert fragment in str(info.value)
