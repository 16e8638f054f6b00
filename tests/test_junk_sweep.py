"""The junk sweep: every public callable, called with junk, answers or raises ours.

Every name in every public module's ``__all__`` that is callable is called
many times with junk arguments of the right arity (a fixed, seeded list:
None, bools, huge and negative integers, NaN and infinities, empty and odd
strings, wrong containers, dates at the extremes, plain objects). A call
passes if it returns, or raises a :class:`~qmscore.errors.QmsError`. Anything
else (an ``AttributeError`` from inside, a bare ``TypeError`` from a sort, a
``MemoryError``...) fails the test, and so does any call slower than 2 s.

Result classes (outputs that users receive, never build) are exempt; they are
listed in ``OUTPUT_TYPES`` with the reason. Input classes are not exempt.

The thorough profile (``QMSCORE_HYPOTHESIS_PROFILE=thorough``) makes ten
times as many random calls.
"""

from __future__ import annotations

import datetime as dt
import decimal
import importlib
import inspect
import os
import random
import signal
import time
import typing
from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import Any

import pytest

from qmscore.errors import QmsError

PUBLIC_MODULES = (
    "qmscore",
    "qmscore.errors",
    "qmscore.explain",
    "qmscore.serialization",
    "qmscore.sampling",
    "qmscore.scoring",
    "qmscore.workflow",
    "qmscore.workdays",
    "qmscore.deadlines",
    "qmscore.sla",
)

# Outputs: users receive these from our functions and never construct them
# from their own data, so they are not input boundaries.
OUTPUT_TYPES = frozenset(
    {
        # exceptions are raised, not validated
        "QmsError",
        "InvalidInputError",
        "InvalidTypeError",
        "OutOfTableError",
        "CalendarHorizonError",
        "RuleSetError",
        "InvalidTransitionError",
    }
)

# Names that are not functions of user data at all.
NOT_INPUTS = frozenset({"converter"})


class _Odd:
    """An object of no known kind."""

    def __repr__(self) -> str:
        return "<odd>"


def junk_values() -> list[Any]:
    """The fixed junk list (fresh mutable containers every time)."""
    return [
        None,
        True,
        False,
        0,
        -1,
        1,
        7,
        2**63,
        -(2**63),
        10**400,
        float("nan"),
        float("inf"),
        float("-inf"),
        -0.0,
        1.5,
        1e308,
        -1e-320,
        decimal.Decimal("NaN"),
        decimal.Decimal("1e400"),
        Fraction(1, 3),
        "",
        " ",
        "x",
        "A",
        "a",
        "0",
        "nan",
        "2026-13-45",
        "2026-09-30",
        "2026-09-30T08:00:00Z",
        "\x00",
        "中文",
        "x" * 10_000,
        b"\xff",
        [],
        [1, 2, 3],
        ["a", "b"],
        [None],
        (1, 2, 3),
        ((1, 2, 3),),
        {},
        {"a": 1},
        {1: "A"},
        {"k": float("nan")},
        set(),
        frozenset({1}),
        object(),
        _Odd(),
        dt.date.min,
        dt.date.max,
        dt.date(2026, 9, 30),
        dt.datetime.min,
        dt.datetime.max,
        dt.datetime(2026, 9, 30, 8, 0),
        dt.datetime(2026, 9, 30, 8, 0, tzinfo=dt.timezone.utc),
        dt.time(12, 0),
        dt.timedelta(0),
        dt.timedelta(days=-1),
        dt.timedelta.max,
        range(3),
        iter([1, 2]),
        len,
    ]


def public_callables() -> Iterator[tuple[str, Callable[..., Any]]]:
    """Every callable named in a public module's ``__all__``, once."""
    seen: set[int] = set()
    for modname in PUBLIC_MODULES:
        module = importlib.import_module(modname)
        for name in getattr(module, "__all__", ()):
            if name in OUTPUT_TYPES or name in NOT_INPUTS:
                continue
            obj = getattr(module, name)
            if inspect.ismodule(obj) or not callable(obj) or id(obj) in seen:
                continue
            if typing.get_origin(obj) is not None:  # a type alias such as Literal[...]
                continue
            seen.add(id(obj))
            yield f"{modname}.{name}", obj


def _arity(fn: Callable[..., Any]) -> tuple[int, int, list[str]]:
    """(required positionals, optional positionals, required keyword-only names)."""
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return 1, 0, []
    required = optional = 0
    kwonly: list[str] = []
    for p in sig.parameters.values():
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            if p.default is p.empty:
                required += 1
            else:
                optional += 1
        elif p.kind is p.KEYWORD_ONLY and p.default is p.empty:
            kwonly.append(p.name)
    return required, optional, kwonly


class _Timeout(Exception):
    pass


def _on_alarm(signum: int, frame: Any) -> None:
    raise _Timeout


