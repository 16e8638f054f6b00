import pickle

import pytest

from qmscore import errors
from qmscore.errors import (
    CalendarHorizonError,
    InvalidInputError,
    InvalidTransitionError,
    InvalidTypeError,
    MissingDependencyError,
    OutOfTableError,
    QmsError,
    RuleSetError,
)


@pytest.mark.parametrize(
    ("cls", "bases"),
    [
        (InvalidInputError, (QmsError, ValueError)),
        (OutOfTableError, (InvalidInputError, QmsError, ValueError)),
        (CalendarHorizonError, (QmsError, LookupError)),
        (RuleSetError, (QmsError, ValueError)),
        (InvalidTransitionError, (QmsError,)),
        (InvalidTypeError, (InvalidInputError, QmsError, ValueError, TypeError)),
        (MissingDependencyError, (QmsError, ImportError)),
    ],
)
def test_hierarchy(cls: type[Exception], bases: tuple[type[Exception], ...]) -> None:
    for base in bases:
        assert issubclass(cls, base)


def test_constraint_message_reads_like_attrs() -> None:
    err = InvalidInputError.constraint("lot_size", ">= 2", 1)
    assert str(err) == "'lot_size' must be >= 2 (got 1)"
    assert (err.field, err.value) == ("lot_size", 1)


def test_out_of_table_keeps_field_and_value_through_pickle() -> None:
    err = OutOfTableError("no such AQL", field="aql", value=0.7)
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is OutOfTableError
    assert (str(back), back.field, back.value) == ("no such AQL", "aql", 0.7)


def test_every_public_error_is_exported() -> None:
    assert set(errors.__all__) == {
        "QmsError",
        "InvalidInputError",
        "OutOfTableError",
        "CalendarHorizonError",
        "RuleSetError",
        "InvalidTransitionError",
        "InvalidTypeError",
        "MissingDependencyError",
        "Problem",
    }


def test_wrong_type_error_pickles_with_field_and_value() -> None:
    err = InvalidTypeError("'n' must be an integer (got 'x')", field="n", value="x")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is InvalidTypeError
    assert (back.field, back.value) == ("n", "x")
    assert isinstance(back, TypeError)


def test_missing_dependency_names_the_package_through_pickle() -> None:
    err = MissingDependencyError("to_frame() needs pandas", name="pandas")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is MissingDependencyError
    assert (str(back), back.name) == ("to_frame() needs pandas", "pandas")
