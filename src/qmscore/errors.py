"""The qmscore exception hierarchy.

Every error qmscore raises on purpose is a :class:`QmsError`, so one ``except``
clause catches all of them. Subclasses also derive from the matching builtin
(``ValueError``, ``LookupError``) so generic code that catches those keeps
working. Messages name the field, the constraint and the offending value, in
the style of attrs: ``'lot_size' must be >= 2 (got 1)``.

Example:
    >>> from qmscore.errors import InvalidInputError, QmsError
    >>> err = InvalidInputError.constraint("lot_size", ">= 2", 1)
    >>> str(err)
    "'lot_size' must be >= 2 (got 1)"
    >>> isinstance(err, (QmsError, ValueError))
    True
"""

from __future__ import annotations

from typing import Any, NamedTuple

__all__ = [
    "CalendarHorizonError",
    "InvalidInputError",
    "InvalidTransitionError",
    "InvalidTypeError",
    "MissingDependencyError",
    "OutOfTableError",
    "Problem",
    "QmsError",
    "RuleSetError",
]


class QmsError(Exception):
    """Root of every error raised by qmscore on purpose."""


class Problem(NamedTuple):
    """One problem found in a payload: where, what was expected, what came in.

    Attributes:
        field: The JSON path, e.g. ``"$.stages[0].sample_size"``.
        message: What was expected, in words.
        value: The offending value (``None`` when the field is missing).
    """

    field: str
    message: str
    value: Any = None


class InvalidInputError(QmsError, ValueError):
    """An argument is of the wrong type or outside its allowed range.

    Attributes:
        field: The name (or JSON-style path) of the offending argument, if known.
        value: The offending value, if known.
        problems: Every problem found (a payload read by the converter may have
            several); ``field`` and ``value`` are those of the first.
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        value: Any = None,
        problems: tuple[Problem, ...] = (),
    ) -> None:
        super().__init__(message)
        self.field = field
        self.value = value
        self.problems = problems or (
            (Problem(field, message, value),) if field is not None else ()
        )

    @classmethod
    def constraint(cls, field: str, constraint: str, value: Any) -> InvalidInputError:
        """Build the standard message ``'field' must be <constraint> (got <value>)``."""
        return cls(f"{field!r} must be {constraint} (got {value!r})", field=field, value=value)

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only attributes would be lost by the default exception pickling.
        return (_rebuild, (type(self), str(self), self.field, self.value, self.problems))


def _rebuild(
    cls: type[InvalidInputError],
    message: str,
    field: Any,
    value: Any,
    problems: tuple[Problem, ...] = (),
) -> Any:
    return cls(message, field=field, value=value, problems=tuple(Problem(*p) for p in problems))


class InvalidTypeError(InvalidInputError, TypeError):
    """An argument is of the wrong type (a string where a list belongs, ``"no"`` for a bool).

    Also a ``TypeError``, so generic code that catches that keeps working, and
    an :class:`InvalidInputError`, so one clause catches every bad argument.
    """


class OutOfTableError(InvalidInputError):
    """A lot size, AQL, code letter or table is not covered by the standard's tables."""


class CalendarHorizonError(QmsError, LookupError):
    """A date lies past the last day for which a calendar has official data."""


class RuleSetError(QmsError, ValueError):
    """A rule set (questionnaire, grading rules, deadline profile...) is inconsistent."""


class InvalidTransitionError(QmsError):
    """A workflow event is not allowed in the current state.

    Attributes:
        zh: The same explanation in Chinese, for a screen in Chinese.
    """

    def __init__(self, message: str, *, zh: str | None = None) -> None:
        super().__init__(message)
        self.zh = zh

    def __reduce__(self) -> tuple[Any, ...]:
        # The keyword-only zh would be lost by the default exception pickling.
        return (_rebuild_transition, (type(self), str(self), self.zh))


def _rebuild_transition(
    cls: type[InvalidTransitionError], message: str, zh: str | None
) -> InvalidTransitionError:
    return cls(message, zh=zh)


class MissingDependencyError(QmsError, ImportError):
    """An optional package a feature needs is not installed (e.g. pandas for ``to_frame``).

    Also an ``ImportError``; ``name`` is the missing package.
    """
