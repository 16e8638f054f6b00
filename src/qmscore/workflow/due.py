"""Deadlines per step of a complaint case, overdue and at-risk checks, form views.

The response profile is data: each step has a deadline rule (from
:mod:`qmscore.deadlines`), the event that completes it, and the routes it
applies to. The defaults are the clocks of seeds 000, 002 and 004. Pauses
(waiting for the customer or for samples) push every open deadline back by the
time paused: a pause never shortens a deadline.

Example:
    >>> import datetime as dt
    >>> from qmscore.workflow import Complaint, due_dates, open_case
    >>> from qmscore.workdays import WorkCalendar
    >>> case = open_case(Complaint("Q-1", dt.datetime(2026, 9, 30, 16, 0), "K-101",
    ...                            demands=("criticism",)))
    >>> [(d.step, d.due_at.strftime("%m-%d %H:%M")) for d in due_dates(case, WorkCalendar.china())]
    [('contact', '09-30 16:10'), ('assessment', '09-30 18:00'), ('result', '10-10 17:30')]
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from qmscore._checks import (
    as_bool,
    as_tuple,
    bool_validator,
    check_instance,
    check_sequence,
    non_empty_str,
    one_of,
)
from qmscore._display import Results, display
from qmscore.deadlines import (
    CustomerRequested,
    Hours,
    Minutes,
    Rule,
    SameDay,
    WorkingDays,
)
from qmscore.errors import InvalidInputError, RuleSetError
from qmscore.explain import Reason, Source
from qmscore.workdays import WorkCalendar
from qmscore.workflow._fields import calendar as check_calendar
from qmscore.workflow._fields import choices_tuple, same_kind_as
from qmscore.workflow._lazy import LazyReasons, set_why
from qmscore.workflow.case import Case, Event
from qmscore.workflow.complaint import MILESTONES, ROUTES

__all__ = [
    "DEFAULT_PROFILE",
    "ResponseProfile",
    "Step",
    "StepDue",
    "at_risk",
    "disposition_report",
    "due_dates",
    "missed_steps",
    "overdue",
    "statistics_row",
]


def _rule(inst: Any, attribute: Any, value: Any) -> None:
    check_instance("rule", value, Rule, "a deadline rule (WorkingDays, Hours, ...)")  # type: ignore[arg-type]


def _source(inst: Any, attribute: Any, value: Any) -> None:
    if value is not None:
        check_instance("source", value, Source, "a Source")


@attrs.frozen
class Step:
    """One clocked step.

    Attributes:
        key: Stable name.
        en: What must happen.
        zh: The source's wording.
        rule: The deadline rule, counted from receipt.
        done_by: The milestone that completes the step: an event kind,
            ``final_reply`` for a reply marked final, ``verified_effective``
            (see :data:`~qmscore.workflow.MILESTONES`).
        routes: Routes the step applies to.
        customer_may_set: The customer's requested reply time replaces the rule.
        source: The seed it comes from.
    """

    key: str = attrs.field(validator=non_empty_str)
    en: str = attrs.field(validator=non_empty_str)
    zh: str = attrs.field(validator=non_empty_str)
    rule: Rule = attrs.field(validator=_rule)
    done_by: str = attrs.field(validator=one_of(MILESTONES))
    routes: tuple[str, ...] = attrs.field(converter=as_tuple, validator=choices_tuple(ROUTES))
    customer_may_set: bool = attrs.field(
        default=False, converter=as_bool, validator=bool_validator
    )
    source: Source | None = attrs.field(default=None, validator=_source)


def _steps(inst: object, attribute: object, value: object) -> None:
    steps = check_sequence("steps", value, lambda f, v: check_instance(f, v, Step, "a Step"))
    keys = [s.key for s in steps]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        raise RuleSetError(f"step keys must be unique in a profile (twice: {twice})")


@attrs.frozen
class ResponseProfile:
    """The clocked steps of a complaint, replaceable per customer."""

    steps: tuple[Step, ...] = attrs.field(converter=as_tuple, validator=_steps)


_ALL = ROUTES


def _s(
    key: str,
    en: str,
    zh: str,
    rule: Rule,
    done_by: str,
    routes: tuple[str, ...],
    seed: str,
    *,
    customer: bool = False,
) -> Step:
    return Step(key, en, zh, rule, done_by, routes, customer, Source(f"seed {seed}"))


DEFAULT_PROFILE = ResponseProfile(
    (
        _s(
            "contact",
            "Contact the customer and confirm",
            "10分钟内与客户取得联系",
            Minutes(10),
            "acknowledged",
            _ALL,
            "000",
        ),
        _s(
            "assessment",
            "Preliminary assessment: our quality problem?",
            "2小时内初步判定",
            Hours(2),
            "assessed",
            ("standard", "major"),
            "002",
        ),
        _s(
            "containment",
            "Temporary containment ordered",
            "1小时内下达临时措施",
            Hours(1),
            "containment_ordered",
            ("major",),
            "002",
        ),
        _s(
            "solution",
            "Analysis and solution reported",
            "24小时内报告分析及解决方案",
            Hours(24),
            "plan_approved",
            ("major",),
            "002",
        ),
        _s(
            "clear_reply",
            "Clear reply to the customer",
            "48小时内明确答复",
            Hours(48),
            "customer_replied",
            ("major",),
            "002",
        ),
        _s(
            "first_reply",
            "Major complaint: first reply",
            "重大投诉5个工作日内初步反馈",
            WorkingDays(5),
            "customer_replied",
            ("major",),
            "000",
            customer=True,
        ),
        _s(
            "final_result",
            "Major complaint: final result",
            "10个工作日内给出最终处理结果",
            WorkingDays(10),
            "final_reply",
            ("major",),
            "000",
        ),
        _s(
            "result",
            "General complaint: reply with the result",
            "一般性投诉3个工作日内反馈处理结果",
            WorkingDays(3),
            "customer_replied",
            ("standard",),
            "000",
            customer=True,
        ),
        _s(
            "same_day_close",
            "Appearance defect closed by the quality supervisor",
            "品质主管当天结案",
            SameDay(),
            "closed",
            ("fast_track",),
            "004",
        ),
    )
)
"""The clocks of BRIEF.md sections 2 and 3 for complaint cases."""


class _Explained(LazyReasons):
    """Builds a step's ``reasons`` when first read (as :func:`due_dates` would eagerly).

    :func:`due_dates` computes each deadline and state and keeps what the
    step's reasons are made of (``_why``); the reasons, the same as the
    eager computation gives, are built on first read and kept.
    """

    __slots__ = ()

    @staticmethod
    def _reasons_from(*why: Any) -> Any:
        return _step_due(*why).reasons


@display
@attrs.frozen
class StepDue(_Explained):
    """A step's deadline and state.

    Attributes:
        step: Step key.
        en: What must happen.
        due_at: The deadline, pauses included (None while paused with no ``now``).
        done_at: When the step was completed (None: open).
        late: Completed after its deadline.
        reasons: Rule, pauses, customer override.
    """

    step: str
    en: str
    due_at: dt.datetime | None
    done_at: dt.datetime | None
    late: bool
    reasons: tuple[Reason, ...]


def _paused_shift(
    case: Case, due: dt.datetime, calendar: WorkCalendar, now: dt.datetime | None, working: bool
) -> tuple[dt.datetime | None, dt.timedelta]:
    # Working-time clocks move by the working time paused (a pause over a holiday
    # costs nothing); elapsed clocks by the elapsed time paused.
    spans = [(calendar.localize(a), calendar.localize(b)) for a, b in case.pauses]
    if case.paused_since is not None:
        if now is None:
            return None, dt.timedelta(0)
        spans.append((calendar.localize(case.paused_since), calendar.localize(now)))
    shift = dt.timedelta(0)
    moved = due
    for start, end in sorted(spans):
        if start < moved:
            length = calendar.working_time_between(start, end) if working else end - start
            shift += length
            moved = calendar.add_working_time(due, shift) if working else due + shift
    return moved, shift


def _inputs(
    case: object, calendar: object, profile: object
) -> tuple[Case, WorkCalendar, ResponseProfile]:
    c = check_instance("case", case, Case, "a Case")
    cal = check_calendar(calendar)
    prof = check_instance("profile", profile, ResponseProfile, "a ResponseProfile")
    return c, cal, prof


def _now(case: Case, now: object) -> dt.datetime:
    # A naive ``now`` against an aware receipt (or the reverse) is refused, as
    # apply() refuses such an event: comparing them needs a guess.
    return same_kind_as("now", now, case.complaint.received_at, "the complaint's received_at")


def due_dates(
    case: Case,
    calendar: WorkCalendar,
    profile: ResponseProfile = DEFAULT_PROFILE,
    *,
    now: dt.datetime | None = None,
) -> Results[StepDue]:
    """Every clocked step of the case's route with its deadline and state.

    The deadlines and states are computed now; each step's ``reasons`` when
    first read (the same content).

    Raises:
        InvalidInputError: ``now`` is naive against an aware receipt, or the
            reverse (the two cannot be compared without a guess).
    """
    if type(case) is not Case or type(calendar) is not WorkCalendar or profile is not _DEFAULT:
        case, calendar, profile = _inputs(case, calendar, profile)
    if now is not None:
        now = _now(case, now)
    route = case.classification.route
    requested = case.complaint.requested_reply_at
    trail = case._trail
    paused = trail.paused > 0 or case.paused_since is not None
    start = calendar._localize("received_at", case.complaint.received_at)
    first = trail.first
    local: dict[str, dt.datetime] = {}  # milestone -> its first moment, localised
    out = []
    if profile is _DEFAULT:
        steps = _DEFAULT_STEPS[route]
    else:
        steps = tuple(s for s in profile.steps if route in s.routes)
    for step in steps:
        rule = step.rule
        if paused or (step.customer_may_set and requested is not None) or rule.kind in _COMBINED:
            out.append(_step_due(case, calendar, step, now))  # the rare paths, eagerly
            continue
        due = rule._due_at(start, calendar)  # type: ignore[union-attr]
        done_local = local.get(step.done_by)
        if done_local is None:
            done = first.get(step.done_by)
            if done is not None:
                done_local = local[step.done_by] = calendar._localize("done", done)
        new: StepDue = object.__new__(StepDue)
        _set_step(new, step.key)
        _set_en(new, step.en)
        _set_due_at(new, due)
        _set_done_at(new, done_local)
        _set_late(new, done_local is not None and done_local > due)
        set_why(new, (case, calendar, step, now))
        out.append(new)
    return Results(out)


_DEFAULT = DEFAULT_PROFILE
_DEFAULT_STEPS = {r: tuple(s for s in _DEFAULT.steps if r in s.routes) for r in ROUTES}
_COMBINED = frozenset(("customer_requested", "earliest_of", "latest_of"))
_set_step = vars(StepDue)["step"].__set__
_set_en = vars(StepDue)["en"].__set__
_set_due_at = vars(StepDue)["due_at"].__set__
_set_done_at = vars(StepDue)["done_at"].__set__
_set_late = vars(StepDue)["late"].__set__


def _step_due(case: Case, calendar: WorkCalendar, step: Step, now: dt.datetime | None) -> StepDue:
    """One step's deadline, state and reasons, built eagerly (the reference)."""
    rule: Any = step.rule
    reasons: list[Reason] = []
    if step.customer_may_set and case.complaint.requested_reply_at is not None:
        rule = CustomerRequested(case.complaint.requested_reply_at, step.rule)  # type: ignore[arg-type]
    deadline = rule.due(case.complaint.received_at, calendar)
    reasons.extend(deadline.reasons)
    working = isinstance(step.rule, (WorkingDays, SameDay))
    due, shift = _paused_shift(case, deadline.due_at, calendar, now, working)
    if shift:
        reasons.append(
            Reason(
                "workflow.paused_shift",
                f"Pushed back by {shift} of {'working ' if working else ''}time paused",
                f"因暂停顺延 {shift}{'（工作时间）' if working else ''}",
            )
        )
    done = case.first(step.done_by)
    done_local = calendar.localize(done) if done is not None else None
    late = done_local is not None and due is not None and done_local > due
    return StepDue(step.key, step.en, due, done_local, late, tuple(reasons))


