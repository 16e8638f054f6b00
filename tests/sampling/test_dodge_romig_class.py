"""dodge_romig_class_plan: the tables' cell convention, laws and bad inputs."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qmscore.errors import InvalidInputError, InvalidTypeError
from qmscore.sampling import dodge_romig_class_plan, dodge_romig_plan

targets = st.one_of(
    st.sampled_from([0.01, 0.02, 0.03, 0.05]).map(lambda v: {"aoql": v}),
    st.sampled_from([0.02, 0.05, 0.10]).map(lambda v: {"ltpd": v}),
)


@settings(max_examples=25)
@given(
    high=st.integers(2, 600),
    share=st.floats(0.0, 1.0),
    averages=st.tuples(st.floats(0.0, 0.03), st.floats(0.0, 0.03)).map(sorted),
    point=st.floats(0.0, 1.0),
    target=targets,
)
def test_class_plan_is_the_plan_at_the_class_top_unless_it_reaches_the_smallest_lot(
    high: int, share: float, averages: list[float], point: float, target: dict[str, Any]
) -> None:
    low = max(1, round(share * high))
    a, b = averages
    got = dodge_romig_class_plan((low, high), (a, b), point=point, **target)
    pbar = a + point * (b - a)
    at_top = dodge_romig_plan(high, pbar, **target)
    assert got.lot_size == high
    assert got.process_average == pytest.approx(pbar)
    assert a - 1e-15 <= got.process_average <= b + 1e-15
    if at_top.inspect_all or at_top.sample_size >= low:
        assert got.inspect_all
        assert got.ati == float(high)
    else:
        assert (got.sample_size, got.accept, got.ati) == (
            at_top.sample_size,
            at_top.accept,
            at_top.ati,
        )


@settings(max_examples=20)
@given(high=st.integers(2, 400), low=st.integers(1, 400), target=targets)
def test_a_smaller_lowest_lot_never_turns_a_plan_into_all(
    high: int, low: int, target: dict[str, Any]
) -> None:
    low = min(low, high)
    wide = dodge_romig_class_plan((1, high), (0.0, 0.01), **target)
    narrow = dodge_romig_class_plan((low, high), (0.0, 0.01), **target)
    # class 1..high: any sample of 1 or more reaches lot 1, so it is always All
    assert wide.inspect_all
    if not narrow.inspect_all:
        assert narrow.sample_size < low


def test_points_are_the_class_ends_and_middle() -> None:
    # (0.0061 + 0.012) / 2 = 0.00905; point 0 -> 0.0061; point 1 -> 0.012
    ends = [
        dodge_romig_class_plan((801, 1000), (0.0061, 0.012), aoql=0.03, point=p).process_average
        for p in (0.0, 0.5, 1.0)
    ]
    assert ends == pytest.approx([0.0061, 0.00905, 0.012])


def test_all_reason() -> None:
    d = dodge_romig_class_plan((1, 10), (0.0, 0.0006), aoql=0.03)
    assert [r.code for r in d.reasons] == [
        "sampling.dodge_romig",
        "sampling.dodge_romig_class_all",
    ]
    assert "全数检验" in d.reasons[-1].zh
    assert "smallest lot of the class (1)" in d.reasons[-1].en


BAD: list[tuple[dict[str, Any], type[Exception], str]] = [
    ({"lot_range": "1-10"}, InvalidTypeError, "'lot_range' must be a list"),
    ({"lot_range": (5,)}, InvalidInputError, "(lowest, highest) pair"),
    ({"lot_range": (1, 5, 9)}, InvalidInputError, "(lowest, highest) pair"),
    ({"lot_range": (10, 5)}, InvalidInputError, "'lot_range[0]' must be <= 5"),
    ({"lot_range": (0, 5)}, InvalidInputError, "'lot_range[0]' must be >= 1"),
    ({"lot_range": (1, 1)}, InvalidInputError, "'lot_range[1]' must be >= 2"),
    ({"lot_range": (1.0, 5)}, InvalidTypeError, "'lot_range[0]' must be an integer"),
    ({"average_range": (0.02, 0.01)}, InvalidInputError, "'average_range[0]' must be <= 0.01"),
    ({"average_range": (0.0, 1.0)}, InvalidInputError, "'average_range[1]' must be < 1.0"),
    ({"average_range": (-0.1, 0.01)}, InvalidInputError, "'average_range[0]' must be >= 0.0"),
    ({"average_range": 0.01}, InvalidTypeError, "'average_range' must be a list"),
    ({"point": 1.5}, InvalidInputError, "'point' must be <= 1.0"),
    ({"point": float("nan")}, InvalidInputError, "'point'"),
    ({"point": "middle"}, InvalidTypeError, "'point' must be a number"),
]


@pytest.mark.parametrize(("change", "error", "fragment"), BAD)
def test_bad_inputs(change: dict[str, Any], error: type[Exception], fragment: str) -> None:
    kwargs: dict[str, Any] = {"lot_range": (11, 50), "average_range": (0.0, 0.006)} | change
    lots, averages = kwargs.pop("lot_range"), kwargs.pop("average_range")
    with pytest.raises(error) as info:
        dodge_romig_class_plan(lots, averages, aoql=0.03, **kwargs)
    assert fragment in str(info.value)


def test_target_errors_pass_through() -> None:
    with pytest.raises(InvalidInputError, match="exactly one"):
        dodge_romig_class_plan((11, 50), (0.0, 0.006))
