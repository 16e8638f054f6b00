"""qmscore: exact, explainable quality-management calculations.

Acceptance sampling (ISO 2859-1 / ANSI/ASQ Z1.4 / GB/T 2828.1), working-day
deadlines, complaint severity and workflow, customer grading and satisfaction
scoring, as pure functions over frozen values. Every result carries the
reasons it is what it is.

Subpackages are imported on first use, so ``import qmscore`` stays cheap:

    >>> import qmscore
    >>> qmscore.sampling.code_letter(500, "II")
    'H'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from qmscore.errors import (
    CalendarHorizonError,
    InvalidInputError,
    InvalidTransitionError,
    InvalidTypeError,
    OutOfTableError,
    QmsError,
    RuleSetError,
)
from qmscore.explain import Reason, Source

if TYPE_CHECKING:
    from qmscore import (
        deadlines,
        sampling,
        schema,
        scoring,
        serialization,
        sla,
        workdays,
        workflow,
    )
    from qmscore import testing as testing  # the "testing" extra (Hypothesis)

__version__ = "0.1.0"

__all__ = [
    "CalendarHorizonError",
    "InvalidInputError",
    "InvalidTransitionError",
    "InvalidTypeError",
    "OutOfTableError",
    "QmsError",
    "Reason",
    "RuleSetError",
    "Source",
    "__version__",
    "deadlines",
    "sampling",
    "schema",
    "scoring",
    "serialization",
    "sla",
    "workdays",
    "workflow",
]

_LAZY_SUBMODULES = frozenset(
    {
        "deadlines",
        "sampling",
        "schema",
        "scoring",
        "serialization",
        "sla",
        "testing",
        "workdays",
        "workflow",
    }
)


def __getattr__(name: str) -> Any:
    if name in _LAZY_SUBMODULES:
        return importlib.import_module(f"qmscore.{name}")
    raise AttributeError(f"module 'qmscore' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY_SUBMODULES})