def overdue(
    case: Case,
    now: dt.datetime,
    calendar: WorkCalendar,
    profile: ResponseProfile = DEFAULT_PROFILE,
) -> Results[StepDue]:
    """Steps not completed whose deadline has passed at ``now``.

    A closed case keeps its misses: a step it closed without (a step its
    route's close rules do not require, or a case closed as not our problem)
    is overdue once its deadline passes. Steps completed late are in
    :func:`missed_steps`.

    Raises:
        InvalidInputError: ``now`` mixes naive and aware with the receipt.
    """
    case, calendar, profile = _inputs(case, calendar, profile)
    moment = _now(case, now)
    local = calendar.localize(moment)
    return Results(
        d
        for d in due_dates(case, calendar, profile, now=moment)
        if d.done_at is None and d.due_at is not None and d.due_at < local
    )


def at_risk(
    case: Case,
    now: dt.datetime,
    calendar: WorkCalendar,
    margin: dt.timedelta,
    profile: ResponseProfile = DEFAULT_PROFILE,
) -> Results[StepDue]:
    """Open steps not yet overdue but due within ``margin`` of ``now`` (none once closed).

    Raises:
        InvalidInputError: ``now`` mixes naive and aware with the receipt.
    """
    case, calendar, profile = _inputs(case, calendar, profile)
    moment = _now(case, now)
    if not isinstance(margin, dt.timedelta) or margin < dt.timedelta(0):
        raise InvalidInputError.constraint("margin", "a non-negative timedelta", margin)
    if case.closed:
        return Results()
    local = calendar.localize(moment)
    try:
        horizon = local + margin
    except OverflowError:
        raise InvalidInputError.constraint(
            "margin", "a timedelta that stays in range", margin
        ) from None
    return Results(
        d
        for d in due_dates(case, calendar, profile, now=moment)
        if d.done_at is None and d.due_at is not None and local <= d.due_at <= horizon
    )


