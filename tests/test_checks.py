import math

import pytest

from qmscore._checks import check_int, check_number, check_probability
from qmscore.errors import InvalidInputError


def test_valid_values_pass_through() -> None:
    assert check_int("n", 3, minimum=0, maximum=5) == 3
    assert check_number("x", 2, minimum=0.0, maximum=2.0) == 2.0
    assert check_probability("p", 0) == 0.0
    assert check_probability("p", 1.0) == 1.0


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: check_int("n", 6, maximum=5), "'n' must be <= 5 (got 6)"),
        (lambda: check_int("n", -1, minimum=0), "'n' must be >= 0 (got -1)"),
        (lambda: check_int("n", 1.0), "'n' must be an integer (got 1.0)"),
        (lambda: check_number("x", -0.5, minimum=0.0), "'x' must be >= 0.0 (got -0.5)"),
        (lambda: check_number("x", 3, maximum=2.0), "'x' must be <= 2.0 (got 3)"),
        (lambda: check_number("x", math.inf), "'x' must be finite (got inf)"),
        (lambda: check_number("x", False), "'x' must be a number (got False)"),
        (lambda: check_probability("p", 1.5), "'p' must be in [0, 1] (got 1.5)"),
        (lambda: check_probability("p", -0.1), "'p' must be in [0, 1] (got -0.1)"),
        (lambda: check_probability("p", "0.5"), "'p' must be a number"),
    ],
)
def test_bad_input(call: object, fragment: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        call()  # type: ignore[operator]
    assert fragment in str(info.value)


# --- the one input layer (issue: trust at the boundary) ----------------------

import datetime as dt  # noqa: E402
import decimal  # noqa: E402
from fractions import Fraction  # noqa: E402

from qmscore._checks import (  # noqa: E402
    as_bool,
    as_date,
    as_datetime,
    as_int,
    as_real,
    as_str_tuple,
    as_tuple,
    check_bool,
    check_choice,
    check_date,
    check_datetime,
    check_instance,
    check_mapping,
    check_real,
    check_sequence,
    check_str,
    check_timedelta,
    fixed,
    is_missing,
    real_validator,
    str_tuple_validator,
)
from qmscore.errors import InvalidTypeError  # noqa: E402

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")


def test_numpy_and_pandas_numbers_are_plain_numbers() -> None:
    assert check_int("n", np.int64(500)) == 500
    assert type(check_int("n", np.int32(7))) is int
    assert check_int("n", np.uint8(3), minimum=3) == 3
    assert check_real("x", np.float32(0.5)) == 0.5
    assert check_real("x", decimal.Decimal("1000.50")) == 1000.5  # money
    assert check_real("x", Fraction(1, 4)) == 0.25
    assert type(check_real("x", np.float64(2.0))) is float


@pytest.mark.parametrize("flag", [True, False, np.bool_(True)])
def test_booleans_are_never_integers_or_numbers(flag: object) -> None:
    with pytest.raises(InvalidTypeError):
        check_int("n", flag)
    with pytest.raises(InvalidTypeError):
        check_real("x", flag)


@pytest.mark.parametrize(
    "missing",
    [None, float("nan"), np.nan, pd.NA, pd.NaT, decimal.Decimal("NaN"), np.float32("nan")],
)
def test_every_missing_value_means_not_answered(missing: object) -> None:
    assert is_missing(missing)


@pytest.mark.parametrize(
    "present", [0, 0.0, "", "nan", False, [], np.int64(0), decimal.Decimal("0")]
)
def test_values_that_are_present(present: object) -> None:
    assert not is_missing(present)


def test_bools_are_only_bools() -> None:
    assert check_bool("b", np.bool_(False)) is False
    assert as_bool(np.bool_(True)) is True
    for junk in ("no", "false", 0, 1, None, b"\xff"):
        with pytest.raises(InvalidTypeError, match="'b' must be True or False"):
            check_bool("b", junk)


def test_reals_refuse_nan_and_infinities_and_huge_values() -> None:
    with pytest.raises(InvalidInputError, match=r"'x' must be finite \(not NaN\)"):
        check_real("x", float("nan"))
    with pytest.raises(InvalidInputError, match="finite"):
        check_real("x", decimal.Decimal("-Infinity"))
    assert check_real("x", float("inf"), finite=False) == float("inf")
    with pytest.raises(InvalidInputError, match="a float can hold"):
        check_real("x", 10**400)  # an int too large for a float is not rounded to inf
    with pytest.raises(InvalidInputError, match="'x' must be > 0"):
        check_real("x", 0, minimum=0, min_exclusive=True)
    with pytest.raises(InvalidInputError, match="'x' must be < 1"):
        check_real("x", 1, maximum=1, max_exclusive=True)
    assert (
        check_real("x", 0.5, minimum=0, maximum=1, min_exclusive=True, max_exclusive=True) == 0.5
    )


def test_iso_datetimes_with_z_and_offsets() -> None:
    utc = dt.timezone.utc
    assert check_datetime("at", "2026-09-30T08:00:00Z") == dt.datetime(2026, 9, 30, 8, tzinfo=utc)
    assert check_datetime("at", "2026-09-30T16:00+08:00").utcoffset() == dt.timedelta(hours=8)
    assert check_datetime("at", pd.Timestamp("2026-09-30 08:00")) == dt.datetime(2026, 9, 30, 8)
    assert as_datetime("2026-09-30T08:00:00z") == dt.datetime(2026, 9, 30, 8, tzinfo=utc)
    assert as_datetime("not a date") == "not a date"  # left for the validator to name
    with pytest.raises(InvalidInputError, match="ISO 8601 date-time"):
        check_datetime("at", "2026-13-45")
    with pytest.raises(InvalidInputError, match="NaT"):
        check_datetime("at", pd.NaT)
    with pytest.raises(InvalidTypeError, match="'at' must be a datetime"):
        check_datetime("at", 1.5)


def test_dates_are_not_datetimes() -> None:
    assert check_date("d", "2026-10-01") == dt.date(2026, 10, 1)
    assert as_date("2026-10-01") == dt.date(2026, 10, 1)
    assert as_date("junk") == "junk"
    with pytest.raises(InvalidTypeError, match="not a datetime"):
        check_date("d", dt.datetime(2026, 10, 1))
    with pytest.raises(InvalidInputError, match="ISO 8601 date"):
        check_date("d", "2026-02-30")
    with pytest.raises(InvalidTypeError):
        check_date("d", 20261001)


def test_rows_are_any_mapping_or_a_series() -> None:
    row = pd.Series({"quality": "satisfied", "price": np.nan})
    got = check_mapping("answers", row)
    assert got["quality"] == "satisfied"
    assert is_missing(got["price"])
    assert check_mapping("m", {"a": 1}) == {"a": 1}
    for junk in ([("a", 1)], "ab", 5, dict):
        with pytest.raises(InvalidTypeError, match="'m' must be a mapping"):
            check_mapping("m", junk)


def test_a_string_is_never_a_list() -> None:
    assert check_sequence("xs", ["a", "b"], check_str) == ("a", "b")
    assert check_sequence("xs", (i for i in range(3))) == (0, 1, 2)
    for junk in ("return", b"ab", {"a": 1}, 5, None):
        with pytest.raises(InvalidTypeError, match="'xs' must be a list"):
            check_sequence("xs", junk)
    with pytest.raises(InvalidTypeError, match=r"'xs\[1\]' must be a non-empty string"):
        check_sequence("xs", ["a", 2], check_str)
    with pytest.raises(InvalidInputError, match="at most 3 items"):
        check_sequence("xs", range(10**12), max_items=3)  # bounded, not materialised
    with pytest.raises(InvalidInputError, match="at least 1 items"):
        check_sequence("xs", [], min_items=1)
    assert as_tuple(["a"]) == ("a",)
    assert as_tuple("ab") == "ab"
    assert as_str_tuple(None) is None


def test_choices_instances_and_timedeltas() -> None:
    assert check_choice("c", "a", ("a", "b")) == "a"
    with pytest.raises(InvalidInputError, match=r"one of \('a', 'b'\)"):
        check_choice("c", "z", ("a", "b"))
    with pytest.raises(InvalidTypeError):
        check_choice("c", ["a"], ("a", "b"))  # unhashable
    with pytest.raises(InvalidInputError):
        check_choice("c", True, (1, 2))  # True == 1, but a bool is no choice here
    with pytest.raises(InvalidTypeError, match="'p' must be a plan"):
        check_instance("p", (1, 2, 3), dict, "a plan")
    assert check_timedelta("d", dt.timedelta(1), minimum=dt.timedelta(0)) == dt.timedelta(1)
    with pytest.raises(InvalidInputError, match=">= 0:00:00"):
        check_timedelta("d", dt.timedelta(-1), minimum=dt.timedelta(0))
    with pytest.raises(InvalidTypeError):
        check_timedelta("d", 3600)


def test_converters_normalise_and_pass_junk_through() -> None:
    assert type(as_int(np.int64(3))) is int
    assert as_int("3") == "3"
    assert as_int(True) is True
    assert type(as_real(np.float64(0.5))) is float
    assert as_real(np.int64(2)) == 2
    assert as_real(True) is True
    assert as_real("x") == "x"
    assert as_real(decimal.Decimal("1e400")) == decimal.Decimal(
        "1e400"
    )  # too big: validator names it


def test_attrs_validators_name_the_field() -> None:
    import attrs

    @attrs.frozen
    class _Event:
        at: float = attrs.field(validator=real_validator(0))
        tags: tuple[str, ...] = attrs.field(
            default=(), validator=str_tuple_validator(empty_ok=False)
        )
        kind: str = attrs.field(default="acknowledged", validator=fixed("acknowledged"))

    assert _Event(1.0, ("a",)).kind == "acknowledged"
    with pytest.raises(InvalidInputError, match="'kind' must be 'acknowledged' \\(it is fixed\\)"):
        _Event(1.0, ("a",), kind="closed")
    with pytest.raises(InvalidInputError, match="'at' must be finite"):
        _Event(float("-inf"), ("a",))
    with pytest.raises(InvalidInputError, match="'tags' must be a non-empty list"):
        _Event(1.0, ())
    with pytest.raises(InvalidTypeError, match="'tags' must be a list"):
        _Event(1.0, "return")  # type: ignore[arg-type]
