"""A state machine drives the complaint case with random events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs
import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from qmscore.errors import InvalidTransitionError
from qmscore.testing import complaints
from qmscore.workdays import WorkCalendar
from qmscore.workflow import (
    Acknowledged,
    ActionsImplemented,
    Assessed,
    Case,
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
    apply,
    due_dates,
    next_actions,
    open_case,
    replay,
)
from qmscore.workflow.events import EVENT_KINDS
from tests.budget import budget

CN = WorkCalendar.china()


def make(kind: str, at: dt.datetime, flag: bool) -> Event:
    build: dict[str, Callable[[], Event]] = {
        "acknowledged": lambda: Acknowledged(at),
        "assessed": lambda: Assessed(at, flag),
        "classified": lambda: Classified(at, batch=flag),
        "containment_ordered": lambda: ContainmentOrdered(at),
        "root_cause_recorded": lambda: RootCauseRecorded(at, "cause"),
        "plan_approved": lambda: PlanApproved(at),
        "actions_implemented": lambda: ActionsImplemented(at),
        "verified": lambda: Verified(at, flag),
        "customer_replied": lambda: CustomerReplied(at, flag),
        "customer_feedback": lambda: CustomerFeedback(at, flag),
        "paused": lambda: Paused(at, "waiting"),
        "resumed": lambda: Resumed(at),
        "closed": lambda: Closed(at),
    }
    return build[kind]()


class CaseMachine(RuleBasedStateMachine):
    case: Case
    events: list[Event]

    @initialize(complaint=complaints())
    def start(self, complaint: object) -> None:
        self.intake = complaint
        self.case = open_case(complaint)  # type: ignore[arg-type]
        self.events = []

    @rule(
        kind=st.sampled_from(EVENT_KINDS),
        minutes=st.integers(0, 3000),
        flag=st.booleans(),
    )
    def act(self, kind: str, minutes: int, flag: bool) -> None:
        assert self.case.last_at is not None
        at = self.case.last_at + dt.timedelta(minutes=minutes)
        event = make(kind, at, flag)
        allowed = {a.event: a.allowed for a in next_actions(self.case)}[kind]
        if allowed:
            before = self.case
            if (
                isinstance(event, CustomerReplied)
                and before.classification.route == "major"
                and before.our_problem is not False
            ):
                # No reply before a solution, judged on the route in force now.
                assert before.happened("plan_approved") is not None
            self.case = apply(self.case, event)
            self.events.append(event)
        else:
            with pytest.raises(InvalidTransitionError):
                apply(self.case, event)

    @rule(
        moves=st.lists(
            st.tuples(st.integers(0, 12), st.integers(0, 600), st.integers(0, 3)),
            min_size=1,
            max_size=12,
        )
    )
    def advance(self, moves: list[tuple[int, int, int]]) -> None:
        # Allowed events that move the case on (mostly a positive verdict), a
        # few at a time, so that random runs reach the close of every route.
        for index, minutes, flag in moves:
            allowed = [a.event for a in next_actions(self.case) if a.allowed]
            moving = [k for k in allowed if k not in ("paused", "classified")] or allowed
            if not moving:
                return
            assert self.case.last_at is not None
            kind = moving[index % len(moving)]
            event = make(kind, self.case.last_at + dt.timedelta(minutes=minutes), flag != 0)
            self.case = apply(self.case, event)
            self.events.append(event)

    @invariant()
    def no_route_closes_with_a_required_step_undone(self) -> None:
        if not hasattr(self, "case") or not self.case.closed:
            return
        c = self.case
        key = "evidence_returned" if c.our_problem is False else c.classification.route
        undone = [m for m in c.rules.close_requires[key] if c.happened(m) is None]
        assert undone == [], f"closed on the {key} route with {undone} undone"

    @invariant()
    def no_forbidden_state(self) -> None:
        if not hasattr(self, "case"):
            return
        c = self.case
        if c.closed:
            assert c.paused_since is None
            if c.classification.route == "major" and c.our_problem is not False:
                assert c.verified_effective is True
            if c.classification.route == "standard" and c.our_problem is not False:
                assert c.happened("customer_replied") is not None

    @invariant()
    def replay_gives_the_same_case(self) -> None:
        if hasattr(self, "case"):
            assert replay(self.intake, self.events) == self.case  # type: ignore[call-overload]

    @invariant()
    def pauses_never_shorten_a_deadline(self) -> None:
        if not hasattr(self, "case") or self.case.last_at is None:
            return
        now = self.case.last_at + dt.timedelta(hours=1)
        unpaused = attrs.evolve(self.case, pauses=(), paused_since=None)
        with_pauses = due_dates(self.case, CN, now=now)
        without = due_dates(unpaused, CN, now=now)
        for a, b in zip(with_pauses, without, strict=True):
            assert a.due_at is not None
            assert b.due_at is not None
            assert a.due_at >= b.due_at


TestCaseMachine = CaseMachine.TestCase
TestCaseMachine.settings = budget(ms=68)