def missed_steps(
    case: Case,
    calendar: WorkCalendar,
    profile: ResponseProfile = DEFAULT_PROFILE,
    *,
    now: dt.datetime | None = None,
) -> Results[StepDue]:
    """Steps completed late, and steps never completed, for a report on the case.

    A closed case will complete nothing more, so every step it did not
    complete is listed (``done_at`` None) whatever its deadline. For an open
    case, a step not completed is listed once its deadline has passed at
    ``now`` (without ``now``, only the late completions).

    Example:
        >>> import datetime as dt
        >>> from qmscore.workdays import WorkCalendar
        >>> from qmscore.workflow import Acknowledged, Assessed, Complaint, CustomerReplied
        >>> from qmscore.workflow import Closed, missed_steps, replay
        >>> t = dt.datetime(2026, 9, 30, 16, 0)
        >>> h = dt.timedelta(hours=1)
        >>> case = replay(Complaint("Q-1", t, "K", demands=("criticism",)), [
        ...     Acknowledged(t + h / 2), Assessed(t + h, True),
        ...     CustomerReplied(t + 3 * h), Closed(t + 4 * h)])
        >>> [(d.step, d.late) for d in missed_steps(case, WorkCalendar.china())]
        [('contact', True)]
    """
    case, calendar, profile = _inputs(case, calendar, profile)
    moment = None if now is None else _now(case, now)
    local = None if moment is None else calendar.localize(moment)
    return Results(
        d
        for d in due_dates(case, calendar, profile, now=moment)
        if d.late
        or (
            d.done_at is None
            and (case.closed or (local is not None and d.due_at is not None and d.due_at < local))
        )
    )


