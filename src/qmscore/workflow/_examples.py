"""A long, valid complaint history, shared by the tests and the benchmark (no I/O, no clock).

One builder, so that ``tests/workflow/test_long_history.py`` and
``bench/bench_workflow.py`` fold exactly the same events.
"""

from __future__ import annotations

import datetime as dt

from qmscore.workflow.complaint import Complaint
from qmscore.workflow.events import (
    Acknowledged,
    ActionsImplemented,
    Assessed,
    Classified,
    Closed,
    ContainmentOrdered,
    CustomerFeedback,
    CustomerReplied,
    Event,
    Paused,
    PlanApproved,
    Resumed,
    RootCauseRecorded,
    Verified,
)

T0 = dt.datetime(2026, 9, 30, 16, 0)
"""When the long complaint is received."""

RETURN = Complaint("Q-LONG", T0, "K-101", demands=("return",))
"""A return: the major route."""


def long_history(n: int, *, close: bool = True) -> list[Event]:
    """``n >= 10`` valid events for :data:`RETURN`, one minute apart.

    Three opening steps (acknowledged, assessed, containment), then rounds of
    8 events ending in a failed verification (root cause, plan, a reply,
    actions, a pause and its resume, a re-classification, verified not
    effective), containment orders to fill up, and 7 closing steps: root
    cause, plan, actions, verified effective, the final reply, then either a
    satisfied feedback and the close (``close=True``) or an unsatisfied
    feedback (the case reopens) and a second root cause.
    """
    if n < 10:
        raise ValueError(f"n must be at least 10 (got {n})")
    at = iter(T0 + dt.timedelta(minutes=m) for m in range(1, n + 1))
    events: list[Event] = [
        Acknowledged(next(at)),
        Assessed(next(at), True),
        ContainmentOrdered(next(at)),
    ]
    rounds, fill = divmod(n - 10, 8)
    for _ in range(rounds):
        events += [
            RootCauseRecorded(next(at), "cause"),
            PlanApproved(next(at)),
            CustomerReplied(next(at)),
            ActionsImplemented(next(at)),
            Paused(next(at), "samples"),
            Resumed(next(at)),
            Classified(next(at)),
            Verified(next(at), False),
        ]
    events += [ContainmentOrdered(next(at)) for _ in range(fill)]
    events += [
        RootCauseRecorded(next(at), "cause"),
        PlanApproved(next(at)),
        ActionsImplemented(next(at)),
        Verified(next(at), True),
        CustomerReplied(next(at), True),
    ]
    if close:
        events += [CustomerFeedback(next(at), True), Closed(next(at))]
    else:
        events += [CustomerFeedback(next(at), False), RootCauseRecorded(next(at), "second cause")]
    return events
