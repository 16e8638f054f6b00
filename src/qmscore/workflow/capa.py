"""Corrective plans, 8D records, and CAPA proposals from other modules.

* :class:`CorrectivePlan` is 002's 质量问题整治方法计划表: problem, causes
  (4M1E, 5-Why chains), owner, due date, supporting departments, and sub-items
  (method, owner, due date, acceptor, status). The plan is late when any open
  sub-item is past due.
* :class:`EightD` is a D0-D8 record with a per-customer deadline profile
  (:class:`EightDProfile`, data): due dates per discipline from a
  ``WorkCalendar``, what is overdue, what blocks closure.
* :func:`capa_from_score` / :func:`capa_from_complaint` turn a low satisfaction
  score or a recurring complaint into proposals with reasons; the caller decides.

Example:
    >>> import datetime as dt
    >>> from qmscore.workflow import CorrectivePlan, SubItem
    >>> plan = CorrectivePlan("solder voids", owner="Li", due=dt.date(2026, 10, 30), items=(
    ...     SubItem("reflow profile", "Wang", dt.date(2026, 10, 10), "QA"),
    ...     SubItem("stencil change", "Zhao", dt.date(2026, 10, 20), "QA", status="done"),
    ... ))
    >>> plan.is_late(dt.date(2026, 10, 12)), plan.progress
    (True, 0.5)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Literal

import attrs

from qmscore._checks import (
    as_bool,
    as_date,
    as_datetime,
    as_tuple,
    bool_validator,
    check_choice,
    check_date,
    check_datetime,
    check_instance,
    check_int,
    check_mapping,
    check_str,
    datetime_validator,
    non_empty_str,
    one_of,
)
from qmscore._display import display
from qmscore.deadlines import CalendarDays, Hours, Rule, WorkingDays
from qmscore.errors import InvalidInputError, RuleSetError
from qmscore.explain import Reason, Source
from qmscore.workdays import WorkCalendar
from qmscore.workflow._fields import (
    as_dict,
    date_validator,
    instance,
    instances,
    same_kind_as,
    str_tuple,
)
from qmscore.workflow._fields import calendar as check_calendar

__all__ = [
    "DISCIPLINES",
    "FOUR_M_ONE_E",
    "Cause",
    "CorrectivePlan",
    "EightD",
    "EightDProfile",
    "Proposal",
    "SubItem",
    "capa_from_complaint",
    "capa_from_score",
]

FOUR_M_ONE_E: Mapping[str, str] = {
    "man": "人",
    "machine": "机",
    "material": "料",
    "method": "法",
    "environment": "环",
}
"""4M1E cause classes (人机料法环)."""

DISCIPLINES: tuple[str, ...] = ("D0", "D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8")


@attrs.frozen
class Cause:
    """A cause classified by 4M1E, with its 5-Why chain (why 1 first)."""

    category: str = attrs.field(validator=one_of(tuple(FOUR_M_ONE_E)))
    statement: str = attrs.field(validator=non_empty_str)
    whys: tuple[str, ...] = attrs.field(default=(), converter=as_tuple, validator=str_tuple)

    def __attrs_post_init__(self) -> None:
        if len(self.whys) > 5:
            raise InvalidInputError.constraint("whys", "at most 5 whys", len(self.whys))


@attrs.frozen
class SubItem:
    """One corrective method with its owner, due date and acceptor."""

    method: str = attrs.field(validator=non_empty_str)
    owner: str = attrs.field(validator=non_empty_str)
    due: dt.date = attrs.field(converter=as_date, validator=date_validator)
    acceptor: str = attrs.field(validator=non_empty_str)
    status: Literal["open", "done", "accepted"] = attrs.field(
        default="open", validator=one_of(("open", "done", "accepted"))
    )


@attrs.frozen
class CorrectivePlan:
    """质量问题整治方法计划表 (seed 002).

    Attributes:
        problem: The quality problem.
        owner: Overall owner.
        due: The plan's due date.
        items: Sub-items.
        causes: Causes (4M1E, 5-Why).
        supporting: Supporting departments.
        allow_items_after_plan: Whether a sub-item may be due after the plan.
    """

    problem: str = attrs.field(validator=non_empty_str)
    owner: str = attrs.field(validator=non_empty_str, kw_only=True)
    due: dt.date = attrs.field(kw_only=True, converter=as_date, validator=date_validator)
    items: tuple[SubItem, ...] = attrs.field(
        default=(), kw_only=True, converter=as_tuple, validator=instances(SubItem, "a SubItem")
    )
    causes: tuple[Cause, ...] = attrs.field(
        default=(), kw_only=True, converter=as_tuple, validator=instances(Cause, "a Cause")
    )
    supporting: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=as_tuple, validator=str_tuple
    )
    allow_items_after_plan: bool = attrs.field(
        default=False, kw_only=True, converter=as_bool, validator=bool_validator
    )

    def __attrs_post_init__(self) -> None:
        if not self.allow_items_after_plan:
            for k, item in enumerate(self.items):
                if item.due > self.due:
                    raise InvalidInputError.constraint(
                        f"items[{k}].due", f"on or before the plan's due date {self.due}", item.due
                    )

    def late_items(self, today: dt.date) -> tuple[SubItem, ...]:
        """Open sub-items past their due date on ``today``."""
        today = check_date("today", today)
        return tuple(i for i in self.items if i.status == "open" and i.due < today)

    def is_late(self, today: dt.date) -> bool:
        """Late when any open sub-item is past due (or the plan itself, if open)."""
        today = check_date("today", today)
        open_items = any(i.status == "open" for i in self.items)
        return bool(self.late_items(today)) or (open_items and self.due < today)

    @property
    def progress(self) -> float:
        """Share of sub-items done or accepted (1.0 with no sub-items)."""
        if not self.items:
            return 1.0
        return sum(i.status != "open" for i in self.items) / len(self.items)

    def reasons(self, today: dt.date) -> tuple[Reason, ...]:
        """Why the plan is on time or late."""
        today = check_date("today", today)
        late = self.late_items(today)
        if late:
            names = ", ".join(f"{i.method} ({i.owner}, due {i.due})" for i in late)
            names_zh = "；".join(f"{i.method}（{i.owner}，{i.due} 到期）" for i in late)
            return (
                Reason(
                    "capa.plan_late",
                    f"Late on {today}: {names}",
                    f"{today} 逾期：{names_zh}",
                    source=Source("seed 002 质量问题整治方法计划表"),
                ),
            )
        return (
            Reason(
                "capa.plan_on_time",
                f"On time on {today}: progress {self.progress:.0%}",
                f"{today} 按期：完成 {self.progress:.0%}",
            ),
        )


def _rule_mapping(inst: object, attribute: object, value: object) -> None:
    mapping = check_mapping("due", value)
    for key, rule in mapping.items():
        check_str("due key", key)
        check_instance(f"due[{key}]", rule, Rule, "a deadline rule")  # type: ignore[arg-type]


def _completed(inst: object, attribute: object, value: object) -> None:
    mapping = check_mapping("completed", value)
    for key, at in mapping.items():
        check_str("completed key", key)
        check_datetime(f"completed[{key}]", at)


def _as_completed(value: object) -> object:
    mapping = as_dict(value)
    if not isinstance(mapping, Mapping):
        return mapping
    return {k: as_datetime(v) for k, v in mapping.items()}


@attrs.frozen
class EightDProfile:
    """Per-customer 8D deadlines: discipline -> rule from the complaint's receipt."""

    name: str = attrs.field(validator=non_empty_str)
    due: Mapping[str, Rule] = attrs.field(converter=as_dict, validator=_rule_mapping)
    required_for_closure: tuple[str, ...] = attrs.field(
        default=("D6", "D8"), converter=as_tuple, validator=str_tuple
    )

    def __attrs_post_init__(self) -> None:
        unknown = sorted(set(self.due) - set(DISCIPLINES))
        if unknown:
            raise RuleSetError(f"unknown disciplines in the 8D profile: {unknown}")
        bad = sorted(set(self.required_for_closure) - set(DISCIPLINES))
        if bad:
            raise RuleSetError(f"unknown disciplines required for closure: {bad}")