CALLS_PER_CALLABLE = 400 if os.environ.get("QMSCORE_HYPOTHESIS_PROFILE") == "thorough" else 40
TIME_LIMIT = 2.0
CALLABLES = sorted(public_callables(), key=lambda item: item[0])


def _calls(
    fn: Callable[..., Any], rng: random.Random
) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    required, optional, kwonly = _arity(fn)
    # Each junk value once in every position, then random combinations,
    # sometimes with the optional positionals filled too.
    positions = max(required, 1) if required or optional else 0
    values = junk_values()
    for i in range(positions):
        for v in values:
            args = [junk_values()[rng.randrange(len(values))] for _ in range(required)]
            if i < len(args):
                args[i] = v
            elif optional:
                args.append(v)
            yield tuple(args), {k: junk_values()[rng.randrange(len(values))] for k in kwonly}
    for _ in range(CALLS_PER_CALLABLE):
        n = required + (rng.randrange(optional + 1) if optional else 0)
        args = [junk_values()[rng.randrange(len(values))] for _ in range(n)]
        yield tuple(args), {k: junk_values()[rng.randrange(len(values))] for k in kwonly}
    if not required and not kwonly:
        yield (), {}


@pytest.mark.parametrize(("name", "fn"), CALLABLES, ids=[n for n, _ in CALLABLES])
def test_junk_gives_our_error_or_an_answer(name: str, fn: Callable[..., Any]) -> None:
    rng = random.Random(name)
    failures: list[str] = []
    old = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        for args, kwargs in _calls(fn, rng):
            start = time.process_time()  # CPU time: a loaded machine must not fail it
            signal.setitimer(signal.ITIMER_REAL, 10.0)
            try:
                result = fn(*args, **kwargs)
                if inspect.isgenerator(result):  # run lazy generators too
                    for _ in zip(range(1000), result, strict=False):
                        pass
            except QmsError:
                pass
            except _Timeout:
                failures.append(f"{name}{args!r:.200} {kwargs!r:.100}: no answer in 10 s")
            except Exception as exc:
                failures.append(
                    f"{name}{args!r:.200} {kwargs!r:.100}: {type(exc).__name__}: {exc!s:.200}"
                )
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            elapsed = time.process_time() - start
            if elapsed > TIME_LIMIT:
                failures.append(f"{name}{args!r:.200}: took {elapsed:.1f} s of CPU")
            if len(set(failures)) >= 20:
                break
    finally:
        signal.signal(signal.SIGALRM, old)
    assert not failures, "\n".join(dict.fromkeys(failures))


def test_the_sweep_covers_every_public_module() -> None:
    covered = {name.rsplit(".", 1)[0] for name, _ in CALLABLES}
    assert covered >= {
        "qmscore.sampling",
        "qmscore.scoring",
        "qmscore.workflow",
        "qmscore.workdays",
        "qmscore.deadlines",
        "qmscore.sla",
    }
    assert len(CALLABLES) > 100


def _instances() -> list[tuple[str, Any]]:
    """Values users hold and call methods on, built the documented way."""
    from qmscore import deadlines, sampling, scoring, workflow
    from qmscore.workdays import WorkCalendar

    received = dt.datetime(2026, 9, 30, 16, 0)
    complaint = workflow.Complaint("Q-1", received, "K-101", demands=("criticism",))
    return [
        ("WorkCalendar.china()", WorkCalendar.china()),
        ("lookup_plan(500, 1.0)", sampling.lookup_plan(500, 1.0)),
        (
            "lookup_plan(500, 1.0, scheme='double')",
            sampling.lookup_plan(500, 1.0, scheme="double"),
        ),
        ("STANDARD_QUESTIONNAIRE", scoring.STANDARD_QUESTIONNAIRE),
        ("WorkingDays(3)", deadlines.WorkingDays(3)),
        ("SameDay()", deadlines.SameDay()),
        ("open_case(...)", workflow.open_case(complaint)),
        ("classify_complaint(...)", workflow.classify_complaint(complaint)),
    ]


def _public_methods() -> list[tuple[str, Callable[..., Any]]]:
    out: list[tuple[str, Callable[..., Any]]] = []
    for label, obj in _instances():
        for attr in sorted(dir(obj)):
            if attr.startswith("_"):
                continue
            member = getattr(obj, attr)
            if inspect.ismethod(member) or (
                callable(member)
                and inspect.isbuiltin(member) is False
                and inspect.isfunction(member)
            ):
                out.append((f"{label}.{attr}", member))
    return out


METHODS = _public_methods()


@pytest.mark.parametrize(("name", "fn"), METHODS, ids=[n for n, _ in METHODS])
def test_methods_of_public_values_give_our_error_or_an_answer(
    name: str, fn: Callable[..., Any]
) -> None:
    test_junk_gives_our_error_or_an_answer(name, fn)
