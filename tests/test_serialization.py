import collections
import datetime as dt
from collections.abc import Sequence
from fractions import Fraction
from typing import Any, NamedTuple

import attrs
import pytest

from qmscore.errors import InvalidInputError
from qmscore.explain import Reason, Source
from qmscore.serialization import converter, from_dict, from_json, to_dict, to_json


@attrs.frozen
class _Item:
    key: str
    weight: int


@attrs.frozen
class _Form:
    items: tuple[_Item, ...]
    when: dt.datetime
    day: dt.date
    at: dt.time
    span: dt.timedelta
    share: Fraction
    ratio: float


FORM = _Form(
    (_Item("a", 1), _Item("b", 2)),
    dt.datetime(2026, 9, 30, 16, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))),
    dt.date(2026, 10, 10),
    dt.time(17, 30),
    dt.timedelta(hours=24),
    Fraction(1, 3),
    0.5,
)


def test_builtin_value_types_round_trip_through_json() -> None:
    text = to_json(FORM)
    assert '"when": "2026-09-30T16:00:00+08:00"' in text
    assert '"span": 86400.0' in text
    assert '"share": "1/3"' in text
    assert from_json(text, _Form) == FORM


def test_non_ascii_is_kept_readable() -> None:
    assert "接收" in to_json(Reason("a", "accept", "接收"))