COMMON_8D = EightDProfile(
    "common conventions",
    {"D3": Hours(24), "D4": CalendarDays(10), "D5": CalendarDays(10), "D8": CalendarDays(30)},
)
WORKING_DAY_8D = EightDProfile(
    "customer counting working days",
    {"D3": Hours(24), "D4": WorkingDays(10), "D5": WorkingDays(10), "D8": WorkingDays(30)},
)


@display
@attrs.frozen
class EightD:
    """A D0-D8 record.

    Attributes:
        report_id: Stable id.
        opened_at: When the 8D started (the complaint's receipt).
        profile: The customer's deadline profile.
        completed: Discipline -> moment it was completed.
    """

    report_id: str = attrs.field(validator=non_empty_str)
    opened_at: dt.datetime = attrs.field(converter=as_datetime, validator=datetime_validator)
    profile: EightDProfile = attrs.field(
        default=COMMON_8D, validator=instance(EightDProfile, "an EightDProfile")
    )
    completed: Mapping[str, dt.datetime] = attrs.field(
        factory=dict, converter=_as_completed, validator=_completed
    )

    def __attrs_post_init__(self) -> None:
        unknown = sorted(set(self.completed) - set(DISCIPLINES))
        if unknown:
            raise InvalidInputError.constraint(
                "completed", f"disciplines from {DISCIPLINES}", unknown
            )
        for d, at in self.completed.items():
            same_kind_as(f"completed[{d}]", at, self.opened_at, "opened_at")

    def complete(self, discipline: str, at: dt.datetime) -> EightD:
        """A copy with ``discipline`` completed at ``at``."""
        check_choice("discipline", discipline, DISCIPLINES)
        moment = same_kind_as("at", at, self.opened_at, "opened_at")
        return attrs.evolve(self, completed={**self.completed, discipline: moment})

    def due_dates(self, calendar: WorkCalendar) -> dict[str, dt.datetime]:
        """Discipline -> deadline, for the disciplines the profile clocks."""
        calendar = check_calendar(calendar)
        return {
            d: rule.due(self.opened_at, calendar).due_at for d, rule in self.profile.due.items()
        }

    def overdue(self, now: dt.datetime, calendar: WorkCalendar) -> tuple[str, ...]:
        """Disciplines not completed whose deadline has passed at ``now``.

        Raises:
            InvalidInputError: ``now`` is naive against an aware ``opened_at``
                or the reverse.
        """
        calendar = check_calendar(calendar)
        moment = calendar.localize(same_kind_as("now", now, self.opened_at, "opened_at"))
        return tuple(
            d
            for d, due in self.due_dates(calendar).items()
            if d not in self.completed and due < moment
        )

    def closure_blockers(self) -> tuple[Reason, ...]:
        """What blocks closing the 8D (D6 verification and D8 sign-off by default)."""
        return tuple(
            Reason(
                "capa.8d_blocked",
                f"{d} not completed: the 8D cannot be closed",
                f"{d} 未完成：8D 不能关闭",
            )
            for d in self.profile.required_for_closure
            if d not in self.completed
        )


