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

from qmscore.deadlines import (
    CustomerRequested,
    Hours,
    Minutes,
    Rule,
    SameDay,
    WorkingDays,
)
from qmscore.errors import InvalidInputError
from qmscore.explain import Reason, Source
from qmscore.workdays import WorkCalendar
from qmscore.workflow.case import Case

__all__ = [
    "DEFAULT_PROFILE",
    "ResponseProfile",
    "Step",
    "StepDue",
    "at_risk",
    "disposition_report",
    "due_dates",
    "overdue",
    "statistics_row",
]


@attrs.frozen
class Step:
    """One clocked step.

    Attributes:
        key: Stable name.
        en: What must happen.
        zh: The source's wording.
        rule: The deadline rule, counted from receipt.
        done_by: The event kind that completes the step (``final_reply`` for a
            reply marked final).
        routes: Routes the step applies to.
        customer_may_set: The customer's requested reply time replaces the rule.
        source: The seed it comes from.
    """

    key: str
    en: str
    zh: str
    rule: Rule
    done_by: str
    routes: tuple[str, ...]
    customer_may_set: bool = False
    source: Source | None = None


@attrs.frozen
class ResponseProfile:
    """The clocked steps of a complaint, replaceable per customer."""

    steps: tuple[Step, ...]


_ALL = ("fast_track", "standard", "major")


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


@attrs.frozen
class StepDue:
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


def due_dates(
    case: Case,
    calendar: WorkCalendar,
    profile: ResponseProfile = DEFAULT_PROFILE,
    *,
    now: dt.datetime | None = None,
) -> tuple[StepDue, ...]:
    """Every clocked step of the case's route with its deadline and state."""
    if not isinstance(case, Case):
        raise InvalidInputError.constraint("case", "a Case", case)
    received = case.complaint.received_at
    out = []
    for step in profile.steps:
        if case.classification.route not in step.routes:
            continue
        rule: Any = step.rule
        reasons: list[Reason] = []
        if step.customer_may_set and case.complaint.requested_reply_at is not None:
            rule = CustomerRequested(case.complaint.requested_reply_at, step.rule)  # type: ignore[arg-type]
        deadline = rule.due(received, calendar)
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
        out.append(StepDue(step.key, step.en, due, done_local, late, tuple(reasons)))
    return tuple(out)


def overdue(
    case: Case,
    now: dt.datetime,
    calendar: WorkCalendar,
    profile: ResponseProfile = DEFAULT_PROFILE,
) -> tuple[StepDue, ...]:
    """Open steps whose deadline has passed at ``now`` (closed cases have none)."""
    moment = calendar.localize(now)
    if case.closed:
        return ()
    return tuple(
        d
        for d in due_dates(case, calendar, profile, now=moment)
        if d.done_at is None and d.due_at is not None and d.due_at < moment
    )


def at_risk(
    case: Case,
    now: dt.datetime,
    calendar: WorkCalendar,
    margin: dt.timedelta,
    profile: ResponseProfile = DEFAULT_PROFILE,
) -> tuple[StepDue, ...]:
    """Open steps not yet overdue but due within ``margin`` of ``now``."""
    if not isinstance(margin, dt.timedelta) or margin < dt.timedelta(0):
        raise InvalidInputError.constraint("margin", "a non-negative timedelta", margin)
    moment = calendar.localize(now)
    if case.closed:
        return ()
    return tuple(
        d
        for d in due_dates(case, calendar, profile, now=moment)
        if d.done_at is None and d.due_at is not None and moment <= d.due_at <= moment + margin
    )


def statistics_row(case: Case) -> dict[str, object]:
    """A row of the complaint statistics table (客户投诉统计表, seed 002)."""
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


def disposition_report(case: Case) -> dict[str, object]:
    """The disposition report of seed 002 as plain data, filled from the case."""
    c = case.complaint
    return {
        "customer": c.customer_code,
        "customer_class": c.customer_class,
        "quantity_delivered": c.quantity_delivered,
        "product": c.product,
        "model": c.model,
        "delivery_date": c.delivery_date.isoformat() if c.delivery_date else None,
        "description": c.description,
        "responsibility": case.classification.leader,
        "cause": case.root_cause,
        "corrective_proposal_approved": case.happened("plan_approved") is not None,
        "verification": {True: "effective", False: "not effective", None: None}[
            case.verified_effective
        ],
        "nature": case.classification.nature,
        "escalations": [f"{e.who} within {e.within}" for e in case.classification.escalations],
    }
