"""Issue 15: decisions first, reasons when read (same content), and replay's in-place fold.

The oracles: the eager classification (``complaint._explain``, the code that
classified before issue 15, reasons included) and the eager step
(``due._step_due``, the loop body of ``due_dates`` before it, via each rule's
public ``due``); for replay, folding :func:`apply` one event at a time.
"""

from __future__ import annotations

import datetime as dt
import functools
import pickle
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qmscore.deadlines import CalendarDays, EarliestOf, Hours, WorkingDays
from qmscore.errors import InvalidInputError, InvalidTransitionError
from qmscore.testing import complaints
from qmscore.workdays import WorkCalendar
from qmscore.workflow import (
    DEFAULT_PROFILE,
    Acknowledged,
    Assessed,
    Classification,
    Classified,
    Complaint,
    ComplaintRules,
    ContainmentOrdered,
    CustomerReplied,
    Event,
    Paused,
    PlanApproved,
    ResponseProfile,
    Resumed,
    RootCauseRecorded,
    Step,
    StepDue,
    apply,
    classify_complaint,
    due_dates,
    load_event,
    open_case,
    replay,
)
from qmscore.workflow._classify_why import _explain
from qmscore.workflow._examples import long_history
from qmscore.workflow.due import _step_due

CHINA = WorkCalendar.china()
T = dt.datetime(2026, 9, 30, 16, 0)
H = dt.timedelta(hours=1)

RULES = (
    ComplaintRules(),
    ComplaintRules(approval_inclusive=False, default_site="main plant"),
    ComplaintRules(major_triggers=("safety",), major_natures=(), leader_within="2 hours"),
)


def fields(c: Classification) -> tuple[Any, ...]:
    return (c.nature, c.route, c.escalations, c.approvals, c.leader, c.reasons)


# -- classify_complaint: the decision now, the reasons on first read ----------------


@given(complaints(), st.sampled_from(RULES), st.sampled_from(("main plant", "elsewhere")))
def test_lazy_classification_equals_the_eager_one(
    complaint: Complaint, rules: ComplaintRules, site: str
) -> None:
    complaint = attrs.evolve(complaint, site=site)
    if site not in rules.leaders and rules.default_site is None:  # no leader for the site
        with pytest.raises(InvalidInputError) as eager_error:
            _explain(complaint, rules)
        with pytest.raises(InvalidInputError, match="'site'") as lazy_error:
            classify_complaint(complaint, rules)
        assert str(lazy_error.value) == str(eager_error.value)
        return
    eager = _explain(complaint, rules)
    lazy = classify_complaint(complaint, rules)
    assert (lazy.nature, lazy.route, lazy.approvals, lazy.leader) == (
        eager.nature,
        eager.route,
        eager.approvals,
        eager.leader,
    )
    assert lazy.escalations == eager.escalations
    assert lazy.reasons == eager.reasons  # built now, from the same code
    assert lazy == eager
    assert hash(lazy) == hash(eager)


def test_a_lazy_classification_is_a_plain_value() -> None:
    complaint = Complaint("Q-1", T, "K", demands=("return",), replacement_amount=1000)
    lazy = classify_complaint(complaint)
    copy = pickle.loads(pickle.dumps(lazy))  # pickling reads the reasons
    assert type(copy) is Classification
    assert copy == lazy == _explain(complaint, ComplaintRules())
    # Return -> nature B, major route; 1000 RMB is 以上 1000: the general manager.
    assert [r.code for r in copy.reasons] == [
        "workflow.nature_from_demands",
        "workflow.route_major",
        "workflow.escalation",
        "workflow.escalation",
        "workflow.approval",
    ]
    built = Classification("C", "standard", (), (), "quality director", ())
    assert built.reasons == ()
    with pytest.raises(AttributeError, match="no attribute 'resons'"):
        lazy.resons  # type: ignore[attr-defined]  # noqa: B018
    with pytest.raises(AttributeError, match="no attribute '_why'"):
        built._why  # noqa: B018


# -- due_dates: deadlines now, each step's reasons on first read -------------------


def eager(case: Any, calendar: WorkCalendar, profile: ResponseProfile, now: Any) -> list[StepDue]:
    route = case.classification.route
    return [_step_due(case, calendar, s, now) for s in profile.steps if route in s.routes]


def row(d: StepDue) -> tuple[Any, ...]:
    return (d.step, d.en, d.due_at, d.done_at, d.late, d.reasons)


PROFILES = (
    DEFAULT_PROFILE,
    ResponseProfile(
        (
            Step("quick", "Quick", "快", Hours(3), "acknowledged", ("standard", "major")),
            Step(
                "combined",
                "Combined",
                "组合",
                EarliestOf((Hours(30), WorkingDays(2))),
                "customer_replied",
                ("fast_track", "standard", "major"),
            ),
            Step("zero", "Zero", "零", WorkingDays(0), "assessed", ("fast_track",)),
            Step("week", "Week", "周", CalendarDays(7), "closed", ("standard", "major")),
        )
    ),
)


@st.composite
def cases(draw: st.DrawFn) -> Any:
    complaint = draw(complaints())
    if draw(st.booleans()):
        later = complaint.received_at + dt.timedelta(hours=draw(st.integers(1, 300)))
        complaint = attrs.evolve(complaint, requested_reply_at=later)
    case = open_case(complaint)
    t = complaint.received_at
    minutes = draw(st.lists(st.integers(1, 3000), max_size=5).map(sorted))
    kinds = [Acknowledged, Assessed, Paused, Resumed, CustomerReplied]
    for kind, m in zip(kinds, minutes, strict=False):
        at = t + dt.timedelta(minutes=m)
        event: Event
        if kind is Assessed:
            event = Assessed(at, True)
        elif kind is Paused:
            event = Paused(at, "samples")
        else:
            event = kind(at)
        try:
            case = apply(case, event)
        except InvalidTransitionError:
            break
    return case


