"""The complaint workflow: classify, due dates, replay, each against a plain floor.

``bench_cases()`` gives the table rows (ratio = ours / floor, in one process;
the floors are written plainly here and their answers asserted equal to ours
before timing):

* ``classify_complaint``: a plain dict/if classification giving the same
  nature, route, leader, escalations and approvals (target <= 3x).
* ``due_dates`` per case: the same deadlines computed plainly from a sorted
  list of the calendar's working days (target <= 3x).
* ``replay`` of one case with 10, 1,000 and 10,000 events: a plain fold that
  checks the order and each step's prerequisite and builds a small new state
  per event (target <= 5x at every length, and flat per event).

``main`` (``run.py --details``) also prints 100,000 cases of 10 events through
``apply`` (target >= 200,000 events per second) and the replay lengths.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from _table import Case as Row
from _timing import best_per_call

from qmscore.workdays import WorkCalendar
from qmscore.workflow import (
    Acknowledged,
    ActionsImplemented,
    Assessed,
    Case,
    Closed,
    Complaint,
    ContainmentOrdered,
    CustomerReplied,
    Event,
    PlanApproved,
    RootCauseRecorded,
    Verified,
    apply,
    classify_complaint,
    due_dates,
    open_case,
    replay,
)
from qmscore.workflow._examples import RETURN, T0, long_history
from qmscore.workflow.complaint import DEMANDS, MILESTONES

LENGTHS = (10, 1_000, 10_000)


def long_case(n: int) -> tuple[Complaint, list[Event]]:
    """A major-route complaint (a return) and a valid history of ``n >= 10`` events."""
    return RETURN, long_history(n)


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


# -- classify_complaint ---------------------------------------------------------
# The floor: the default rules (seeds 000, 002, 004) as plain dicts and ifs.
_NATURE = {
    "compensation": "A", "contract_termination": "A", "return": "B", "downgrade": "B",
    "price_reduction": "B", "concession": "B", "exchange": "C", "criticism": "C",
}  # fmt: skip
_MAJOR_DEMANDS = {"return", "compensation", "contract_termination"}
_LEADER_DEMANDS = {"return", "compensation"}
_LEADERS = {
    "main plant": "quality director",
    "branch plant 1": "branch plant 1 manager",
    "branch plant 2": "branch plant 2 manager",
    "outsourced supplier": "purchasing vice president",
}


def floor_classify(c: Complaint) -> tuple[Any, ...]:
    """Nature, route, leader, escalations (who, within) and approvals, plainly."""
    demands = c.demands
    nature = min([_NATURE[d] for d in demands], default="C")
    if c.safety and nature != "A":
        nature = "A"
    major = (
        c.batch
        or c.recurrence
        or c.safety
        or nature == "A"
        or any(d in _MAJOR_DEMANDS for d in demands)
    )
    route = "major" if major else "fast_track" if c.appearance_only else "standard"
    leader = _LEADERS[c.site]
    escalations = []
    if any(d in _LEADER_DEMANDS for d in demands):
        escalations.append((leader, "1 hour"))
    if major:
        escalations.append(("department head", "1 hour"))
    approvals = ("general manager",) if c.replacement_amount >= 1000 else ()
    return nature, route, leader, tuple(escalations), approvals


def _ours_classify(c: Complaint) -> tuple[Any, ...]:
    r = classify_complaint(c)
    return (
        r.nature,
        r.route,
        r.leader,
        tuple((e.who, e.within) for e in r.escalations),
        r.approvals,
    )


def sample_complaints(count: int, seed: int = 15) -> list[Complaint]:
    """A mix of complaints over every route, site and approval side."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        received = dt.datetime(2025, 1, 1) + dt.timedelta(minutes=rng.randrange(0, 660 * 1440))
        out.append(
            Complaint(
                f"Q-{i}",
                received,
                "K-101",
                demands=tuple(rng.sample(DEMANDS, rng.choice((0, 1, 1, 2)))),
                safety=rng.random() < 0.05,
                batch=rng.random() < 0.1,
                recurrence=rng.random() < 0.1,
                appearance_only=rng.random() < 0.4,
                site=rng.choice(tuple(_LEADERS)),
                replacement_amount=rng.choice((0, 500, 1000, 2500)),
            )
        )
    return out


# -- due_dates --------------------------------------------------------------------
# The floor: the default response profile as a table, the calendar as a sorted
# list of working-day ordinals; the shifts end at 17:30 and China keeps UTC+8.
_TZ8 = dt.timezone(dt.timedelta(hours=8))
_END = dt.time(17, 30)
_CONTACT = ("contact", "minutes", 10, "acknowledged")
_ASSESS = ("assessment", "hours", 2, "assessed")
_STEPS: dict[str, tuple[tuple[str, str, int, str], ...]] = {
    "fast_track": (_CONTACT, ("same_day_close", "same_day", 0, "closed")),
    "standard": (_CONTACT, _ASSESS, ("result", "working_days", 3, "customer_replied")),
    "major": (
        _CONTACT,
        _ASSESS,
        ("containment", "hours", 1, "containment_ordered"),
        ("solution", "hours", 24, "plan_approved"),
        ("clear_reply", "hours", 48, "customer_replied"),
        ("first_reply", "working_days", 5, "customer_replied"),
        ("final_result", "working_days", 10, "final_reply"),
    ),
}


