"""The complaint case fold: throughput, and replay of one long case against a plain floor.

``main`` prints two things: 100,000 cases of 10 events each through ``apply``
(target >= 200,000 events per second), and ``replay`` of one case with 10,
1,000 and 10,000 events beside a plain fold written here with dicts and lists
(target: ours <= 5x the floor at every length, and the cost per event flat:
1,000 events within 2x of 10 per event).
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from _timing import best_per_call

from qmscore.workflow import (
    Acknowledged,
    ActionsImplemented,
    Assessed,
    Classified,
    Closed,
    Complaint,
    ContainmentOrdered,
    CustomerFeedback,
    CustomerReplied,
    Event,
    Paused,
    PlanApproved,
    Resumed,
    RootCauseRecorded,
    Verified,
    apply,
    open_case,
    replay,
)
from qmscore.workflow.complaint import MILESTONES

T0 = dt.datetime(2026, 9, 30, 16, 0)
LENGTHS = (10, 1_000, 10_000)


def long_case(n: int) -> tuple[Complaint, list[Event]]:
    """A major-route complaint (a return) and a valid history of ``n >= 10`` events.

    Three opening steps, then rounds of rework that the verification finds not
    effective (root cause, plan, a reply, actions, a pause and its resume, a
    re-classification, a failed verification: 8 events), containment orders to
    fill up, and the 7 steps that close the case.
    """
    complaint = Complaint("Q-LONG", T0, "K-101", demands=("return",))
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
        CustomerFeedback(next(at), True),
        Closed(next(at)),
    ]
    assert len(events) == n
    return complaint, events


# The floor: the same fold written plainly, for this route only (no validation,
# no reasons): check the order and the step's prerequisite, build a small new
# state (a dict of milestones) per event, keep the events in a list.
_NEEDS = {
    "plan_approved": "root_cause_recorded",
    "actions_implemented": "plan_approved",
    "verified": "actions_implemented",
    "customer_replied": "plan_approved",
    "customer_feedback": "customer_replied",
}
_REWORK = ("root_cause_recorded", "plan_approved", "actions_implemented")
_CLOSE = (
    "acknowledged", "assessed", "containment_ordered", "root_cause_recorded", "plan_approved",
    "actions_implemented", "verified_effective", "customer_replied", "final_reply",
)  # fmt: skip


def floor_replay(received_at: dt.datetime, events: list[Event]) -> tuple[str, dict[str, Any]]:
    """The final status and the last moment of each milestone, folded plainly."""
    state: dict[str, Any] = {"last": received_at, "done": {}, "paused": None, "closed": False}
    history: list[Event] = []
    for e in events:
        kind, at, done = e.kind, e.at, state["done"]
        if at < state["last"]:
            raise ValueError(f"out of order: {kind}")
        if state["closed"] or (state["paused"] is not None) != (kind == "resumed"):
            raise ValueError(f"not allowed: {kind}")
        need = _NEEDS.get(kind)
        if (kind != "acknowledged" and "acknowledged" not in done) or (need and need not in done):
            raise ValueError(f"not allowed: {kind}")
        if kind == "closed" and any(m not in done for m in _CLOSE):
            raise ValueError("not allowed: closed")
        done = {**done, kind: at}
        paused = state["paused"]
        if kind == "verified":
            if e.effective:  # type: ignore[union-attr]
                done["verified_effective"] = at
            else:
                for k in (*_REWORK, "verified_effective"):
                    done.pop(k, None)
        elif kind == "customer_replied" and e.final:  # type: ignore[union-attr]
            done["final_reply"] = at
        elif kind == "paused":
            paused = at
        elif kind == "resumed":
            paused = None
        state = {"last": at, "done": done, "paused": paused, "closed": kind == "closed"}
        history.append(e)
    status = "closed" if state["closed"] else "paused" if state["paused"] else "in_progress"
    return status, state["done"]


def bench_replay(n: int) -> tuple[float, float, float]:
    """Seconds per event: ``replay`` of one case of ``n`` events, the floor, and
    the part of ours spent opening (classifying) the case, spread over the events."""
    complaint, events = long_case(n)
    case = replay(complaint, events)
    status, done = floor_replay(T0, events)
    assert case.status == status, (case.status, status)
    ours_done = {k: case.happened(k) for k in MILESTONES if case.happened(k) is not None}
    assert ours_done == {k: v for k, v in done.items() if k in MILESTONES}, (ours_done, done)
    calls = max(1, 20_000 // n)

    def ours() -> None:
        for _ in range(calls):
            replay(complaint, events)

    def floor() -> None:
        for _ in range(calls):
            floor_replay(T0, events)

    def opening() -> None:
        for _ in range(calls):
            open_case(complaint)

    per_call = [best_per_call(fn, calls, 5) / n for fn in (ours, floor, opening)]
    return per_call[0], per_call[1], per_call[2]


def main() -> None:
    bench_apply()
    print_replay()


def bench_apply() -> None:
    """100,000 cases of 10 events through ``apply``."""
    t = dt.datetime(2026, 9, 30, 16, 0)
    h = dt.timedelta(hours=1)
    cases = []
    for i in range(100_000):
        start = t + dt.timedelta(minutes=i % 5000)
        events: list[Event] = [
            Acknowledged(start + h * 0.1),
            ContainmentOrdered(start + h * 0.5),
            Assessed(start + h, True),
            RootCauseRecorded(start + h * 20, "cause"),
            PlanApproved(start + h * 22),
            CustomerReplied(start + h * 40),
            ActionsImplemented(start + h * 100),
            Verified(start + h * 110, True),
            CustomerReplied(start + h * 115, True),
            Closed(start + h * 116),
        ]
        cases.append((open_case(Complaint(f"Q{i}", start, "K", demands=("return",))), events))
    begin = time.perf_counter()
    for case, events in cases:
        for event in events:
            case = apply(case, event)
    elapsed = time.perf_counter() - begin
    rate = 1_000_000 / elapsed
    print("\n## complaint workflow: replay 100,000 cases x 10 events")
    print(f"{elapsed:.2f} s, {rate:,.0f} events per second (target >= 200,000)")


def print_replay() -> None:
    """One case of 10, 1,000 and 10,000 events: ours, the floor, the ratio."""
    print("\n## replay one case: ours vs a plain fold (target <= 5x; flat per event)")
    first = None
    for n in LENGTHS:
        ours, floor, opening = bench_replay(n)
        first = first or ours
        print(
            f"{n:>6,} events: ours {ours * 1e6:6.2f} us/event (opening the case "
            f"{opening * 1e6:5.2f}) | floor {floor * 1e6:5.2f} us/event | ours/floor "
            f"{ours / floor:5.1f}x | per event vs 10 events {ours / first:5.2f}x"
        )


if __name__ == "__main__":
    main()
