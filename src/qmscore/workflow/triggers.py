"""Trend triggers as data: patterns in the complaint stream that propose a CAPA or an 8D.

A :class:`TrendRule` says which complaints count (a condition: any, batch,
recurrence, safety, a return demanded), how they are grouped (per complaint,
defect code, customer, product, customer and defect, or all together), how
many are needed and within how many calendar days. Rules are evaluated day by
day as a pure fold (:func:`trend_step` over a :class:`TrendState`); the
complaints of one day are taken together, so their order does not matter.

Semantics (each a parameter of the rule):

* ``window_days=30`` counts the day of the newest complaint and the 29 days
  before it ("within 30 days": received dates ``d`` with ``day - d < 30``).
* ``min_count=3`` fires at 3 or more (以上 includes the number).
* A rule fires once per episode: on the day a group's window reaches
  ``min_count`` from below. While the window stays at or above it, new
  complaints join the pattern already proposed (``refire=True``: fire again
  on each such day). The proposal lists every complaint in the window,
  oldest first (by day, then id), as its reasons.
* A complaint's day is the date of its ``received_at`` as given (local time).
* Complaints without a defect code are not grouped by defect.

The default rule set is seed 002's escalation triggers: batch problems,
recurrences and returns. :data:`PATTERN_TRIGGERS` adds the common patterns
(same defect 3 times in 30 days, same customer twice in 90 days, any safety
issue).

Example:
    >>> import datetime as dt
    >>> from qmscore.workflow import Complaint, PATTERN_TRIGGERS, evaluate_triggers
    >>> cs = [Complaint(f"Q{i}", dt.datetime(2026, 3, 1 + 10 * i, 9), f"K{i}", defect="D-7")
    ...       for i in range(3)]
    >>> fired = evaluate_triggers(cs, PATTERN_TRIGGERS)
    >>> [(t.rule, t.day.isoformat(), t.complaints) for t in fired]
    [('same_defect_30d', '2026-03-21', ('Q0', 'Q1', 'Q2'))]
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

import attrs

from qmscore._checks import (
    as_bool,
    as_int,
    as_tuple,
    bool_validator,
    check_date,
    check_instance,
    check_sequence,
    int_validator,
    non_empty_str,
    one_of,
)
from qmscore._display import Results, display
from qmscore.errors import InvalidInputError, RuleSetError
from qmscore.explain import Reason, Source
from qmscore.workflow.capa import Proposal
from qmscore.workflow.complaint import Complaint

__all__ = [
    "CONDITIONS",
    "DEFAULT_TRIGGERS",
    "GROUPINGS",
    "PATTERN_TRIGGERS",
    "TrendRule",
    "TrendState",
    "Trigger",
    "TriggerRules",
    "evaluate_triggers",
    "trend_step",
]

CONDITIONS: Mapping[str, Callable[[Complaint], bool]] = {
    "any": lambda c: True,
    "batch": lambda c: c.batch,
    "recurrence": lambda c: c.recurrence,
    "safety": lambda c: c.safety,
    "return": lambda c: "return" in c.demands,
}
"""Which complaints a rule counts."""

GROUPINGS: Mapping[str, Callable[[Complaint], str]] = {
    "complaint": lambda c: c.complaint_id,
    "defect": lambda c: c.defect,
    "customer": lambda c: c.customer_code,
    "product": lambda c: c.product,
    "customer_defect": lambda c: f"{c.customer_code}/{c.defect}" if c.defect else "",
    "all": lambda c: "*",
}
"""How counted complaints are grouped (an empty key: not grouped, e.g. no defect code)."""

_GROUP_ZH = {
    "complaint": "投诉",
    "defect": "缺陷代码",
    "customer": "客户",
    "product": "产品",
    "customer_defect": "客户/缺陷",
    "all": "全部",
}


def _source(inst: Any, attribute: Any, value: Any) -> None:
    if value is not None:
        check_instance("source", value, Source, "a Source")


@attrs.frozen
class TrendRule:
    """One trend trigger.

    Attributes:
        key: Stable name.
        en: What the pattern means.
        zh: 中文说明.
        condition: Which complaints count (a key of :data:`CONDITIONS`).
        group_by: How they are grouped (a key of :data:`GROUPINGS`).
        min_count: Fires at this many or more in the window.
        window_days: Calendar days in the window (the newest day included).
        proposal: ``eight_d`` or ``corrective_action``.
        refire: Fire again on every day a new complaint joins a window that
            already held ``min_count`` (default False: once per episode).
        source: Where the rule comes from.
    """

    key: str = attrs.field(validator=non_empty_str)
    en: str = attrs.field(validator=non_empty_str)
    zh: str = attrs.field(validator=non_empty_str)
    condition: str = attrs.field(default="any", kw_only=True, validator=one_of(tuple(CONDITIONS)))
    group_by: str = attrs.field(
        default="complaint", kw_only=True, validator=one_of(tuple(GROUPINGS))
    )
    min_count: int = attrs.field(
        default=1, kw_only=True, converter=as_int, validator=int_validator(1)
    )
    window_days: int = attrs.field(
        default=1, kw_only=True, converter=as_int, validator=int_validator(1, 3660)
    )
    proposal: Literal["eight_d", "corrective_action"] = attrs.field(
        default="eight_d", kw_only=True, validator=one_of(("eight_d", "corrective_action"))
    )
    refire: bool = attrs.field(
        default=False, kw_only=True, converter=as_bool, validator=bool_validator
    )
    source: Source | None = attrs.field(default=None, kw_only=True, validator=_source)


def _rules(inst: object, attribute: object, value: object) -> None:
    rules = check_sequence(
        "rules", value, lambda f, v: check_instance(f, v, TrendRule, "a TrendRule")
    )
    keys = [r.key for r in rules]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        raise RuleSetError(f"trend rule keys must be unique (twice: {twice})")


@attrs.frozen
class TriggerRules:
    """A rule set: the trend rules evaluated together."""

    rules: tuple[TrendRule, ...] = attrs.field(converter=as_tuple, validator=_rules)


_S002 = Source("seed 002 客户投诉处理流程")

DEFAULT_TRIGGERS = TriggerRules(
    (
        TrendRule(
            "batch",
            "Batch quality problem: open an 8D",
            "批量质量问题：启动 8D",
            condition="batch",
            proposal="eight_d",
            source=_S002,
        ),
        TrendRule(
            "recurrence",
            "Recurring problem: open an 8D",
            "重复再发生：启动 8D",
            condition="recurrence",
            proposal="eight_d",
            source=_S002,
        ),
        TrendRule(
            "returns",
            "Return demanded: corrective action (special meeting, plan form)",
            "退货：纠正措施（专题会议、整治计划表）",
            condition="return",
            proposal="corrective_action",
            source=_S002,
        ),
    )
)
"""Seed 002's escalation triggers: batch problems, recurrences, returns."""