def floor_due(
    received: dt.datetime, route: str, first: dict[str, dt.datetime], work: list[int]
) -> list[tuple[Any, ...]]:
    """(step, due_at, done_at, late) for each step of the route, plainly."""
    start = received.replace(tzinfo=_TZ8)
    today = received.toordinal()
    out = []
    for key, rule, n, done_by in _STEPS[route]:
        if rule == "minutes":
            due = start + dt.timedelta(minutes=n)
        elif rule == "hours":
            due = start + dt.timedelta(hours=n)
        else:
            k = bisect.bisect_right(work, today)
            if rule == "working_days":
                day = work[k + n - 1]
            elif work[k - 1] == today and received.time() < _END:
                day = today
            else:
                day = work[k]
            due = dt.datetime.combine(dt.date.fromordinal(day), _END, _TZ8)
        done = first.get(done_by)
        done_at = None if done is None else done.replace(tzinfo=_TZ8)
        out.append((key, due, done_at, done_at is not None and done_at > due))
    return out


def sample_cases(count: int) -> list[Case]:
    """Cases on every route, some steps done (on time or late)."""
    rng = random.Random(16)
    cases = []
    for complaint in sample_complaints(count, seed=17):
        t = complaint.received_at
        case = open_case(complaint)
        case = apply(case, Acknowledged(t + dt.timedelta(minutes=rng.randint(1, 20))))
        if case.classification.route != "fast_track":
            case = apply(case, Assessed(t + dt.timedelta(minutes=rng.randint(30, 200)), True))
        if case.classification.route == "standard" and rng.random() < 0.5:
            case = apply(case, CustomerReplied(t + dt.timedelta(hours=rng.randint(3, 200))))
        if case.classification.route == "fast_track" and rng.random() < 0.5:
            case = apply(case, Closed(t + dt.timedelta(hours=rng.randint(1, 30))))
        cases.append(case)
    return cases


def _working_ordinals(cal: WorkCalendar) -> list[int]:
    first, last = cal.first.toordinal(), cal.valid_through.toordinal()
    return [o for o in range(first, last + 1) if cal.is_working_day(dt.date.fromordinal(o))]


def bench_cases() -> list[Row]:
    """The workflow rows of the one table."""
    rows: list[Row] = []
    group = "workflow"
    complaints = sample_complaints(1_000)
    assert [_ours_classify(c) for c in complaints] == [floor_classify(c) for c in complaints]
    rows.append(
        Row(
            "classify_complaint (1,000 mixed complaints)",
            ours=lambda: [classify_complaint(c) for c in complaints],
            floor=lambda: [floor_classify(c) for c in complaints],
            calls=len(complaints),
            target=3,
            repeat=25,
            group=group,
        )
    )
    cal = WorkCalendar.china()
    work = _working_ordinals(cal)
    cases = sample_cases(200)
    plain = [
        (
            c.complaint.received_at,
            c.classification.route,
            {k: c.first(k) for k in MILESTONES if c.first(k) is not None},
        )
        for c in cases
    ]
    ours_due = [[(d.step, d.due_at, d.done_at, d.late) for d in due_dates(c, cal)] for c in cases]
    assert ours_due == [floor_due(r, route, f, work) for r, route, f in plain]
    rows.append(
        Row(
            "due_dates per case (200 cases, every route)",
            ours=lambda: [due_dates(c, cal) for c in cases],
            floor=lambda: [floor_due(r, route, f, work) for r, route, f in plain],
            calls=len(cases),
            target=3,
            repeat=25,
            group=group,
        )
    )
    for n in LENGTHS:
        rows.append(_replay_row(n, group))
    return rows


def _replay_row(n: int, group: str) -> Row:
    complaint, events = long_case(n)
    case = replay(complaint, events)
    status, done = floor_replay(T0, events)
    assert case.status == status, (case.status, status)
    ours_done = {k: case.happened(k) for k in MILESTONES if case.happened(k) is not None}
    assert ours_done == {k: v for k, v in done.items() if k in MILESTONES}, (ours_done, done)
    reps = max(1, 20_000 // n)

    def ours() -> None:
        for _ in range(reps):
            replay(complaint, events)

    def floor() -> None:
        for _ in range(reps):
            floor_replay(T0, events)

    return Row(
        f"replay one case of {n:,} events (per event)",
        ours=ours,
        floor=floor,
        calls=reps * n,
        target=5,
        repeat=15,
        group=group,
    )


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
