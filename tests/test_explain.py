import pickle

import pytest

from qmscore.errors import InvalidInputError
from qmscore.explain import Reason, Source, messages
from qmscore.serialization import from_dict, to_dict


def test_reason_messages_and_str() -> None:
    src = Source("MIL-STD-105E", table="Table II-A", clause="9.4")
    r = Reason("x.y", "accept", "接收", source=src)
    assert r.message() == "accept"
    assert r.message("zh") == "接收"
    assert str(src) == "MIL-STD-105E, Table II-A, clause 9.4"
    assert str(r) == "accept [MIL-STD-105E, Table II-A, clause 9.4]"
    assert str(Reason("a", "b", "c")) == "b"
    assert str(Source("seed 002", clause="4")) == "seed 002, clause 4"
    assert messages((r, Reason("a", "b", "c")), "zh") == ["接收", "c"]


def test_round_trip_and_pickle() -> None:
    r = Reason("x", "e", "中", source=Source("seed 004", note="n", confidence="single-source"))
    assert from_dict(to_dict(r), Reason) == r
    assert pickle.loads(pickle.dumps(r)) == r


@pytest.mark.parametrize(
    ("build", "fragment"),
    [
        (lambda: Reason("", "e", "z"), "'code' must be a non-empty string (got '')"),
        (lambda: Reason("c", "  ", "z"), "'en' must be a non-empty string"),
        (lambda: Reason("c", "e", None), "'zh' must be a non-empty string (got None)"),  # type: ignore[arg-type]
        (lambda: Source(""), "'document' must be a non-empty string"),
        (lambda: Source("d", table=""), "'table' must be a non-empty string"),
        (lambda: Source("d", confidence="sure"), "'confidence' must be one of"),  # type: ignore[arg-type]
        (lambda: Reason("c", "e", "z").message("fr"), "'language' must be one of ('en', 'zh')"),  # type: ignore[arg-type]
    ],
)
def test_bad_input(build: object, fragment: str) -> None:
    with pytest.raises(InvalidInputError, match=None) as info:
        build()  # type: ignore[operator]
    assert fragment in str(info.value)