PATTERN_TRIGGERS = TriggerRules(
    (
        *DEFAULT_TRIGGERS.rules,
        TrendRule(
            "same_defect_30d",
            "3 or more complaints with the same defect code within 30 days",
            "30 天内同一缺陷代码投诉 3 次及以上",
            group_by="defect",
            min_count=3,
            window_days=30,
        ),
        TrendRule(
            "same_customer_90d",
            "The same customer twice within 90 days",
            "同一客户 90 天内投诉 2 次及以上",
            group_by="customer",
            min_count=2,
            window_days=90,
            proposal="corrective_action",
        ),
        TrendRule(
            "safety",
            "Any safety issue: open an 8D",
            "任何安全问题：启动 8D",
            condition="safety",
        ),
    )
)
"""The seed rules plus common patterns (same defect, same customer, safety)."""


@display
@attrs.frozen
class Trigger:
    """A rule that fired on a day, for one group, with the complaints behind it.

    Attributes:
        rule: The rule's key.
        day: The day it fired.
        group: The group's key (a defect code, a customer, a complaint id...).
        complaints: The complaints in the window, oldest first (by day, then id).
        proposal: The CAPA or 8D proposal; the caller decides.
    """

    rule: str
    day: dt.date
    group: str
    complaints: tuple[str, ...]
    proposal: Proposal


Window = tuple[tuple[dt.date, ...], tuple[str, ...]]


@display
@attrs.frozen
class TrendState:
    """Where the fold stands: the last day evaluated and each group's window.

    Attributes:
        day: The last day folded in (None: nothing yet).
        windows: (rule key, group) -> (days, complaint ids), oldest first, of
            the complaints in the rule's window when the group was last
            touched (older entries are dropped when it is next touched).
    """

    day: dt.date | None = None
    windows: Mapping[tuple[str, str], Window] = attrs.field(factory=dict)