@given(cases(), st.sampled_from(PROFILES), st.booleans())
def test_lazy_due_dates_equal_the_eager_steps(case: Any, profile: Any, with_now: bool) -> None:
    now = case.complaint.received_at + dt.timedelta(days=3) if with_now else None
    lazy = due_dates(case, CHINA, profile, now=now)
    assert [row(d) for d in lazy] == [row(d) for d in eager(case, CHINA, profile, now)]


def test_a_lazy_step_is_a_plain_value() -> None:
    case = open_case(Complaint("Q-1", T, "K", demands=("criticism",)))
    result = due_dates(case, CHINA)
    first = result[-1]  # "result": 3 working days, received 09-30 16:00 -> 10-10 17:30
    assert first.step == "result"
    assert first.due_at == dt.datetime(2026, 10, 10, 17, 30, tzinfo=CHINA._tz)
    copy = pickle.loads(pickle.dumps(first))
    assert copy == first
    assert [r.code for r in copy.reasons] == ["deadlines.working_days", "deadlines.skipped"]
    with pytest.raises(AttributeError, match="no attribute 'resons'"):
        first.resons  # type: ignore[attr-defined]  # noqa: B018
    built = StepDue("s", "S", None, None, False, ())
    assert built.reasons == ()


@pytest.mark.parametrize("kind", [Classification, StepDue])
def test_an_empty_value_has_no_reasons_to_build(kind: type) -> None:
    empty: Any = object.__new__(kind)  # neither its reasons nor what they are made of
    with pytest.raises(AttributeError, match="no attribute 'reasons'"):
        empty.reasons  # noqa: B018


# -- replay: one fold in place equals apply() event by event ------------------------


def by_apply(complaint: Complaint, events: list[Any]) -> object:
    case = open_case(complaint)
    for i, event in enumerate(events):
        try:
            case = apply(case, load_event(event) if isinstance(event, dict) else event)
        except (InvalidTransitionError, InvalidInputError) as exc:
            return ("broke", i, isinstance(exc, InvalidTransitionError), case)
    return case


def by_replay(complaint: Complaint, events: list[Any]) -> object:
    result = replay(complaint, events, lenient=True)
    if result.rejected:
        strict: Any
        with pytest.raises((InvalidTransitionError, InvalidInputError)) as info:
            replay(complaint, events)
        strict = info.value
        assert strict.index == result.rejected[0].index
        return ("broke", strict.index, isinstance(strict, InvalidTransitionError), result.case)
    return result.case


RETURN = Complaint("Q-R", T, "K", demands=("return",))
AWARE = dt.datetime(2026, 9, 30, 17, 0, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize(
    "events",
    [
        [Acknowledged(T + H), Assessed(T + 2 * H, True), Classified(T + 3 * H)],
        # A re-classification with new facts: apply() re-classifies, the fold goes on.
        [
            Acknowledged(T + H),
            Classified(T + 2 * H, demands=("compensation",), safety=True),
            ContainmentOrdered(T + 3 * H),
        ],
        # A back-dated event, then more.
        [
            Acknowledged(T + 2 * H),
            Assessed(T + H, True, backdated="entered late"),
            ContainmentOrdered(T + 3 * H),
        ],
        # Refused: a plan before the root cause on the major route.
        [Acknowledged(T + H), PlanApproved(T + 2 * H), RootCauseRecorded(T + 3 * H, "c")],
        # Out of order, not back-dated.
        [Acknowledged(T + 2 * H), Assessed(T + H, True)],
        # An aware moment against a naive receipt.
        [Acknowledged(T + H), Assessed(AWARE, True)],
        # A stored payload (a mapping) amid events, and a pause and its resume.
        [
            {"kind": "acknowledged", "at": (T + H).isoformat(), "schema_version": 1},
            Paused(T + 2 * H, "samples"),
            Resumed(T + 3 * H),
            Assessed(T + 4 * H, True),
        ],
        long_history(42),
        long_history(26, close=False),
    ],
)
def test_replay_equals_apply_one_by_one(events: list[Any]) -> None:
    assert by_replay(RETURN, events) == by_apply(RETURN, events)


def test_replay_of_the_shared_long_history_closes() -> None:
    # 10 events: 3 opening steps, no rework round, the 7 closing steps.
    case = replay(RETURN, long_history(10))
    assert case.status == "closed"
    assert case.events == 10
    assert case == functools.reduce(apply, long_history(10), open_case(RETURN))
    with pytest.raises(ValueError, match="at least 10"):
        long_history(9)


def test_a_fold_from_a_case_extended_elsewhere_copies_its_prefix() -> None:
    from qmscore.workflow._fold import Fold

    base = replay(RETURN, long_history(10)[:3])  # acknowledged, assessed, containment
    other = apply(base, RootCauseRecorded(T + H, "one"))  # appends to base's lists
    fold = Fold(base)
    assert fold.step(Paused(T + 2 * H, "two"))  # base's lists go on past its prefix: copied
    case = fold.case()
    opening = ["acknowledged", "assessed", "containment_ordered"]
    assert [e.kind for e in case.history] == [*opening, "paused"]
    assert [e.kind for e in other.history] == [*opening, "root_cause_recorded"]
    assert [k for k, _ in case.done] == [*opening, "paused"]
    assert case == apply(base, Paused(T + 2 * H, "two"))
