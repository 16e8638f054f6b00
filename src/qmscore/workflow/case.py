"""The complaint case as an event-sourced pure fold.

The ERP stores the events; ``apply(case, event)`` returns the next case, and
the same events always give the same case. One guard function decides what
each state allows, so :func:`apply` (which raises) and :func:`next_actions`
(which explains) never disagree.

Example:
    >>> import datetime as dt
    >>> from qmscore.workflow import Acknowledged, Complaint, apply, next_actions, open_case
    >>> t = dt.datetime(2026, 9, 30, 16, 0)
    >>> case = open_case(Complaint("Q-1", t, "K-101", demands=("criticism",)))
    >>> case = apply(case, Acknowledged(t + dt.timedelta(minutes=5)))
    >>> [a.event for a in next_actions(case) if a.allowed][:3]
    ['assessed', 'classified', 'containment_ordered']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, overload

import attrs

from qmscore._checks import (
    check_bool,
    check_instance,
    check_sequence,
)
from qmscore._display import Results, display
from qmscore.errors import InvalidInputError, InvalidTransitionError
from qmscore.explain import Reason
from qmscore.workflow._fields import same_kind_as
from qmscore.workflow._replay import (
    Rejected,
    Replay,
    ReplayError,
    ReplayInputError,
    ReplayTransitionError,
    broken,
)
from qmscore.workflow._trail import Trail
from qmscore.workflow.complaint import (
    DEFAULT_COMPLAINT_RULES,
    Classification,
    Complaint,
    ComplaintRules,
    classify_complaint,
)
from qmscore.workflow.events import (
    _EVENT_TYPE_SET,
    _EVENT_TYPES,
    EVENT_KINDS,
    Acknowledged,
    ActionsImplemented,
    Assessed,
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
)

__all__ = [
    "Acknowledged",
    "ActionsImplemented",
    "Assessed",
    "Case",
    "Classified",
    "Closed",
    "ContainmentOrdered",
    "CustomerFeedback",
    "CustomerReplied",
    "Event",
    "NextAction",
    "Paused",
    "PlanApproved",
    "Rejected",
    "Replay",
    "ReplayError",
    "ReplayInputError",
    "ReplayTransitionError",
    "Resumed",
    "RootCauseRecorded",
    "Verified",
    "apply",
    "next_actions",
    "open_case",
    "replay",
]


class _Recorded:
    """Holds a case's :class:`Trail`; the tuples and the trail each come from the other.

    A case made by :func:`apply` has its trail, and builds ``history``,
    ``done`` and ``pauses`` on first read; one built from its tuples (by hand,
    or read back from JSON or a pickle) builds its trail on first need. Either
    way the value is computed once and never changes, so the case stays frozen.
    """

    __slots__ = ("_trail",)
    _trail: Trail

    if not TYPE_CHECKING:  # pragma: no branch  (mypy: typos in names stay errors)

        def __getattr__(self, name: str) -> Any:
            if name == "_trail":
                value = Trail.of(self.history, self.done, self.pauses)
            elif name == "history":
                value = tuple(self._trail.history[: self._trail.count])
            elif name == "done":
                value = self._trail.done()
            elif name == "pauses":
                value = tuple(self._trail.pauses[: self._trail.paused])
            else:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            object.__setattr__(self, name, value)
            return value


@display
@attrs.frozen
class Case(_Recorded):
    """A complaint case after the events so far.

    Attributes:
        complaint: The intake.
        classification: Nature, route, escalations.
        history: The events applied, in order.
        done: (event kind, moment) of milestones reached (loops forget undone ones).
        our_problem: The assessment's answer (None before it).
        root_cause: The last recorded root cause.
        verified_effective: The last verification's verdict (None: not verified).
        paused_since: When the current pause began (None: not paused).
        pauses: Finished pauses as (start, end).
        closed: Whether the case is closed.
        last_at: Moment of the last event.
        rules: The classification rules (re-run by a :class:`Classified` event).
    """

    complaint: Complaint
    classification: Classification
    history: tuple[Event, ...] = ()
    done: tuple[tuple[str, dt.datetime], ...] = ()
    our_problem: bool | None = None
    root_cause: str | None = None
    verified_effective: bool | None = None
    paused_since: dt.datetime | None = None
    pauses: tuple[tuple[dt.datetime, dt.datetime], ...] = ()
    closed: bool = False
    last_at: dt.datetime | None = None
    rules: ComplaintRules = DEFAULT_COMPLAINT_RULES

    def happened(self, kind: str) -> dt.datetime | None:
        """When an event of this kind last happened (None: never)."""
        try:
            return self._trail.last.get(kind)
        except TypeError:  # not even hashable: no such kind
            return None

    def first(self, kind: str) -> dt.datetime | None:
        """When an event of this kind first happened (a step's completion)."""
        try:
            return self._trail.first.get(kind)
        except TypeError:  # not even hashable: no such kind
            return None

    @property
    def events(self) -> int:
        """Number of events applied."""
        return self._trail.count

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """What happened, one reason per event (built on demand)."""
        return tuple(_describe(e) for e in self.history)

    @property
    def status(self) -> str:
        """A one-word status for screens."""
        if self.closed:
            return "closed"
        if self.paused_since is not None:
            return "paused"
        if self.our_problem is False:
            return "evidence_returned"
        return "open" if self.happened("acknowledged") is None else "in_progress"


_KIND_ZH = {
    "acknowledged": "确认收到投诉",
    "assessed": "初步判定：我方质量问题",
    "classified": "重新定性",
    "containment_ordered": "下达临时措施",
    "root_cause_recorded": "记录根本原因",
    "plan_approved": "纠正预防计划批准",
    "actions_implemented": "措施已实施",
    "verified": "验证：有效",
    "customer_replied": "答复客户",
    "customer_feedback": "客户反馈：满意",
    "paused": "暂停",
    "resumed": "恢复处理",
    "closed": "结案",
}


def _describe(event: Event) -> Reason:
    en = event.kind.replace("_", " ")
    zh = _KIND_ZH.get(event.kind, en)
    if isinstance(event, Assessed) and not event.our_problem:
        en = "assessed: not our quality problem, evidence returned to the customer"
        zh = "判定：非我方质量问题，向客户提供证据"
    elif isinstance(event, Verified) and not event.effective:
        en, zh = "verified: not effective, back to the root cause", "验证：无效，重新分析原因"
    elif isinstance(event, CustomerFeedback) and not event.satisfied:
        en, zh = "customer not satisfied: the case reopens", "客户不满意：重新处理"
    elif isinstance(event, Paused):
        en, zh = f"paused: {event.reason}", f"暂停：{event.reason}"
    elif isinstance(event, RootCauseRecorded):
        en, zh = f"root cause: {event.cause}", f"根本原因：{event.cause}"
    elif isinstance(event, CustomerReplied) and event.final:
        en, zh = "final reply to the customer", "向客户最终答复"
    if event.backdated is not None:
        en, zh = f"{en} (back-dated: {event.backdated})", f"{zh}（补录：{event.backdated}）"
    at = event.at.isoformat()
    return Reason(f"workflow.{event.kind}", f"{at}: {en}", f"{event.at.isoformat(' ')}：{zh}")


def open_case(complaint: Complaint, rules: ComplaintRules = DEFAULT_COMPLAINT_RULES) -> Case:
    """A new case for a complaint, classified."""
    check_instance("complaint", complaint, Complaint, "a Complaint")
    return Case(
        complaint, classify_complaint(complaint, rules), last_at=complaint.received_at, rules=rules
    )


# Step names for "why not" in Chinese (the milestones of close_requires too).
_STEP_ZH = {
    "acknowledged": "确认收到",
    "assessed": "初步判定",
    "classified": "定性分类",
    "containment_ordered": "临时遏制",
    "root_cause_recorded": "根本原因",
    "plan_approved": "纠正计划批准",
    "actions_implemented": "措施实施",
    "verified": "效果验证",
    "verified_effective": "验证有效",
    "customer_replied": "答复客户",
    "final_reply": "最终答复",
    "customer_feedback": "客户反馈",
    "paused": "暂停",
    "resumed": "恢复处理",
    "closed": "结案",
}
_ROUTE_ZH = {
    "fast_track": "快速处理",
    "standard": "一般投诉",
    "major": "重大投诉",
    "evidence_returned": "非我方问题",
}


def _block(case: Case, kind: str) -> tuple[str, str] | None:
    """Why ``kind`` is not allowed now, in English and Chinese, or None when it is."""
    route, done = case.classification.route, case._trail.last
    if case.closed:
        return "the case is closed", "投诉已结案"
    if case.paused_since is not None:
        # Closing too waits for the resume, so the close guards always apply.
        if kind == "resumed":
            return None
        return "the case is paused (resume it first)", "投诉处理已暂停（请先恢复）"
    if kind == "resumed":
        return "the case is not paused", "投诉处理未暂停"
    if kind == "acknowledged":
        return ("already acknowledged", "已确认收到投诉") if "acknowledged" in done else None
    if "acknowledged" not in done and kind not in ("paused",):
        return "acknowledge the complaint first", "请先确认收到投诉"
    if case.our_problem is False and kind != "closed":
        if kind in ("customer_replied", "paused"):
            return None
        return (
            "not our quality problem: evidence returned to the customer, only reply and "
            "close remain",
            "非我方质量问题：已向客户提供证据，只需答复客户并结案",
        )
    if kind == "assessed":
        return ("already assessed", "已初步判定") if case.our_problem is not None else None
    if kind == "plan_approved" and route == "major" and "root_cause_recorded" not in done:
        return (
            "major route: record the root cause before approving the plan",
            "重大投诉：批准计划前须先记录根本原因",
        )
    if kind == "actions_implemented" and "plan_approved" not in done:
        return "approve the corrective plan first", "请先批准纠正计划"
    if kind == "verified" and "actions_implemented" not in done:
        return "implement the actions before verifying them", "验证前须先实施措施"
    if kind == "customer_replied" and route == "major" and "plan_approved" not in done:
        return (
            "major route: no reply before a solution (approve the corrective plan first)",
            "重大投诉：没有解决方案前不答复客户（请先批准纠正计划）",
        )
    if kind == "customer_feedback" and "customer_replied" not in done:
        return "reply to the customer first", "请先答复客户"
    if kind == "closed":
        key = "evidence_returned" if case.our_problem is False else route
        undone = [m for m in case.rules.close_requires[key] if m not in done]
        if undone:
            return (
                f"{key} route: no close while required steps are undone ({', '.join(undone)})",
                f"{_ROUTE_ZH.get(key, key)}尚有必需步骤未完成，不能结案（"
                + "、".join(_STEP_ZH.get(m, m) for m in undone)
                + "）",
            )
    return None


@display
@attrs.frozen
class NextAction:
    """An event and whether it is allowed now (and if not, why, in English and Chinese)."""

    event: str
    allowed: bool
    why_not: str | None = None
    why_not_zh: str | None = None


def next_actions(case: Case) -> Results[NextAction]:
    """Every event kind with whether it is allowed now and, if not, why."""
    check_instance("case", case, Case, "a Case")
    return Results(_next_action(case, k) for k in EVENT_KINDS)


def _next_action(case: Case, kind: str) -> NextAction:
    why = _block(case, kind)
    return NextAction(kind, True) if why is None else NextAction(kind, False, *why)


def apply(case: Case, event: Event) -> Case:
    """Fold one event into the case.

    The cost does not grow with the history: the new case shares the old
    one's records and builds its ``history``, ``done`` and ``pauses`` tuples
    only when they are read.

    Raises:
        InvalidTransitionError: the event is not allowed now; the message names
            the case's status, the reason, and the events allowed.
        InvalidInputError: not an event, or earlier than the previous event.
    """
    # The fold runs once per stored event, so the common case takes the short
    # paths: exact types checked by identity, a plain datetime of the right kind.
    if type(case) is not Case:
        check_instance("case", case, Case, "a Case")
    if type(event) not in _EVENT_TYPE_SET and not isinstance(event, _EVENT_TYPES):
        raise InvalidInputError.constraint("event", "a workflow event", event)
    kind = event.kind
    why = _block(case, kind)
    if why is not None:
        allowed = [a.event for a in next_actions(case) if a.allowed]
        raise InvalidTransitionError(
            f"{kind!r} is not allowed while the case is {case.status}: {why[0]}; "
            f"allowed: {', '.join(allowed) or 'nothing'}",
            zh=f"现在不能进行“{_STEP_ZH.get(kind, kind)}”：{why[1]}",
        )
    received = case.complaint.received_at
    at = event.at
    if type(at) is not dt.datetime or (at.tzinfo is None) != (received.tzinfo is None):
        at = same_kind_as("event.at", at, received, "received_at")
    last_at = case.last_at if case.last_at is not None else received
    if at < last_at:
        if event.backdated is None:
            # Name the moment the event is really before: the receipt when it is.
            what, ref = (
                ("the receipt", received) if at < received else ("the previous event", last_at)
            )
            raise InvalidInputError(
                f"events out of order: {kind} at {at.isoformat()} is before {what} "
                f"at {ref.isoformat()} (to accept it, mark it back-dated with a reason)",
                field="event.at",
                value=at,
            )
        if kind == "resumed" and case.paused_since is not None and at < case.paused_since:
            raise InvalidInputError(
                f"a resume cannot be before its pause ({at.isoformat()} < "
                f"{case.paused_since.isoformat()})",
                field="event.at",
                value=at,
            )
        last_at = max(last_at, at)
    else:
        last_at = at
    also: str | None = None  # a second milestone this event reaches
    forget: tuple[str, ...] = ()
    pause: tuple[dt.datetime, dt.datetime] | None = None
    our_problem, root_cause = case.our_problem, case.root_cause
    verified, paused_since = case.verified_effective, case.paused_since
    closed = case.closed
    complaint, classification = case.complaint, case.classification
    # Dispatch on the kind (a Literal field, so mypy narrows the event).
    if event.kind == "customer_replied":
        if event.final:
            also = "final_reply"
    elif event.kind == "verified":
        verified = event.effective
        if event.effective:
            also = "verified_effective"
        else:
            forget = _NOT_EFFECTIVE
    elif event.kind == "classified" and (
        event.demands is not None
        or event.batch is not None
        or event.recurrence is not None
        or event.safety is not None
    ):
        updates: dict[str, Any] = {
            k: v
            for k, v in (
                ("demands", event.demands),
                ("batch", event.batch),
                ("recurrence", event.recurrence),
                ("safety", event.safety),
            )
            if v is not None
        }
        complaint = attrs.evolve(complaint, **updates)  # validated again by Complaint
        classification = classify_complaint(complaint, case.rules)
    elif event.kind == "assessed":
        our_problem = event.our_problem
    elif event.kind == "root_cause_recorded":
        root_cause = event.cause
    elif event.kind == "customer_feedback":
        if not event.satisfied:
            verified = None
            forget = _REOPEN
    elif event.kind == "paused":
        paused_since = at
    elif event.kind == "resumed":
        pause = (paused_since, at)  # type: ignore[assignment]  # guarded: paused
        paused_since = None
    elif event.kind == "closed":
        closed = True
    # The trail grows in constant time and the new case is filled in slot by
    # slot (no __init__: its tuples are built from the trail when first read).
    new: Case = object.__new__(Case)
    _set_trail(new, case._trail.extend(event, kind, at, also, forget, pause))
    _set_complaint(new, complaint)
    _set_classification(new, classification)
    _set_our_problem(new, our_problem)
    _set_root_cause(new, root_cause)
    _set_verified_effective(new, verified)
    _set_paused_since(new, paused_since)
    _set_closed(new, closed)
    _set_last_at(new, last_at)
    _set_rules(new, case.rules)
    return new


# The slots' own setters (a frozen class refuses plain assignment).
_set_trail = vars(_Recorded)["_trail"].__set__
_set_complaint = vars(Case)["complaint"].__set__
_set_classification = vars(Case)["classification"].__set__
_set_our_problem = vars(Case)["our_problem"].__set__
_set_root_cause = vars(Case)["root_cause"].__set__
_set_verified_effective = vars(Case)["verified_effective"].__set__
_set_paused_since = vars(Case)["paused_since"].__set__
_set_closed = vars(Case)["closed"].__set__
_set_last_at = vars(Case)["last_at"].__set__
_set_rules = vars(Case)["rules"].__set__


_REWORK = ("root_cause_recorded", "plan_approved", "actions_implemented")
# Not effective: back to the root cause, and the earlier verdict no longer holds.
_NOT_EFFECTIVE = (*_REWORK, "verified_effective")
# A customer not satisfied reopens the case: the rework, its verification and
# the final result are all to be done again.
_REOPEN = (*_REWORK, "verified", "verified_effective", "final_reply")


def _load(item: object) -> Event:
    if isinstance(item, _EVENT_TYPES):
        return item
    if isinstance(item, Mapping):
        from qmscore.workflow.versions import load_event

        return load_event(item)
    raise InvalidInputError.constraint("event", "a workflow event or a stored event payload", item)


@overload
def replay(
    complaint: Complaint,
    events: Iterable[Event | Mapping[str, Any]],
    rules: ComplaintRules = ...,
    *,
    lenient: Literal[False] = ...,
) -> Case: ...
@overload
def replay(
    complaint: Complaint,
    events: Iterable[Event | Mapping[str, Any]],
    rules: ComplaintRules = ...,
    *,
    lenient: Literal[True],
) -> Replay: ...
def replay(
    complaint: Complaint,
    events: Iterable[Event | Mapping[str, Any]],
    rules: ComplaintRules = DEFAULT_COMPLAINT_RULES,
    *,
    lenient: bool = False,
) -> Case | Replay:
    """Open a case and apply every event in order (linear in the number of events).

    Stored payloads (mappings, as :func:`~qmscore.workflow.dump_event` writes
    them, of any schema version) are loaded through the upcasters first.

    Args:
        complaint: The intake.
        events: The stored history.
        rules: The classification rules.
        lenient: Return a :class:`Replay` (the case up to the first bad event
            and the events not applied, with reasons) instead of raising.

    Raises:
        ReplayTransitionError: an event the state does not allow.
        ReplayInputError: a corrupt, unknown or out-of-order event. Both name
            the index, the event and the state it met.

    Example:
        >>> import datetime as dt
        >>> from qmscore.workflow import Acknowledged, Closed, Complaint, replay
        >>> t = dt.datetime(2026, 9, 30, 16, 0)
        >>> c = Complaint("Q-1", t, "K", appearance_only=True)
        >>> r = replay(c, [Acknowledged(t), Closed(t), Acknowledged(t)], lenient=True)
        >>> r.case.status, [(x.index, x.state) for x in r.rejected]
        ('closed', [(2, 'closed')])
        >>> r.rejected[0].reason[:47]
        "'acknowledged' is not allowed while the case is"
    """
    from qmscore.workflow._fold import Fold

    case = open_case(complaint, rules)
    lenient = check_bool("lenient", lenient)
    checked: tuple[Any, ...] = check_sequence("events", events)
    # One mutable state in place of a case per event; apply() takes every
    # event the fold leaves (refused, back-dated, re-classifying...).
    fold = Fold(case)
    step = fold.step
    for i, item in enumerate(checked):
        if step(item):
            continue
        case = fold.case()
        try:
            case = apply(case, item if type(item) in _EVENT_TYPE_SET else _load(item))
        except (InvalidTransitionError, InvalidInputError) as exc:
            return broken(case, checked, i, exc, lenient=lenient)
        fold = Fold(case)
        step = fold.step
    case = fold.case()
    return Replay(case, ()) if lenient else case