@pytest.mark.parametrize(
    ("data", "cls", "fragment"),
    [
        ({"key": "a", "weight": "3"}, _Item, "expected an integer, got str @ $.weight"),
        ({"key": "a", "weight": True}, _Item, "got bool @ $.weight"),
        ({"key": 1, "weight": 3}, _Item, "expected a string, got int @ $.key"),
        (
            {"key": "a", "weight": 3, "colour": 1},
            _Item,
            "unknown fields ['colour'] (allowed: key, weight) @ $",
        ),
        ({"key": "a"}, _Item, "required field missing @ $.weight"),
        (
            {**to_dict(FORM), "items": [{"key": "a", "weight": 1}, {"key": "b", "weight": 2.5}]},
            _Form,
            "@ $.items[1].weight",
        ),
        ({**to_dict(FORM), "when": 5}, _Form, "ISO 8601 date-time string @ $.when"),
        ({**to_dict(FORM), "span": "1h"}, _Form, "duration in seconds @ $.span"),
        ({**to_dict(FORM), "share": 0.5}, _Form, "fraction as 'p/q' or an integer @ $.share"),
        ({**to_dict(FORM), "ratio": "x"}, _Form, "expected a number, got str @ $.ratio"),
        ({"code": "", "en": "a", "zh": "b"}, Reason, "'code' must be a non-empty string"),
        (
            {"code": "c", "en": "a", "zh": "b", "source": {"document": "d", "confidence": "?"}},
            Reason,
            "must be one of ('confirmed', 'single-source', 'unverified') (got '?') @ $.source.confidence",
        ),
        ("not a mapping", Reason, "cannot read Reason"),
    ],
)
def test_bad_input_names_the_path(data: object, cls: type, fragment: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        from_dict(data, cls)
    assert fragment in str(info.value)


def test_structuring_a_non_mapping_into_a_class_is_an_input_error() -> None:
    with pytest.raises(InvalidInputError, match="cannot read _Item"):
        from_dict(5, _Item)


def test_structuring_a_bare_value_reports_the_root_path() -> None:
    with pytest.raises(
        InvalidInputError, match=r"cannot read int: expected an integer, got str @ \$"
    ):
        from_dict("3", int)


def test_top_level_validator_errors_keep_their_class_and_get_the_path() -> None:
    from qmscore.sampling import SamplingPlan, Stage

    with pytest.raises(
        InvalidInputError,
        match=r"cannot read Stage: 'reject' must be > accept \(2\) \(got 2\) @ \$",
    ):
        from_dict({"sample_size": 5, "accept": 2, "reject": 2}, Stage)
    nested = {"stages": [{"sample_size": 5, "accept": 2, "reject": 2}]}
    with pytest.raises(
        InvalidInputError, match=r"'reject' must be > accept \(2\) \(got 2\) @ \$\.stages\[0\]"
    ):
        from_dict(nested, SamplingPlan)


def test_invalid_json_is_an_input_error() -> None:
    with pytest.raises(InvalidInputError, match="invalid JSON"):
        from_json("{", Reason)


def test_datetime_values_pass_through_when_already_typed() -> None:
    data = {**to_dict(FORM), "when": FORM.when, "day": FORM.day, "at": FORM.at, "span": FORM.span}
    assert converter.structure(data, _Form) == FORM


def test_source_round_trip() -> None:
    s = Source("ISO 2859-1:1999", table="Table 2-C", confidence="single-source")
    assert from_dict(to_dict(s), Source) == s


@attrs.frozen
class _Tags:
    names: tuple[str, ...]
    plans: tuple[_Item, ...] = ()


def test_a_string_is_never_read_as_a_list_of_characters() -> None:
    # {"major_demands": "return"} once became ('r', 'e', 't', 'u', 'r', 'n').
    with pytest.raises(InvalidInputError, match=r"expected a list, got str @ \$\.names"):
        from_dict({"names": "return"}, _Tags)


def test_a_huge_string_for_a_list_is_refused_at_once() -> None:
    # It used to collect one error per character (22 s, 526 MB for 100,000).
    with pytest.raises(InvalidInputError, match="expected a list, got str"):
        from_dict({"names": [], "plans": "x" * 100_000}, _Tags)


def test_the_converter_stops_collecting_after_a_bounded_number_of_errors() -> None:
    with pytest.raises(InvalidInputError) as info:
        from_dict({"names": [1] * 100_000}, _Tags)
    assert str(info.value).count("expected a string") == 20  # MAX_ERRORS, not 100,000


def test_a_list_where_an_object_belongs_says_so() -> None:
    with pytest.raises(InvalidInputError, match=r"expected an object \(a mapping\), got list"):
        from_dict({"names": [], "plans": [[1, 2]]}, _Tags)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_numbers_are_refused(bad: float) -> None:
    with pytest.raises(InvalidInputError, match=r"finite number, got .* @ \$\.ratio"):
        from_dict({**to_dict(FORM), "ratio": bad}, _Form)


def test_json_nan_and_infinity_are_not_json() -> None:
    text = to_json(FORM).replace('"ratio": 0.5', '"ratio": NaN')
    with pytest.raises(InvalidInputError, match="NaN is not a number JSON allows"):
        from_json(text, _Form)
    with pytest.raises(InvalidInputError, match="cannot write JSON"):
        to_json({"x": float("nan")})


def test_iso_z_datetimes_are_read_on_every_python() -> None:
    back = from_dict({**to_dict(FORM), "when": "2026-09-30T08:00:00Z"}, _Form)
    assert back.when == dt.datetime(2026, 9, 30, 8, 0, tzinfo=dt.timezone.utc)


def test_numpy_numbers_from_a_dataframe_are_read() -> None:
    np = pytest.importorskip("numpy")
    back = from_dict({"key": "a", "weight": np.int64(3)}, _Item)
    assert back == _Item("a", 3)
    assert type(back.weight) is int
    form = from_dict({**to_dict(FORM), "ratio": np.float64(0.25)}, _Form)
    assert form.ratio == 0.25


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: from_dict({}, 7), "'cls' must be a qmscore type"),  # type: ignore[arg-type]
        (lambda: from_json(None, _Item), "'text' must be JSON text"),  # type: ignore[arg-type]
        (lambda: from_json("[" * 100_000, _Item), "invalid JSON"),
        (lambda: to_json(object()), "cannot write JSON"),
        (lambda: from_dict({**to_dict(FORM), "span": 1e300}, _Form), "a timedelta can hold"),
        (lambda: from_dict({**to_dict(FORM), "day": "2026-09-30T08:00"}, _Form), "@ $.day"),
    ],
)
def test_bad_calls_raise_ours(call: object, fragment: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        call()  # type: ignore[operator]
    assert fragment in str(info.value)


def test_every_problem_is_reported_with_its_path_and_value() -> None:
    payload = {
        "items": [{"key": 1, "weight": "3"}],
        "when": 5,
        "day": "2026-10-10",
        "at": "17:30",
        "span": 60,
        "share": "1/3",
        "ratio": "x",
    }
    with pytest.raises(InvalidInputError) as info:
        from_dict(payload, _Form)
    got = [(p.field, p.value) for p in info.value.problems]
    assert got == [
        ("$.items[0].key", 1),
        ("$.items[0].weight", "3"),
        ("$.when", 5),
        ("$.ratio", "x"),
    ]
    assert (info.value.field, info.value.value) == ("$.items[0].key", 1)


def test_a_missing_field_is_named() -> None:
    with pytest.raises(InvalidInputError) as info:
        from_dict({"key": "a"}, _Item)
    assert info.value.problems[0].field == "$.weight"
    assert "required field missing" in str(info.value)


def test_problems_survive_pickling() -> None:
    import pickle

    with pytest.raises(InvalidInputError) as info:
        from_dict({"key": 1, "weight": "3"}, _Item)
    back = pickle.loads(pickle.dumps(info.value))
    assert back.problems == info.value.problems


class _Pair(NamedTuple):
    x: int
    y: int


@pytest.mark.parametrize(
    ("data", "cls", "expected"),
    [
        ([1, 2], tuple[int, ...], (1, 2)),
        ([1, 2], tuple[int, int], (1, 2)),
        ((1, 2), list[int], [1, 2]),
        ([1, 2], Sequence[int], (1, 2)),
        ([1, "a"], tuple, (1, "a")),
        ([1, 2], collections.deque[int], collections.deque([1, 2])),  # cattrs' own hook
        ([1, 2], _Pair, _Pair(1, 2)),  # cattrs' own hook
    ],
)
def test_lists_are_read_as_their_declared_sequence(
    data: object, cls: Any, expected: object
) -> None:
    assert from_dict(data, cls) == expected


@pytest.mark.parametrize(
    ("data", "cls"),
    [
        ("return", tuple[str, ...]),
        ("ab", tuple[str, str]),
        ("ab", list[str]),
        (b"ab", Sequence[int]),
        ({"a": 1}, tuple[str, ...]),
    ],
)
def test_a_string_or_mapping_is_never_read_as_a_list(data: object, cls: Any) -> None:
    # A JSON string where a list belongs would otherwise become its characters.
    with pytest.raises(InvalidInputError, match="expected a list, got"):
        from_dict(data, cls)