def statistics_row(case: Case) -> dict[str, object]:
    """A row of the complaint statistics table (客户投诉统计表, seed 002)."""
    check_instance("case", case, Case, "a Case")
    c = case.complaint
    return {
        "time": c.received_at.isoformat(),
        "customer_code": c.customer_code,
        "content_and_demand": f"{c.description} / {', '.join(c.demands) or '-'}",
        "customer_class": c.customer_class,
        "phone": c.phone,
        "problem_nature": case.classification.nature,
        "category": c.category,
        "route": case.classification.route,
        "status": case.status,
    }


def _signed(
    case: Case, kind: str, calendar: WorkCalendar | None
) -> tuple[str | None, str | None, Event | None]:
    """Who signed the current ``kind`` milestone, on which date, and its event."""
    when = case.happened(kind)
    if when is None:
        return None, None, None
    for event in reversed(case.history):
        if event.kind == kind and event.at == when:
            local = calendar.localize(event.at) if calendar is not None else event.at
            return event.actor, local.date().isoformat(), event
    return None, None, None  # pragma: no cover - every milestone comes from an event


def disposition_report(case: Case, calendar: WorkCalendar | None = None) -> dict[str, object]:
    """The disposition report of seed 002 (处置报告) as plain data, filled from the case.

    Each section the form has signed and dated (responsibility from the
    assessment, cause, corrective proposal, verification) carries
    ``<section>_signed_by`` (the event's ``actor``) and ``<section>_date``
    (the event's date; in the calendar's zone when a calendar is given).
    A section not reached yet has None for both.

    Example:
        >>> import datetime as dt
        >>> from qmscore.workflow import Acknowledged, Assessed, Complaint, disposition_report
        >>> from qmscore.workflow import replay
        >>> t = dt.datetime(2026, 9, 30, 16, 0)
        >>> case = replay(Complaint("Q-1", t, "K", demands=("return",)),
        ...               [Acknowledged(t), Assessed(t, True, actor="Zhang")])
        >>> r = disposition_report(case)
        >>> r["responsibility_signed_by"], r["responsibility_date"], r["cause_signed_by"]
        ('Zhang', '2026-09-30', None)
    """
    check_instance("case", case, Case, "a Case")
    if calendar is not None:
        calendar = check_calendar(calendar)
    c = case.complaint
    report: dict[str, object] = {
        "customer": c.customer_code,
        "customer_class": c.customer_class,
        "quantity_delivered": c.quantity_delivered,
        "product": c.product,
        "model": c.model,
        "delivery_date": c.delivery_date.isoformat() if c.delivery_date else None,
        "description": c.description,
        "responsibility": case.classification.leader,
        "our_problem": case.our_problem,
        "cause": case.root_cause,
        "corrective_proposal_approved": case.happened("plan_approved") is not None,
        "verification": {True: "effective", False: "not effective", None: None}[
            case.verified_effective
        ],
        "nature": case.classification.nature,
        "escalations": [f"{e.who} within {e.within}" for e in case.classification.escalations],
    }
    for section, kind in _SECTIONS:
        who, day, _ = _signed(case, kind, calendar)
        report[f"{section}_signed_by"] = who
        report[f"{section}_date"] = day
    return report


_SECTIONS = (
    ("responsibility", "assessed"),
    ("cause", "root_cause_recorded"),
    ("corrective_proposal", "plan_approved"),
    ("verification", "verified"),
)
