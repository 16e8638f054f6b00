"""Views from one log: the 8D report and the CAPA record, filled from a case's events.

Nothing is entered twice: each section is the event that completed it, with
its ``actor`` (who) and its moment (when, in the calendar's zone). What the
complaint log does not record is said, not invented: an 8D's D1 (the team)
lists everyone who acted on the case but has no completing event, and D7
(systemic prevention) has none either; both show as not recorded. The 002
forms are :func:`~qmscore.workflow.statistics_row` and
:func:`~qmscore.workflow.disposition_report`.

Example:
    >>> import datetime as dt
    >>> from qmscore.workdays import WorkCalendar
    >>> from qmscore.workflow import Acknowledged, Complaint, eight_d_report, replay
    >>> t = dt.datetime(2026, 9, 30, 16, 0)
    >>> case = replay(Complaint("Q-1", t, "K", demands=("return",)), [Acknowledged(t, actor="Li")])
    >>> r = eight_d_report(case, WorkCalendar.china())
    >>> r.disciplines[0].by, [b.en[:2] for b in r.missing_for_closure]
    ('Li', ['D6', 'D8'])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from qmscore._checks import check_instance, check_mapping, value_error
from qmscore._display import Tabular, display
from qmscore.deadlines import CalendarDays, Rule
from qmscore.explain import Reason, Source
from qmscore.workdays import WorkCalendar
from qmscore.workflow._fields import calendar as check_calendar
from qmscore.workflow.capa import COMMON_8D, DISCIPLINES, EightD, EightDProfile
from qmscore.workflow.case import Case, Event
from qmscore.workflow.complaint import MILESTONES
from qmscore.workflow.due import DEFAULT_PROFILE, ResponseProfile, due_dates

__all__ = [
    "DEFAULT_8D_MILESTONES",
    "DISCIPLINE_TITLES",
    "CapaAction",
    "CapaRecord",
    "DisciplineEntry",
    "EightDReport",
    "capa_record",
    "eight_d_report",
]

DISCIPLINE_TITLES: Mapping[str, tuple[str, str]] = {
    "D0": ("Prepare and respond", "准备与紧急响应"),
    "D1": ("Form the team", "成立小组"),
    "D2": ("Describe the problem", "描述问题"),
    "D3": ("Contain the problem", "临时围堵措施"),
    "D4": ("Find the root cause", "根本原因分析"),
    "D5": ("Choose the permanent corrective action", "选定永久纠正措施"),
    "D6": ("Implement and validate", "实施并验证永久措施"),
    "D7": ("Prevent recurrence", "预防再发生"),
    "D8": ("Close and recognise the team", "结案并表彰团队"),
}
"""Discipline -> (English, 中文) title."""

DEFAULT_8D_MILESTONES: Mapping[str, str | None] = {
    "D0": "acknowledged",
    "D1": None,
    "D2": "assessed",
    "D3": "containment_ordered",
    "D4": "root_cause_recorded",
    "D5": "plan_approved",
    "D6": "verified_effective",
    "D7": None,
    "D8": "closed",
}
"""Discipline -> the case milestone that completes it (None: the log has no such event)."""

# A milestone reached by an event of another kind.
_EVENT_OF = {"verified_effective": "verified", "final_reply": "customer_replied"}


def _who(case: Case, milestone: str, when: dt.datetime) -> str | None:
    kind = _EVENT_OF.get(milestone, milestone)
    for event in reversed(case.history):
        if event.kind == kind and event.at == when:
            return event.actor
    return None  # pragma: no cover - every milestone comes from an event


def _team(history: tuple[Event, ...]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for event in history:
        if event.actor is not None:
            seen.setdefault(event.actor)
    return tuple(seen)


@display
@attrs.frozen
class DisciplineEntry:
    """One discipline of the 8D: who completed it and when, against its deadline.

    Attributes:
        discipline: D0..D8.
        en, zh: Its title.
        milestone: The case milestone that completes it (None: not in the log).
        done_at: When (calendar-local; None: not done or not recorded).
        by: Who (the completing event's actor).
        due_at: The profile's deadline (None: not clocked).
        late: Done after the deadline.
    """

    discipline: str
    en: str
    zh: str
    milestone: str | None
    done_at: dt.datetime | None
    by: str | None
    due_at: dt.datetime | None
    late: bool


@display(rows="disciplines")
@attrs.frozen
class EightDReport(Tabular):
    """The 8D report of a complaint case.

    Attributes:
        report_id: The complaint id.
        customer, product, model, problem: From the intake (D2's description).
        team: Everyone who acted on the case, in order of first appearance (D1).
        root_cause: The current root cause (D4).
        disciplines: D0..D8 in order.
        missing_for_closure: Disciplines the profile requires that are not done.
        record: The same as an :class:`~qmscore.workflow.EightD`.
    """

    report_id: str
    customer: str
    product: str
    model: str
    problem: str
    team: tuple[str, ...]
    root_cause: str | None
    disciplines: tuple[DisciplineEntry, ...]
    missing_for_closure: tuple[Reason, ...]
    record: EightD


def _milestones(value: object) -> Mapping[str, str | None]:
    mapping = check_mapping("milestones", value)
    if set(mapping) != set(DISCIPLINES):
        raise value_error("milestones", f"a mapping of exactly {DISCIPLINES}", sorted(mapping))
    for d, m in mapping.items():
        if m is not None and m not in MILESTONES:
            raise value_error(f"milestones[{d}]", f"None or one of {MILESTONES}", m)
    return mapping


def eight_d_report(
    case: Case,
    calendar: WorkCalendar,
    profile: EightDProfile = COMMON_8D,
    milestones: Mapping[str, str | None] = DEFAULT_8D_MILESTONES,
) -> EightDReport:
    """The 8D report filled from the case's events.

    Args:
        case: The case.
        calendar: For deadlines and local dates.
        profile: The customer's 8D deadlines and what closure requires.
        milestones: Discipline -> completing milestone (see :data:`DEFAULT_8D_MILESTONES`).
    """
    check_instance("case", case, Case, "a Case")
    calendar = check_calendar(calendar)
    check_instance("profile", profile, EightDProfile, "an EightDProfile")
    mapping = _milestones(milestones)
    c = case.complaint
    completed: dict[str, dt.datetime] = {}
    found: dict[str, tuple[dt.datetime, str | None]] = {}
    for d in DISCIPLINES:
        m = mapping[d]
        when = None if m is None else case.happened(m)
        if m is not None and when is not None:
            completed[d] = when
            found[d] = (calendar.localize(when), _who(case, m, when))
    record = EightD(c.complaint_id, c.received_at, profile, completed)
    due = record.due_dates(calendar)
    entries = []
    for d in DISCIPLINES:
        en, zh = DISCIPLINE_TITLES[d]
        done_at, by = found.get(d, (None, None))
        due_at = due.get(d)
        late = done_at is not None and due_at is not None and done_at > due_at
        entries.append(DisciplineEntry(d, en, zh, mapping[d], done_at, by, due_at, late))
    return EightDReport(
        c.complaint_id,
        c.customer_code,
        c.product,
        c.model,
        c.description,
        _team(case.history),
        case.root_cause,
        tuple(entries),
        record.closure_blockers(),
        record,
    )


@display
@attrs.frozen
class CapaAction:
    """One row of the CAPA record.

    Attributes:
        step: ``containment``, ``root_cause``, ``corrective_plan``,
            ``implementation`` or ``verification``.
        en, zh: What it is.
        owner: Who recorded the completing event (its ``actor``).
        due_at: Its deadline (None: not clocked).
        done_at: When it was done (calendar-local; None: open).
        late: Done after the deadline, or still open after it at the record's ``now``.
    """

    step: str
    en: str
    zh: str
    owner: str | None
    due_at: dt.datetime | None
    done_at: dt.datetime | None
    late: bool


@display(rows="actions")
@attrs.frozen
class CapaRecord(Tabular):
    """The CAPA record of a complaint case (CAPA tracking table).

    Attributes:
        record_id: The complaint id.
        customer, product, problem: From the intake.
        nature, route: From the classification.
        cause: The current root cause.
        actions: The rows, in order.
        verification: ``effective``, ``not effective`` or None.
        status: ``open`` or ``closed``.
        missing: Milestones the close rules require that are not reached.
        reasons: Which rules set the due dates.
    """

    record_id: str
    customer: str
    product: str
    problem: str
    nature: str
    route: str
    cause: str | None
    actions: tuple[CapaAction, ...]
    verification: str | None
    status: str
    missing: tuple[str, ...]
    reasons: tuple[Reason, ...]


ONE_WEEK = CalendarDays(7)
"""002: corrective actions implemented within one week."""

_ROWS = (
    ("containment", "containment_ordered", "Temporary containment", "临时措施", "containment"),
    ("root_cause", "root_cause_recorded", "Root cause", "根本原因", "solution"),
    ("corrective_plan", "plan_approved", "Corrective plan approved", "纠正计划批准", "solution"),
    ("implementation", "actions_implemented", "Actions implemented", "措施实施", None),
    ("verification", "verified_effective", "Effectiveness verified", "效果验证", None),
)
"""(step, milestone, en, zh, response-profile step whose deadline applies)."""


def capa_record(
    case: Case,
    calendar: WorkCalendar,
    profile: ResponseProfile = DEFAULT_PROFILE,
    *,
    implement_within: Rule = ONE_WEEK,
    now: dt.datetime | None = None,
) -> CapaRecord:
    """The CAPA record filled from the case's events.

    Containment, root cause and plan take their deadlines from the response
    profile (002: containment within 1 hour, analysis and solution within 24
    hours; pauses push them back as in :func:`~qmscore.workflow.due_dates`).
    Implementation is due ``implement_within`` after the plan's approval
    (002: one week), not moved by pauses; verification is not clocked.

    Args:
        case: The case.
        calendar: For deadlines and local dates.
        profile: The response profile.
        implement_within: Deadline rule for implementation, from the plan's approval.
        now: Marks open rows past their deadline as late.
    """
    check_instance("case", case, Case, "a Case")
    calendar = check_calendar(calendar)
    check_instance("profile", profile, ResponseProfile, "a ResponseProfile")
    check_instance("implement_within", implement_within, Rule, "a deadline rule")  # type: ignore[arg-type]
    steps = {d.step: d for d in due_dates(case, calendar, profile, now=now)}
    local_now = None if now is None else calendar.localize(now)
    reasons: list[Reason] = []
    plan_at = case.happened("plan_approved")
    rows = []
    for step, milestone, en, zh, clock in _ROWS:
        when = case.happened(milestone)
        done_at = None if when is None else calendar.localize(when)
        owner = None if when is None else _who(case, milestone, when)
        due_at: dt.datetime | None = None
        if clock is not None and clock in steps:
            due_at = steps[clock].due_at
        elif step == "implementation" and plan_at is not None:
            deadline = implement_within.due(plan_at, calendar)
            due_at = deadline.due_at
            reasons.append(
                Reason(
                    "capa.implementation_due",
                    f"Implementation due {implement_within.describe()} after the plan's "
                    f"approval: {due_at.isoformat()}",
                    f"纠正措施自计划批准起按规则（{implement_within.describe()}）实施，"
                    f"截止 {due_at.isoformat()}",
                    source=Source("seed 002"),
                )
            )
        late = due_at is not None and (
            (done_at is not None and done_at > due_at)
            or (done_at is None and local_now is not None and local_now > due_at)
        )
        rows.append(CapaAction(step, en, zh, owner, due_at, done_at, late))
    key = "evidence_returned" if case.our_problem is False else case.classification.route
    missing = tuple(m for m in case.rules.close_requires[key] if case.happened(m) is None)
    c = case.complaint
    return CapaRecord(
        c.complaint_id,
        c.customer_code,
        c.product,
        c.description,
        case.classification.nature,
        case.classification.route,
        case.root_cause,
        tuple(rows),
        {True: "effective", False: "not effective", None: None}[case.verified_effective],
        "closed" if case.closed else "open",
        missing,
        tuple(reasons),
    )
