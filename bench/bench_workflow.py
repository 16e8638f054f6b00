"""Replay 100,000 complaint cases of 10 events each (target >= 200,000 events per second)."""

from __future__ import annotations

import datetime as dt
import time

from qmscore.workflow import (
    Acknowledged,
    ActionsImplemented,
    Assessed,
    Closed,
    Complaint,
    ContainmentOrdered,
    CustomerReplied,
    PlanApproved,
    RootCauseRecorded,
    Verified,
    apply,
    open_case,
)


def main() -> None:
    t = dt.datetime(2026, 9, 30, 16, 0)
    h = dt.timedelta(hours=1)
    cases = []
    for i in range(100_000):
        start = t + dt.timedelta(minutes=i % 5000)
        events = [
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


if __name__ == "__main__":
    main()