@display
@attrs.frozen
class Proposal:
    """A proposed corrective action; the caller decides."""

    kind: Literal["corrective_action", "eight_d"]
    subject: str
    items: tuple[str, ...]
    reasons: tuple[Reason, ...]


def capa_from_score(score: object, items: int | None = None) -> Proposal | None:
    """Corrective actions for a score below the threshold (seed 004 5.4.6.1).

    By default every item answered below "satisfied", most points lost first
    (:meth:`~qmscore.scoring.SatisfactionScore.corrective_items`); ``items``
    caps how many are proposed.
    """
    from qmscore.scoring import SatisfactionScore

    if not isinstance(score, SatisfactionScore):
        raise InvalidInputError.constraint("score", "a SatisfactionScore", score)
    if not score.needs_corrective_action:
        return None
    weakest = score.corrective_items(
        None if items is None else check_int("items", items, minimum=1)
    )
    return Proposal(
        "corrective_action",
        "satisfaction score below the corrective threshold",
        weakest,
        (
            Reason(
                "capa.from_score",
                f"Score {score.normalized:.1f} needs corrective/preventive action: "
                "propose actions for " + ", ".join(weakest),
                f"得分 {score.normalized:.1f} 需纠正预防：建议对 {'、'.join(weakest)} 采取措施",
                source=Source("seed 004"),
            ),
        ),
    )


def capa_from_complaint(case: object) -> Proposal | None:
    """An 8D for a recurring (or batch) complaint."""
    from qmscore.workflow.case import Case

    c = check_instance("case", case, Case, "a Case").complaint
    if not (c.recurrence or c.batch):
        return None
    why = "recurring" if c.recurrence else "batch"
    return Proposal(
        "eight_d",
        f"{why} complaint {c.complaint_id}",
        (c.product or c.complaint_id,),
        (
            Reason(
                "capa.from_complaint",
                f"A {why} complaint ({c.complaint_id}): open an 8D",
                f"{'重复发生' if c.recurrence else '批量'}投诉（{c.complaint_id}）：启动 8D",
                source=Source("seed 001"),
            ),
        ),
    )