def _fire(
    rule: TrendRule, day: dt.date, group: str, first: dt.date, ids: tuple[str, ...]
) -> Trigger:
    what = f"{rule.group_by} {group}"
    listed = ", ".join(ids)
    span_en = f"on {day}" if first == day else f"from {first} to {day}"
    span_zh = f"{day}" if first == day else f"{first} 至 {day}"
    reason = Reason(
        f"trigger.{rule.key}",
        f"{rule.en}: {len(ids)} complaint(s) for {what} {span_en} ({listed})",
        f"{rule.zh}：{_GROUP_ZH[rule.group_by]} {group} {span_zh} 共 {len(ids)} 起（{listed}）",
        source=rule.source,
    )
    subject = f"{rule.key}: {what}"
    return Trigger(rule.key, day, group, ids, Proposal(rule.proposal, subject, ids, (reason,)))


def trend_step(
    state: TrendState, day: dt.date, complaints: Iterable[Complaint], rules: TriggerRules
) -> tuple[TrendState, tuple[Trigger, ...]]:
    """Fold one day's complaints into the state (their order does not matter).

    Args:
        state: The state after the previous day.
        day: The day, after ``state.day``; every complaint must be received on it.
        complaints: That day's complaints.
        rules: The rule set.

    Returns:
        The new state and the triggers that fired on ``day``, by rule order then group.

    Raises:
        InvalidInputError: ``day`` not after the state's day, a complaint from
            another day, or a complaint id twice.
    """
    check_instance("state", state, TrendState, "a TrendState")
    check_instance("rules", rules, TriggerRules, "TriggerRules")
    day = check_date("day", day)
    if state.day is not None and day <= state.day:
        raise InvalidInputError.constraint("day", f"after the last day folded ({state.day})", day)
    items: tuple[Complaint, ...] = check_sequence(
        "complaints", complaints, lambda f, v: check_instance(f, v, Complaint, "a Complaint")
    )
    for k, c in enumerate(items):
        if c.received_at.date() != day:
            raise InvalidInputError.constraint(
                f"complaints[{k}].received_at", f"on {day}", c.received_at
            )
    return _step(state, day, sorted(items, key=_id), rules)


def _id(c: Complaint) -> str:
    return c.complaint_id


def _step(
    state: TrendState, day: dt.date, items: list[Complaint], rules: TriggerRules
) -> tuple[TrendState, tuple[Trigger, ...]]:
    # ``items`` is sorted by id: the day's order of arrival never matters.
    for a, b in itertools.pairwise(items):
        if a.complaint_id == b.complaint_id:
            raise InvalidInputError.constraint(
                "complaints", "each complaint once a day", a.complaint_id
            )
    windows = dict(state.windows)
    fired: list[Trigger] = []
    for rule in rules.rules:
        condition, grouping = CONDITIONS[rule.condition], GROUPINGS[rule.group_by]
        touched: dict[str, list[str]] = {}
        for c in items:
            if condition(c):
                group = grouping(c)
                if group:
                    touched.setdefault(group, []).append(c.complaint_id)
        if not touched:
            continue
        oldest = day - dt.timedelta(days=rule.window_days - 1)
        keep = rule.group_by != "complaint" and (rule.window_days > 1 or rule.min_count > 1)
        for group in sorted(touched):
            dates, ids = windows.get((rule.key, group), ((), ()))
            k = bisect.bisect_left(dates, oldest)
            new = touched[group]
            before = len(ids) - k  # still in the window before today's complaints
            dates = (*dates[k:], *(day for _ in new))
            ids = (*ids[k:], *new)
            if keep:
                windows[(rule.key, group)] = (dates, ids)
            if len(ids) >= rule.min_count and (rule.refire or before < rule.min_count):
                fired.append(_fire(rule, day, group, dates[0], ids))
    return TrendState(day, windows), tuple(fired)


def evaluate_triggers(
    complaints: Iterable[Complaint], rules: TriggerRules = DEFAULT_TRIGGERS
) -> Results[Trigger]:
    """Every trigger over a stream of complaints: the day-by-day fold from an empty state.

    The complaints may come in any order; they are taken day by day.

    Raises:
        InvalidInputError: a complaint id twice on one day.
    """
    check_instance("rules", rules, TriggerRules, "TriggerRules")
    items: tuple[Complaint, ...] = check_sequence(
        "complaints", complaints, lambda f, v: check_instance(f, v, Complaint, "a Complaint")
    )
    ordered = sorted(items, key=lambda c: (c.received_at.date(), c.complaint_id))
    state = TrendState()
    out: list[Trigger] = []
    start = 0
    for k in range(1, len(ordered) + 1):
        if k == len(ordered) or ordered[k].received_at.date() != ordered[start].received_at.date():
            state, fired = _step(state, ordered[start].received_at.date(), ordered[start:k], rules)
            out.extend(fired)
            start = k
    return Results(out)
